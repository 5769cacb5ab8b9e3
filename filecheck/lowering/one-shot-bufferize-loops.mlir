// RUN: arignote-opt %s -p one-shot-bufferize | filecheck %s

// loop.scan / loop.if on tensors become the same ops on memrefs; their results are
// buffers they allocate.  The outlined body is bufferized like any function.

// CHECK-LABEL: func.func @f(
// CHECK-SAME: %{{.*}}: index, %[[X:.*]]: memref<?x?xf64>, %[[H0:.*]]: memref<1x?xf64>, %[[C:.*]]: memref<i1>) -> (memref<?x?xf64>, memref<?x?xf64>)
// CHECK: %[[H:.*]] = loop.scan @body(%{{.*}}) seqs(%[[X]] : memref<?x?xf64>) states(%[[H0]] : memref<1x?xf64>) taps {{\[\[}}-1{{\]\]}} -> (memref<?x?xf64>)
// CHECK: %[[R:.*]] = loop.if %[[C]] : memref<i1> then @body2 else @body2 args(%[[H]] : memref<?x?xf64>) -> (memref<?x?xf64>)
// CHECK: func.return %[[H]], %[[R]] : memref<?x?xf64>, memref<?x?xf64>
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %c: tensor<i1>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %h = loop.scan @body(%n) seqs(%x : tensor<?x?xf64>) states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>)
  %r = loop.if %c : tensor<i1> then @body2 else @body2 args(%h : tensor<?x?xf64>) -> (tensor<?x?xf64>)
  func.return %h, %r : tensor<?x?xf64>, tensor<?x?xf64>
}

// CHECK-LABEL: func.func private @body(
// CHECK-SAME: %[[A:[a-z0-9]*]]: memref<?xf64> {arignote.resident}, %{{.*}}: memref<?xf64> {arignote.resident}) -> (memref<?xf64> {arignote.resident})
// CHECK: %[[NEW:.*]] = memref.alloc
// CHECK: "memref.copy"(%[[A]], %[[NEW]])
// CHECK: func.return %[[NEW]]
func.func private @body(%a: tensor<?xf64> {arignote.resident}, %b: tensor<?xf64> {arignote.resident}) -> (tensor<?xf64> {arignote.resident}) {
  func.return %a : tensor<?xf64>
}

func.func private @body2(%a: tensor<?x?xf64> {arignote.resident}) -> (tensor<?x?xf64> {arignote.resident}) {
  func.return %a : tensor<?x?xf64>
}
