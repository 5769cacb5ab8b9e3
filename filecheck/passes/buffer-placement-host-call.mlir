// RUN: arignote-opt %s -p 'buffer-placement{target=cpu}' | filecheck %s --check-prefix=CPU
// RUN: arignote-opt %s -p 'buffer-placement{target=gpu}' | filecheck %s --check-prefix=GPU

// host.call runs on the host.  gpu: a device operand is copied to a new host buffer
// just before the call (freed after it), a result that compute reads gets a device copy,
// a result returned as a resident value is uploaded before the return.  Both targets:
// a result that is not returned is freed after its last use (or right after the call).

#id = affine_map<(d0) -> (d0)>

// GPU-LABEL: func.func @print_and_draw
// GPU-SAME: (%[[X:.*]]: memref<?xf32>, %[[S:.*]]: memref<?xi64, 1 : i64> {arignote.resident}) -> (memref<?xf32>, memref<?xi64, 1 : i64> {arignote.resident})
// GPU: %[[A:.*]] = "gpu.alloc"
// GPU: linalg.generic {{.*}} outs(%[[A]] : memref<?xf32, 1 : i64>)
// GPU: %[[AH:.*]] = memref.alloc(%{{.*}}) alignment = 64 : memref<?xf32>
// GPU-NEXT: "gpu.memcpy"(%[[AH]], %[[A]])
// GPU: %[[Y:.*]] = host.call "print:[]"(%[[AH]]) : (memref<?xf32>) -> memref<?xf32>
// GPU-NEXT: memref.dealloc %[[AH]] : memref<?xf32>
// GPU: "gpu.memcpy"(%[[YD:[^,]*]], %[[Y]])
// GPU-NEXT: memref.dealloc %[[Y]] : memref<?xf32>
// GPU: linalg.generic {{.*}} ins(%[[YD]] : memref<?xf32, 1 : i64>)
// GPU: %[[SH:.*]] = memref.alloc(%{{.*}}) alignment = 64 : memref<?xi64>
// GPU-NEXT: "gpu.memcpy"(%[[SH]], %[[S]])
// GPU-NEXT: %[[S2:[^,]*]], %[[U:.*]] = host.call "random:{}"(%[[SH]]) : (memref<?xi64>) -> (memref<?xi64>, memref<?xf32>)
// GPU-DAG: memref.dealloc %[[U]] : memref<?xf32>
// GPU-DAG: memref.dealloc %[[SH]] : memref<?xi64>
// GPU: "gpu.memcpy"(%[[S2D:[^,]*]], %[[S2]])
// GPU: func.return %{{.*}}, %[[S2D]] : memref<?xf32>, memref<?xi64, 1 : i64>

// CPU-LABEL: func.func @print_and_draw
// CPU: %[[Y:.*]] = host.call "print:[]"
// CPU: linalg.generic {{.*}} ins(%[[Y]] : memref<?xf32>)
// CPU: linalg.yield
// CPU-NEXT: }
// CPU-NEXT: memref.dealloc %[[Y]] : memref<?xf32>
// CPU: %[[S2:[^,]*]], %[[U:.*]] = host.call "random:{}"
// CPU-NEXT: memref.dealloc %[[U]] : memref<?xf32>
// CPU: func.return %{{.*}}, %[[S2]] : memref<?xf32>, memref<?xi64>
func.func @print_and_draw(%x: memref<?xf32>, %s: memref<?xi64> {arignote.resident}) -> (memref<?xf32>, memref<?xi64> {arignote.resident}) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : memref<?xf32>) outs(%a : memref<?xf32>) {
  ^bb0(%i: f32, %o: f32):
    %e = math.exp %i : f32
    linalg.yield %e : f32
  }
  %y = host.call "print:[]"(%a) : (memref<?xf32>) -> memref<?xf32>
  %m = memref.dim %y, %c0 : memref<?xf32>
  %b = memref.alloc(%m) {alignment = 64 : i64} : memref<?xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%y : memref<?xf32>) outs(%b : memref<?xf32>) {
  ^bb0(%i: f32, %o: f32):
    %e = math.exp %i : f32
    linalg.yield %e : f32
  }
  %s2, %u = host.call "random:{}"(%s) : (memref<?xi64>) -> (memref<?xi64>, memref<?xf32>)
  func.return %b, %s2 : memref<?xf32>, memref<?xi64>
}
