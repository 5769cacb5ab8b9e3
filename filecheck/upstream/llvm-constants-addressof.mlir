// llvm.mlir.constant, globals with a dense and a string initializer and mlir.addressof,
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

// CHECK: llvm.mlir.global internal constant @table(dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>) {addr_space = 0 : i32} : !llvm.array<2 x f32>
// CHECK: llvm.mlir.global private constant @str("hello\00") {addr_space = 0 : i32} : !llvm.array<6 x i8>
// CHECK-LABEL: llvm.func @f
// CHECK: %{{.*}} = llvm.mlir.constant(42 : i32) : i32
// CHECK: %{{.*}} = llvm.mlir.constant(1.500000e+00 : f64) : f64
// CHECK: %{{.*}} = llvm.mlir.addressof @table : !llvm.ptr
// CHECK: %{{.*}} = llvm.mlir.addressof @str : !llvm.ptr
// CHECK: llvm.return %{{.*}} : !llvm.ptr
llvm.mlir.global internal constant @table(dense<[1.0, 2.0]> : tensor<2xf32>) {addr_space = 0 : i32} : !llvm.array<2 x f32>
llvm.mlir.global private constant @str("hello\00") {addr_space = 0 : i32}
llvm.func @f() -> !llvm.ptr {
  %0 = llvm.mlir.constant(42 : i32) : i32
  %1 = llvm.mlir.constant(1.5 : f64) : f64
  %2 = llvm.mlir.addressof @table : !llvm.ptr
  %3 = llvm.mlir.addressof @str : !llvm.ptr
  llvm.return %2 : !llvm.ptr
}
