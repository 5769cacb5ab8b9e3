// RUN: arignote-opt %s --verify-diagnostics

func.func @f(%m: memref<?xf32>, %x: f64) {
  // expected-error @+1 {{value of type f64 does not match the element type of memref<?xf32>}}
  gpu.memset %m, %x : memref<?xf32>, f64
  func.return
}
