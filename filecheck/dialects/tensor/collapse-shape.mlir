// RUN: arignote-opt %s --split-input-file --verify-diagnostics | filecheck %s
// tensor.collapse_shape and memref.collapse_shape: printed in upstream's form ([[0, 1]],
// no integer types) and verified as upstream does -- the groups cover the source dims in
// order, in runs of consecutive dims, one per result dim, and each result size is its
// group's product (dynamic when one of the group's sizes is).  xDSL 0.74 checks only that
// each group is contiguous.  memref.collapse_shape keeps the memory space and takes only
// the identity layout (arignote's buffers are contiguous row-major).

// CHECK-LABEL: func.func @ok
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<?x1x8x8xf32> into tensor<?x64xf32>
// CHECK: memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2]] : memref<2x?x4xf32, 1 : i64> into memref<?xf32, 1 : i64>
func.func @ok(%t: tensor<?x1x8x8xf32>, %m: memref<2x?x4xf32, 1 : i64>) -> tensor<?x64xf32> {
  %0 = tensor.collapse_shape %t [[0], [1, 2, 3]] : tensor<?x1x8x8xf32> into tensor<?x64xf32>
  %1 = memref.collapse_shape %m [[0, 1, 2]] : memref<2x?x4xf32, 1 : i64> into memref<?xf32, 1 : i64>
  func.return %0 : tensor<?x64xf32>
}

// -----

func.func @f(%t: tensor<2x3x4xf32>) -> () {
  // expected-error @+1 {{reassociation [[0], [1]] must cover the 3 source dims in order, in non-empty groups of consecutive dims}}
  %0 = tensor.collapse_shape %t [[0], [1]] : tensor<2x3x4xf32> into tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%t: tensor<2x3x4xf32>) -> () {
  // expected-error @+1 {{expected 2 result dims (one per group), got 1}}
  %0 = tensor.collapse_shape %t [[0], [1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
  func.return
}

// -----

func.func @f(%t: tensor<2x?x4xf32>) -> () {
  // expected-error @+1 {{expected the collapsed shape 2x? of the groups' sizes}}
  %0 = tensor.collapse_shape %t [[0], [1, 2]] : tensor<2x?x4xf32> into tensor<2x12xf32>
  func.return
}

// -----

func.func @f(%t: tensor<2x3xf32>) -> () {
  // expected-error @+1 {{source and result element types differ}}
  %0 = tensor.collapse_shape %t [[0, 1]] : tensor<2x3xf32> into tensor<6xf64>
  func.return
}

// -----

func.func @f(%m: memref<2x3xf32, 1 : i64>) -> () {
  // expected-error @+1 {{source and result differ in element type or memory space}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<2x3xf32, 1 : i64> into memref<6xf32>
  func.return
}

// -----

func.func @f(%m: memref<2x3xf32, strided<[4, 1]>>) -> () {
  // expected-error @+1 {{only buffers with the identity layout are collapsed here}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<2x3xf32, strided<[4, 1]>> into memref<6xf32>
  func.return
}

// -----

func.func @f(%m: memref<2x3x4xf32>) -> () {
  // expected-error @+1 {{expected the collapsed shape 6x4 of the groups' sizes}}
  %0 = memref.collapse_shape %m [[0, 1], [2]] : memref<2x3x4xf32> into memref<6x5xf32>
  func.return
}
