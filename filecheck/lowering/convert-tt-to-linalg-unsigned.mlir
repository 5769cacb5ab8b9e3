// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s
// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s --check-prefix=SIGNLESS

// Unsigned element types (ui8 ... ui64) take the unsigned arith ops, and every type of
// the result is signless: signatures, tensors, block arguments, constants.
// SIGNLESS-NOT: {{[^a-z_]ui(8|16|32|64)}}

// CHECK-LABEL: func.func @cmp(%a: tensor<?xi8>, %b: tensor<?xi8>) -> (tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>)
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi ule, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi ugt, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi uge, %{{.*}}, %{{.*}} : i8
func.func @cmp(%a: tensor<?xui8>, %b: tensor<?xui8>) -> (tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>) {
  %0 = tt.lt %a, %b : tensor<?xui8>
  %1 = tt.le %a, %b : tensor<?xui8>
  %2 = tt.gt %a, %b : tensor<?xui8>
  %3 = tt.ge %a, %b : tensor<?xui8>
  func.return %0, %1, %2, %3 : tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>
}

// x // 0 and x % 0 are 0 (the divisor is replaced by 1 first: no trap).
// CHECK-LABEL: func.func @divmod(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>)
// CHECK: ^{{.*}}(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[BZ:.*]] = arith.cmpi eq, %[[B]], %[[ZERO]] : i32
// CHECK-NEXT: %[[SAFE:.*]] = arith.select %[[BZ]], %[[ONE]], %[[B]] : i32
// CHECK-NEXT: %[[Q:.*]] = arith.divui %[[A]], %[[SAFE]] : i32
// CHECK-NEXT: %[[R:.*]] = arith.select %[[BZ]], %[[ZERO]], %[[Q]] : i32
// CHECK-NEXT: linalg.yield %[[R]] : i32
// CHECK: arith.remui %{{.*}}, %{{.*}} : i32
func.func @divmod(%a: tensor<4xui32>, %b: tensor<4xui32>) -> (tensor<4xui32>, tensor<4xui32>) {
  %0 = tt.int_div %a, %b : tensor<4xui32>
  %1 = tt.mod %a, %b : tensor<4xui32>
  func.return %0, %1 : tensor<4xui32>, tensor<4xui32>
}

// CHECK-LABEL: func.func @maxmin
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i16
// CHECK: arith.minui %{{.*}}, %{{.*}} : i16
func.func @maxmin(%a: tensor<4xui16>, %b: tensor<4xui16>) -> (tensor<4xui16>, tensor<4xui16>) {
  %0 = tt.maximum %a, %b : tensor<4xui16>
  %1 = tt.minimum %a, %b : tensor<4xui16>
  func.return %0, %1 : tensor<4xui16>, tensor<4xui16>
}

// abs is the identity, neg wraps (0 - x), sign is 0 or 1.
// CHECK-LABEL: func.func @absneg
// CHECK: ^{{.*}}(%[[X:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: linalg.yield %[[X]] : i8
// CHECK: ^{{.*}}(%[[Y:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : i8
// CHECK-NEXT: %[[N:.*]] = arith.subi %[[Z]], %[[Y]] : i8
// CHECK-NEXT: linalg.yield %[[N]] : i8
// CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i8
func.func @absneg(%a: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = tt.abs %a : tensor<4xui8>
  %1 = tt.neg %a : tensor<4xui8>
  %2 = tt.sign %a : tensor<4xui8>
  func.return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}

// A logical shift; an amount of the width or more gives 0.
// CHECK-LABEL: func.func @shifts
// CHECK: ^{{.*}}(%[[A:.*]]: i64, %[[B:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT: %[[W:.*]] = arith.constant 64 : i64
// CHECK-NEXT: %[[SAFE:.*]] = arith.minui %[[B]], %[[W]] : i64
// CHECK-NEXT: %[[S:.*]] = arith.shrui %[[A]], %[[SAFE]] : i64
// CHECK-NEXT: %[[BIG:.*]] = arith.cmpi uge, %[[B]], %[[W]] : i64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : i64
// CHECK-NEXT: %[[R:.*]] = arith.select %[[BIG]], %[[Z]], %[[S]] : i64
// CHECK: arith.shli %{{.*}}, %{{.*}} : i64
func.func @shifts(%a: tensor<4xui64>, %b: tensor<4xui64>) -> (tensor<4xui64>, tensor<4xui64>) {
  %0 = tt.shr %a, %b : tensor<4xui64>
  %1 = tt.shl %a, %b : tensor<4xui64>
  func.return %0, %1 : tensor<4xui64>, tensor<4xui64>
}

// CHECK-LABEL: func.func @casts(%a: tensor<4xi8>, %f: tensor<4xf32>, %d: tensor<4xf64>, %u: tensor<4xi32>, %s: tensor<4xi8>) -> (tensor<4xf32>, tensor<4xi8>, tensor<4xi64>, tensor<4xi32>, tensor<4xi32>, tensor<4xi16>)
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// float to ui8: through i64, wrapping as NumPy on x86-64
// CHECK: %[[W:.*]] = arith.fptosi %{{.*}} : f32 to i64
// CHECK-NEXT: arith.trunci %[[W]] : i64 to i8
// float to ui64: fptoui, fptosi below zero
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %{{.*}}, %{{.*}} : f64
// CHECK-NEXT: %[[SI:.*]] = arith.fptosi %{{.*}} : f64 to i64
// CHECK-NEXT: %[[UI:.*]] = arith.fptoui %{{.*}} : f64 to i64
// CHECK-NEXT: arith.select %[[NEG]], %[[SI]], %[[UI]] : i64
// CHECK: arith.extui %{{.*}} : i8 to i32
// ui32 to i32: the same bits
// CHECK: ^{{.*}}(%[[U:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: linalg.yield %[[U]] : i32
// i8 to ui16 sign-extends (NumPy: int8 -1 is uint16 65535)
// CHECK: arith.extsi %{{.*}} : i8 to i16
func.func @casts(%a: tensor<4xui8>, %f: tensor<4xf32>, %d: tensor<4xf64>, %u: tensor<4xui32>, %s: tensor<4xi8>) -> (tensor<4xf32>, tensor<4xui8>, tensor<4xui64>, tensor<4xui32>, tensor<4xi32>, tensor<4xui16>) {
  %0 = tt.cast %a : tensor<4xui8> to tensor<4xf32>
  %1 = tt.cast %f : tensor<4xf32> to tensor<4xui8>
  %2 = tt.cast %d : tensor<4xf64> to tensor<4xui64>
  %3 = tt.cast %a : tensor<4xui8> to tensor<4xui32>
  %4 = tt.cast %u : tensor<4xui32> to tensor<4xi32>
  %5 = tt.cast %s : tensor<4xi8> to tensor<4xui16>
  func.return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xui8>, tensor<4xui64>, tensor<4xui32>, tensor<4xi32>, tensor<4xui16>
}

// max starts from 0, min from 255 (-1 as a signless i8), argmax compares unsigned.
// CHECK-LABEL: func.func @reduce(%a: tensor<?x3xi8>) -> (tensor<3xi8>, tensor<?xi8>, tensor<?xi64>)
// CHECK: arith.constant 0 : i8
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK: arith.constant -1 : i8
// CHECK: arith.minui %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi ugt, %{{.*}}, %{{.*}} : i8
func.func @reduce(%a: tensor<?x3xui8>) -> (tensor<3xui8>, tensor<?xui8>, tensor<?xi64>) {
  %0 = tt.reduce max %a axes [0] : tensor<?x3xui8> -> tensor<3xui8>
  %1 = tt.reduce min %a axes [1] : tensor<?x3xui8> -> tensor<?xui8>
  %2 = tt.reduce argmax %a axes [1] : tensor<?x3xui8> -> tensor<?xi64>
  func.return %0, %1, %2 : tensor<3xui8>, tensor<?xui8>, tensor<?xi64>
}

// A constant keeps its bytes: 200 and 255 are -56 and -1 as signless i8.
// CHECK-LABEL: func.func @const(%a: tensor<3xi8>) -> tensor<3xi8>
// CHECK: arith.constant dense<[-56, 1, -1]> : tensor<3xi8>
func.func @const(%a: tensor<3xui8>) -> tensor<3xui8> {
  %c = tt.constant dense<[200, 1, 255]> : tensor<3xui8>
  %0 = tt.add %a, %c : tensor<3xui8>
  func.return %0 : tensor<3xui8>
}

// Unsigned indices are zero-extended; the bounds check needs no negative side.
// CHECK-LABEL: func.func @index(%x: tensor<?x4xf32>, %i: tensor<?xi8>, %n: tensor<i16>) -> (tensor<?x4xf32>, index)
// CHECK: ^{{.*}}(%[[V:.*]]: i8, %{{.*}}: i64):
// CHECK-NEXT: %[[E:.*]] = arith.extui %[[V]] : i8 to i64
// CHECK-NEXT: %[[I:.*]] = arith.index_cast %[[E]] : i64 to index
// CHECK-NEXT: arith.cmpi uge, %[[I]], %{{.*}} : index
// CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: index {{.*}} is out of bounds for a dim of size {{.*}}"
// CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: index {{.*}} is out of bounds (an unsigned index >= 2**63, as int64)"
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: %[[S:.*]] = tensor.extract %n[] : tensor<i16>
// CHECK-NEXT: %[[SE:.*]] = arith.extui %[[S]] : i16 to i64
// CHECK-NEXT: %k = arith.index_cast %[[SE]] : i64 to index
func.func @index(%x: tensor<?x4xf32>, %i: tensor<?xui8>, %n: tensor<ui16>) -> (tensor<?x4xf32>, index) {
  %t = tt.take %x [%i] axis 0 : tensor<?x4xf32>, tensor<?xui8> -> tensor<?x4xf32>
  %k = tt.to_index %n : tensor<ui16>
  func.return %t, %k : tensor<?x4xf32>, index
}

// A rank-0 unsigned op is a kernel, not host arithmetic (the host sees signless ints).
// CHECK-LABEL: func.func @rank0
// CHECK: linalg.generic
// CHECK: arith.divui
func.func @rank0(%a: tensor<ui8>, %b: tensor<ui8>) -> tensor<ui8> {
  %0 = tt.int_div %a, %b : tensor<ui8>
  func.return %0 : tensor<ui8>
}
