// RUN: arignote-opt %s -p convert-tt-to-linalg --split-input-file | filecheck %s

// tt.dim: the size as a rank-0 i64 tensor.
// CHECK-LABEL: func.func @dim
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x3xf32>
// CHECK-NEXT: %[[I:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK-NEXT: %[[D:.*]] = tensor.from_elements %[[I]] : tensor<i64>
// CHECK-NEXT: func.return %[[D]] : tensor<i64>
func.func @dim(%x: tensor<?x3xf32>) -> tensor<i64> {
  %d = tt.dim %x axis 0 : tensor<?x3xf32>
  func.return %d : tensor<i64>
}

// -----

// tt.arange: a checked nonzero step, the length max(0, ceil((stop - start) / step)) on the
// host, then start + i * step per element.
// CHECK-LABEL: func.func @arange
// CHECK-SAME: (%[[A:.*]]: tensor<i64>, %[[B:.*]]: tensor<i64>, %[[S:.*]]: tensor<i64>)
// CHECK-DAG: %[[START:.*]] = tensor.extract %[[A]][] : tensor<i64>
// CHECK-DAG: %[[STEP:.*]] = tensor.extract %[[S]][] : tensor<i64>
// CHECK: cf.assert %{{.*}}, "tt.arange at {{.*}}: step is 0"
// CHECK: %[[Q:.*]] = arith.divsi %{{.*}}, %{{.*}} : index
// CHECK: %[[LEN:.*]] = arith.maxsi %[[Q]], %{{.*}} : index
// CHECK-NEXT: %[[E:.*]] = tensor.empty(%[[LEN]]) : tensor<?xi64>
// CHECK-NEXT: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%[[E]] : tensor<?xi64>)
// CHECK: %[[IX:.*]] = linalg.index 0 : index
// CHECK-NEXT: %[[I:.*]] = arith.index_cast %[[IX]] : index to i64
// CHECK-NEXT: %[[M:.*]] = arith.muli %[[I]], %[[STEP]] : i64
// CHECK-NEXT: %[[V:.*]] = arith.addi %[[START]], %[[M]] : i64
// CHECK-NEXT: linalg.yield %[[V]] : i64
func.func @arange(%a: tensor<i64>, %b: tensor<i64>, %s: tensor<i64>) -> tensor<?xi64> {
  %r = tt.arange %a, %b, %s : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  func.return %r : tensor<?xi64>
}

// -----

// tt.update_slice: bounds and size checks per dim, then one generic over the target that
// combines an element with the update where the index falls on the (strided) slice.
// CHECK-LABEL: func.func @update_slice
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[Y:.*]]: tensor<?x2xf32>, %[[O:.*]]: index, %[[N:.*]]: index)
// CHECK: cf.assert %{{.*}}, "tt.update_slice at {{.*}}: the slice of dim 0 reads index {{.*}}, out of bounds for a dim of size {{.*}}"
// CHECK: cf.assert %{{.*}}, "tt.update_slice at {{.*}}: the slice of dim 1 reads index {{.*}}, out of bounds for a dim of size {{.*}}"
// CHECK: cf.assert %{{.*}}, "tt.update_slice at {{.*}}: the update differs from the slice in dim 0"
// CHECK: cf.assert %{{.*}}, "tt.update_slice at {{.*}}: the update differs from the slice in dim 1"
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xf32>)
// CHECK-NEXT: ^{{.*}}(%[[OLD:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[R0:.*]] = arith.select %[[IN:.*]], %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[R1:.*]] = arith.select %[[IN]], %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[NEW:.*]] = scf.if %[[IN]] -> (f32) {
// CHECK-NEXT: %[[U:.*]] = tensor.extract %[[Y]][%[[R0]], %[[R1]]] : tensor<?x2xf32>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[OLD]], %[[U]] : f32
// CHECK-NEXT: scf.yield %[[S]] : f32
// CHECK-NEXT: } else {
// CHECK-NEXT: scf.yield %[[OLD]] : f32
// CHECK-NEXT: }
// CHECK-NEXT: linalg.yield %[[NEW]] : f32
func.func @update_slice(%x: tensor<?x4xf32>, %y: tensor<?x2xf32>, %o: index, %n: index) -> tensor<?x4xf32> {
  %u = tt.update_slice add %x, %y [%o, 3] [%n, 2] [1, -1] : tensor<?x4xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
  func.return %u : tensor<?x4xf32>
}

// -----

// tt.batched_matmul: checked inner and batch dims, then libcall.batched_gemm into an empty.
// CHECK-LABEL: func.func @batched_matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x?x?xf64>, %[[B:.*]]: tensor<2x?x?xf64>)
// CHECK: cf.assert %{{.*}}, "tt.batched_matmul at {{.*}}: the inner dimensions differ"
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<2x?x?xf64>
// CHECK-NEXT: %[[R:.*]] = libcall.batched_gemm ins(%[[A]], %[[B]] : tensor<2x?x?xf64>, tensor<2x?x?xf64>) outs(%[[E]] : tensor<2x?x?xf64>) alpha = 1.0 beta = 0.0 -> tensor<2x?x?xf64>
// CHECK-NEXT: func.return %[[R]]
func.func @batched_matmul(%a: tensor<2x?x?xf64>, %b: tensor<2x?x?xf64>) -> tensor<2x?x?xf64> {
  %r = tt.batched_matmul %a, %b : tensor<2x?x?xf64>, tensor<2x?x?xf64> -> tensor<2x?x?xf64>
  func.return %r : tensor<2x?x?xf64>
}

// -----

// tt.log_softmax: the row max, the sum of exp(x - max), then x - max - log(sum).
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[A]] : tensor<?x?xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[A]], %[[MAX]] : tensor<?x?xf32>, tensor<?x1xf32>)
// CHECK: arith.subf
// CHECK-NEXT: math.exp
// CHECK-NEXT: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[A]], %[[MAX]], %[[SUM]] : tensor<?x?xf32>, tensor<?x1xf32>, tensor<?x1xf32>)
// CHECK-NEXT: ^{{.*}}(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK-NEXT: %[[L:.*]] = math.log %[[S]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[D]], %[[L]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @log_softmax(%a: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = tt.log_softmax %a axis 1 : tensor<?x?xf32>
  func.return %r : tensor<?x?xf32>
}
