// RUN: arignote-opt %s -p one-shot-bufferize --split-input-file | filecheck %s

#id = affine_map<(d0) -> (d0)>

// Function boundaries become memrefs; tensor.empty an aligned allocation the generic
// writes into (destination passing); the result buffer is returned to the caller.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: memref<?xf32>) -> memref<?xf32>
func.func @elementwise(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  // CHECK: %[[N:.*]] = memref.dim %[[X]], %{{.*}} : memref<?xf32>
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  // CHECK: %[[B:.*]] = memref.alloc(%[[N]]) alignment = 64 : memref<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  // CHECK: linalg.generic {{.*}} ins(%[[X]] : memref<?xf32>) outs(%[[B]] : memref<?xf32>)
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  // CHECK: func.return %[[B]] : memref<?xf32>
  func.return %r : tensor<?xf32>
}

// -----
#id = affine_map<(d0) -> (d0)>
// In place where safe: an intermediate whose only use is the op is overwritten instead
// of allocating a second buffer.  Arguments are never written.
// CHECK-LABEL: func.func @in_place
func.func @in_place(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  // CHECK: %[[B:.*]] = memref.alloc
  // CHECK-NOT: memref.alloc
  %e0 = tensor.empty(%n) : tensor<?xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%e0 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  %e1 = tensor.empty(%n) : tensor<?xf32>
  // CHECK: linalg.generic {{.*}} ins(%[[B]] : memref<?xf32>) outs(%[[B]] : memref<?xf32>)
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%t : tensor<?xf32>) outs(%e1 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.sin %a : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  // CHECK: func.return %[[B]]
  func.return %r : tensor<?xf32>
}

// -----
// A returned argument, a constant, or a buffer returned twice is copied: results
// belong to the caller.  A dense constant becomes a private constant global.
// CHECK-LABEL: func.func @copies
// CHECK-SAME: (%[[X:.*]]: memref<?xf32>)
func.func @copies(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<2xf32>) {
  // CHECK: %[[G:.*]] = memref.get_global @__constant_0 : memref<2xf32>
  %k = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: %[[C1:.*]] = memref.alloc
  // CHECK: "memref.copy"(%[[X]], %[[C1]])
  // CHECK: %[[C2:.*]] = memref.alloc
  // CHECK: "memref.copy"(%[[X]], %[[C2]])
  // CHECK: %[[C3:.*]] = memref.alloc
  // CHECK: "memref.copy"(%[[G]], %[[C3]])
  // CHECK: func.return %[[C1]], %[[C2]], %[[C3]]
  func.return %x, %x, %k : tensor<?xf32>, tensor<?xf32>, tensor<2xf32>
}
// CHECK: memref.global "private" constant @__constant_0 : memref<2xf32> = dense<[1.000000e+00, 2.000000e+00]> alignment = 64


// -----
#id = affine_map<(d0, d1) -> (d0, d1)>
// A tensor.cast is a view of its source's buffer (memref.cast): an op reading the view
// writes in place only when nothing else reads the viewed tensor.  Here %t is also
// returned, so the generic reading %v gets a fresh buffer (writing into %t's buffer
// would change the returned %t: Theano's addbroadcast(y, 1) + 1 returned with y), and
// returning the view with its source copies one of them (no two results share memory).
// CHECK-LABEL: func.func @cast_view
// CHECK: %[[T:.*]] = memref.alloc
// CHECK: linalg.generic {{.*}} outs(%[[T]] : memref<?x?xf32>)
// CHECK: %[[V:.*]] = "memref.cast"(%[[T]]) : (memref<?x?xf32>) -> memref<?x1xf32>
// CHECK: %[[W:.*]] = memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[V]] : memref<?x1xf32>) outs(%[[W]] : memref<?x1xf32>)
// CHECK: %[[C:.*]] = memref.alloc
// CHECK: "memref.copy"(%[[V]], %[[C]])
// CHECK: func.return %[[W]], %[[T]], %[[C]] : memref<?x1xf32>, memref<?x?xf32>, memref<?x1xf32>
func.func @cast_view(%x: tensor<?x?xf32>, %n: index, %m: index) -> (tensor<?x1xf32>, tensor<?x?xf32>, tensor<?x1xf32>) {
  %e0 = tensor.empty(%n, %m) : tensor<?x?xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x?xf32>) outs(%e0 : tensor<?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  %v = tensor.cast %t : tensor<?x?xf32> to tensor<?x1xf32>
  %e1 = tensor.empty(%n) : tensor<?x1xf32>
  %w = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%v : tensor<?x1xf32>) outs(%e1 : tensor<?x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?x1xf32>
  func.return %w, %t, %v : tensor<?x1xf32>, tensor<?x?xf32>, tensor<?x1xf32>
}

// -----
#id = affine_map<(d0, d1) -> (d0, d1)>
// ... and in place when the view is the viewed tensor's only use.
// CHECK-LABEL: func.func @cast_view_in_place
// CHECK: %[[T:.*]] = memref.alloc
// CHECK: %[[V:.*]] = "memref.cast"(%[[T]])
// CHECK-NOT: memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[V]] : memref<?x1xf32>) outs(%[[V]] : memref<?x1xf32>)
func.func @cast_view_in_place(%x: tensor<?x?xf32>, %n: index, %m: index) -> tensor<?x1xf32> {
  %e0 = tensor.empty(%n, %m) : tensor<?x?xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x?xf32>) outs(%e0 : tensor<?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  %v = tensor.cast %t : tensor<?x?xf32> to tensor<?x1xf32>
  %e1 = tensor.empty(%n) : tensor<?x1xf32>
  %w = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%v : tensor<?x1xf32>) outs(%e1 : tensor<?x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?x1xf32>
  func.return %w : tensor<?x1xf32>
}

// -----
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// tensor.collapse_shape (a flatten) is memref.collapse_shape of its source's buffer: no
// copy.  The op reading it writes in place into the viewed buffer when the view is the
// source's only use (the first generic); a collapse of an argument is read-only, so the
// second generic gets a fresh buffer.
// CHECK-LABEL: func.func @collapse_view
// CHECK-SAME: (%[[X:.*]]: memref<?x4x8xf32>, %{{.*}}: index)
// CHECK: %[[T:.*]] = memref.alloc
// CHECK: %[[V:.*]] = memref.collapse_shape %[[T]] {{\[\[}}0], [1, 2]] : memref<?x4x8xf32> into memref<?x32xf32>
// CHECK-NOT: memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[V]] : memref<?x32xf32>) outs(%[[V]] : memref<?x32xf32>)
// CHECK: %[[XV:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : memref<?x4x8xf32> into memref<?xf32>
// CHECK: %[[F:.*]] = memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[XV]] : memref<?xf32>) outs(%[[F]] : memref<?xf32>)
func.func @collapse_view(%x: tensor<?x4x8xf32>, %n: index) -> (tensor<?x32xf32>, tensor<?xf32>) {
  %e0 = tensor.empty(%n) : tensor<?x4x8xf32>
  %t = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : tensor<?x4x8xf32>) outs(%e0 : tensor<?x4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?x4x8xf32>
  %v = tensor.collapse_shape %t [[0], [1, 2]] : tensor<?x4x8xf32> into tensor<?x32xf32>
  %e1 = tensor.empty(%n) : tensor<?x32xf32>
  %w = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%v : tensor<?x32xf32>) outs(%e1 : tensor<?x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?x32xf32>
  %xv = tensor.collapse_shape %x [[0, 1, 2]] : tensor<?x4x8xf32> into tensor<?xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %xv, %c0 : tensor<?xf32>
  %e2 = tensor.empty(%m) : tensor<?xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%xv : tensor<?xf32>) outs(%e2 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  func.return %w, %y : tensor<?x32xf32>, tensor<?xf32>
}
