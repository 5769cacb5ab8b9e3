// RUN: arignote-opt %s -p convert-tt-to-linalg --split-input-file | filecheck %s

// Every elementwise tt op: the scalar body of its linalg.generic (the semantics the
// NumPy reference fixes: integer division rounds toward -inf and x // 0 is 0, shifts by
// a negative amount or the width or more give 0 (or -1 for >> of a negative), round is
// half-to-even, comparisons on floats are ordered except !=).

// CHECK-LABEL: func.func @neg
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = arith.negf %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @neg(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.neg %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @abs
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.absf %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @abs(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.abs %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @exp
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.exp %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @exp(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.exp %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @log
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.log %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @log(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.log %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @log1p
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.log1p %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @log1p(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.log1p %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @sqrt
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.sqrt %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @sqrt(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.sqrt %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @sin
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.sin %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @sin(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.sin %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @cos
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.cos %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @cos(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.cos %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @tanh
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.tanh %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @tanh(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.tanh %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @sigmoid
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[V3:.*]] = arith.negf %[[V0]] : f32
// CHECK-NEXT: %[[V4:.*]] = math.exp %[[V3]] : f32
// CHECK-NEXT: %[[V5:.*]] = arith.addf %[[V2]], %[[V4]] : f32
// CHECK-NEXT: %[[V6:.*]] = arith.divf %[[V2]], %[[V5]] : f32
// CHECK-NEXT: linalg.yield %[[V6]] : f32
func.func @sigmoid(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.sigmoid %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @expm1
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.expm1 %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @expm1(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.expm1 %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @erf
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.erf %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @erf(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.erf %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @softplus
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[V3:.*]] = arith.maximumf %[[V0]], %[[V2]] : f32
// CHECK-NEXT: %[[V4:.*]] = math.absf %[[V0]] : f32
// CHECK-NEXT: %[[V5:.*]] = arith.negf %[[V4]] : f32
// CHECK-NEXT: %[[V6:.*]] = math.exp %[[V5]] : f32
// CHECK-NEXT: %[[V7:.*]] = math.log1p %[[V6]] : f32
// CHECK-NEXT: %[[V8:.*]] = arith.addf %[[V3]], %[[V7]] : f32
// CHECK-NEXT: linalg.yield %[[V8]] : f32
func.func @softplus(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.softplus %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @floor
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.floor %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @floor(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.floor %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @ceil
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.ceil %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @ceil(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.ceil %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @round
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = math.roundeven %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : f32
func.func @round(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.round %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @sign
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32):
// CHECK-NEXT: %[[V2:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[V3:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[V4:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-NEXT: %[[V5:.*]] = arith.cmpf oeq, %[[V0]], %[[V2]] : f32
// CHECK-NEXT: %[[V6:.*]] = arith.select %[[V5]], %[[V2]], %[[V0]] : f32
// CHECK-NEXT: %[[V7:.*]] = arith.cmpf olt, %[[V0]], %[[V2]] : f32
// CHECK-NEXT: %[[V8:.*]] = arith.select %[[V7]], %[[V4]], %[[V6]] : f32
// CHECK-NEXT: %[[V9:.*]] = arith.cmpf ogt, %[[V0]], %[[V2]] : f32
// CHECK-NEXT: %[[V10:.*]] = arith.select %[[V9]], %[[V3]], %[[V8]] : f32
// CHECK-NEXT: linalg.yield %[[V10]] : f32
func.func @sign(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.sign %a : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @isnan
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: i1):
// CHECK-NEXT: %[[V2:.*]] = arith.cmpf uno, %[[V0]], %[[V0]] : f32
// CHECK-NEXT: linalg.yield %[[V2]] : i1
func.func @isnan(%a: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.isnan %a : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @isinf
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: i1):
// CHECK-NEXT: %[[V2:.*]] = arith.constant 0x7f800000 : f32
// CHECK-NEXT: %[[V3:.*]] = math.absf %[[V0]] : f32
// CHECK-NEXT: %[[V4:.*]] = arith.cmpf oeq, %[[V3]], %[[V2]] : f32
// CHECK-NEXT: linalg.yield %[[V4]] : i1
func.func @isinf(%a: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.isinf %a : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @not
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32):
// CHECK-NEXT: %[[V2:.*]] = arith.constant -1 : i32
// CHECK-NEXT: %[[V3:.*]] = arith.xori %[[V0]], %[[V2]] : i32
// CHECK-NEXT: linalg.yield %[[V3]] : i32
func.func @not(%a: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.not %a : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @add
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: f32):
// CHECK-NEXT: %[[V3:.*]] = arith.addf %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : f32
func.func @add(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.add %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @sub
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: f32):
// CHECK-NEXT: %[[V3:.*]] = arith.subf %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : f32
func.func @sub(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.sub %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @mul
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: f32):
// CHECK-NEXT: %[[V3:.*]] = arith.mulf %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : f32
func.func @mul(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.mul %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @true_div
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: f32):
// CHECK-NEXT: %[[V3:.*]] = arith.divf %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : f32
func.func @true_div(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.true_div %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @pow
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: f32):
// CHECK-NEXT: %[[V3:.*]] = math.powf %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : f32
func.func @pow(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.pow %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @maximum
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: f32):
// CHECK-NEXT: %[[V3:.*]] = arith.maximumf %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : f32
func.func @maximum(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.maximum %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @minimum
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: f32):
// CHECK-NEXT: %[[V3:.*]] = arith.minimumf %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : f32
func.func @minimum(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.minimum %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @int_div_i
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32, %[[V2:.*]]: i32):
// CHECK-NEXT: %[[V3:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[V4:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[V5:.*]] = arith.constant -1 : i32
// CHECK-NEXT: %[[V6:.*]] = arith.cmpi eq, %[[V1]], %[[V3]] : i32
// CHECK-NEXT: %[[V7:.*]] = arith.cmpi eq, %[[V1]], %[[V5]] : i32
// CHECK-NEXT: %[[V8:.*]] = arith.ori %[[V6]], %[[V7]] : i1
// CHECK-NEXT: %[[V9:.*]] = arith.select %[[V8]], %[[V4]], %[[V1]] : i32
// CHECK-NEXT: %[[V10:.*]] = arith.floordivsi %[[V0]], %[[V9]] : i32
// CHECK-NEXT: %[[V11:.*]] = arith.subi %[[V3]], %[[V0]] : i32
// CHECK-NEXT: %[[V12:.*]] = arith.select %[[V7]], %[[V11]], %[[V10]] : i32
// CHECK-NEXT: %[[V13:.*]] = arith.select %[[V6]], %[[V3]], %[[V12]] : i32
// CHECK-NEXT: linalg.yield %[[V13]] : i32
func.func @int_div_i(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.int_div %a, %b : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @mod_i
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32, %[[V2:.*]]: i32):
// CHECK-NEXT: %[[V3:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[V4:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[V5:.*]] = arith.constant -1 : i32
// CHECK-NEXT: %[[V6:.*]] = arith.cmpi eq, %[[V1]], %[[V3]] : i32
// CHECK-NEXT: %[[V7:.*]] = arith.cmpi eq, %[[V1]], %[[V5]] : i32
// CHECK-NEXT: %[[V8:.*]] = arith.ori %[[V6]], %[[V7]] : i1
// CHECK-NEXT: %[[V9:.*]] = arith.select %[[V8]], %[[V4]], %[[V1]] : i32
// CHECK-NEXT: %[[V10:.*]] = arith.remsi %[[V0]], %[[V9]] : i32
// CHECK-NEXT: %[[V11:.*]] = arith.cmpi ne, %[[V10]], %[[V3]] : i32
// CHECK-NEXT: %[[V12:.*]] = arith.xori %[[V10]], %[[V9]] : i32
// CHECK-NEXT: %[[V13:.*]] = arith.cmpi slt, %[[V12]], %[[V3]] : i32
// CHECK-NEXT: %[[V14:.*]] = arith.andi %[[V11]], %[[V13]] : i1
// CHECK-NEXT: %[[V15:.*]] = arith.addi %[[V10]], %[[V9]] : i32
// CHECK-NEXT: %[[V16:.*]] = arith.select %[[V14]], %[[V15]], %[[V10]] : i32
// CHECK-NEXT: linalg.yield %[[V16]] : i32
func.func @mod_i(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.mod %a, %b : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @and_i
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32, %[[V2:.*]]: i32):
// CHECK-NEXT: %[[V3:.*]] = arith.andi %[[V0]], %[[V1]] : i32
// CHECK-NEXT: linalg.yield %[[V3]] : i32
func.func @and_i(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.and %a, %b : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @or_i
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32, %[[V2:.*]]: i32):
// CHECK-NEXT: %[[V3:.*]] = arith.ori %[[V0]], %[[V1]] : i32
// CHECK-NEXT: linalg.yield %[[V3]] : i32
func.func @or_i(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.or %a, %b : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @xor_i
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32, %[[V2:.*]]: i32):
// CHECK-NEXT: %[[V3:.*]] = arith.xori %[[V0]], %[[V1]] : i32
// CHECK-NEXT: linalg.yield %[[V3]] : i32
func.func @xor_i(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.xor %a, %b : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @shl_i
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32, %[[V2:.*]]: i32):
// CHECK-NEXT: %[[V3:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[V4:.*]] = arith.cmpi slt, %[[V1]], %[[V3]] : i32
// CHECK-NEXT: %[[V5:.*]] = arith.constant 32 : i32
// CHECK-NEXT: %[[V6:.*]] = arith.cmpi sge, %[[V1]], %[[V5]] : i32
// CHECK-NEXT: %[[V7:.*]] = arith.ori %[[V4]], %[[V6]] : i1
// CHECK-NEXT: %[[V8:.*]] = arith.constant 32 : i32
// CHECK-NEXT: %[[V9:.*]] = arith.minui %[[V1]], %[[V8]] : i32
// CHECK-NEXT: %[[V10:.*]] = arith.shli %[[V0]], %[[V9]] : i32
// CHECK-NEXT: %[[V11:.*]] = arith.select %[[V7]], %[[V3]], %[[V10]] : i32
// CHECK-NEXT: linalg.yield %[[V11]] : i32
func.func @shl_i(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.shl %a, %b : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @shr_i
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i32, %[[V1:.*]]: i32, %[[V2:.*]]: i32):
// CHECK-NEXT: %[[V3:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[V4:.*]] = arith.cmpi slt, %[[V1]], %[[V3]] : i32
// CHECK-NEXT: %[[V5:.*]] = arith.constant 32 : i32
// CHECK-NEXT: %[[V6:.*]] = arith.cmpi sge, %[[V1]], %[[V5]] : i32
// CHECK-NEXT: %[[V7:.*]] = arith.ori %[[V4]], %[[V6]] : i1
// CHECK-NEXT: %[[V8:.*]] = arith.constant 32 : i32
// CHECK-NEXT: %[[V9:.*]] = arith.minui %[[V1]], %[[V8]] : i32
// CHECK-NEXT: %[[V10:.*]] = arith.cmpi slt, %[[V0]], %[[V3]] : i32
// CHECK-NEXT: %[[V11:.*]] = arith.constant -1 : i32
// CHECK-NEXT: %[[V12:.*]] = arith.select %[[V10]], %[[V11]], %[[V3]] : i32
// CHECK-NEXT: %[[V13:.*]] = arith.shrsi %[[V0]], %[[V9]] : i32
// CHECK-NEXT: %[[V14:.*]] = arith.select %[[V7]], %[[V12]], %[[V13]] : i32
// CHECK-NEXT: linalg.yield %[[V14]] : i32
func.func @shr_i(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %r = tt.shr %a, %b : tensor<?xi32>
  func.return %r : tensor<?xi32>
}

// -----

// CHECK-LABEL: func.func @eq
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: i1):
// CHECK-NEXT: %[[V3:.*]] = arith.cmpf oeq, %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : i1
func.func @eq(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.eq %a, %b : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @ne
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: i1):
// CHECK-NEXT: %[[V3:.*]] = arith.cmpf une, %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : i1
func.func @ne(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.ne %a, %b : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @lt
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: i1):
// CHECK-NEXT: %[[V3:.*]] = arith.cmpf olt, %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : i1
func.func @lt(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.lt %a, %b : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @le
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: i1):
// CHECK-NEXT: %[[V3:.*]] = arith.cmpf ole, %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : i1
func.func @le(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.le %a, %b : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @gt
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: i1):
// CHECK-NEXT: %[[V3:.*]] = arith.cmpf ogt, %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : i1
func.func @gt(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.gt %a, %b : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @ge
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: f32, %[[V1:.*]]: f32, %[[V2:.*]]: i1):
// CHECK-NEXT: %[[V3:.*]] = arith.cmpf oge, %[[V0]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[V3]] : i1
func.func @ge(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xi1> {
  %r = tt.ge %a, %b : tensor<?xf32>
  func.return %r : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @where
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[V0:.*]]: i1, %[[V1:.*]]: f32, %[[V2:.*]]: f32, %[[V3:.*]]: f32):
// CHECK-NEXT: %[[V4:.*]] = arith.select %[[V0]], %[[V1]], %[[V2]] : f32
// CHECK-NEXT: linalg.yield %[[V4]] : f32
func.func @where(%c: tensor<?xi1>, %a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = tt.where %c, %a, %b : tensor<?xf32>
  func.return %r : tensor<?xf32>
}
