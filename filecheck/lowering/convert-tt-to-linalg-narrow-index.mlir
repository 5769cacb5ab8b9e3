// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s
// The bounds check of tt.take compares the indices with the indexed dim's size as
// `index` values (i8 indices sign-extended, ui8 zero-extended), never in the index
// element type, which cannot hold a size of 200: valid indices are not refused.

// CHECK-LABEL: func.func @take_i8
func.func @take_i8(%x: tensor<200xf32>, %j: tensor<3xi8>) -> tensor<3xf32> {
  // CHECK-NOT: index to i8
  // CHECK: ^{{.*}}(%[[V:.*]]: i8, %[[BAD:.*]]: i1):
  // CHECK-NEXT: %[[I:.*]] = arith.index_cast %[[V]] : i8 to index
  // CHECK: arith.cmpi slt, %[[I]], %{{.*}} : index
  // CHECK: arith.cmpi sge, %[[I]], %{{.*}} : index
  // CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: an index is out of bounds"
  %t = tt.take %x [%j] axis 0 : tensor<200xf32>, tensor<3xi8> -> tensor<3xf32>
  func.return %t : tensor<3xf32>
}
