// Positive cases print on stdout (CHECK); the chunks after "negative cases" fail with a
// diagnostic each on stderr (ERR).  The last chunk only fails when verification is off.
// RUN: not arignote-opt %s --split-input-file --allow-unregistered-dialect -p convert-linalg-to-parallel-loops 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err
// RUN: not arignote-opt %s --split-input-file --allow-unregistered-dialect --disable-verify -p convert-linalg-to-parallel-loops 2>&1 >/dev/null | filecheck %s --check-prefix=NOVERIFY
// RUN: not arignote-opt %s --split-input-file --allow-unregistered-dialect -p 'convert-linalg-to-parallel-loops{unit-parallel-loop=true}' 2>/dev/null | filecheck %s --check-prefix=UNIT

// Elementwise with a broadcast input, a dynamic dim (bound from the output) and a static one.
// CHECK-LABEL: func.func @elementwise_broadcast
// CHECK-SAME: (%[[X:.*]]: memref<?x4xf32>, %[[B:.*]]: memref<4xf32>, %[[O:.*]]: memref<?x4xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[N:.*]] = memref.dim %[[O]], %[[C0]] : memref<?x4xf32>
// CHECK: "scf.parallel"(%[[C0]], %[[C0]], %[[N]], %[[C4]], %[[C1]], %[[C1]]) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT: %[[A:.*]] = memref.load %[[X]][%[[I]], %[[J]]] : memref<?x4xf32>
// CHECK-NEXT: %[[C:.*]] = memref.load %[[B]][%[[J]]] : memref<4xf32>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[A]], %[[C]] : f32
// CHECK-NEXT: memref.store %[[S]], %[[O]][%[[I]], %[[J]]] : memref<?x4xf32>
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: })
// CHECK-NOT: linalg.
// CHECK: func.return
func.func @elementwise_broadcast(%x: memref<?x4xf32>, %b: memref<4xf32>, %o: memref<?x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : memref<?x4xf32>, memref<4xf32>) outs(%o : memref<?x4xf32>) {
  ^bb0(%a: f32, %c: f32, %out: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  }
  func.return
}

// -----

// A row sum: the accumulator is loaded before the reduction loop, carried, stored after.
// CHECK-LABEL: func.func @row_sum
// CHECK-SAME: (%[[X:.*]]: memref<?x?xf32>, %[[O:.*]]: memref<?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[M:.*]] = memref.dim %[[O]], %[[C0]] : memref<?xf32>
// CHECK-DAG: %[[N:.*]] = memref.dim %[[X]], %[[C1]] : memref<?x?xf32>
// CHECK: "scf.parallel"(%[[C0]], %[[M]], %[[C1]])
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index):
// CHECK-NEXT: %[[INIT:.*]] = memref.load %[[O]][%[[I]]] : memref<?xf32>
// CHECK-NEXT: %[[SUM:.*]] = scf.for %[[J:.*]] = %[[C0]] to %[[N]] step %[[C1]] iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK-NEXT: %[[A:.*]] = memref.load %[[X]][%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[A]], %[[ACC]] : f32
// CHECK-NEXT: scf.yield %[[S]] : f32
// CHECK-NEXT: }
// CHECK-NEXT: memref.store %[[SUM]], %[[O]][%[[I]]] : memref<?xf32>
// CHECK-NEXT: scf.reduce
func.func @row_sum(%x: memref<?x?xf32>, %o: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf32>) outs(%o : memref<?xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  }
  func.return
}

// -----

// No parallel dim: a plain scf.for nest that loads and stores the output inside.
// CHECK-LABEL: func.func @total
// CHECK-SAME: (%[[X:.*]]: memref<3x?xf64>, %[[O:.*]]: memref<f64>)
// CHECK-NOT: scf.parallel
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT: %[[A:.*]] = memref.load %[[X]][%[[I]], %[[J]]] : memref<3x?xf64>
// CHECK-NEXT: %[[ACC:.*]] = memref.load %[[O]][] : memref<f64>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[A]], %[[ACC]] : f64
// CHECK-NEXT: memref.store %[[S]], %[[O]][] : memref<f64>
// CHECK-NEXT: }
// CHECK-NEXT: }
// With unit-parallel-loop=true: a one-iteration scf.parallel carrying the accumulator.
// UNIT-LABEL: func.func @total
// UNIT-SAME: (%[[X:.*]]: memref<3x?xf64>, %[[O:.*]]: memref<f64>)
// UNIT-DAG: %[[C0:.*]] = arith.constant 0 : index
// UNIT-DAG: %[[C1:.*]] = arith.constant 1 : index
// UNIT: "scf.parallel"(%[[C0]], %[[C1]], %[[C1]]) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
// UNIT-NEXT: ^{{.*}}(%{{.*}}: index):
// UNIT-NEXT: %[[INIT:.*]] = memref.load %[[O]][] : memref<f64>
// UNIT-NEXT: %[[R:.*]] = scf.for %[[I:.*]] = {{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (f64) {
// UNIT-NEXT: %{{.*}} = scf.for %[[J:.*]] = {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f64) {
// UNIT-NEXT: %[[A:.*]] = memref.load %[[X]][%[[I]], %[[J]]] : memref<3x?xf64>
// UNIT-NEXT: arith.addf %[[A]], %[[ACC]] : f64
// UNIT: memref.store %[[R]], %[[O]][] : memref<f64>
// UNIT-NEXT: scf.reduce
func.func @total(%x: memref<3x?xf64>, %o: memref<f64>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>],
                  iterator_types = ["reduction", "reduction"]}
      ins(%x : memref<3x?xf64>) outs(%o : memref<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  func.return
}

// -----

// Rank 0 with a scalar input: straight-line code.
// CHECK-LABEL: func.func @rank0
// CHECK-SAME: (%[[X:.*]]: memref<f32>, %[[O:.*]]: memref<f32>, %[[F:.*]]: f32)
// CHECK-NEXT: %[[A:.*]] = memref.load %[[X]][] : memref<f32>
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[F]] : f32
// CHECK-NEXT: memref.store %[[M]], %[[O]][] : memref<f32>
// CHECK-NEXT: func.return
// UNIT-LABEL: func.func @rank0
// UNIT-SAME: (%[[X:.*]]: memref<f32>, %[[O:.*]]: memref<f32>, %[[F:.*]]: f32)
// UNIT: "scf.parallel"
// UNIT-NEXT: ^{{.*}}(%{{.*}}: index):
// UNIT-NEXT: %[[A:.*]] = memref.load %[[X]][] : memref<f32>
// UNIT-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[F]] : f32
// UNIT-NEXT: memref.store %[[M]], %[[O]][] : memref<f32>
// UNIT-NEXT: scf.reduce
// UNIT-LABEL: func.func @index_and_unit_dim
func.func @rank0(%x: memref<f32>, %o: memref<f32>, %f: f32) {
  linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []}
      ins(%x, %f : memref<f32>, f32) outs(%o : memref<f32>) {
  ^bb0(%a: f32, %g: f32, %out: f32):
    %m = arith.mulf %a, %g : f32
    linalg.yield %m : f32
  }
  func.return
}

// -----

// linalg.index becomes the induction variable; a constant-0 map result for a size-1 dim
// becomes an index constant.
// CHECK-LABEL: func.func @index_and_unit_dim
// CHECK-SAME: (%[[X:.*]]: memref<1x?xf32>, %[[O:.*]]: memref<?x?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: "scf.parallel"
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT: %[[A:.*]] = memref.load %[[X]][%[[C0]], %[[J]]] : memref<1x?xf32>
// CHECK-NEXT: %[[K:.*]] = arith.index_cast %[[I]] : index to i32
// CHECK-NOT: linalg.index
// CHECK: memref.store %{{.*}}, %[[O]][%[[I]], %[[J]]] : memref<?x?xf32>
func.func @index_and_unit_dim(%x: memref<1x?xf32>, %o: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<1x?xf32>) outs(%o : memref<?x?xf32>) {
  ^bb0(%a: f32, %out: f32):
    %i = linalg.index 0 : index
    %k = arith.index_cast %i : index to i32
    %f = arith.sitofp %k : i32 to f32
    %s = arith.addf %a, %f : f32
    linalg.yield %s : f32
  }
  func.return
}

// -----

// An output indexed by a reduction dim is loaded and stored inside the reduction loop.
// CHECK-LABEL: func.func @output_on_reduction_dim
// CHECK-SAME: (%[[X:.*]]: memref<4x5xf32>, %[[O:.*]]: memref<4x5xf32>)
// CHECK: "scf.parallel"
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index):
// CHECK-NEXT: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT: memref.load %[[X]][%[[I]], %[[J]]]
// CHECK-NEXT: memref.load %[[O]][%[[I]], %[[J]]]
// CHECK-NEXT: arith.addf
// CHECK-NEXT: memref.store %{{.*}}, %[[O]][%[[I]], %[[J]]]
// CHECK-NEXT: }
// CHECK-NEXT: scf.reduce
func.func @output_on_reduction_dim(%x: memref<4x5xf32>, %o: memref<4x5xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x5xf32>) outs(%o : memref<4x5xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  }
  func.return
}

// -----

// Named ops: fill (memory space 1), copy, transpose, matmul, broadcast, reduce.
// CHECK-LABEL: func.func @fill
// CHECK-SAME: (%[[O:.*]]: memref<3x?xf32, 1 : i64>, %[[F:.*]]: f32)
// CHECK: "scf.parallel"
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT: memref.store %[[F]], %[[O]][%[[I]], %[[J]]] : memref<3x?xf32, 1 : i64>
// CHECK-NEXT: scf.reduce
func.func @fill(%o: memref<3x?xf32, 1>, %f: f32) {
  linalg.fill ins(%f : f32) outs(%o : memref<3x?xf32, 1>)
  func.return
}

// CHECK-LABEL: func.func @copy
// CHECK-SAME: (%[[X:.*]]: memref<?xi32>, %[[O:.*]]: memref<?xi32>)
// CHECK: ^{{.*}}(%[[I:.*]]: index):
// CHECK-NEXT: %[[V:.*]] = memref.load %[[X]][%[[I]]] : memref<?xi32>
// CHECK-NEXT: memref.store %[[V]], %[[O]][%[[I]]] : memref<?xi32>
func.func @copy(%x: memref<?xi32>, %o: memref<?xi32>) {
  linalg.copy ins(%x : memref<?xi32>) outs(%o : memref<?xi32>)
  func.return
}

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: memref<?x5xf32>, %[[O:.*]]: memref<5x?xf32>)
// CHECK: ^{{.*}}(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT: %[[V:.*]] = memref.load %[[X]][%[[J]], %[[I]]] : memref<?x5xf32>
// CHECK-NEXT: memref.store %[[V]], %[[O]][%[[I]], %[[J]]] : memref<5x?xf32>
func.func @transpose(%x: memref<?x5xf32>, %o: memref<5x?xf32>) {
  linalg.transpose ins(%x:memref<?x5xf32>) outs(%o:memref<5x?xf32>) permutation = [1, 0]
  func.return
}

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<8x?xf32>, %[[C:.*]]: memref<4x?xf32>)
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK: ^{{.*}}(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT: %[[INIT:.*]] = memref.load %[[C]][%[[I]], %[[J]]]
// CHECK-NEXT: %[[R:.*]] = scf.for %[[K:.*]] = %{{.*}} to %[[C8]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK-NEXT: memref.load %[[A]][%[[I]], %[[K]]]
// CHECK-NEXT: memref.load %[[B]][%[[K]], %[[J]]]
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: %[[S:.*]] = arith.addf %{{.*}}, %[[ACC]] : f32
// CHECK-NEXT: scf.yield %[[S]] : f32
// CHECK-NEXT: }
// CHECK-NEXT: memref.store %[[R]], %[[C]][%[[I]], %[[J]]]
func.func @matmul(%a: memref<4x8xf32>, %b: memref<8x?xf32>, %c: memref<4x?xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x?xf32>) outs(%c : memref<4x?xf32>)
  func.return
}

// CHECK-LABEL: func.func @broadcast
// CHECK-SAME: (%[[X:.*]]: memref<5xf32>, %[[O:.*]]: memref<?x5xf32>)
// CHECK: ^{{.*}}(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT: %[[V:.*]] = memref.load %[[X]][%[[J]]] : memref<5xf32>
// CHECK-NEXT: memref.store %[[V]], %[[O]][%[[I]], %[[J]]] : memref<?x5xf32>
func.func @broadcast(%x: memref<5xf32>, %o: memref<?x5xf32>) {
  linalg.broadcast ins(%x:memref<5xf32>) outs(%o:memref<?x5xf32>) dimensions = [0]
  func.return
}

// CHECK-LABEL: func.func @reduce_middle
// CHECK-SAME: (%[[X:.*]]: memref<3x?x5xf32>, %[[O:.*]]: memref<3x5xf32>)
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[N:.*]] = memref.dim %[[X]], %[[C1]] : memref<3x?x5xf32>
// CHECK: ^{{.*}}(%[[I:.*]]: index, %[[K:.*]]: index):
// CHECK-NEXT: %[[INIT:.*]] = memref.load %[[O]][%[[I]], %[[K]]]
// CHECK-NEXT: scf.for %[[J:.*]] = %{{.*}} to %[[N]] step %{{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (f32) {
// CHECK-NEXT: memref.load %[[X]][%[[I]], %[[J]], %[[K]]]
// CHECK-NEXT: arith.maximumf
func.func @reduce_middle(%x: memref<3x?x5xf32>, %o: memref<3x5xf32>) {
  linalg.reduce ins(%x:memref<3x?x5xf32>) outs(%o:memref<3x5xf32>) dimensions = [1]
  (%in: f32, %init: f32) {
    %s = arith.maximumf %in, %init : f32
    linalg.yield %s : f32
  }
  func.return
}

// -----
// negative cases

// ERR: convert-linalg-to-parallel-loops.mlir:{{[0-9]+}}:3: error: convert-linalg-to-parallel-loops: 'linalg.generic' expects buffers; run one-shot-bufferize first
func.func @on_tensors(%x: tensor<4xf32>, %o: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%o : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<4xf32>
  func.return %r : tensor<4xf32>
}

// -----

// ERR: error: convert-linalg-to-parallel-loops: 'linalg.generic' indexing map #0 {{.*}} has result '(d0 * 2)': only loop dims and constants are supported
func.func @strided_map(%x: memref<8xf32>, %o: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0 * 2)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : memref<8xf32>) outs(%o : memref<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  func.return
}

// -----

// ERR: error: convert-linalg-to-parallel-loops: 'linalg.conv_2d_nchw_fchw' indexing map #0 {{.*}} only loop dims and constants are supported
func.func @conv(%x: memref<1x1x6x6xf32>, %w: memref<1x1x3x3xf32>, %o: memref<1x1x4x4xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<1x1x6x6xf32>, memref<1x1x3x3xf32>) outs(%o : memref<1x1x4x4xf32>)
  func.return
}

// -----

// ERR: error: convert-linalg-to-parallel-loops: 'linalg.fill' yields f32 into output #0 of element type f64 (element type conversion is not supported)
func.func @casting_fill(%o: memref<4xf64>, %f: f32) {
  linalg.fill ins(%f : f32) outs(%o : memref<4xf64>)
  func.return
}

// -----

// ERR: error: convert-linalg-to-parallel-loops: 'linalg.generic' body must end with a linalg.yield of one value per output
func.func @two_yields(%x: memref<4xf32>, %o: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : memref<4xf32>) outs(%o : memref<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a, %b : f32, f32
  }
  func.return
}

// -----

// ERR: error: convert-linalg-to-parallel-loops: 'linalg.softmax' is not supported by this pass
func.func @unknown_linalg_op(%x: memref<4x8xf32>, %o: memref<4x8xf32>) {
  "linalg.softmax"(%x, %o) <{dimension = 1 : i64}> : (memref<4x8xf32>, memref<4x8xf32>) -> ()
  func.return
}

// -----

// ERR: error: convert-linalg-to-parallel-loops: 'linalg.generic' operand #0 of type vector<4xf32> is not a memref
func.func @vector_operand(%v: vector<4xf32>, %o: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%v : vector<4xf32>) outs(%o : memref<4xf32>) {
  ^bb0(%a: vector<4xf32>, %b: f32):
    %e = vector.extract %a[0] : f32 from vector<4xf32>
    linalg.yield %e : f32
  }
  func.return
}

// -----

// The verifier rejects this map pair; with verification off, the pass says why it cannot
// lower it.
// ERR: error: 'linalg.generic' invalid indexing maps are non-invertible
// NOVERIFY: error: convert-linalg-to-parallel-loops: 'linalg.generic' loop dim d1 is no indexing-map result of any operand; its range is unknown
// ERR-NOT: internal error
func.func @unknown_range(%x: memref<4xf32>, %o: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4xf32>) outs(%o : memref<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  func.return
}
