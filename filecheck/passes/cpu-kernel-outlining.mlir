// Positive cases print on stdout (CHECK); the chunks after "negative cases" fail with a
// diagnostic each on stderr (ERR).
// RUN: not arignote-opt %s --split-input-file -p cpu-kernel-outlining 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// The running example of docs/internals.md: arguments in order of first use inside the
// loop, then the loop's bound; constants cloned, not passed (and gone from the host).
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[X:.*]]: memref<?xf32>, %[[S:.*]]: memref<f32>) -> memref<?xf32>
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[N:.*]] = memref.dim %[[X]], %[[C0]] : memref<?xf32>
// CHECK-NEXT: %[[O:.*]] = memref.alloc(%[[N]]) alignment = 64 : memref<?xf32>
// CHECK-NEXT: func.call @f_kernel_0(%[[X]], %[[S]], %[[O]], %[[N]]) : (memref<?xf32>, memref<f32>, memref<?xf32>, index) -> ()
// CHECK-NEXT: func.return %[[O]] : memref<?xf32>
// CHECK-NEXT: }
// CHECK-NEXT: func.func @f_kernel_0(%[[KX:.*]]: memref<?xf32>, %[[KS:.*]]: memref<f32>, %[[KO:.*]]: memref<?xf32>, %[[KN:.*]]: index) attributes {arignote.kernel} {
// CHECK-NEXT: %[[KC0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[KC1:.*]] = arith.constant 1 : index
// CHECK-NEXT: "scf.parallel"(%[[KC0]], %[[KN]], %[[KC1]])
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index):
// CHECK-NEXT: %[[A:.*]] = memref.load %[[KX]][%[[I]]] : memref<?xf32>
// CHECK-NEXT: %[[B:.*]] = memref.load %[[KS]][] : memref<f32>
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[B]], %[[A]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[A]], %[[M]] : f32
// CHECK-NEXT: memref.store %[[R]], %[[KO]][%[[I]]] : memref<?xf32>
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: })
// CHECK-NEXT: func.return
// CHECK-NEXT: }
func.func @f(%x: memref<?xf32>, %s: memref<f32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %o = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    %b = memref.load %s[] : memref<f32>
    %m = arith.mulf %b, %a : f32
    %r = arith.addf %a, %m : f32
    memref.store %r, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %o : memref<?xf32>
}

// -----

// Two nests: two kernels in order, right after their host (before @other); a value used
// twice is passed once; straight-line code stays; a taken name is skipped; scalars
// (f64, i32) and memory space 1 pass through; a nested scf.for goes with its parent.
// CHECK-LABEL: func.func @g
// CHECK-SAME: (%[[A:.*]]: memref<8xf64>, %[[B:.*]]: memref<8x8xf64, 1 : i64>, %[[T:.*]]: f64, %[[K:.*]]: i32)
// CHECK: %[[U:.*]] = arith.mulf %[[T]], %[[T]] : f64
// CHECK-NEXT: func.call @g_kernel_0(%[[U]], %[[A]]) : (f64, memref<8xf64>) -> ()
// CHECK-NEXT: %[[V:.*]] = arith.addf %[[U]], %[[T]] : f64
// CHECK-NEXT: func.call @g_kernel_2(%[[K]], %[[A]], %[[B]]) : (i32, memref<8xf64>, memref<8x8xf64, 1 : i64>) -> ()
// CHECK-NEXT: func.return
// CHECK-NEXT: }
// CHECK-NEXT: func.func @g_kernel_0(%{{.*}}: f64, %{{.*}}: memref<8xf64>) attributes {arignote.kernel} {
// CHECK: func.func @g_kernel_2(%{{.*}}: i32, %{{.*}}: memref<8xf64>, %{{.*}}: memref<8x8xf64, 1 : i64>) attributes {arignote.kernel} {
// CHECK: scf.for
// CHECK: scf.for
// CHECK: func.func @g_kernel_1()
// CHECK-NOT: arignote.kernel
// CHECK: func.func @other
func.func @g(%a: memref<8xf64>, %b: memref<8x8xf64, 1>, %t: f64, %k: i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %u = arith.mulf %t, %t : f64
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %u, %a[%i] : memref<8xf64>
    %w = memref.load %a[%i] : memref<8xf64>
    %w2 = arith.addf %w, %u : f64
    memref.store %w2, %a[%i] : memref<8xf64>
  }
  %v = arith.addf %u, %t : f64
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c8 step %c1 {
      %kf = arith.sitofp %k : i32 to f64
      %y = memref.load %a[%j] : memref<8xf64>
      %z = arith.mulf %y, %kf : f64
      memref.store %z, %b[%i, %j] : memref<8x8xf64, 1>
    }
  }
  func.return
}
func.func @g_kernel_1() {
  func.return
}
func.func @other() {
  func.return
}

// -----

// Left alone: functions that are kernels already, declarations, gpu.module contents,
// straight-line code.
// CHECK-LABEL: func.func @already_kernel
// CHECK-NEXT: arith.constant
// CHECK-NEXT: arith.constant
// CHECK-NEXT: scf.for
// CHECK-LABEL: func.func private @decl
// CHECK-LABEL: func.func @straight
// CHECK-NOT: func.call
// CHECK: func.return
// CHECK-NOT: kernel_0
func.func @already_kernel(%m: memref<4xi32>) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c4 {
    %v = memref.load %m[%i] : memref<4xi32>
    memref.store %v, %m[%i] : memref<4xi32>
  }
  func.return
}
func.func private @decl(memref<4xi32>)
func.func @straight(%m: memref<f32>, %f: f32) {
  %v = memref.load %m[] : memref<f32>
  %w = arith.addf %v, %f : f32
  memref.store %w, %m[] : memref<f32>
  func.return
}

// -----
// negative cases

// ERR: cpu-kernel-outlining.mlir:{{[0-9]+}}:5: error: cpu-kernel-outlining: 'tensor.extract' uses %t of type tensor<4xf32> from outside the loop nest, which cannot be passed to a CPU kernel (memrefs with the identity layout, index, integers and f16/f32/f64 only)
func.func @tensor_capture(%t: tensor<4xf32>, %m: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = tensor.extract %t[%i] : tensor<4xf32>
    memref.store %v, %m[%i] : memref<4xf32>
  }
  func.return
}

// -----

// ERR: error: cpu-kernel-outlining: 'memref.load' uses %m of type memref<4xf32, strided<[2]>> from outside the loop nest, which cannot be passed to a CPU kernel
func.func @strided_capture(%m: memref<4xf32, strided<[2]>>, %o: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %m[%i] : memref<4xf32, strided<[2]>>
    memref.store %v, %o[%i] : memref<4xf32>
  }
  func.return
}

// -----

// ERR: cpu-kernel-outlining.mlir:{{[0-9]+}}:3: error: cpu-kernel-outlining: 'scf.for' has results used by the host function; a CPU kernel returns nothing
func.func @loop_result(%m: memref<4xf32>, %o: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> (f32) {
    %v = memref.load %m[%i] : memref<4xf32>
    %w = arith.addf %acc, %v : f32
    scf.yield %w : f32
  }
  memref.store %s, %o[] : memref<f32>
  func.return
}
