// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// loop.scan and loop.if (outlined loops and conditionals) round-trip, on tensors and
// on memrefs.

// CHECK-LABEL: func.func @on_tensors
func.func @on_tensors(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %c: tensor<i1>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  // CHECK: loop.scan @body(%{{.*}}) seqs(%{{.*}} : tensor<?x?xf64>) states(%{{.*}} : tensor<1x?xf64>) taps {{\[\[}}-1{{\]\]}} -> (tensor<?x?xf64>)
  %h = loop.scan @body(%n) seqs(%x : tensor<?x?xf64>) states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>)
  // CHECK: loop.if %{{.*}} : tensor<i1> then @body2 else @body3 args(%{{.*}} : tensor<?x?xf64>) -> (tensor<?x?xf64>)
  %r = loop.if %c : tensor<i1> then @body2 else @body3 args(%x : tensor<?x?xf64>) -> (tensor<?x?xf64>)
  func.return %h, %r : tensor<?x?xf64>, tensor<?x?xf64>
}

// CHECK-LABEL: func.func @on_memrefs
func.func @on_memrefs(%n: index, %f0: memref<2xi64>, %l: memref<i64>) -> memref<?xi64, 1 : i64> {
  // CHECK: loop.scan @fib(%{{.*}}) states(%{{.*}} : memref<2xi64>) taps {{\[\[}}-2,-1{{\]\]}} consts(%{{.*}} : memref<i64>) until -> (memref<?xi64, 1 : i64>)
  %f = loop.scan @fib(%n) states(%f0 : memref<2xi64>) taps [[-2,-1]] consts(%l : memref<i64>) until -> (memref<?xi64, 1 : i64>)
  func.return %f : memref<?xi64, 1 : i64>
}

// CHECK-LABEL: func.func @rows
func.func @rows(%b: memref<?x4xf32>, %c: memref<3x?x2xi64>, %i: index) {
  // CHECK: %{{.*}} = loop.row %{{.*}}[%{{.*}}] : memref<?x4xf32> -> memref<4xf32>
  %r = loop.row %b[%i] : memref<?x4xf32> -> memref<4xf32>
  // CHECK: %{{.*}} = loop.row %{{.*}}[%{{.*}}] : memref<3x?x2xi64> -> memref<?x2xi64>
  %s = loop.row %c[%i] : memref<3x?x2xi64> -> memref<?x2xi64>
  // CHECK: %{{.*}} = loop.row %{{.*}}[%{{.*}}] : memref<3x?x2xi64> -> memref<5x2xi64>
  %u = loop.row %c[%i] : memref<3x?x2xi64> -> memref<5x2xi64>
  func.return
}

// loop.parallel_for (cpu-parallel-kernels): the callee takes the chunk's bounds, then args.
// CHECK-LABEL: func.func @chunks
func.func @chunks(%x: memref<?xf32>, %s: f32, %n: index, %g: index) {
  // CHECK: loop.parallel_for @chunk(%{{.*}}) grain(%{{.*}}) args(%{{.*}} : memref<?xf32>, %{{.*}} : f32)
  loop.parallel_for @chunk(%n) grain(%g) args(%x : memref<?xf32>, %s : f32)
  // CHECK: loop.parallel_for @nothing(%{{.*}}) grain(%{{.*}}){{$}}
  loop.parallel_for @nothing(%n) grain(%g)
  func.return
}
func.func @chunk(%lo: index, %hi: index, %x: memref<?xf32>, %s: f32) {
  func.return
}
func.func @nothing(%lo: index, %hi: index) {
  func.return
}
