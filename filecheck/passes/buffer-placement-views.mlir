// RUN: arignote-opt %s -p 'buffer-placement{target=cpu}' | filecheck %s --check-prefix=CPU
// RUN: arignote-opt %s -p 'buffer-placement{target=gpu}' | filecheck %s --check-prefix=GPU

// A memref.collapse_shape is a view (a flatten): its source is freed only after the
// view's last use, a view of a device buffer is a device buffer (the view is redone in
// memory space 1), and a view of a host argument read by compute is uploaded like the
// argument.  A returned view keeps its source alive (the caller owns it).

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// CPU-LABEL: func.func @views
// CPU: %[[A:.*]] = memref.alloc
// CPU: %[[V:.*]] = memref.collapse_shape %[[A]] {{\[\[}}0], [1, 2]] : memref<?x4x8xf32> into memref<?x32xf32>
// CPU: linalg.generic {{.*}} ins(%[[V]] : memref<?x32xf32>)
// CPU-NEXT: ^
// CPU: memref.dealloc %[[A]]
// CPU: %[[W:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1]] : memref<?x4xf32> into memref<?xf32>
// CPU-NOT: memref.dealloc
// CPU: func.return %{{.*}}, %[[W]]

// GPU-LABEL: func.func @views
// GPU: %[[A:.*]] = "gpu.alloc"(%{{.*}}) {{.*}} -> memref<?x4x8xf32, 1 : i64>
// GPU: %[[V:.*]] = memref.collapse_shape %[[A]] {{\[\[}}0], [1, 2]] : memref<?x4x8xf32, 1 : i64> into memref<?x32xf32, 1 : i64>
// GPU: linalg.generic {{.*}} ins(%[[V]] : memref<?x32xf32, 1 : i64>)
// GPU: "gpu.dealloc"(%[[A]])
// GPU: %[[C:.*]] = "gpu.alloc"(%{{.*}}) {{.*}} -> memref<?x4xf32, 1 : i64>
// GPU: %[[W:.*]] = memref.collapse_shape %[[C]] {{\[\[}}0, 1]] : memref<?x4xf32, 1 : i64> into memref<?xf32, 1 : i64>
// GPU: %[[HV:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1]] : memref<2x3xf32> into memref<6xf32>
// GPU: "gpu.memcpy"(%[[DV:.*]], %[[HV]])
// GPU: linalg.generic {{.*}} ins(%[[DV]] : memref<6xf32, 1 : i64>)
// GPU: "gpu.memcpy"(%{{.*}}, %[[W]])
// GPU-NEXT: "gpu.dealloc"(%[[C]])
func.func @views(%x: memref<?x4x8xf32>, %n: index, %h: memref<2x3xf32>) -> (memref<?x32xf32>, memref<?xf32>, memref<6xf32>) {
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?x4x8xf32>
  linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : memref<?x4x8xf32>) outs(%a : memref<?x4x8xf32>) {
  ^bb0(%i: f32, %o: f32):
    %e = math.exp %i : f32
    linalg.yield %e : f32
  }
  %v = memref.collapse_shape %a [[0], [1, 2]] : memref<?x4x8xf32> into memref<?x32xf32>
  %b = memref.alloc(%n) {alignment = 64 : i64} : memref<?x32xf32>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%v : memref<?x32xf32>) outs(%b : memref<?x32xf32>) {
  ^bb0(%i: f32, %o: f32):
    %e = math.exp %i : f32
    linalg.yield %e : f32
  }
  %c = memref.alloc(%n) {alignment = 64 : i64} : memref<?x4xf32>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%b : memref<?x32xf32>) outs(%c : memref<?x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    linalg.yield %i : f32
  }
  %w = memref.collapse_shape %c [[0, 1]] : memref<?x4xf32> into memref<?xf32>
  %hv = memref.collapse_shape %h [[0, 1]] : memref<2x3xf32> into memref<6xf32>
  %d = memref.alloc() {alignment = 64 : i64} : memref<6xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%hv : memref<6xf32>) outs(%d : memref<6xf32>) {
  ^bb0(%i: f32, %o: f32):
    %e = math.exp %i : f32
    linalg.yield %e : f32
  }
  func.return %b, %w, %d : memref<?x32xf32>, memref<?xf32>, memref<6xf32>
}
