// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// The structural tt ops of issue 3 round-trip in custom and generic form.

// CHECK-LABEL: func.func @elementwise_more
func.func @elementwise_more(%x: tensor<?xf32>, %i: tensor<?xi32>) {
  // CHECK: tt.expm1 %{{.*}} : tensor<?xf32>
  %a = tt.expm1 %x : tensor<?xf32>
  // CHECK: tt.erf %{{.*}} : tensor<?xf32>
  %b = tt.erf %x : tensor<?xf32>
  // CHECK: tt.softplus %{{.*}} : tensor<?xf32>
  %c = tt.softplus %x : tensor<?xf32>
  // CHECK: tt.floor %{{.*}} : tensor<?xf32>
  %d = tt.floor %x : tensor<?xf32>
  // CHECK: tt.ceil %{{.*}} : tensor<?xf32>
  %e = tt.ceil %x : tensor<?xf32>
  // CHECK: tt.round %{{.*}} : tensor<?xf32>
  %f = tt.round %x : tensor<?xf32>
  // CHECK: tt.sign %{{.*}} : tensor<?xi32>
  %g = tt.sign %i : tensor<?xi32>
  // CHECK: tt.isnan %{{.*}} : tensor<?xf32>
  %h = tt.isnan %x : tensor<?xf32>
  // CHECK: tt.isinf %{{.*}} : tensor<?xf32>
  %k = tt.isinf %x : tensor<?xf32>
  // CHECK: tt.xor %{{.*}}, %{{.*}} : tensor<?xi32>
  %l = tt.xor %i, %i : tensor<?xi32>
  // CHECK: tt.shl %{{.*}}, %{{.*}} : tensor<?xi32>
  %m = tt.shl %i, %i : tensor<?xi32>
  // CHECK: tt.shr %{{.*}}, %{{.*}} : tensor<?xi32>
  %n = tt.shr %i, %i : tensor<?xi32>
  func.return
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<?x3xf32>, %y: tensor<2x3xf32>, %n: index, %s: tensor<i64>) {
  // CHECK: %[[D:.*]] = tt.dim %{{.*}} axis 0 : tensor<?x3xf32>
  %d = tt.dim %x axis 0 : tensor<?x3xf32>
  // CHECK: tt.to_index %[[D]] : tensor<i64>
  %i = tt.to_index %d : tensor<i64>
  // CHECK: tt.reduce sum %{{.*}} axes [0] : tensor<?x3xf32> -> tensor<3xf32>
  %r0 = tt.reduce sum %x axes [0] : tensor<?x3xf32> -> tensor<3xf32>
  // CHECK: tt.reduce max %{{.*}} axes [0, 1] keepdims : tensor<?x3xf32> -> tensor<1x1xf32>
  %r1 = tt.reduce max %x axes [0, 1] keepdims : tensor<?x3xf32> -> tensor<1x1xf32>
  // CHECK: tt.reduce argmax %{{.*}} axes [1] : tensor<?x3xf32> -> tensor<?xi64>
  %r2 = tt.reduce argmax %x axes [1] : tensor<?x3xf32> -> tensor<?xi64>
  // CHECK: tt.reshape %{{.*}} sizes(%{{.*}}) : tensor<?x3xf32> -> tensor<?xf32>
  %rs = tt.reshape %x sizes(%n) : tensor<?x3xf32> -> tensor<?xf32>
  // CHECK: tt.transpose %{{.*}} perm [1, 0] : tensor<?x3xf32> -> tensor<3x?xf32>
  %t = tt.transpose %x perm [1, 0] : tensor<?x3xf32> -> tensor<3x?xf32>
  // CHECK: tt.concatenate %{{.*}}, %{{.*}} axis 0 : tensor<?x3xf32>, tensor<2x3xf32> -> tensor<?x3xf32>
  %c = tt.concatenate %x, %y axis 0 : tensor<?x3xf32>, tensor<2x3xf32> -> tensor<?x3xf32>
  // CHECK: tt.arange %{{.*}}, %{{.*}}, %{{.*}} : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  %a = tt.arange %s, %s, %s : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  func.return
}

// CHECK-LABEL: func.func @indexing
func.func @indexing(%x: tensor<?x4xf32>, %o: index, %n: index, %v: tensor<?xi64>, %y: tensor<?x2xf32>, %z: tensor<?x4xf32>) {
  // CHECK: tt.slice %{{.*}} [%{{.*}}, 3] [%{{.*}}, 2] [1, -1] : tensor<?x4xf32> -> tensor<?x2xf32>
  %s = tt.slice %x [%o, 3] [%n, 2] [1, -1] : tensor<?x4xf32> -> tensor<?x2xf32>
  // CHECK: tt.update_slice add %{{.*}}, %{{.*}} [%{{.*}}, 3] [%{{.*}}, 2] [1, -1] : tensor<?x4xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
  %u = tt.update_slice add %x, %y [%o, 3] [%n, 2] [1, -1] : tensor<?x4xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
  // CHECK: tt.take %{{.*}} [%{{.*}}] axis 0 : tensor<?x4xf32>, tensor<?xi64> -> tensor<?x4xf32>
  %t = tt.take %x [%v] axis 0 : tensor<?x4xf32>, tensor<?xi64> -> tensor<?x4xf32>
  // CHECK: tt.take %{{.*}} [%{{.*}}, %{{.*}}] axis 0 : tensor<?x4xf32>, tensor<?xi64> -> tensor<?xf32>
  %t2 = tt.take %x [%v, %v] axis 0 : tensor<?x4xf32>, tensor<?xi64> -> tensor<?xf32>
  // CHECK: tt.update_take set %{{.*}}, %{{.*}} [%{{.*}}] axis 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64> -> tensor<?x4xf32>
  %ut = tt.update_take set %x, %z [%v] axis 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64> -> tensor<?x4xf32>
  func.return
}

// CHECK-LABEL: func.func @nn
func.func @nn(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %ba: tensor<2x?x?xf64>, %x: tensor<?x3x28x28xf32>, %w: tensor<8x3x5x5xf32>, %gy: tensor<?x8x24x24xf32>, %st: tensor<4xi32>, %n: index) {
  // CHECK: tt.matmul %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %m = tt.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: tt.batched_matmul %{{.*}}, %{{.*}} : tensor<2x?x?xf64>, tensor<2x?x?xf64> -> tensor<2x?x?xf64>
  %bm = tt.batched_matmul %ba, %ba : tensor<2x?x?xf64>, tensor<2x?x?xf64> -> tensor<2x?x?xf64>
  // CHECK: tt.conv2d %{{.*}}, %{{.*}} strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<?x3x28x28xf32>, tensor<8x3x5x5xf32> -> tensor<?x8x24x24xf32>
  %y = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<?x3x28x28xf32>, tensor<8x3x5x5xf32> -> tensor<?x8x24x24xf32>
  // CHECK: tt.conv2d_grad_input %{{.*}}, %{{.*}} strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip sizes(%{{.*}}) : tensor<?x8x24x24xf32>, tensor<8x3x5x5xf32> -> tensor<?x3x28x28xf32>
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip sizes(%n) : tensor<?x8x24x24xf32>, tensor<8x3x5x5xf32> -> tensor<?x3x28x28xf32>
  // CHECK: tt.conv2d_grad_filter %{{.*}}, %{{.*}} strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<?x3x28x28xf32>, tensor<?x8x24x24xf32> -> tensor<8x3x5x5xf32>
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<?x3x28x28xf32>, tensor<?x8x24x24xf32> -> tensor<8x3x5x5xf32>
  // CHECK: tt.pool2d max %{{.*}} window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<?x8x24x24xf32> -> tensor<?x8x12x12xf32>
  %p = tt.pool2d max %y window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<?x8x24x24xf32> -> tensor<?x8x12x12xf32>
  // CHECK: tt.pool2d_grad max %{{.*}}, %{{.*}} window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<?x8x24x24xf32>, tensor<?x8x12x12xf32> -> tensor<?x8x24x24xf32>
  %pg = tt.pool2d_grad max %y, %p window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<?x8x24x24xf32>, tensor<?x8x12x12xf32> -> tensor<?x8x24x24xf32>
  // CHECK: tt.softmax %{{.*}} axis 1 : tensor<?x?xf32>
  %sm = tt.softmax %a axis 1 : tensor<?x?xf32>
  // CHECK: tt.log_softmax %{{.*}} axis 1 : tensor<?x?xf32>
  %lsm = tt.log_softmax %a axis 1 : tensor<?x?xf32>
  // CHECK: tt.random normal %{{.*}} sizes(%{{.*}}) : tensor<4xi32> -> tensor<?x5xf32>
  %r = tt.random normal %st sizes(%n) : tensor<4xi32> -> tensor<?x5xf32>
  func.return
}
