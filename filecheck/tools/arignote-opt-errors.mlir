// Invalid input to arignote-opt gives one clear line with file:line:col, exit code 1,
// and no Python traceback.
// RUN: not arignote-opt %s 2>&1 | filecheck %s --check-prefix=PARSE
// RUN: not arignote-opt %s -p no-such-pass 2>&1 | filecheck %s --check-prefix=PASS
// RUN: not arignote-opt %s -p 'tt-to-cpu{stop=nowhere}' 2>&1 | filecheck %s --check-prefix=STOP
// RUN: not arignote-opt %S/Inputs/valid.mlir -t ptx 2>&1 | filecheck %s --check-prefix=PTX
// RUN: not arignote-opt %s 2>&1 | filecheck %s --check-prefix=NOTRACE

func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = tt.exp %x : tensor<?xf32>
  %z = tt.add %y, %undefined : tensor<?xf32>
  func.return %z : tensor<?xf32>
}
// PARSE: arignote-opt-errors.mlir:{{[0-9]+}}:{{[0-9]+}}: error: values used but not defined: [%undefined]
// PASS: error: bad pass pipeline 'no-such-pass'
// STOP: error: bad pass pipeline 'tt-to-cpu{stop=nowhere}': tt-to-cpu: unknown stop 'nowhere' (stages: linalg, fused, bufferized, placed, loops, kernels, llvm)
// PTX: error: the module has no gpu.module to turn into PTX; lower it with -p tt-to-ptx
// NOTRACE-NOT: Traceback
