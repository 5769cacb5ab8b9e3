// RUN: arignote-opt %s --split-input-file -p buffer-placement{target=gpu} | filecheck %s --check-prefix=GPU
// RUN: arignote-opt %s --split-input-file -p buffer-placement | filecheck %s --check-prefix=CPU

// loop.scan is device compute on a gpu target (the host buffers it reads are copied to the
// device once, its results are device buffers, a device result is copied back before
// the return), and a result nobody returns is freed after its last use.

// GPU-LABEL: func.func @f(
// GPU: %[[DX:.*]] = "gpu.alloc"
// GPU: "gpu.memcpy"(%[[DX]], %{{.*}})
// GPU: %[[H:.*]] = loop.scan @body(%{{.*}}) seqs(%[[DX]] : memref<?x?xf64, 1 : i64>) states(%{{.*}} : memref<1x?xf64, 1 : i64>) taps {{\[\[}}-1{{\]\]}} -> (memref<?x?xf64, 1 : i64>)
// GPU: %[[HOST:.*]] = memref.alloc
// GPU: "gpu.memcpy"(%[[HOST]], %[[H]])
// GPU: "gpu.dealloc"(%[[H]])
// GPU: func.return %[[HOST]] : memref<?x?xf64>
// CPU-LABEL: func.func @f(
// CPU: %[[H:.*]] = loop.scan @body(%{{.*}}) seqs(%{{.*}} : memref<?x?xf64>) states(%{{.*}} : memref<1x?xf64>) taps {{\[\[}}-1{{\]\]}} -> (memref<?x?xf64>)
// CPU-NOT: memref.dealloc %[[H]]
// CPU: func.return %[[H]] : memref<?x?xf64>
func.func @f(%n: index, %x: memref<?x?xf64>, %h0: memref<1x?xf64>) -> memref<?x?xf64> {
  %h = loop.scan @body(%n) seqs(%x : memref<?x?xf64>) states(%h0 : memref<1x?xf64>) taps [[-1]] -> (memref<?x?xf64>)
  func.return %h : memref<?x?xf64>
}
func.func private @body(%a: memref<?xf64>, %b: memref<?xf64>) -> memref<?xf64>

// -----

// CPU-LABEL: func.func @unused(
// CPU: %[[H:.*]] = loop.scan @body(
// CPU-NEXT: memref.dealloc %[[H]]
func.func @unused(%n: index, %h0: memref<1xf64>) {
  %h = loop.scan @body(%n) states(%h0 : memref<1xf64>) taps [[-1]] -> (memref<?xf64>)
  func.return
}
func.func private @body(%b: memref<f64>) -> memref<f64>
