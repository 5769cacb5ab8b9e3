// xdsl-opt's flags, behaving as xdsl-opt's.
// RUN: arignote-opt %s --parsing-diagnostics | filecheck %s --check-prefix=PARSE
// RUN: arignote-opt %s --split-input-file --parsing-diagnostics | filecheck %s --check-prefix=SPLIT
// RUN: arignote-opt -v | filecheck %s --check-prefix=VERSION
// RUN: arignote-opt %S/Inputs/riscv-func.mlir -t riscv-asm | filecheck %s --check-prefix=RISCV
// RUN: arignote-opt %S/Inputs/llvm-only.mlir -t llvm | filecheck %s --check-prefix=LLVM
// RUN: echo 'builtin.module {}' | arignote-opt -t llvm | filecheck %s --check-prefix=EMPTYMOD
// RUN: echo 'wasm.module' | arignote-opt -f mlir -t wat | filecheck %s --check-prefix=WAT
// RUN: arignote-opt %S/Inputs/llvm-only.mlir --syntax-highlight | filecheck %s --check-prefix=HIGHLIGHT
// RUN: arignote-opt %S/Inputs/llvm-only.mlir --print-no-properties --print-op-generic | filecheck %s --check-prefix=NOPROPS
// RUN: arignote-opt %S/Inputs/llvm-only.mlir -p dce,cse --print-between-passes | filecheck %s --check-prefix=BETWEEN

func.func @f(%a: i32) -> i32 {
  %b = arith.addi %a, %undefined : i32
  func.return %b : i32
}
// -----
func.func @g() {
  func.return
}

// PARSE: xdsl-opt-flags.mlir:{{[0-9]+}}:1
// PARSE: values used but not defined: [%undefined]
// SPLIT: values used but not defined: [%undefined]
// SPLIT: {{//}} -----
// SPLIT-NEXT: builtin.module {
// SPLIT-NEXT: func.func @g()

// VERSION: xdsl-opt built from xdsl version {{[0-9.]+}}

// RISCV: main:
// RISCV-NEXT: li a0, 1
// RISCV-NEXT: addi a1, a0, 2
// RISCV-NEXT: ret

// LLVM: define i32 @"g"(i32 %".1")
// LLVM: add i32 %".1", %".1"
// EMPTYMOD: ; ModuleID = ""
// EMPTYMOD-NOT: define
// WAT: (module)

// HIGHLIGHT: llvm.func @g({{.*}}%a{{.*}}: i32) -> i32 {

// NOPROPS: "llvm.add"(%a, %a) {overflowFlags = {{[^}]+}}} : (i32, i32) -> i32

// BETWEEN: IR after dce:
// BETWEEN-NEXT: builtin.module {
// BETWEEN-NOT: IR after cse:
// BETWEEN: llvm.func @g
