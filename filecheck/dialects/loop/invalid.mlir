// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every verifier diagnostic of loop.scan, loop.if, loop.row and loop.parallel_for (one per chunk).

func.func @f(%n: index, %x: index) {
  %h = "loop.scan"(%n, %x) <{callee = @b, taps = [], operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (index, index) -> tensor<?xf64>
  func.return
}
// CHECK: error: {{.*}}sequence 0 must be a tensor or memref, got index

// -----
func.func @f(%n: index, %x: tensor<1xf64>) {
  %h = "loop.scan"(%n, %x) <{callee = @b, taps = [], operandSegmentSizes = array<i32: 1, 0, 1, 0>}> : (index, tensor<1xf64>) -> tensor<?xf64>
  func.return
}
// CHECK: error: {{.*}}1 states but 0 tap lists

// -----
func.func @f(%n: index, %x: tensor<1xf64>) {
  "loop.scan"(%n, %x) <{callee = @b, taps = [array<i64: -1>], operandSegmentSizes = array<i32: 1, 0, 1, 0>}> : (index, tensor<1xf64>) -> ()
  func.return
}
// CHECK: error: {{.*}}0 results for 1 states

// -----
func.func @f(%c: tensor<2xi1>) {
  "loop.if"(%c) <{then_callee = @a, else_callee = @b}> : (tensor<2xi1>) -> ()
  func.return
}
// CHECK: error: {{.*}}the condition must be rank 0 i1, got tensor<2xi1>

// -----
func.func @f(%b: memref<f32>, %i: index) {
  %r = "loop.row"(%b, %i) : (memref<f32>, index) -> memref<f32>
  func.return
}
// CHECK: error: {{.*}}the buffer memref<f32> has no rows (rank 0)

// -----
func.func @f(%b: memref<?x4xf32, strided<[8, 1]>>, %i: index) {
  %r = "loop.row"(%b, %i) : (memref<?x4xf32, strided<[8, 1]>>, index) -> memref<4xf32>
  func.return
}
// CHECK: error: {{.*}}buffer memref<?x4xf32, strided<[8, 1]>> and row memref<4xf32> must have the identity layout

// -----
func.func @f(%b: memref<?x4xf32>, %i: index) {
  %r = "loop.row"(%b, %i) : (memref<?x4xf32>, index) -> memref<4xf64>
  func.return
}
// CHECK: error: {{.*}}the row memref<4xf64> must have the element type and memory space of the buffer memref<?x4xf32>

// -----
func.func @f(%b: memref<?x4xf32>, %i: index) {
  %r = "loop.row"(%b, %i) : (memref<?x4xf32>, index) -> memref<5xf32>
  func.return
}
// CHECK: error: {{.*}}a row of memref<?x4xf32> has shape [4], not that of memref<5xf32>

// -----
func.func @f(%n: index) {
  loop.parallel_for @missing(%n) grain(%n)
  func.return
}
// CHECK: error: 'loop.parallel_for' no function @missing in the module

// -----
func.func @f(%n: index, %x: memref<?xf32>) {
  loop.parallel_for @chunk(%n) grain(%n) args(%x : memref<?xf32>)
  func.return
}
func.func @chunk(%lo: index, %x: memref<?xf32>) {
  func.return
}
// CHECK: error: 'loop.parallel_for' @chunk must take (index, index, memref<?xf32>) and return nothing, not (index, memref<?xf32>) -> ()
