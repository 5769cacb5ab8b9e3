// RUN: arignote-opt %s -p convert-tt-to-linalg --split-input-file | filecheck %s

// tt.cumsum: a copy of x, then a loop nest in order (the axis from 1) where each element
// becomes the previous one along the axis plus itself.
// CHECK-LABEL: func.func @cumsum
// CHECK-SAME: (%[[X:.*]]: tensor<?x5xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x5xf32>
// CHECK: %[[COPY:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?x5xf32>)
// CHECK: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: %[[R:.*]] = scf.for %[[I:.*]] = %[[ONE]] to %[[N]] step %[[ONE]] iter_args(%[[A:.*]] = %[[COPY]]) -> (tensor<?x5xf32>) {
// CHECK-NEXT: %{{.*}} = scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %[[ONE]] iter_args(%[[B:.*]] = %[[A]]) -> (tensor<?x5xf32>) {
// CHECK-NEXT: %[[P:.*]] = arith.subi %[[I]], %[[ONE]] : index
// CHECK-NEXT: %[[PREV:.*]] = tensor.extract %[[B]][%[[P]], %[[J]]] : tensor<?x5xf32>
// CHECK-NEXT: %[[CUR:.*]] = tensor.extract %[[B]][%[[I]], %[[J]]] : tensor<?x5xf32>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[PREV]], %[[CUR]] : f32
// CHECK-NEXT: %[[NEW:.*]] = tensor.insert %[[S]] into %[[B]][%[[I]], %[[J]]] : tensor<?x5xf32>
// CHECK-NEXT: scf.yield %[[NEW]] : tensor<?x5xf32>
// CHECK: func.return %[[R]] : tensor<?x5xf32>
func.func @cumsum(%x: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %r = tt.cumsum %x axis 0 : tensor<?x5xf32>
  func.return %r : tensor<?x5xf32>
}

// -----

// tt.cumprod of integers along the last axis: muli, the inner loop from 1.
// CHECK-LABEL: func.func @cumprod
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[ONE:[^ ]*]] iter_args
// CHECK: scf.for %[[J:.*]] = %[[ONE]] to %{{.*}} step %[[ONE]]
// CHECK: %[[P:.*]] = arith.subi %[[J]], %[[ONE]] : index
// CHECK: arith.muli %{{.*}}, %{{.*}} : i32
func.func @cumprod(%x: tensor<3x?xi32>) -> tensor<3x?xi32> {
  %r = tt.cumprod %x axis 1 : tensor<3x?xi32>
  func.return %r : tensor<3x?xi32>
}

// -----

// tt.argsort: the rank of each element (how many sort before it in NumPy's order:
// less(u, v) = u <(unordered) v and u is not NaN, so NaN sorts last; an element sorts
// before another if it is less, or not greater and earlier), then for each rank the
// index holding it; both are reductions over the sorted axis (the last loop dim).
// CHECK-LABEL: func.func @argsort
// CHECK-SAME: (%[[X:.*]]: tensor<4x?xf64>)
// CHECK: %[[Z:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: %[[RANK:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[X]] : tensor<4x?xf64>, tensor<4x?xf64>) outs(%[[Z]] : tensor<4x?xi64>)
// CHECK-NEXT: ^{{.*}}(%[[MINE:.*]]: f64, %[[THEIRS:.*]]: f64, %[[ACC:.*]]: i64):
// CHECK-NEXT: %[[J:.*]] = linalg.index 2 : index
// CHECK-NEXT: %[[I:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[EARLIER:.*]] = arith.cmpi ult, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[LT:.*]] = arith.cmpf ult, %[[THEIRS]], %[[MINE]] : f64
// CHECK-NEXT: %[[NUM:.*]] = arith.cmpf ord, %[[THEIRS]], %[[THEIRS]] : f64
// CHECK-NEXT: %[[LESS:.*]] = arith.andi %[[LT]], %[[NUM]] : i1
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ult, %[[MINE]], %[[THEIRS]] : f64
// CHECK-NEXT: %[[NUM2:.*]] = arith.cmpf ord, %[[MINE]], %[[MINE]] : f64
// CHECK-NEXT: %[[GREATER:.*]] = arith.andi %[[GT]], %[[NUM2]] : i1
// CHECK-NEXT: %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT: %[[NOTAFTER:.*]] = arith.xori %[[GREATER]], %[[TRUE]] : i1
// CHECK-NEXT: %[[TIE:.*]] = arith.andi %[[NOTAFTER]], %[[EARLIER]] : i1
// CHECK-NEXT: %[[BEFORE:.*]] = arith.ori %[[LESS]], %[[TIE]] : i1
// CHECK: arith.select %[[BEFORE]]
// CHECK: arith.addi %[[ACC]], %{{.*}} : i64
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[RANK]] : tensor<4x?xi64>)
// CHECK-NEXT: ^{{.*}}(%[[RK:.*]]: i64, %[[ACC2:.*]]: i64):
// CHECK-NEXT: %[[SRC:.*]] = linalg.index 2 : index
// CHECK-NEXT: %[[SRCI:.*]] = arith.index_cast %[[SRC]] : index to i64
// CHECK-NEXT: %[[POS:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[POSI:.*]] = arith.index_cast %[[POS]] : index to i64
// CHECK-NEXT: %[[HIT:.*]] = arith.cmpi eq, %[[RK]], %[[POSI]] : i64
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NEXT: %[[V:.*]] = arith.select %[[HIT]], %[[SRCI]], %[[ZERO]] : i64
// CHECK-NEXT: arith.addi %[[ACC2]], %[[V]] : i64
// CHECK: func.return %[[R]] : tensor<4x?xi64>
func.func @argsort(%x: tensor<4x?xf64>) -> tensor<4x?xi64> {
  %r = tt.argsort %x axis 1 : tensor<4x?xf64> -> tensor<4x?xi64>
  func.return %r : tensor<4x?xi64>
}

// -----

// tt.argsort of bools compares unsigned (false < true); integers signed.
// CHECK-LABEL: func.func @argsort_ints
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i1
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i1
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i8
func.func @argsort_ints(%b: tensor<?xi1>, %i: tensor<?xi8>) -> (tensor<?xi64>, tensor<?xi64>) {
  %r = tt.argsort %b axis 0 : tensor<?xi1> -> tensor<?xi64>
  %s = tt.argsort %i axis 0 : tensor<?xi8> -> tensor<?xi64>
  func.return %r, %s : tensor<?xi64>, tensor<?xi64>
}
