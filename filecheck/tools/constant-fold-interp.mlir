// RUN: arignote-opt %s -p constant-fold-interp | filecheck %s
// xDSL's constant-fold-interp through arignote-opt: arignote's `arith` (xDSL's plus the
// upstream ops it lacks) keeps xDSL's constant materialization interface, so integer
// arithmetic on constants folds as with xdsl-opt (issue 15).

// CHECK-LABEL: func.func @f
// CHECK-NEXT: %{{.*}} = arith.constant 1 : i32
// CHECK-NEXT: %{{.*}} = arith.constant 2 : i32
// CHECK-NEXT: %[[C:.*]] = arith.constant 3 : i32
// CHECK-NEXT: %[[D:.*]] = arith.constant 6 : i32
// CHECK-NEXT: func.return %[[C]], %[[D]] : i32, i32
func.func @f() -> (i32, i32) {
  %a = arith.constant 1 : i32
  %b = arith.constant 2 : i32
  %c = arith.addi %a, %b : i32
  %d = arith.muli %c, %b : i32
  func.return %c, %d : i32, i32
}
