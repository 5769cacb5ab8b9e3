// RUN: arignote-opt %s -p one-shot-bufferize | filecheck %s

// host.call on tensors reads the operands' buffers and returns new buffers.  A later
// op never writes such a result in place (on a GPU it stays a host buffer): the unary
// generic below, which would reuse an intermediate input's buffer, gets a new one.

#id = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @print_then_exp
// CHECK-SAME: (%[[X:.*]]: memref<?xf32>) -> memref<?xf32>
// CHECK: %[[Y:.*]] = host.call "print:[]"(%[[X]]) {tag} : (memref<?xf32>) -> memref<?xf32>
// CHECK: %[[O:.*]] = memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[Y]] : memref<?xf32>) outs(%[[O]] : memref<?xf32>)
// CHECK: func.return %[[O]]
func.func @print_then_exp(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %y = host.call "print:[]"(%x) {tag} : (tensor<?xf32>) -> tensor<?xf32>
  %n = tensor.dim %y, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %z = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%y : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  func.return %z : tensor<?xf32>
}

// Several results, returned as they are (they are fresh: no copy).
// CHECK-LABEL: func.func @draw
// CHECK: %[[S:[^,]*]], %[[U:.*]] = host.call "random:{}"(%{{.*}}, %{{.*}}) : (memref<?xi64>, memref<1xi64>) -> (memref<?xi64>, memref<?xf64>)
// CHECK-NOT: memref.copy
// CHECK: func.return %[[S]], %[[U]] : memref<?xi64>, memref<?xf64>
func.func @draw(%s: tensor<?xi64>, %n: tensor<1xi64>) -> (tensor<?xi64>, tensor<?xf64>) {
  %r:2 = host.call "random:{}"(%s, %n) : (tensor<?xi64>, tensor<1xi64>) -> (tensor<?xi64>, tensor<?xf64>)
  func.return %r#0, %r#1 : tensor<?xi64>, tensor<?xf64>
}
