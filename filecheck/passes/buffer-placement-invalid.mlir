// RUN: not arignote-opt %s -p 'buffer-placement{target=tpu}' 2>&1 | filecheck %s --check-prefix=TARGET
// RUN: not arignote-opt %s -p buffer-placement 2>&1 | filecheck %s --check-prefix=BLOCKS

// TARGET: error: buffer-placement: unknown target 'tpu' (use target=cpu or target=gpu)

// Placement works on straight-line host functions (the bufferized form).
func.func @two_blocks(%c: i1) -> memref<4xf32> {
  %b = memref.alloc() : memref<4xf32>
  cf.cond_br %c, ^bb1, ^bb1
^bb1:
  func.return %b : memref<4xf32>
}
// BLOCKS: buffer-placement-invalid.mlir:7:1: error: buffer-placement: 'func.func' expects a function with a single block
