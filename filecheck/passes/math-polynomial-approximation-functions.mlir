// RUN: arignote-opt %s -p 'math-polynomial-approximation{functions=true}' | filecheck %s
// RUN: arignote-opt %s -p 'math-polynomial-approximation{functions=true},convert-func-to-llvm' | filecheck %s --check-prefix=LLVM
// RUN: arignote-opt %s -p 'math-polynomial-approximation{functions=true},convert-to-llvm' -t llvm | filecheck %s --check-prefix=IR

// functions=true: in CPU kernels each (op, type) is expanded once per module, as a private
// function marked arignote.kernel and arignote.math_function, and every use calls it.
// Outside kernels (here a host function) the op is expanded in place.
// CHECK-LABEL: func.func @host
// CHECK-NOT: math.sin
// CHECK-NOT: func.call
// CHECK: func.return
// CHECK-LABEL: func.func @k
// CHECK: %[[A:.*]] = func.call @__arignote_sin_f32(%x) : (f32) -> f32
// CHECK-NEXT: %[[B:.*]] = func.call @__arignote_sin_f32(%[[A]]) : (f32) -> f32
// CHECK-NEXT: %[[C:.*]] = func.call @__arignote_tanh_f32(%[[B]]) : (f32) -> f32
// CHECK-NEXT: %{{.*}} = math.sin %{{.*}} : f64
// CHECK: func.func private @__arignote_sin_f32(%{{.*}}: f32) -> f32 attributes {arignote.kernel, arignote.math_function}
// CHECK-NOT: math.sin
// CHECK: func.return %{{.*}} : f32
// CHECK: func.func private @__arignote_tanh_f32(
// CHECK-NOT: func.func private @__arignote_sin_f32

// convert-func-to-llvm: the function becomes internal and always inlined; its calls and
// its return carry the value.
// LLVM: llvm.call @__arignote_sin_f32(%{{.*}}) : (f32) -> f32
// LLVM: llvm.func internal @__arignote_sin_f32(%{{.*}}: f32) -> f32 attributes {arignote.kernel, arignote.math_function, passthrough = ["alwaysinline"]}
// LLVM: llvm.return %{{.*}} : f32

// IR: call float @__arignote_sin_f32(float
// IR: define internal float @__arignote_sin_f32(float %{{.*}}) #[[G:[0-9]+]]
// IR: attributes #[[G]] = { alwaysinline }
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
