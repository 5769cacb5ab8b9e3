// RUN: arignote-opt %s -p 'buffer-placement{target=cpu}' | filecheck %s --check-prefix=CPU
// RUN: arignote-opt %s -p 'buffer-placement{target=gpu}' | filecheck %s --check-prefix=GPU

#id = affine_map<(d0) -> (d0)>
#bc = affine_map<(d0) -> ()>

// CPU-LABEL: func.func @f
// GPU-LABEL: func.func @f
// GPU-SAME: (%[[X:.*]]: memref<?xf32>, %[[S:.*]]: memref<f32>)
func.func @f(%x: memref<?xf32>, %s: memref<f32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  // An intermediate is freed right after its last use; the result is not freed.
  // CPU: %[[T:.*]] = memref.alloc
  // CPU: %[[R:.*]] = memref.alloc
  // GPU: %[[T:.*]] = "gpu.alloc"(%{{.*}}) {{.*}} -> memref<?xf32, 1 : i64>
  // GPU: %[[R:.*]] = "gpu.alloc"(%{{.*}}) {{.*}} -> memref<?xf32, 1 : i64>
  %t = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  %r = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  // Host buffers read by device code are copied in once, before their first use.
  // GPU: %[[XD:.*]] = "gpu.alloc"(%{{.*}}) {{.*}} -> memref<?xf32, 1 : i64>
  // GPU-NEXT: "gpu.memcpy"(%[[XD]], %[[X]])
  // GPU-NEXT: linalg.generic {{.*}} ins(%[[XD]] : memref<?xf32, 1 : i64>) outs(%[[T]] : memref<?xf32, 1 : i64>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : memref<?xf32>) outs(%t : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  // GPU: "gpu.dealloc"(%[[XD]])
  // GPU: %[[SD:.*]] = "gpu.alloc"() {{.*}} -> memref<f32, 1 : i64>
  // GPU-NEXT: "gpu.memcpy"(%[[SD]], %[[S]])
  // GPU-NEXT: linalg.generic {{.*}} ins(%[[T]], %[[SD]] : memref<?xf32, 1 : i64>, memref<f32, 1 : i64>) outs(%[[R]] : memref<?xf32, 1 : i64>)
  // CPU: linalg.generic
  // CPU: linalg.generic
  // CPU-NEXT: ^
  // CPU-NEXT: arith.mulf
  // CPU-NEXT: linalg.yield
  // CPU-NEXT: }
  // CPU-NEXT: memref.dealloc %[[T]] : memref<?xf32>
  // CPU-NEXT: func.return %[[R]]
  linalg.generic {indexing_maps = [#id, #bc, #id], iterator_types = ["parallel"]} ins(%t, %s : memref<?xf32>, memref<f32>) outs(%r : memref<?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  }
  // GPU: "gpu.dealloc"(%[[SD]])
  // GPU: "gpu.dealloc"(%[[T]])
  // The device result goes back to a fresh host buffer, and is freed on the device.
  // GPU: %[[H:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xf32>
  // GPU-NEXT: "gpu.memcpy"(%[[H]], %[[R]])
  // GPU-NEXT: "gpu.dealloc"(%[[R]])
  // GPU-NEXT: func.return %[[H]] : memref<?xf32>
  func.return %r : memref<?xf32>
}
