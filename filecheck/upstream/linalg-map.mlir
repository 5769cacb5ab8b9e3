// linalg.map in upstream's short form (`{ arith.addf }`, with the payload's non-default
// properties) and long form (block arguments of the inputs and the init), on tensors and
// memrefs, round-tripped through iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP

// CHECK: linalg.map { arith.addf } ins(%{{.*}}, %{{.*}} : tensor<8xf32>, tensor<8xf32>) outs(%{{.*}} : tensor<8xf32>)
// CHECK: linalg.map ins(%{{.*}} : tensor<8xf32>) outs(%{{.*}} : tensor<8xf32>)
// CHECK-NEXT: (%{{.*}}: f32, %{{.*}}: f32) {
// CHECK: math.exp
// CHECK: arith.mulf
// CHECK: linalg.yield %{{.*}} : f32
// CHECK: linalg.map { math.absf } ins(%{{.*}} : memref<8xf32>) outs(%{{.*}} : memref<8xf32>)
// CHECK: linalg.map outs(%{{.*}} : tensor<8xf32>)
// CHECK-NEXT: (%{{.*}}: f32) {
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: linalg.map { arith.addf {fastmath = #arith.fastmath<fast>} } ins(
// UP: %mapped = linalg.map { arith.addf } ins(%arg0, %arg1 : tensor<8xf32>, tensor<8xf32>) outs(%arg2 : tensor<8xf32>)
// UP: (%in: f32, %init: f32) {
func.func @f(%a: tensor<8xf32>, %b: tensor<8xf32>, %c: tensor<8xf32>, %m: memref<8xf32>, %n: memref<8xf32>) -> tensor<8xf32> {
  %0 = linalg.map { arith.addf } ins(%a, %b : tensor<8xf32>, tensor<8xf32>) outs(%c : tensor<8xf32>)
  %1 = linalg.map ins(%0 : tensor<8xf32>) outs(%c : tensor<8xf32>)
    (%x: f32, %y: f32) {
      %e = math.exp %x : f32
      %f = arith.mulf %e, %y : f32
      linalg.yield %f : f32
    }
  linalg.map { math.absf } ins(%m : memref<8xf32>) outs(%n : memref<8xf32>)
  %2 = linalg.map outs(%c : tensor<8xf32>)
    (%y: f32) {
      %k = arith.constant 1.0 : f32
      linalg.yield %k : f32
    }
  %3 = linalg.map { arith.addf {fastmath = #arith.fastmath<fast>} } ins(%a, %b : tensor<8xf32>, tensor<8xf32>) outs(%c : tensor<8xf32>)
  return %1 : tensor<8xf32>
}
