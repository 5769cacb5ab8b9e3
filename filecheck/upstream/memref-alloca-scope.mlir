// memref.alloca_scope with and without results (its terminator implicit when it has none),
// round-tripped through iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s > %t.up
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt | iree-opt > %t.custom
// RUN: cmp %t.up %t.custom
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt > %t.generic
// RUN: cmp %t.up %t.generic

// CHECK-LABEL: func.func @f
// CHECK: %{{.*}} = "memref.alloca_scope"() ({
// CHECK: %{{.*}} = memref.alloca() : memref<4xf32>
// CHECK: %{{.*}} = arith.constant 0 : index
// CHECK: %{{.*}} = memref.load %{{.*}}[%{{.*}}] : memref<4xf32>
// CHECK: "memref.alloca_scope.return"(%{{.*}}) : (f32) -> ()
// CHECK: }) : () -> f32
// CHECK: "memref.alloca_scope"() ({
// CHECK: %{{.*}} = memref.alloca() : memref<4xf32>
// CHECK: "memref.alloca_scope.return"() : () -> ()
// CHECK: }) : () -> ()
func.func @f() -> f32 {
  %r = memref.alloca_scope -> (f32) {
    %b = memref.alloca() : memref<4xf32>
    %c0 = arith.constant 0 : index
    %v = memref.load %b[%c0] : memref<4xf32>
    memref.alloca_scope.return %v : f32
  }
  memref.alloca_scope {
    %b = memref.alloca() : memref<4xf32>
  }
  func.return %r : f32
}
