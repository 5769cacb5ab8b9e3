import theano
import theano.tensor as tt
import numpy as np

# Define symbolic variables
A = tt.matrix('A')
B = tt.matrix('B')

# Symbolic multiplication
C = tt.dot(A, B)

# Create a function that computes C
f = theano.function([A, B], C)

# Define numpy matrices on the CPU
a_np = np.random.rand(1000, 500).astype(theano.config.floatX)
b_np = np.random.rand(500, 1000).astype(theano.config.floatX)

# Create shared variables on the GPU,
# Theano will transfer the numpy data to these variables on first use
a_gpu = theano.shared(a_np)
b_gpu = theano.shared(b_np)

# Create a function to execute with the GPU variables.
# Theano's optimizer will recognize that the input variables are on the GPU,
# and will execute the multiplication there as well
f_gpu = theano.function([], tt.dot(a_gpu, b_gpu))


# Run the computation
result_cpu = f(a_np,b_np)
result_gpu = f_gpu()

# The results should be approximately equal
print("CPU result shape:", result_cpu.shape)
print("GPU result shape:", result_gpu.shape)

# Verify the results are approximately equal
print("Are the CPU and GPU results approximately equal?:", np.allclose(result_cpu, result_gpu))
