// RUN: arignote-opt %s --split-input-file -p merge-slices | filecheck %s
// RUN: arignote-run %s -f last --check --seed 2 -i rand:6x4 -i 3 | filecheck %s --check-prefix=EXEC
// RUN: not arignote-run %s -f last -i rand:6x4 -i 6 2>&1 | filecheck %s --check-prefix=OOB

// The last row of x[1 : 1+n] is one slice of x at row 1 + (n - 1): the outer slice's
// check against the inner one's n rows stays (dim 0), and so does the inner one's
// against x, which goes away; the dims taken whole need none.
// CHECK-LABEL: func.func @last
// CHECK: %[[LAST:.*]] = arith.subi %n, %c1 : index
// CHECK: cf.assert %{{.*}}, "tt.slice at {{.*}}merge-slices.mlir:23:{{.*}}: the slice of dim 0 reads index {{.*}}, out of bounds for a dim of size {{.*}}"
// CHECK: cf.assert %{{.*}}, "tt.slice at {{.*}}merge-slices.mlir:21:{{.*}}: the slice of dim 0 reads index {{.*}}, out of bounds for a dim of size {{.*}}"
// CHECK-NOT: cf.assert
// CHECK: %[[OFF:.*]] = arith.addi %{{.*}}, %[[LAST]] : index
// CHECK-NEXT: %{{.*}} = tt.slice %x [%[[OFF]], 0] [1, %d1] [1, 1] : tensor<?x?xf64> -> tensor<1x?xf64>
// CHECK-NOT: tt.slice
// EXEC: check out0: ok
// OOB: tt.slice at {{.*}}merge-slices.mlir:21:{{.*}}: the slice of dim 0 reads index 6, out of bounds for a dim of size 6
func.func @last(%x: tensor<?x?xf64>, %n: index) -> tensor<1x?xf64> {
  %c1 = arith.constant 1 : index
  %d1 = tensor.dim %x, %c1 : tensor<?x?xf64>
  %a = tt.slice %x [1, 0] [%n, %d1] [1, 1] : tensor<?x?xf64> -> tensor<?x?xf64>
  %last = arith.subi %n, %c1 : index
  %b = tt.slice %a [%last, 0] [1, %d1] [1, 1] : tensor<?x?xf64> -> tensor<1x?xf64>
  func.return %b : tensor<1x?xf64>
}

// -----
// A chain of three with static parts and a reversal folds to one slice with static
// offsets and steps: a[i] = x[2 + i], b[i] = a[7 - i] = x[9 - i], c[i] = b[1 + 2i] =
// x[8 - 2i].
// The inner slice another op still uses stays.
// CHECK-LABEL: func.func @chain
// CHECK: %[[C:.*]] = tt.slice %x [8, 0] [2, 4] [-2, 1] : tensor<10x4xf32> -> tensor<2x4xf32>
// CHECK: func.return %[[C]], %[[A:.*]] :
func.func @chain(%x: tensor<10x4xf32>) -> (tensor<2x4xf32>, tensor<8x4xf32>) {
  %a = tt.slice %x [2, 0] [8, 4] [1, 1] : tensor<10x4xf32> -> tensor<8x4xf32>
  %b = tt.slice %a [7, 0] [4, 4] [-1, 1] : tensor<8x4xf32> -> tensor<4x4xf32>
  %c = tt.slice %b [1, 0] [2, 4] [2, 1] : tensor<4x4xf32> -> tensor<2x4xf32>
  func.return %c, %a : tensor<2x4xf32>, tensor<8x4xf32>
}
