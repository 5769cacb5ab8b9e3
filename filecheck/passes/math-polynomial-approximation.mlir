// RUN: arignote-opt %s -p math-polynomial-approximation | filecheck %s
// RUN: arignote-opt %s -p 'math-polynomial-approximation{ops=tanh,"math.log"}' | filecheck %s --check-prefix=ONLY
// RUN: not arignote-opt %s -p 'math-polynomial-approximation{ops=exp,sqrt}' 2>&1 | filecheck %s --check-prefix=BADOP

// BADOP: error: math-polynomial-approximation: unknown op 'sqrt' in ops= (supported: exp, expm1, log, log2, log1p, sin, cos, tanh, erf, atan)

// exp: clamp, k by the magic number 0x4B400000 (1.5 * 2^23), Cody-Waite with fma,
// a polynomial, and the scale 2^k built from exponent bits in two halves.
// CHECK-LABEL: func.func @exp_f32
// CHECK-SAME:    (%[[X:.*]]: f32) -> f32
// CHECK-NOT:     math.exp
// CHECK:         %[[LO:.*]] = arith.maximumf %[[X]], %{{.*}} : f32
// CHECK:         %[[C:.*]] = arith.minimumf %[[LO]], %{{.*}} : f32
// CHECK:         %[[T:.*]] = math.fma %[[C]], %{{.*}}, %{{.*}} : f32
// CHECK:         %[[KI:.*]] = arith.bitcast %[[T]] : f32 to i32
// CHECK:         %[[K1:.*]] = arith.shrsi %{{.*}}, %{{.*}} : i32
// CHECK:         arith.shli %{{.*}}, %{{.*}} : i32
// CHECK:         %[[S1:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK:         %[[PS:.*]] = arith.mulf %{{.*}}, %[[S1]] : f32
// CHECK:         arith.shli %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:    %[[S2:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK-NEXT:    %[[Y:.*]] = arith.mulf %[[PS]], %[[S2]] : f32
// CHECK-NEXT:    func.return %[[Y]] : f32
func.func @exp_f32(%x: f32) -> f32 {
  %y = math.exp %x : f32
  func.return %y : f32
}

// log: the special cases are selects on cmpf, NaN for x < 0 or NaN (ult).
// CHECK-LABEL: func.func @log_f32
// CHECK-SAME:    (%[[X:.*]]: f32) -> f32
// CHECK-NOT:     math.log
// CHECK:         arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK:         arith.sitofp %{{.*}} : i32 to f32
// CHECK:         arith.cmpf oeq, %[[X]], %{{.*}} : f32
// CHECK:         %[[NEG:.*]] = arith.cmpf ult, %[[X]], %{{.*}} : f32
// CHECK:         %[[NAN:.*]] = arith.constant 0x7fc00000 : f32
// CHECK:         %[[Y:.*]] = arith.select %[[NEG]], %[[NAN]], %{{.*}} : f32
// CHECK-NEXT:    func.return %[[Y]] : f32
func.func @log_f32(%x: f32) -> f32 {
  %y = math.log %x : f32
  func.return %y : f32
}

// sin: three fma steps of Cody-Waite reduction, quadrant from the low bits of k,
// clamped to [-1, 1] at the end.
// CHECK-LABEL: func.func @sin_f32
// CHECK-SAME:    (%[[X:.*]]: f32) -> f32
// CHECK-NOT:     math.sin
// CHECK:         %[[R1:.*]] = math.fma %{{.*}}, %{{.*}}, %[[X]] : f32
// CHECK:         %[[R2:.*]] = math.fma %{{.*}}, %{{.*}}, %[[R1]] : f32
// CHECK:         %[[R3:.*]] = math.fma %{{.*}}, %{{.*}}, %[[R2]] : f32
// CHECK:         math.copysign %{{.*}}, %[[R3]] : f32
// CHECK:         arith.cmpi ne, %{{.*}}, %{{.*}} : i32
// CHECK:         arith.xori %{{.*}}, %{{.*}} : i32
// CHECK:         arith.maximumf
// CHECK:         %[[Y:.*]] = arith.minimumf
// CHECK-NEXT:    func.return %[[Y]] : f32
func.func @sin_f32(%x: f32) -> f32 {
  %y = math.sin %x : f32
  func.return %y : f32
}

// every supported op on f32 is expanded; uses are rewired to the expansions
// CHECK-LABEL: func.func @chain
// CHECK-NOT:     math.{{(exp|expm1|log|log2|log1p|sin|cos|tanh|erf|atan)}} 
// CHECK:         func.return
func.func @chain(%x: f32) -> f32 {
  %a = math.exp %x : f32
  %b = math.expm1 %a : f32
  %c = math.log %b : f32
  %d = math.log2 %c : f32
  %e = math.log1p %d : f32
  %f = math.sin %e : f32
  %g = math.cos %f : f32
  %h = math.tanh %g : f32
  %i = math.erf %h : f32
  %j = math.atan %i : f32
  func.return %j : f32
}

// vectors of f32: conditions are i32 lane masks, choices are bitwise
// CHECK-LABEL: func.func @tanh_vector
// CHECK-SAME:    (%[[X:.*]]: vector<8xf32>) -> vector<8xf32>
// CHECK-NOT:     math.tanh
// CHECK-NOT:     arith.select
// CHECK:         arith.shrsi %{{.*}}, %{{.*}} : vector<8xi32>
// CHECK:         arith.xori %{{.*}}, %{{.*}} : vector<8xi32>
// CHECK:         %[[Y:.*]] = math.copysign %{{.*}}, %[[X]] : vector<8xf32>
// CHECK-NEXT:    func.return %[[Y]] : vector<8xf32>
func.func @tanh_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %y = math.tanh %x : vector<8xf32>
  func.return %y : vector<8xf32>
}

// f64 and f16 ops (libm calls / widening on the CPU) and other math ops stay
// CHECK-LABEL: func.func @untouched
// CHECK-NEXT:    math.exp %{{.*}} : f64
// CHECK-NEXT:    math.sin %{{.*}} : f64
// CHECK-NEXT:    math.tanh %{{.*}} : f16
// CHECK-NEXT:    math.sqrt %{{.*}} : f32
// CHECK-NEXT:    math.exp %{{.*}} : tensor<4xf32>
// CHECK-NEXT:    func.return
func.func @untouched(%d: f64, %h: f16, %x: f32, %t: tensor<4xf32>) -> (f64, f64, f16, f32, tensor<4xf32>) {
  %a = math.exp %d : f64
  %b = math.sin %d : f64
  %c = math.tanh %h : f16
  %e = math.sqrt %x : f32
  %f = math.exp %t : tensor<4xf32>
  func.return %a, %b, %c, %e, %f : f64, f64, f16, f32, tensor<4xf32>
}

// ops= restricts the rewrite to the named ops (short or math.-prefixed names)
// ONLY-LABEL: func.func @exp_f32
// ONLY:         math.exp
// ONLY-LABEL: func.func @log_f32
// ONLY-NOT:     math.log
// ONLY-LABEL: func.func @sin_f32
// ONLY:         math.sin
// ONLY-LABEL: func.func @chain
// ONLY:         math.exp
// ONLY:         math.sin
// ONLY-NOT:     math.tanh
// ONLY:         math.erf
// ONLY-LABEL: func.func @tanh_vector
// ONLY-NOT:     math.tanh
// ONLY:         func.return
