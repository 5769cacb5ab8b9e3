// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s
// The bounds check of tt.take compares the indices with the indexed dim's size as
// `index` values (i8 indices sign-extended, ui8 zero-extended), never in the index
// element type, which cannot hold a size of 200: valid indices are not refused.

// CHECK-LABEL: func.func @take_i8
func.func @take_i8(%x: tensor<200xf32>, %j: tensor<3xi8>) -> tensor<3xf32> {
  // CHECK-NOT: index to i8
  // one i64 per index tensor: the largest index out of bounds (INT64_MIN: none), found
  // comparing the indices with the size as `index` values; the host checks it
  // CHECK: ^{{.*}}(%[[V:.*]]: i8, %{{.*}}: i64):
  // CHECK-NEXT: %[[I:.*]] = arith.index_cast %[[V]] : i8 to index
  // CHECK: arith.cmpi slt, %[[I]], %{{.*}} : index
  // CHECK: arith.cmpi sge, %[[I]], %{{.*}} : index
  // CHECK: arith.maxsi %{{.*}}, %{{.*}} : i64
  // CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: index {{.*}} is out of bounds for a dim of size {{.*}}"
  // CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: index {{.*}} is out of bounds (the lowest index allowed is {{.*}})"
  %t = tt.take %x [%j] axis 0 : tensor<200xf32>, tensor<3xi8> -> tensor<3xf32>
  func.return %t : tensor<3xf32>
}
