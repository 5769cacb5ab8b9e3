import theano
import theano.tensor as tt
import numpy as np
from theano.tensor.nnet import conv2d

# Define the input (image) as a tensor4
input_shape = (10, 3, 32, 32) # (batch_size, channels, height, width)
input_tensor = tt.tensor4('input')

# Define the filter weights
filter_shape = (5, 3, 5, 5) # (num_filters, in_channels, height, width)
filters = theano.shared(np.random.rand(*filter_shape).astype(theano.config.floatX))

# Define the convolution operation
conv_output = conv2d(input_tensor, filters)


# Create a function to compute the convolution
f = theano.function([input_tensor], conv_output)

# Create an input array
input_array = np.random.rand(*input_shape).astype(theano.config.floatX)

# Create shared variable for the input array, and move to GPU
input_gpu = theano.shared(input_array)


# Create a function that works with the GPU input
f_gpu = theano.function([], conv2d(input_gpu, filters))


# Run the functions
result_cpu = f(input_array)
result_gpu = f_gpu()


# Verify the results
print("CPU result shape:", result_cpu.shape)
print("GPU result shape:", result_gpu.shape)

# Verify that results are approximately equal
print("Are the CPU and GPU results approximately equal?:", np.allclose(result_cpu, result_gpu))


