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
  // A rank-0 host buffer is read on the host and passed by value: no device copy.
  // GPU: %[[SV:.*]] = memref.load %[[S]][] : memref<f32>
  // GPU-NEXT: linalg.generic {{.*}} ins(%[[T]] : memref<?xf32, 1 : i64>) outs(%[[R]] : memref<?xf32, 1 : i64>)
  // GPU-NEXT: ^{{.*}}(%[[A:.*]]: f32, %{{.*}}: f32):
  // GPU-NEXT: %{{.*}} = arith.mulf %[[A]], %[[SV]] : f32
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
  // GPU: "gpu.dealloc"(%[[T]])
  // The device result goes back to a fresh host buffer, and is freed on the device.
  // GPU: %[[H:.*]] = memref.alloc(%{{.*}}) alignment = 64 : memref<?xf32>
  // GPU-NEXT: "gpu.memcpy"(%[[H]], %[[R]])
  // GPU-NEXT: "gpu.dealloc"(%[[R]])
  // GPU-NEXT: func.return %[[H]] : memref<?xf32>
  func.return %r : memref<?xf32>
}

// A sequential scatter loop over buffers (tt.update_take after bufferization) is device
// compute for target=gpu; the buffer it writes is a device buffer, and the host index buffer
// it reads gets a device copy before the loop.
// CPU-LABEL: func.func @scatter
// CPU: memref.alloc
// CPU: scf.for
// CPU: memref.load %{{.*}} : memref<?xi64>
// GPU-LABEL: func.func @scatter
// GPU-SAME: (%[[IDX:.*]]: memref<?xi64>, %[[Y:.*]]: memref<?xf32>, %[[N:.*]]: index)
// GPU: %[[O:.*]] = "gpu.alloc"(%[[N]]) {{.*}} -> memref<?xf32, 1 : i64>
// GPU: %[[ID:.*]] = "gpu.alloc"(%{{.*}}) {{.*}} -> memref<?xi64, 1 : i64>
// GPU-NEXT: "gpu.memcpy"(%[[ID]], %[[IDX]])
// GPU: %[[YD:.*]] = "gpu.alloc"(%{{.*}}) {{.*}} -> memref<?xf32, 1 : i64>
// GPU-NEXT: "gpu.memcpy"(%[[YD]], %[[Y]])
// GPU-NEXT: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// GPU-NEXT: %[[K:.*]] = memref.load %[[ID]][%[[I]]] : memref<?xi64, 1 : i64>
// GPU-NEXT: %[[KI:.*]] = arith.index_cast %[[K]] : i64 to index
// GPU-NEXT: %[[V:.*]] = memref.load %[[YD]][%[[I]]] : memref<?xf32, 1 : i64>
// GPU-NEXT: %[[OLD:.*]] = memref.load %[[O]][%[[KI]]] : memref<?xf32, 1 : i64>
// GPU-NEXT: %[[NEW:.*]] = arith.addf %[[OLD]], %[[V]] : f32
// GPU-NEXT: memref.store %[[NEW]], %[[O]][%[[KI]]] : memref<?xf32, 1 : i64>
// GPU-NEXT: }
// GPU: %[[H:.*]] = memref.alloc(%{{.*}}) {{.*}} : memref<?xf32>
// GPU-NEXT: "gpu.memcpy"(%[[H]], %[[O]])
func.func @scatter(%idx: memref<?xi64>, %y: memref<?xf32>, %n: index) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %idx, %c0 : memref<?xi64>
  %o = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]} outs(%o : memref<?xf32>) {
  ^bb0(%z: f32):
    %zero = arith.constant 0.0 : f32
    linalg.yield %zero : f32
  }
  scf.for %i = %c0 to %m step %c1 {
    %k = memref.load %idx[%i] : memref<?xi64>
    %ki = arith.index_cast %k : i64 to index
    %v = memref.load %y[%i] : memref<?xf32>
    %old = memref.load %o[%ki] : memref<?xf32>
    %new = arith.addf %old, %v : f32
    memref.store %new, %o[%ki] : memref<?xf32>
  }
  func.return %o : memref<?xf32>
}

// Resident arguments and results (a shared variable and its new value) are device
// buffers for target=gpu: no copy in, no copy back; other results still come back.
// GPU-LABEL: func.func @resident
// GPU-SAME: (%[[W:.*]]: memref<?xf32, 1 : i64> {arignote.resident}, %[[X:.*]]: memref<?xf32>) -> (memref<?xf32, 1 : i64> {arignote.resident}, memref<?xf32>)
// GPU-NOT: "gpu.memcpy"(%{{.*}}, %[[W]])
// GPU: "gpu.memcpy"(%[[XD:.*]], %[[X]])
// GPU-NEXT: linalg.generic {{.*}} ins(%[[W]], %[[XD]] : memref<?xf32, 1 : i64>, memref<?xf32, 1 : i64>) outs(%[[N:.*]] : memref<?xf32, 1 : i64>)
// GPU: %[[H:.*]] = memref.alloc
// GPU-NEXT: "gpu.memcpy"(%[[H]], %[[N]])
// GPU-NOT: "gpu.dealloc"(%[[N]])
// GPU: func.return %[[N]], %[[H]] : memref<?xf32, 1 : i64>, memref<?xf32>
// CPU-LABEL: func.func @resident
// CPU-SAME: (%{{.*}}: memref<?xf32> {arignote.resident}, %{{.*}}: memref<?xf32>) -> (memref<?xf32> {arignote.resident}, memref<?xf32>)
func.func @resident(%w: memref<?xf32> {arignote.resident}, %x: memref<?xf32>) -> (memref<?xf32> {arignote.resident}, memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %w, %c0 : memref<?xf32>
  %new = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%w, %x : memref<?xf32>, memref<?xf32>) outs(%new : memref<?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.subf %a, %b : f32
    linalg.yield %s : f32
  }
  func.return %new, %new : memref<?xf32>, memref<?xf32>
}

// A constant global read by device code gets a device twin (same initial value, memory
// space 1) that the runtime uploads once; no copy per call.
// GPU: memref.global "private" constant @c : memref<3xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> alignment = 64
// GPU-NEXT: memref.global "private" constant @c_device : memref<3xf32, 1 : i64> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> alignment = 64
// GPU-LABEL: func.func @constant
// GPU-NOT: "gpu.memcpy"
// GPU: %[[C:.*]] = memref.get_global @c_device : memref<3xf32, 1 : i64>
// GPU-NEXT: linalg.generic {{.*}} ins(%{{.*}}, %[[C]] : memref<3xf32, 1 : i64>, memref<3xf32, 1 : i64>)
"memref.global"() <{sym_name = "c", type = memref<3xf32>, initial_value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>, sym_visibility = "private", constant, alignment = 64 : i64}> : () -> ()
func.func @constant(%x: memref<3xf32> {arignote.resident}) -> (memref<3xf32> {arignote.resident}) {
  %c = memref.get_global @c : memref<3xf32>
  %o = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x, %c : memref<3xf32>, memref<3xf32>) outs(%o : memref<3xf32>) {
  ^bb0(%a: f32, %b: f32, %r: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  }
  func.return %o : memref<3xf32>
}
