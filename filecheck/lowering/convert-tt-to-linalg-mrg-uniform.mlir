// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s
// RUN: arignote-opt %s -p 'tt-to-ptx{stop=mapped}' | filecheck %s --check-prefix=LOOPS
// tt.mrg_uniform: the streams in parallel, each stream's draws in sequence (the numbers
// are checked against Theano's in tests/e2e/test_rng_mrg.py).

// CHECK-LABEL: func.func @draw
func.func @draw(%s: tensor<?x6xi32>, %n: index) -> (tensor<?x6xi32>, tensor<?x3xf32>) {
  // host checks: at least one stream, at most 2^31 - 1 samples
  // CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x6xi32>
  // CHECK: cf.assert %{{.*}}, "tt.mrg_uniform at {{.*}}: the state has no streams"
  // CHECK: cf.assert %{{.*}}, "tt.mrg_uniform at {{.*}}: more than 2**31 - 1 samples"
  // K = ceil(count / n) draws per stream
  // CHECK: %[[K:.*]] = arith.floordivsi %{{.*}}, %[[N]] : index
  // the state's six columns become six words per stream
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0, 0)>, {{.*}}affine_map<(d0) -> (d0, 5)>, affine_map<(d0) -> (d0)>
  // CHECK-SAME: iterator_types = ["parallel"]
  // (stream s, draw k): the words are carried along k, draw k of s goes to table[k, s]
  // CHECK: %[[T:.*]] = tensor.empty(%[[K]], %[[N]]) : tensor<?x?xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, {{.*}}, affine_map<(d0, d1) -> (d1, d0)>], iterator_types = ["parallel", "reduction"]}
  // the int32 step: shifts, masks, conditional subtractions of M1 and M2
  // CHECK: arith.shli
  // CHECK: arith.shrsi
  // CHECK: arith.constant 2147483647 : i32
  // CHECK: arith.constant 2147462579 : i32
  // z = x11 - x21 (+ M1 when x11 <= x21)
  // CHECK: arith.cmpi sle, %{{.*}}, %{{.*}} : i32
  // a step past the count keeps the words
  // CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : i32
  // float32: (float)z * 4.6566126e-10f
  // CHECK: arith.sitofp %{{.*}} : i32 to f32
  // CHECK: arith.constant 4.6566126e-10 : f32
  // CHECK: arith.mulf
  // the samples in row-major order: element i is table[i // n, i % n]
  // CHECK: arith.divsi %{{.*}}, %[[N]] : index
  // CHECK: arith.remsi %{{.*}}, %[[N]] : index
  // CHECK: tensor.extract
  // the words stacked into the new state
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, {{.*}}, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
  // CHECK-NOT: tt.mrg_uniform

  // after bufferization and loops: one thread per stream, a sequential loop over draws
  // LOOPS: "scf.parallel"
  // LOOPS: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> (i32, i32, i32, i32, i32, i32)
  // LOOPS: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<?x?xf32, 1 : i64>
  // LOOPS: scf.yield
  // LOOPS: mapping = [#gpu.loop_dim_map<processor = thread_x
  %t, %u = tt.mrg_uniform %s sizes(%n) : tensor<?x6xi32> -> tensor<?x3xf32>
  func.return %t, %u : tensor<?x6xi32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @conversions
func.func @conversions(%s: tensor<2x6xi32>) -> (tensor<3xf64>, tensor<3xf16>) {
  // float64: z * 2^-31
  // CHECK: arith.sitofp %{{.*}} : i32 to f64
  // CHECK: arith.constant 4.6566128730773926e-10 : f64
  // float16: ((z & 0x7fff) + 1) * 511 exactly in f32, * 2^-24, rounded once to f16
  // CHECK: arith.constant 32767 : i32
  // CHECK: arith.constant 511 : i32
  // CHECK: arith.sitofp %{{.*}} : i32 to f32
  // CHECK: arith.truncf %{{.*}} : f32 to f16
  %t, %u = tt.mrg_uniform %s : tensor<2x6xi32> -> tensor<3xf64>
  %t2, %h = tt.mrg_uniform %t : tensor<2x6xi32> -> tensor<3xf16>
  func.return %u, %h : tensor<3xf64>, tensor<3xf16>
}
