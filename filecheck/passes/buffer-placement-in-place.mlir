// RUN: arignote-opt %s -p 'buffer-placement{target=gpu}' | filecheck %s
// Found by the graph fuzzer (issue 12; seed 303, case 292 on emu): a buffer the host fills
// (a rank-0 bool the host computed) that a kernel then overwrites in place (one-shot-
// bufferize reuses the dead input's buffer for the output) was returned from host memory,
// so the function returned its input, not the kernel's result: `le(b, b / x)` with
// b = (x >= x) was always True.  From its first compute use on, the host buffer's
// contents are those of its device copy: the return takes a host copy of that.

#s = affine_map<() -> ()>

// CHECK-LABEL: func.func @f
// CHECK: %[[H:.*]] = memref.alloc() {{.*}} : memref<i1>
// CHECK-NEXT: memref.store %{{.*}}, %[[H]][]
// CHECK: %[[D:.*]] = "gpu.alloc"() {{.*}} -> memref<i1, 1 : i64>
// CHECK-NEXT: "gpu.memcpy"(%[[D]], %[[H]])
// CHECK: linalg.generic {{.*}} outs(%[[D]] : memref<i1, 1 : i64>)
// CHECK: %[[R:.*]] = memref.alloc() {{.*}} : memref<i1>
// CHECK-NEXT: "gpu.memcpy"(%[[R]], %[[D]])
// CHECK: func.return %[[R]] : memref<i1>
func.func @f(%v0: memref<i16>) -> memref<i1> {
  %0 = memref.load %v0[] : memref<i16>
  %1 = arith.cmpi sge, %0, %0 : i16
  %2 = memref.alloc() {alignment = 64 : i64} : memref<i1>
  memref.store %1, %2[] : memref<i1>
  linalg.generic {indexing_maps = [#s, #s, #s], iterator_types = []} ins(%2, %v0 : memref<i1>, memref<i16>) outs(%2 : memref<i1>) {
  ^bb0(%3: i1, %4: i16, %5: i1):
    %6 = arith.sitofp %4 : i16 to f32
    %7 = arith.uitofp %3 : i1 to f32
    %8 = arith.divf %7, %6 : f32
    %9 = arith.cmpf ole, %7, %8 : f32
    linalg.yield %9 : i1
  }
  func.return %2 : memref<i1>
}
