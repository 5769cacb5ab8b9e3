// RUN: arignote-opt %s -p 'math-polynomial-approximation{functions=true}' | filecheck %s
// RUN: arignote-opt %s -p 'math-polynomial-approximation{functions=true},convert-func-to-llvm' | filecheck %s --check-prefix=LLVM
// RUN: arignote-opt %s -p 'math-polynomial-approximation{functions=true},convert-to-llvm' -t llvm | filecheck %s --check-prefix=IR

// functions=true: in CPU kernels each (op, type) is expanded once per module, as a private
// function marked arignote.kernel and arignote.math_function, and every use calls it;
// in a kernel with few calls (fewer than 16) the calls are always_inline.  Outside
// kernels (here a host function) the op is expanded in place.
// CHECK-LABEL: func.func @host
// CHECK-NOT: math.sin
// CHECK-NOT: func.call
// CHECK: func.return
// CHECK-LABEL: func.func @k
// CHECK: %[[A:.*]] = func.call @__arignote_sin_f32(%x) {always_inline} : (f32) -> f32
// CHECK-NEXT: %[[B:.*]] = func.call @__arignote_sin_f32(%[[A]]) {always_inline} : (f32) -> f32
// CHECK-NEXT: %[[C:.*]] = func.call @__arignote_tanh_f32(%[[B]]) {always_inline} : (f32) -> f32
// CHECK-NEXT: %{{.*}} = math.sin %{{.*}} : f64
// CHECK-LABEL: func.func @many
// CHECK-COUNT-16: func.call @__arignote_exp_f32(%{{.*}}) {no_inline, arignote.vector_variants = "_ZGV_LLVM_N4v___arignote_exp_f32(__arignote_exp_v4f32),_ZGV_LLVM_N8v___arignote_exp_f32(__arignote_exp_v8f32),_ZGV_LLVM_N16v___arignote_exp_f32(__arignote_exp_v16f32)"} : (f32) -> f32
// CHECK: func.func private @__arignote_sin_f32(%{{.*}}: f32) -> f32 attributes {arignote.kernel, arignote.math_function}
// CHECK-NOT: math.sin
// CHECK: func.return %{{.*}} : f32
// CHECK: func.func private @__arignote_tanh_f32(
// CHECK: func.func private @__arignote_exp_f32(
// CHECK: func.func private @__arignote_exp_v4f32(%{{.*}}: vector<4xf32>) -> vector<4xf32> attributes {arignote.kernel, arignote.math_function, arignote.vector_variant}
// CHECK: func.func private @__arignote_exp_v8f32(
// CHECK: func.func private @__arignote_exp_v16f32(
// CHECK-NOT: func.func private @__arignote_sin_f32

// convert-func-to-llvm: the functions become internal llvm.funcs, the vector variants
// weak_odr; the calls keep their marks and the return carries the value.
// LLVM: llvm.call @__arignote_sin_f32(%{{.*}}) {always_inline} : (f32) -> f32
// LLVM: llvm.func internal @__arignote_sin_f32(%{{.*}}: f32) -> f32 attributes {arignote.kernel, arignote.math_function}
// LLVM: llvm.return %{{.*}} : f32
// LLVM: llvm.func weak_odr @__arignote_exp_v4f32(

// IR: call float @__arignote_sin_f32(float %{{.*}}) #[[INL:[0-9]+]]
// IR: call float @__arignote_exp_f32(float %{{.*}}) #[[VEC:[0-9]+]]
// IR: define internal float @__arignote_sin_f32(float %{{.*}}) {
// IR: define weak_odr <16 x float> @__arignote_exp_v16f32(<16 x float> %{{.*}}) {
// IR-DAG: attributes #[[INL]] = { alwaysinline }
// IR-DAG: attributes #[[VEC]] = { noinline "vector-function-abi-variant"="_ZGV_LLVM_N4v___arignote_exp_f32(__arignote_exp_v4f32),_ZGV_LLVM_N8v___arignote_exp_f32(__arignote_exp_v8f32),_ZGV_LLVM_N16v___arignote_exp_f32(__arignote_exp_v16f32)" }
func.func @host(%x: f32) -> f32 {
  %s = math.sin %x : f32
  func.return %s : f32
}

func.func @k(%x: f32, %y: f64, %out: memref<2xf32>, %out64: memref<f64>) attributes {arignote.kernel} {
  %a = math.sin %x : f32
  %b = math.sin %a : f32
  %c = math.tanh %b : f32
  %d = math.sin %y : f64
  %c0 = arith.constant 0 : index
  memref.store %c, %out[%c0] : memref<2xf32>
  memref.store %d, %out64[] : memref<f64>
  func.return
}

func.func @many(%x: f32, %out: memref<f32>) attributes {arignote.kernel} {
  %a0 = math.exp %x : f32
  %a1 = math.exp %a0 : f32
  %a2 = math.exp %a1 : f32
  %a3 = math.exp %a2 : f32
  %a4 = math.exp %a3 : f32
  %a5 = math.exp %a4 : f32
  %a6 = math.exp %a5 : f32
  %a7 = math.exp %a6 : f32
  %a8 = math.exp %a7 : f32
  %a9 = math.exp %a8 : f32
  %a10 = math.exp %a9 : f32
  %a11 = math.exp %a10 : f32
  %a12 = math.exp %a11 : f32
  %a13 = math.exp %a12 : f32
  %a14 = math.exp %a13 : f32
  %a15 = math.exp %a14 : f32
  memref.store %a15, %out[] : memref<f32>
  func.return
}
