// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// tt ops on unsigned tensors (builtin ui8 ... ui64) verify and round-trip through the
// custom and the generic forms; constants keep values above the signed maximum.

// CHECK-LABEL: func.func @elementwise(%a: tensor<?x4xui8>, %b: tensor<?x4xui8>, %w: tensor<3xui64>)
// GENERIC-LABEL: sym_name = "elementwise"
func.func @elementwise(%a: tensor<?x4xui8>, %b: tensor<?x4xui8>, %w: tensor<3xui64>) {
  // CHECK-NEXT: %s = tt.add %a, %b : tensor<?x4xui8>
  // GENERIC: %s = "tt.add"(%a, %b) : (tensor<?x4xui8>, tensor<?x4xui8>) -> tensor<?x4xui8>
  %s = tt.add %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %d = tt.int_div %a, %b : tensor<?x4xui8>
  // GENERIC: %d = "tt.int_div"(%a, %b) : (tensor<?x4xui8>, tensor<?x4xui8>) -> tensor<?x4xui8>
  %d = tt.int_div %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %m = tt.mod %a, %b : tensor<?x4xui8>
  %m = tt.mod %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %n = tt.neg %a : tensor<?x4xui8>
  // GENERIC: %n = "tt.neg"(%a) : (tensor<?x4xui8>) -> tensor<?x4xui8>
  %n = tt.neg %a : tensor<?x4xui8>
  // CHECK-NEXT: %x = tt.maximum %a, %b : tensor<?x4xui8>
  %x = tt.maximum %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %r = tt.shr %a, %b : tensor<?x4xui8>
  %r = tt.shr %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %o = tt.xor %a, %b : tensor<?x4xui8>
  %o = tt.xor %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %lt = tt.lt %a, %b : tensor<?x4xui8>
  // GENERIC: %lt = "tt.lt"(%a, %b) : (tensor<?x4xui8>, tensor<?x4xui8>) -> tensor<?x4xi1>
  %lt = tt.lt %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %sel = tt.where %lt, %a, %b : tensor<?x4xui8>
  %sel = tt.where %lt, %a, %b : tensor<?x4xui8>
  // CHECK-NEXT: %f = tt.cast %a : tensor<?x4xui8> to tensor<?x4xf32>
  // GENERIC: %f = "tt.cast"(%a) : (tensor<?x4xui8>) -> tensor<?x4xf32>
  %f = tt.cast %a : tensor<?x4xui8> to tensor<?x4xf32>
  // CHECK-NEXT: %u = tt.cast %f : tensor<?x4xf32> to tensor<?x4xui16>
  %u = tt.cast %f : tensor<?x4xf32> to tensor<?x4xui16>
  // CHECK-NEXT: %c = tt.constant dense<[18446744073709551615, 9223372036854775808, 0]> : tensor<3xui64>
  // GENERIC: %c = "tt.constant"() <{value = dense<[18446744073709551615, 9223372036854775808, 0]> : tensor<3xui64>}> : () -> tensor<3xui64>
  %c = tt.constant dense<[18446744073709551615, 9223372036854775808, 0]> : tensor<3xui64>
  // CHECK-NEXT: %wc = tt.add %w, %c : tensor<3xui64>
  %wc = tt.add %w, %c : tensor<3xui64>
  func.return
}

// CHECK-LABEL: func.func @structural(%x: tensor<?x3xui8>, %i: tensor<?xui32>, %k: tensor<ui16>)
func.func @structural(%x: tensor<?x3xui8>, %i: tensor<?xui32>, %k: tensor<ui16>) {
  // CHECK-NEXT: %s = tt.reduce sum %x axes [0] : tensor<?x3xui8> -> tensor<3xui8>
  // GENERIC: %s = "tt.reduce"(%x) <{kind = "sum", axes = array<i64: 0>}> : (tensor<?x3xui8>) -> tensor<3xui8>
  %s = tt.reduce sum %x axes [0] : tensor<?x3xui8> -> tensor<3xui8>
  // CHECK-NEXT: %am = tt.reduce argmax %x axes [1] : tensor<?x3xui8> -> tensor<?xi64>
  %am = tt.reduce argmax %x axes [1] : tensor<?x3xui8> -> tensor<?xi64>
  // CHECK-NEXT: %t = tt.transpose %x perm [1, 0] : tensor<?x3xui8> -> tensor<3x?xui8>
  %t = tt.transpose %x perm [1, 0] : tensor<?x3xui8> -> tensor<3x?xui8>
  // CHECK-NEXT: %g = tt.take %x [%i] axis 0 : tensor<?x3xui8>, tensor<?xui32> -> tensor<?x3xui8>
  // GENERIC: %g = "tt.take"(%x, %i) <{axis = 0 : i64}> : (tensor<?x3xui8>, tensor<?xui32>) -> tensor<?x3xui8>
  %g = tt.take %x [%i] axis 0 : tensor<?x3xui8>, tensor<?xui32> -> tensor<?x3xui8>
  // CHECK-NEXT: %n = tt.to_index %k : tensor<ui16>
  %n = tt.to_index %k : tensor<ui16>
  // CHECK-NEXT: %b = tt.broadcast %k dims [] sizes(%n) : tensor<ui16> -> tensor<?xui16>
  %b = tt.broadcast %k dims [] sizes(%n) : tensor<ui16> -> tensor<?xui16>
  func.return
}
