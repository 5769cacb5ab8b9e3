// A diagnostic for each flag the driver refuses or cannot honour, no traceback.
// RUN: not arignote-opt %s --emit-bytecode 2>&1 | filecheck %s --check-prefix=BYTECODE
// RUN: not arignote-opt %s -t nowhere 2>&1 | filecheck %s --check-prefix=TARGET
// RUN: not arignote-opt %s -t riscv-asm 2>&1 | filecheck %s --check-prefix=XDSLTARGET
// RUN: not arignote-opt %s -t llvm 2>&1 | filecheck %s --check-prefix=LLVM
// RUN: not arignote-opt %s --cse=no-such-option=1 2>&1 | filecheck %s --check-prefix=PASSOPT
// RUN: not arignote-opt %s --verify-each=maybe 2>&1 | filecheck %s --check-prefix=BOOL
// RUN: not arignote-opt %s --mlir-elide-elementsattrs-if-larger=many 2>&1 | filecheck %s --check-prefix=ELIDE
// RUN: not arignote-opt %s --no-such-flag 2>&1 | filecheck %s --check-prefix=UNKNOWN
// RUN: not arignote-opt %s --no-implicit-module 2>&1 | filecheck %s --check-prefix=NOIMPLICIT
// RUN: not arignote-opt %s --cse --canonicalize=max-iterations=3 2>&1 | filecheck %s --check-prefix=PASSOPT2
// RUN: not arignote-opt %s --cs 2>&1 | filecheck %s --check-prefix=ABBREV

func.func @f(%a: i32) -> i32 {
  %b = arith.addi %a, %a : i32
  func.return %b : i32
}
func.func @g() {
  func.return
}

// BYTECODE: arignote-opt: error: --emit-bytecode: xDSL (and so arignote) cannot write MLIR bytecode
// TARGET: arignote-opt: error: unknown target 'nowhere' (targets: mlir, llvm, cpu-kernels-llvm, ptx, arm-asm, csl, mps, riscv-asm, wat, wgsl, x86-asm)
// XDSLTARGET: error: -t riscv-asm: xDSL's riscv-asm target cannot emit this module
// LLVM: error: no device code in the llvm dialect to translate
// PASSOPT: error: bad pass pipeline 'cse{no-such-option=1}'
// BOOL: arignote-opt: error: argument --verify-each: ignored explicit argument 'maybe'
// ELIDE: arignote-opt: error: argument --mlir-elide-elementsattrs-if-larger: invalid int value: 'many'
// UNKNOWN: arignote-opt: error: unrecognized arguments: --no-such-flag
// NOIMPLICIT: opt-flag-errors.mlir:1:1: error: builtin.module operation expected
// PASSOPT2: error: bad pass pipeline 'cse,canonicalize{max-iterations=3}'
// (no abbreviations: --cs is neither a flag nor a pass)
// ABBREV: arignote-opt: error: unrecognized arguments: --cs
// CHECK-NOT: Traceback
