// RUN: not arignote-opt %s --split-input-file -p convert-parallel-loops-to-gpu 2>/dev/null | filecheck %s
// RUN: not arignote-opt %s --split-input-file -p convert-parallel-loops-to-gpu 2>&1 >/dev/null | filecheck %s --check-prefix=ERR
// RUN: not arignote-opt %s -p 'convert-parallel-loops-to-gpu{block-size=2048}' 2>&1 | filecheck %s --check-prefix=BADSIZE

// BADSIZE: error: convert-parallel-loops-to-gpu: block-size=2048 must be a positive multiple of 32 of at most 1024

// 1-D, dynamic size: grid x = ceildiv(n, 256) on the host, guard i < n in the kernel
// (an upper bound that might be negative is clamped to 0 first).
// CHECK-LABEL: func.func @one_dim
// CHECK-SAME:    (%[[X:.*]]: memref<?xf32>, %[[ARG:.*]]: index)
// CHECK:         %[[N:.*]] = arith.maxsi %[[ARG]], %{{.*}} : index
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[B:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C255:.*]] = arith.constant 255 : index
// CHECK:         %[[P:.*]] = arith.addi %[[N]], %[[C255]] : index
// CHECK:         %[[GX:.*]] = arith.divui %[[P]], %[[B]] : index
// CHECK:         "gpu.launch"(%[[GX]], %[[ONE]], %[[ONE]], %[[B]], %[[ONE]], %[[ONE]])
// CHECK-NEXT:    ^{{.*}}(%[[BIDX:.*]]: index, %{{.*}}: index, %{{.*}}: index, %[[TIDX:.*]]: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[BDIMX:.*]]: index, %{{.*}}: index, %{{.*}}: index):
// CHECK-NEXT:      %[[T:.*]] = arith.muli %[[BIDX]], %[[BDIMX]] : index
// CHECK-NEXT:      %[[I:.*]] = arith.addi %[[T]], %[[TIDX]] : index
// CHECK-NEXT:      %[[OK:.*]] = arith.cmpi slt, %[[I]], %[[N]] : index
// CHECK-NEXT:      scf.if %[[OK]] {
// CHECK-NEXT:        %[[A:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:        memref.store %[[A]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      "gpu.terminator"() : () -> ()
// CHECK-NOT:     scf.parallel
func.func @one_dim(%x: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    memref.store %a, %x[%i] : memref<?xf32>
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// -----

// 2-D, dynamic: grid y = min(rows, 65535) and a grid-stride loop over the rows.
// CHECK-LABEL: func.func @two_dims
// CHECK:         %[[N:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<?x?xf32>
// CHECK:         %[[M:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<?x?xf32>
// CHECK:         %[[GX:.*]] = arith.divui
// CHECK:         %[[MAXY:.*]] = arith.constant 65535 : index
// CHECK:         %[[GY:.*]] = arith.minsi %[[N]], %[[MAXY]] : index
// CHECK:         "gpu.launch"(%[[GX]], %[[GY]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NEXT:    ^{{.*}}(%{{.*}}: index, %[[BIDY:.*]]: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[GDIMY:.*]]: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index):
// CHECK:           %[[I:.*]] = arith.addi
// CHECK:           arith.cmpi slt, %[[I]], %[[M]] : index
// CHECK:           scf.for %[[R:.*]] = %[[BIDY]] to %[[N]] step %[[GDIMY]] {
// CHECK-NEXT:        memref.load %{{.*}}[%[[R]], %[[I]]] : memref<?x?xf32>
func.func @two_dims(%x: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  "scf.parallel"(%c0, %c0, %n, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %a = memref.load %x[%i, %j] : memref<?x?xf32>
    memref.store %a, %x[%i, %j] : memref<?x?xf32>
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = block_y, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index, index, index, index) -> ()
  func.return
}

// -----

// Static sizes: a small innermost extent (100) gets a block of 128 threads; 3 rows fit
// the grid (block_id.y is the row); 70000 planes do not (grid z = 65535 + grid-stride
// loop); the outer dim and the nested loop run sequentially inside the kernel.
// CHECK-LABEL: func.func @static_sizes
// CHECK:         %[[B:.*]] = arith.constant 128 : index
// CHECK-NEXT:    %[[GX:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[GY:.*]] = arith.constant 3 : index
// CHECK-NEXT:    %[[GZ:.*]] = arith.constant 65535 : index
// CHECK-NEXT:    "gpu.launch"(%[[GX]], %[[GY]], %[[GZ]], %[[B]], %[[ONE:.*]], %[[ONE]])
// CHECK-NEXT:    ^{{.*}}(%{{.*}}: index, %[[BIDY:.*]]: index, %[[BIDZ:.*]]: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[GDIMZ:.*]]: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index):
// CHECK:           scf.if
// CHECK-NEXT:        scf.for %[[A:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT:          scf.for %[[P:.*]] = %[[BIDZ]] to %{{.*}} step %[[GDIMZ]] {
// CHECK-NEXT:            scf.for %[[E:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT:              memref.load %{{.*}}[%[[A]], %[[P]], %[[BIDY]], %[[E]]]
// CHECK-NOT:     scf.parallel
func.func @static_sizes(%x: memref<2x70000x3x100xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c100 = arith.constant 100 : index
  %c70000 = arith.constant 70000 : index
  "scf.parallel"(%c0, %c0, %c0, %c0, %c2, %c70000, %c3, %c100, %c1, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 4, 4, 4, 0>}> ({
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    "scf.parallel"(%c0, %c100, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
    ^bb1(%e: index):
      %v = memref.load %x[%a, %b, %c, %e] : memref<2x70000x3x100xf32>
      memref.store %v, %x[%a, %b, %c, %d] : memref<2x70000x3x100xf32>
      scf.reduce
    }) {mapping = [#gpu.loop_dim_map<processor = sequential, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = sequential, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = block_z, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = block_y, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index, index, index, index, index, index, index, index, index, index) -> ()
  func.return
}

// -----

// General lower bound and step: n = max(0, ceildiv(ub - lb, step)), iv = lb + i * step.
// CHECK-LABEL: func.func @lb_step
// CHECK-SAME:    (%[[X:.*]]: memref<?xf32>, %[[LB:.*]]: index, %[[UB:.*]]: index, %[[ST:.*]]: index)
// CHECK:         %[[D:.*]] = arith.subi %[[UB]], %[[LB]] : index
// CHECK:         %[[S1:.*]] = arith.subi %[[ST]], %{{.*}} : index
// CHECK:         %[[D2:.*]] = arith.addi %[[D]], %[[S1]] : index
// CHECK:         %[[Q:.*]] = arith.divsi %[[D2]], %[[ST]] : index
// CHECK:         %[[N:.*]] = arith.maxsi %[[Q]], %{{.*}} : index
// CHECK:         "gpu.launch"
// CHECK:           %[[I:.*]] = arith.addi
// CHECK:           arith.cmpi slt, %[[I]], %[[N]] : index
// CHECK:           %[[M:.*]] = arith.muli %[[I]], %[[ST]] : index
// CHECK-NEXT:      %[[IV:.*]] = arith.addi %[[M]], %[[LB]] : index
// CHECK-NEXT:      memref.load %[[X]][%[[IV]]]
func.func @lb_step(%x: memref<?xf32>, %lb: index, %ub: index, %st: index) {
  "scf.parallel"(%lb, %ub, %st) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    memref.store %a, %x[%i] : memref<?xf32>
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// -----

// ERR: convert-parallel-loops-to-gpu.mlir:139:3: error: convert-parallel-loops-to-gpu: 'scf.parallel' has no 'mapping' attribute: run gpu-map-loops-coalesced before convert-parallel-loops-to-gpu
func.func @unmapped(%x: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' nested in a mapped loop has no 'mapping' attribute
func.func @nested_unmapped(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
    ^bb1(%j: index):
      scf.reduce
    }) : (index, index, index) -> ()
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' nested in a mapped loop has a 'mapping' that does not fit: a nested loop must be sequential in every dim
func.func @nested_mapped_to_threads(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
    ^bb1(%j: index):
      scf.reduce
    }) {mapping = [#gpu.loop_dim_map<processor = block_y, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' has a 'mapping' that does not fit: expected 2 #gpu.loop_dim_map entries (one per loop dim), got [#gpu.loop_dim_map<processor = thread_x
func.func @wrong_length(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c0, %n, %n, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index, index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' has a 'mapping' that does not fit: dim 0 has map = (d0) -> ((d0 * 2)), bound = (d0) -> (d0); only the identity (d0) -> (d0) is supported
func.func @non_identity_map(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0 * 2), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' has a 'mapping' that does not fit: dim 0 is mapped to block_x; supported are thread_x (1-D blocks, blocks along x), block_y, block_z and sequential
func.func @block_x(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' has a 'mapping' that does not fit: 0 dims are mapped to thread_x; expected exactly one
func.func @no_thread_x(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = sequential, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' has a 'mapping' that does not fit: 2 dims are mapped to block_y; expected at most one
func.func @two_block_y(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c0, %c0, %n, %n, %n, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 3, 3, 3, 0>}> ({
  ^bb0(%i: index, %j: index, %k: index):
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = block_y, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = block_y, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index, index, index, index, index, index, index) -> ()
  func.return
}

// -----

// ERR: error: convert-parallel-loops-to-gpu: 'scf.parallel' has 1 reduction(s); only loops without reductions become a gpu.launch
func.func @reduction(%x: memref<?xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %s = "scf.parallel"(%c0, %n, %c1, %z) <{operandSegmentSizes = array<i32: 1, 1, 1, 1>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%a : f32) {
    ^bb1(%l: f32, %r: f32):
      %t = arith.addf %l, %r : f32
      scf.reduce.return %t : f32
    }
  }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index, f32) -> f32
  func.return %s : f32
}
