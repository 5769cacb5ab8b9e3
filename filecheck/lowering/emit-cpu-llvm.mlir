// RUN: not arignote-opt %s --split-input-file -t cpu-kernels-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// The CPU kernels' LLVM IR written straight from the kernels stage (the compiler's path;
// convert-to-llvm + translate make the same code through the llvm dialect).
// A 2-D scf.parallel is two canonical loops (header phis, icmp slt, the step added nsw in
// the latch); a memref is a noalias pointer and one i64 per dynamic dim; the address is
// the row-major offset (nsw) fed to one getelementptr inbounds; fastmath flags are kept.
// CHECK: define void @k(ptr noalias %[[A:v[0-9]+]], i64 %{{v[0-9]+}}, ptr noalias %[[B:v[0-9]+]], i64 %{{v[0-9]+}}, i64 %[[N:v[0-9]+]]) {
// CHECK: br label %[[OUTER:bb[0-9]+]]
// CHECK-NEXT: [[OUTER]]:
// CHECK-NEXT: %[[I:v[0-9]+]] = phi i64 [ 0, %bb0 ], [ %[[INEXT:v[0-9]+]], %{{bb[0-9]+}} ]
// CHECK-NEXT: icmp slt i64 %[[I]], %[[N]]
// CHECK: %[[J:v[0-9]+]] = phi i64 [ 0, %{{bb[0-9]+}} ], [ %{{v[0-9]+}}, %{{bb[0-9]+}} ]
// CHECK-NEXT: icmp slt i64 %[[J]], 4
// CHECK: %[[ROW:v[0-9]+]] = mul nsw i64 %[[I]], 4
// CHECK-NEXT: %[[OFF:v[0-9]+]] = add nsw i64 %[[ROW]], %[[J]]
// CHECK-NEXT: %[[P:v[0-9]+]] = getelementptr inbounds float, ptr %[[A]], i64 %[[OFF]]
// CHECK-NEXT: %[[X:v[0-9]+]] = load float, ptr %[[P]], align 4
// CHECK-NEXT: %[[Y:v[0-9]+]] = fadd fast float %[[X]], %[[X]]
// CHECK: getelementptr inbounds float, ptr %[[B]]
// CHECK-NEXT: store float %[[Y]], ptr %{{v[0-9]+}}, align 4
// CHECK: %[[INEXT]] = add nsw i64 %[[I]], 1
// CHECK-NEXT: br label %[[OUTER]]
// CHECK: ret void
func.func @k(%a: memref<?x4xf32>, %b: memref<?x4xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  "scf.parallel"(%c0, %c0, %n, %c4, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %x = memref.load %a[%i, %j] : memref<?x4xf32>
    %y = arith.addf %x, %x fastmath<fast> : f32
    memref.store %y, %b[%i, %j] : memref<?x4xf32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}

// -----
// scf.for's iter_args are header phis and its results; scf.if's results are phis of the
// merge block; a libm function (erf) is called and declared, rsqrt is 1 / sqrt.
// CHECK-LABEL: define void @red(
// CHECK: %[[ACC:v[0-9]+]] = phi double [ 0x0000000000000000, %bb0 ], [ %[[ACC2:v[0-9]+]], %[[LATCH:bb[0-9]+]] ]
// CHECK: fcmp ogt double
// CHECK-NEXT: br i1 %{{v[0-9]+}}, label %[[THEN:bb[0-9]+]], label %[[ELSE:bb[0-9]+]]
// CHECK: [[THEN]]:
// CHECK-NEXT: %[[E:v[0-9]+]] = call double @erf(double
// CHECK: [[ELSE]]:
// CHECK-NEXT: %[[SQ:v[0-9]+]] = call double @llvm.sqrt.f64(double
// CHECK-NEXT: %[[R:v[0-9]+]] = fdiv double 0x3FF0000000000000, %[[SQ]]
// CHECK: [[LATCH]]:
// CHECK-NEXT: %[[V:v[0-9]+]] = phi double [ %[[E]], %[[THEN]] ], [ %[[R]], %[[ELSE]] ]
// CHECK-NEXT: %[[ACC2]] = fadd double %[[ACC]], %[[V]]
// CHECK: store double %[[ACC]], ptr %{{v[0-9]+}}, align 8
// CHECK-DAG: declare double @erf(double)
// CHECK-DAG: declare double @llvm.sqrt.f64(double)
func.func @red(%a: memref<?xf64>, %out: memref<f64>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f64
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (f64) {
    %x = memref.load %a[%i] : memref<?xf64>
    %p = arith.cmpf ogt, %x, %z : f64
    %v = scf.if %p -> (f64) {
      %e = math.erf %x : f64
      scf.yield %e : f64
    } else {
      %r = math.rsqrt %x : f64
      scf.yield %r : f64
    }
    %acc2 = arith.addf %acc, %v : f64
    scf.yield %acc2 : f64
  }
  memref.store %s, %out[] : memref<f64>
  func.return
}

// -----
// f16 math is computed in f32 (fpext, the f32 intrinsic, fptrunc); floordivsi is sdiv
// with the correction for an inexact quotient of operands of different signs.
// CHECK-LABEL: define void @half(
// CHECK: %[[H:v[0-9]+]] = load half, ptr %{{v[0-9]+}}, align 2
// CHECK-NEXT: %[[F:v[0-9]+]] = fpext half %[[H]] to float
// CHECK-NEXT: %[[G:v[0-9]+]] = call float @llvm.exp.f32(float %[[F]])
// CHECK-NEXT: %{{v[0-9]+}} = fptrunc float %[[G]] to half
// CHECK-NEXT: %[[Q:v[0-9]+]] = sdiv i64
// CHECK: xor i1
// CHECK: %[[Q1:v[0-9]+]] = sub i64 %[[Q]], 1
// CHECK-NEXT: select i1 %{{v[0-9]+}}, i64 %[[Q1]], i64 %[[Q]]
func.func @half(%a: memref<8xf16>, %i: index) attributes {arignote.kernel} {
  %x = memref.load %a[%i] : memref<8xf16>
  %y = math.exp %x : f16
  %q = arith.floordivsi %i, %i : index
  memref.store %y, %a[%q] : memref<8xf16>
  func.return
}

// -----
// loop.parallel_for: the ABI values of its arguments in a struct on the stack, the pool's
// entry point called with the trampoline; the chunk function becomes internal (only the
// trampoline calls it), the trampoline loads the struct and calls it with the bounds.
// A math function is internal, and its call keeps its call-site attributes.
// CHECK: define void @outer(ptr noalias %[[X:v[0-9]+]], i64 %[[D:v[0-9]+]], i64 %[[N:v[0-9]+]], i64 %[[G:v[0-9]+]]) {
// CHECK-NEXT: bb0:
// CHECK-NEXT: %[[S0:v[0-9]+]] = insertvalue {ptr, i64, i64} undef, ptr %[[X]], 0
// CHECK-NEXT: %[[S1:v[0-9]+]] = insertvalue {ptr, i64, i64} %[[S0]], i64 %[[D]], 1
// CHECK-NEXT: %[[S2:v[0-9]+]] = insertvalue {ptr, i64, i64} %[[S1]], i64 %[[N]], 2
// CHECK-NEXT: %[[CTX:v[0-9]+]] = alloca {ptr, i64, i64}, i64 1, align 8
// CHECK-NEXT: store {ptr, i64, i64} %[[S2]], ptr %[[CTX]]
// CHECK-NEXT: call void @arignote_parallel_for(ptr @outer_chunk__chunks, ptr %[[CTX]], i64 %[[N]], i64 %[[G]])
// CHECK-LABEL: define internal void @outer_chunk(i64
// CHECK: call float @__arignote_sin_f32(float %{{v[0-9]+}}) #[[NOINLINE:[0-9]+]]
// CHECK-LABEL: define internal float @__arignote_sin_f32(float
// CHECK: call float @llvm.sin.f32(
// CHECK-LABEL: define internal void @outer_chunk__chunks(ptr %ctx, i64 %lo, i64 %hi) {
// CHECK: %s = load {ptr, i64, i64}, ptr %ctx
// CHECK: call void @outer_chunk(i64 %lo, i64 %hi, ptr %f0, i64 %f1, i64 %f2)
// CHECK-DAG: declare void @arignote_parallel_for(ptr, ptr, i64, i64)
// CHECK-DAG: attributes #[[NOINLINE]] = { noinline }
func.func @outer(%x: memref<?xf32>, %n: index, %g: index) attributes {arignote.kernel} {
  loop.parallel_for @outer_chunk(%n) grain(%g) args(%x : memref<?xf32>, %n : index)
  func.return
}
func.func @outer_chunk(%lo: index, %hi: index, %x: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c1 = arith.constant 1 : index
  "scf.parallel"(%lo, %hi, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %v = memref.load %x[%i] : memref<?xf32>
    %s = func.call @__arignote_sin_f32(%v) {no_inline} : (f32) -> f32
    memref.store %s, %x[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
func.func private @__arignote_sin_f32(%0: f32) -> f32 attributes {arignote.kernel, arignote.math_function} {
  %1 = math.sin %0 : f32
  func.return %1 : f32
}

// -----
// loop.row is the address of row i (i times the row's size); vector loads and stores
// at an element's address, a broadcast is insertelement + shufflevector, vector.fma the
// intrinsic.
// CHECK-LABEL: define void @vec(
// CHECK: %[[OFF:v[0-9]+]] = mul nsw i64 %{{v[0-9]+}}, 8
// CHECK-NEXT: %[[ROW:v[0-9]+]] = getelementptr inbounds float, ptr %{{v[0-9]+}}, i64 %[[OFF]]
// CHECK-NEXT: %[[VP:v[0-9]+]] = getelementptr inbounds float, ptr %[[ROW]], i64 0
// CHECK-NEXT: %[[V:v[0-9]+]] = load <8 x float>, ptr %[[VP]], align 4
// CHECK-NEXT: %[[L0:v[0-9]+]] = insertelement <8 x float> poison, float %{{v[0-9]+}}, i64 0
// CHECK-NEXT: %[[SPLAT:v[0-9]+]] = shufflevector <8 x float> %[[L0]], <8 x float> poison, <8 x i32> zeroinitializer
// CHECK-NEXT: %[[F:v[0-9]+]] = call <8 x float> @llvm.fma.v8f32(<8 x float> %[[V]], <8 x float> %[[SPLAT]], <8 x float> %[[V]])
// CHECK-NEXT: getelementptr inbounds float, ptr %[[ROW]], i64 0
// CHECK-NEXT: store <8 x float> %[[F]], ptr %{{v[0-9]+}}, align 4
func.func @vec(%m: memref<?x8xf32>, %i: index, %s: f32) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %r = loop.row %m[%i] : memref<?x8xf32> -> memref<8xf32>
  %v = vector.load %r[%c0] : memref<8xf32>, vector<8xf32>
  %b = vector.broadcast %s : f32 to vector<8xf32>
  %f = vector.fma %v, %b, %v : vector<8xf32>
  vector.store %f, %r[%c0] : memref<8xf32>, vector<8xf32>
  func.return
}

// -----
// vector.shuffle is shufflevector with the same mask (-1: a poison lane).
// CHECK-LABEL: define void @pairs(
// CHECK: %[[E:v[0-9]+]] = shufflevector <8 x float> %[[A:v[0-9]+]], <8 x float> %[[B:v[0-9]+]], <8 x i32> <i32 0, i32 2, i32 4, i32 6, i32 8, i32 10, i32 12, i32 14>
// CHECK-NEXT: %[[O:v[0-9]+]] = shufflevector <8 x float> %[[A]], <8 x float> %[[B]], <8 x i32> <i32 1, i32 3, i32 5, i32 7, i32 9, i32 11, i32 13, i32 poison>
// CHECK-NEXT: call <8 x float> @llvm.maximum.v8f32(<8 x float> %[[E]], <8 x float> %[[O]])
func.func @pairs(%m: memref<16xf32>) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %a = vector.load %m[%c0] : memref<16xf32>, vector<8xf32>
  %b = vector.load %m[%c8] : memref<16xf32>, vector<8xf32>
  %e = vector.shuffle %a, %b [0, 2, 4, 6, 8, 10, 12, 14] : vector<8xf32>, vector<8xf32>
  %o = vector.shuffle %a, %b [1, 3, 5, 7, 9, 11, 13, -1] : vector<8xf32>, vector<8xf32>
  %x = arith.maximumf %e, %o : vector<8xf32>
  vector.store %x, %m[%c0] : memref<16xf32>, vector<8xf32>
  func.return
}

// -----
// A cpu-blas gemm in a kernel is the call of arignote_cblas_sgemm with row-major CBLAS
// arguments: M and N from C, K from A (transposed: its rows), leading dims at least 1.
// CHECK: define void @g(ptr noalias %[[A:v[0-9]+]], i64 %[[AR:v[0-9]+]], ptr noalias %[[B:v[0-9]+]], i64 %{{v[0-9]+}}, i64 %[[BC:v[0-9]+]], ptr noalias %[[C:v[0-9]+]], i64 %[[CC:v[0-9]+]]) {
// CHECK: %[[P:v[0-9]+]] = icmp sgt i64 %[[BC]], 1
// CHECK-NEXT: %[[LDB:v[0-9]+]] = select i1 %[[P]], i64 %[[BC]], i64 1
// CHECK: call void @arignote_cblas_sgemm(i32 101, i32 112, i32 111, i64 4, i64 %[[CC]], i64 %[[AR]], float 0x3FF0000000000000, ptr %[[A]], i64 4, ptr %[[B]], i64 %[[LDB]], float 0x0000000000000000, ptr %[[C]], i64 %{{v[0-9]+}})
// CHECK: declare void @arignote_cblas_sgemm(i32, i32, i32, i64, i64, i64, float, ptr, i64, ptr, i64, float, ptr, i64)
func.func @g(%a: memref<?x4xf32>, %b: memref<?x?xf32>, %c: memref<4x?xf32>) attributes {arignote.kernel} {
  libcall.gemm ins(%a, %b : memref<?x4xf32>, memref<?x?xf32>) outs(%c : memref<4x?xf32>) transpose_a alpha = 1.0 beta = 0.0 {provider = "cpu-blas"}
  func.return
}

// -----
// An op the emitter does not write is named with its location (the compiler then takes
// the llvm-dialect path: convert-to-llvm lowers scf.while).
// ERR: emit-cpu-llvm.mlir:[[# @LINE + 3]]:{{[0-9]+}}: error: emit-cpu-llvm: 'scf.while' is not covered
func.func @w(%n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %r = scf.while (%i = %c0) : (index) -> index {
    %c = arith.cmpi slt, %i, %n : index
    scf.condition(%c) %i : index
  } do {
  ^bb0(%i: index):
    scf.yield %i : index
  }
  func.return
}
