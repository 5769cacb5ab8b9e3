// RUN: arignote-opt %s --split-input-file --verify-diagnostics

// expected-error @+1 {{type should be a static shaped memref, got memref<?xf32>}}
memref.global @dyn : memref<?xf32>

// -----

// expected-error @+1 {{initial value expected to be of type tensor<4xf32>, but was of type tensor<2xf32>}}
"memref.global"() <{sym_name = "g", type = memref<4xf32>, initial_value = dense<1.0> : tensor<2xf32>}> : () -> ()

// -----

// expected-error @+1 {{alignment attribute value 48 is not a power of 2}}
memref.global @a : memref<4xf32> = uninitialized alignment = 48

// -----

// expected-error @+1 {{sym_visibility must be "public", "private" or "nested", got "hidden"}}
memref.global "hidden" @h : memref<4xf32>

// -----

// expected-error @+1 {{memref.global expects a memref type, got tensor<4xf32>}}
memref.global @t : tensor<4xf32>

// -----

// expected-error @+1 {{the initial value's type is the memref's tensor type: write it without one}}
memref.global @typed : memref<2xf32> = dense<1.0> : tensor<2xf32>
