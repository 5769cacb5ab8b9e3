// RUN: arignote-run %s --check --device cpu --seed 5 -i 6 -i rand:8x3 -i rand:2x3 -i rand:3x3 | filecheck %s
// RUN: arignote-run %s --check --device emu --seed 5 -i 6 -i rand:8x3 -i rand:2x3 -i rand:3x3 | filecheck %s
// RUN: arignote-opt %s -p 'tt-to-cpu{stop=kernels}' | filecheck %s --check-prefix=KERNELS
// An initial state of more rows than the taps need: the first 2 are the initial ones (Theano's
// init[:m], scan_module/scan.py l.685), in the compiled code and the reference (fuzz seed 404).
// RUN: arignote-run %s --check --device cpu --seed 5 -i 3 -i rand:3x3 -i rand:3x3 -i rand:3x3 | filecheck %s
// tt.scan (a recurrence with taps [-2, -1] and a per-step output) and tt.if compiled
// (native code, and PTX on the emulator) against the reference evaluator, which runs
// the regions step by step.  The body is outlined and compiled like any function; on
// the cpu the loop over it becomes one native kernel (convert-loop-to-scf): the host
// calls it once, the kernel reads rows of the sequence and the state buffer in place.

// CHECK: check out0: ok
// CHECK: check out1: ok
// CHECK: check out2: ok
// KERNELS-NOT: loop.scan
// KERNELS: func.call @f_kernel_1(%x,
// KERNELS: loop.if
// KERNELS: func.func @f_kernel_1(
// KERNELS: scf.for %[[T:.*]] = %{{.*}} to %n step
// KERNELS-NEXT: loop.row %x[%[[T]]] : memref<?x?xf64> -> memref<?xf64>
// KERNELS-NOT: @f_scan0
func.func @f(%n: index, %x: tensor<?x?xf64>, %s0: tensor<?x?xf64>, %w: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %s, %y = tt.scan %n seqs(%x : tensor<?x?xf64>) states(%s0 : tensor<?x?xf64>) taps [[-2,-1]] consts(%w : tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  ^bb0(%xt: tensor<?xf64>, %a: tensor<?xf64>, %b: tensor<?xf64>, %w2: tensor<?x?xf64>):
    %ab = tt.add %a, %b : tensor<?xf64>
    %abx = tt.add %ab, %xt : tensor<?xf64>
    %t = tt.tanh %abx : tensor<?xf64>
    %p = tt.mul %t, %xt : tensor<?xf64>
    tt.yield %t, %p : tensor<?xf64>, tensor<?xf64>
  }
  %c = tt.constant dense<true> : tensor<i1>
  %r = tt.if %c args(%w : tensor<?x?xf64>) -> (tensor<?x?xf64>) {
  ^bb0(%a2: tensor<?x?xf64>):
    %e = tt.exp %a2 : tensor<?x?xf64>
    tt.yield %e : tensor<?x?xf64>
  } else {
  ^bb0(%a3: tensor<?x?xf64>):
    tt.yield %a3 : tensor<?x?xf64>
  }
  func.return %s, %y, %r : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}
