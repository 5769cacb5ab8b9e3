// llvm.mlir.global with upstream's thread-local models (tls_mode), visibility, unnamed_addr,
// alignment, section and an initializer region, round-tripped through iree-opt in custom
// and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK: llvm.mlir.global external thread_local @tls(0 : i32) {addr_space = 0 : i32} : i32
// CHECK: llvm.mlir.global internal hidden @a(1 : i32) {addr_space = 0 : i32} : i32
// CHECK: llvm.mlir.global internal protected thread_local(localexec) unnamed_addr constant @b(1 : i32) {addr_space = 0 : i32} : i32
// CHECK: llvm.mlir.global external thread_local(initialexec) @ie(0 : i64) {addr_space = 0 : i32} : i64
// CHECK: llvm.mlir.global private local_unnamed_addr @d(1 : i32) {addr_space = 0 : i32, alignment = 8 : i64, section = ".data"} : i32
// CHECK: llvm.mlir.global private constant @c(dense<[1, 2]> : tensor<2xi32>) {addr_space = 0 : i32} : !llvm.array<2 x i32>
// CHECK: llvm.mlir.global internal @e() {addr_space = 0 : i32} : i32 {
// CHECK:   llvm.mlir.constant(7 : i32) : i32
// GENERIC: sym_name = "tls", {{.*}}tls_mode = 1 : i64
// GENERIC: sym_name = "b", {{.*}}tls_mode = 4 : i64, visibility_ = 2 : i64
llvm.mlir.global external thread_local @tls(0 : i32) : i32
llvm.mlir.global internal hidden @a(1 : i32) : i32
llvm.mlir.global internal protected thread_local(localexec) unnamed_addr constant @b(1 : i32) : i32
llvm.mlir.global external thread_local(initialexec) @ie(0 : i64) : i64
llvm.mlir.global private local_unnamed_addr @d(1 : i32) {alignment = 8 : i64, section = ".data"} : i32
llvm.mlir.global private constant @c(dense<[1, 2]> : tensor<2xi32>) : !llvm.array<2 x i32>
llvm.mlir.global internal @e() : i32 {
  %0 = llvm.mlir.constant(7 : i32) : i32
  llvm.return %0 : i32
}
