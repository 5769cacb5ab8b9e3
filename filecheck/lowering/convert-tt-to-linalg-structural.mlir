// RUN: arignote-opt %s -p convert-tt-to-linalg --split-input-file | filecheck %s
// The structural tt ops: what each lowers to (the numbers are checked in tests/e2e).

// CHECK-LABEL: func.func @reduce
func.func @reduce(%x: tensor<?x?xf32>) -> (tensor<?xf32>, tensor<?x1xi64>) {
  // a fill of the identity, then a reduction generic with a (d0) output map
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
  // CHECK: arith.constant 0.000000e+00 : f32
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
  // CHECK: arith.addf
  %s = tt.reduce sum %x axes [1] : tensor<?x?xf32> -> tensor<?xf32>
  // argmax: a host check for an empty extent, then one generic with two outputs
  // CHECK: cf.assert %{{.*}}, "tt.reduce at {{.*}}: argmax of an empty extent"
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, 0)>], iterator_types = ["parallel", "reduction"]}
  // CHECK: linalg.index 1
  %a = tt.reduce argmax %x axes [1] keepdims : tensor<?x?xf32> -> tensor<?x1xi64>
  func.return %s, %a : tensor<?xf32>, tensor<?x1xi64>
}

// -----
// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<?x3x?xf32>) -> tensor<?x?x3xf32> {
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2, d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
  %t = tt.transpose %x perm [2, 0, 1] : tensor<?x3x?xf32> -> tensor<?x?x3xf32>
  func.return %t : tensor<?x?x3xf32>
}

// -----
// A slice is a gather: indices from linalg.index, a host bounds check per dim.
// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<?xf32>, %o: index, %n: index) -> tensor<?xf32> {
  // CHECK: cf.assert %{{.*}}, "tt.slice at {{.*}}: the slice of dim 0 reads index {{.*}}, out of bounds for a dim of size {{.*}}"
  // CHECK: linalg.generic
  // CHECK: linalg.index 0
  // CHECK: tensor.extract %{{.*}}[%{{.*}}] : tensor<?xf32>
  %s = tt.slice %x [%o] [%n] [-1] : tensor<?xf32> -> tensor<?xf32>
  func.return %s : tensor<?xf32>
}

// -----
// Reshape: the element counts are checked; the body delinearises.
// CHECK-LABEL: func.func @reshape
func.func @reshape(%x: tensor<?x4xf32>, %n: index) -> tensor<?x2xf32> {
  // CHECK: cf.assert %{{.*}}, "tt.reshape at {{.*}}: the element counts of the input and the new shape differ"
  // CHECK: arith.remsi
  // CHECK: arith.divsi
  // CHECK: tensor.extract
  %r = tt.reshape %x sizes(%n) : tensor<?x4xf32> -> tensor<?x2xf32>
  func.return %r : tensor<?x2xf32>
}

// -----
// Only the dims that change are linearised: unit dims dropped or added, and a common
// prefix or suffix of equal sizes (the same value), map index to index, no division.  A
// reshape that only merges consecutive dims (here a unit dim into the next) is a
// tensor.collapse_shape: the same elements in the same order, a view once bufferized.
// CHECK-LABEL: func.func @reshape_unit_dims
func.func @reshape_unit_dims(%x: tensor<1x?x?xf32>) -> (tensor<?x?xf32>, tensor<?x1x?xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = tensor.dim %x, %c1 : tensor<1x?x?xf32>
  %b = tensor.dim %x, %c2 : tensor<1x?x?xf32>
  // CHECK: cf.assert %{{.*}}, "tt.reshape at {{.*}}: the element counts of the input and the new shape differ"
  // CHECK-NEXT: %[[R:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<1x?x?xf32> into tensor<?x?xf32>
  %r = tt.reshape %x sizes(%a, %b) : tensor<1x?x?xf32> -> tensor<?x?xf32>
  // CHECK: linalg.generic
  // CHECK: %[[K:.*]] = linalg.index 0 : index
  // CHECK: %[[L:.*]] = linalg.index 2 : index
  // CHECK-NOT: arith.divsi
  // CHECK: tensor.extract %[[R]][%[[K]], %[[L]]] : tensor<?x?xf32>
  %s = tt.reshape %r sizes(%a, %b) : tensor<?x?xf32> -> tensor<?x1x?xf32>
  func.return %r, %s : tensor<?x?xf32>, tensor<?x1x?xf32>
}

// -----
// A reshape that splits the leading dim keeps its trailing dim of the same size: one
// division pair for the leading dims only.  Merging them back is a collapse.
// CHECK-LABEL: func.func @reshape_leading
func.func @reshape_leading(%x: tensor<?x8xf32>, %n: index, %m: index, %k: index) -> (tensor<?x?x8xf32>, tensor<?x8xf32>) {
  // CHECK: linalg.generic
  // CHECK: %[[I:.*]] = linalg.index 0 : index
  // CHECK: %[[J:.*]] = linalg.index 1 : index
  // CHECK: %[[K:.*]] = linalg.index 2 : index
  // CHECK-NOT: arith.divsi
  // CHECK: tensor.extract %{{.*}}[%{{.*}}, %[[K]]] : tensor<?x8xf32>
  %r = tt.reshape %x sizes(%n, %m) : tensor<?x8xf32> -> tensor<?x?x8xf32>
  // CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<?x?x8xf32> into tensor<?x8xf32>
  %s = tt.reshape %r sizes(%k) : tensor<?x?x8xf32> -> tensor<?x8xf32>
  func.return %r, %s : tensor<?x?x8xf32>, tensor<?x8xf32>
}

// -----
// CHECK-LABEL: func.func @concatenate
func.func @concatenate(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: linalg.generic
  // CHECK: scf.if
  %c = tt.concatenate %a, %b axis 0 : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  func.return %c : tensor<?xf32>
}

// -----
// take: a host-checked flag kernel (any index out of range?), then a gather.
// CHECK-LABEL: func.func @take
func.func @take(%x: tensor<?x?xf32>, %i: tensor<?xi64>) -> tensor<?x?xf32> {
  // CHECK: iterator_types = ["reduction"]
  // CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: index {{.*}} is out of bounds for a dim of size {{.*}}"
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>]
  %t = tt.take %x [%i] axis 0 : tensor<?x?xf32>, tensor<?xi64> -> tensor<?x?xf32>
  func.return %t : tensor<?x?xf32>
}

// -----
// update_take: a copy, then a sequential scatter loop (repeated indices accumulate); the
// update's rows must be as many as the indices (a host check; its 3 columns are static).
// CHECK-LABEL: func.func @update_take
func.func @update_take(%x: tensor<?x3xf32>, %y: tensor<?x3xf32>, %i: tensor<?xi64>) -> tensor<?x3xf32> {
  // CHECK: cf.assert %{{.*}}, "tt.update_take at {{.*}}: the update's dim 0 differs from what the indices select"
  // CHECK-NOT: the update's dim 1
  // CHECK: scf.for
  // CHECK: scf.for
  // CHECK: arith.addf
  // CHECK: tensor.insert
  %u = tt.update_take add %x, %y [%i] axis 0 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?xi64> -> tensor<?x3xf32>
  func.return %u : tensor<?x3xf32>
}

// -----
// matmul is a library call in destination-passing style.
// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // CHECK: cf.assert %{{.*}}, "tt.matmul at {{.*}}: the inner dimensions differ"
  // CHECK: %[[E:.*]] = tensor.empty
  // CHECK: libcall.gemm ins(%{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[E]] : tensor<?x?xf32>)
  %m = tt.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  func.return %m : tensor<?x?xf32>
}

// -----
// Rank-0 integer arithmetic is computed on the host (shape arithmetic).
// CHECK-LABEL: func.func @host_scalars
func.func @host_scalars(%x: tensor<?xf32>, %i: tensor<i64>) -> tensor<?xf32> {
  %two = tt.constant dense<2> : tensor<i64>
  // CHECK: %[[I:.*]] = tensor.extract %{{.*}}[] : tensor<i64>
  // CHECK: arith.muli %[[I]], %{{.*}} : i64
  %lo = tt.mul %i, %two : tensor<i64>
  // CHECK: arith.index_cast
  %o = tt.to_index %lo : tensor<i64>
  %s = tt.slice %x [%o] [2] [1] : tensor<?xf32> -> tensor<2xf32>
  %c = tensor.cast %s : tensor<2xf32> to tensor<?xf32>
  func.return %c : tensor<?xf32>
}

// -----
// Random numbers: Philox rounds in the body (multiply-high through i64).
// CHECK-LABEL: func.func @random
func.func @random(%s: tensor<4xi32>, %n: index) -> tensor<?xf32> {
  // CHECK: linalg.generic
  // CHECK: arith.extui
  // CHECK: arith.shrui
  // CHECK: arith.uitofp
  %r = tt.random uniform %s sizes(%n) : tensor<4xi32> -> tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----
// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // CHECK: arith.maximumf
  // CHECK: math.exp
  // CHECK: arith.addf
  // CHECK: arith.divf
  %s = tt.softmax %x axis 1 : tensor<?x?xf32>
  func.return %s : tensor<?x?xf32>
}

// -----
// Convolutions and their gradients are library calls writing a fresh destination.
// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %gy: tensor<?x4x6x6xf32>, %n: index) -> (tensor<?x4x6x6xf32>, tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) {
  // CHECK: cf.assert %{{.*}}, "tt.conv2d at {{.*}}: the filters are larger than the padded input: the output height would be {{.*}}"
  // CHECK: cf.assert %{{.*}}, "tt.conv2d at {{.*}}: the filters are larger than the padded input: the output width would be {{.*}}"
  // CHECK: libcall.conv2d ins(%{{.*}}, %{{.*}} : tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<?x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip
  %y = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<?x4x6x6xf32>
  // CHECK: libcall.conv2d_backward_data ins(%{{.*}}, %{{.*}} : tensor<?x4x6x6xf32>, tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<?x3x8x8xf32>)
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip sizes(%n) : tensor<?x4x6x6xf32>, tensor<4x3x3x3xf32> -> tensor<?x3x8x8xf32>
  // CHECK: libcall.conv2d_backward_filter ins(%{{.*}}, %{{.*}} : tensor<?x3x8x8xf32>, tensor<?x4x6x6xf32>) outs(%{{.*}} : tensor<4x3x3x3xf32>)
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<?x3x8x8xf32>, tensor<?x4x6x6xf32> -> tensor<4x3x3x3xf32>
  func.return %y, %gx, %gw : tensor<?x4x6x6xf32>, tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>
}

// -----
// Max pooling's gradient recomputes the forward output for the backward call.
// CHECK-LABEL: func.func @pool
func.func @pool(%x: tensor<?x3x8x8xf32>, %gy: tensor<?x3x4x4xf32>) -> (tensor<?x3x4x4xf32>, tensor<?x3x8x8xf32>) {
  // CHECK: libcall.pool2d max ins(%{{.*}} : tensor<?x3x8x8xf32>) outs(%{{.*}} : tensor<?x3x4x4xf32>) window [2, 2] strides [2, 2]
  %y = tt.pool2d max %x window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<?x3x8x8xf32> -> tensor<?x3x4x4xf32>
  // CHECK: %[[F:.*]] = libcall.pool2d max
  // CHECK: libcall.pool2d_backward max ins(%{{.*}}, %[[F]], %{{.*}} : tensor<?x3x8x8xf32>, tensor<?x3x4x4xf32>, tensor<?x3x4x4xf32>)
  %g = tt.pool2d_grad max %x, %gy window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<?x3x8x8xf32>, tensor<?x3x4x4xf32> -> tensor<?x3x8x8xf32>
  func.return %y, %g : tensor<?x3x4x4xf32>, tensor<?x3x8x8xf32>
}

// -----

// A reshape of a transpose that only moves unit dims reads the transpose's input (the
// elements keep their row-major order); the transpose is gone (and the reshape, a
// merge of dims, is a collapse of it).  Moving a dim of size 2 keeps the transpose.
// CHECK-LABEL: func.func @reshape_of_unit_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x?xf32>, %{{.*}}: index)
// CHECK-NOT: affine_map<(d0, d1) -> (d1, d0)>
// CHECK: tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<1x?xf32> into tensor<?xf32>
// CHECK-NOT: linalg.generic
// CHECK: func.return
func.func @reshape_of_unit_transpose(%x: tensor<1x?xf32>, %n: index) -> tensor<?xf32> {
  %t = tt.transpose %x perm [1, 0] : tensor<1x?xf32> -> tensor<?x1xf32>
  %r = tt.reshape %t sizes(%n) : tensor<?x1xf32> -> tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// CHECK-LABEL: func.func @reshape_of_transpose
// CHECK: %[[T:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>
// CHECK: tensor.collapse_shape %[[T]] {{\[\[}}0, 1]] : tensor<?x2xf32> into tensor<?xf32>
func.func @reshape_of_transpose(%x: tensor<2x?xf32>, %n: index) -> tensor<?xf32> {
  %t = tt.transpose %x perm [1, 0] : tensor<2x?xf32> -> tensor<?x2xf32>
  %r = tt.reshape %t sizes(%n) : tensor<?x2xf32> -> tensor<?xf32>
  func.return %r : tensor<?xf32>
}
