import theano
import theano.tensor as tt
import numpy as np

# Define symbolic variable
x = tt.vector('x')
s = tt.scalar('s')

# Define a symbolic operation
y = x + s * x

# Create a Theano function
f = theano.function([x, s], y)

# Create numpy data on the CPU
x_np = np.random.rand(1000).astype(theano.config.floatX)
scalar_np = np.float32(2)

# Transfer x_np to the GPU as a shared variable
x_gpu = theano.shared(x_np)

# Create a scalar variable on the GPU
scalar_gpu = theano.shared(scalar_np)

# Create a function to execute on the GPU
f_gpu = theano.function([], x_gpu + scalar_gpu * x_gpu)

# Execute both functions
result_cpu = f(x_np, scalar_np)
result_gpu = f_gpu()


# Verify the results
print("CPU result shape:", result_cpu.shape)
print("GPU result shape:", result_gpu.shape)

# Verify that results are approximately equal
print("Are the CPU and GPU results approximately equal?:", np.allclose(result_cpu, result_gpu))

