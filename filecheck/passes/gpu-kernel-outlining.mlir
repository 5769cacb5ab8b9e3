// RUN: not arignote-opt %s --split-input-file -p gpu-kernel-outlining 2>/dev/null | filecheck %s
// RUN: not arignote-opt %s --split-input-file -p gpu-kernel-outlining 2>&1 >/dev/null | filecheck %s --check-prefix=ERR

// Captured values become arguments in order of first use, each once; constants and
// index computations of constants are cloned in; ids become gpu id ops.
// CHECK:       builtin.module attributes {gpu.container_module} {
// CHECK-LABEL: func.func @f
// CHECK-SAME:    (%[[X:.*]]: memref<?xf32, 1 : i64>, %[[S:.*]]: f32, %[[N:.*]]: index)
// CHECK:         %[[B:.*]] = arith.constant 256 : index
// CHECK:         "gpu.launch_func"(%[[GX:.*]], %[[ONE:.*]], %[[ONE]], %[[B]], %[[ONE]], %[[ONE]], %[[N]], %[[X]], %[[S]])
// CHECK-SAME:      kernel = @f_kernels::@f_kernel_0
// CHECK-SAME:      (index, index, index, index, index, index, index, memref<?xf32, 1 : i64>, f32) -> ()
// CHECK-NEXT:    "gpu.launch_func"(%[[ONE]], %[[ONE]], %[[ONE]], %[[N]], %[[ONE]], %[[ONE]], %[[X]])
// CHECK-SAME:      kernel = @f_kernels::@f_kernel_1
// CHECK-NEXT:    func.return
// CHECK-NEXT:  }
// CHECK-NEXT:  "gpu.module"() <{sym_name = "f_kernels"}> ({
// CHECK-NEXT:    "gpu.func"() <{function_type = (index, memref<?xf32, 1 : i64>, f32) -> (), kernel}> ({
// CHECK-NEXT:    ^{{.*}}(%[[KN:.*]]: index, %[[KX:.*]]: memref<?xf32, 1 : i64>, %[[KS:.*]]: f32):
// CHECK-NEXT:      %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT:      %[[C3:.*]] = arith.constant 3 : index
// CHECK-NEXT:      %[[C6:.*]] = arith.muli %[[C2]], %[[C3]] : index
// CHECK-NEXT:      %[[BX:.*]] = gpu.block_id x
// CHECK-NEXT:      %[[TX:.*]] = gpu.thread_id x
// CHECK-NEXT:      %[[DX:.*]] = gpu.block_dim x
// CHECK-NEXT:      %[[T:.*]] = arith.muli %[[BX]], %[[DX]] : index
// CHECK-NEXT:      %[[I:.*]] = arith.addi %[[T]], %[[TX]] : index
// CHECK-NEXT:      %[[OK:.*]] = arith.cmpi slt, %[[I]], %[[KN]] : index
// CHECK-NEXT:      scf.if %[[OK]] {
// CHECK-NEXT:        %[[A:.*]] = memref.load %[[KX]][%[[I]]] : memref<?xf32, 1 : i64>
// CHECK-NEXT:        %[[M:.*]] = arith.mulf %[[A]], %[[KS]] : f32
// CHECK-NEXT:        %[[M2:.*]] = arith.mulf %[[M]], %[[KS]] : f32
// CHECK-NEXT:        %[[J:.*]] = arith.addi %[[I]], %[[C6]] : index
// CHECK-NEXT:        memref.store %[[M2]], %[[KX]][%[[I]]] : memref<?xf32, 1 : i64>
// CHECK-NEXT:      }
// CHECK-NEXT:      "gpu.return"() : () -> ()
// CHECK-NEXT:    }) {sym_name = "f_kernel_0", known_block_size = array<i32: 256, 1, 1>} : () -> ()
// A dynamic block size is not recorded.
// CHECK-NEXT:    "gpu.func"() <{function_type = (memref<?xf32, 1 : i64>) -> (), kernel}> ({
// CHECK:         }) {sym_name = "f_kernel_1"} : () -> ()
// CHECK-NEXT:  }) : () -> ()
// CHECK-LABEL: func.func @g
// CHECK:         "gpu.launch_func"
// CHECK-SAME:      kernel = @g_kernels::@g_kernel_0
// CHECK:       "gpu.module"() <{sym_name = "g_kernels"}>
// CHECK-NOT:   "gpu.launch"(
func.func @f(%x: memref<?xf32, 1 : i64>, %s: f32, %n: index) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c6 = arith.muli %c2, %c3 : index
  %b = arith.constant 256 : index
  %c255 = arith.constant 255 : index
  %p = arith.addi %n, %c255 : index
  %gx = arith.divui %p, %b : index
  "gpu.launch"(%gx, %c1, %c1, %b, %c1, %c1) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
  ^bb0(%bx: index, %by: index, %bz: index, %tx: index, %ty: index, %tz: index, %gdx: index, %gdy: index, %gdz: index, %bdx: index, %bdy: index, %bdz: index):
    %t = arith.muli %bx, %bdx : index
    %i = arith.addi %t, %tx : index
    %ok = arith.cmpi slt, %i, %n : index
    scf.if %ok {
      %a = memref.load %x[%i] : memref<?xf32, 1 : i64>
      %m = arith.mulf %a, %s : f32
      %m2 = arith.mulf %m, %s : f32
      %j = arith.addi %i, %c6 : index
      memref.store %m2, %x[%i] : memref<?xf32, 1 : i64>
    }
    "gpu.terminator"() : () -> ()
  }) : (index, index, index, index, index, index) -> ()
  "gpu.launch"(%c1, %c1, %c1, %n, %c1, %c1) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
  ^bb0(%bx: index, %by: index, %bz: index, %tx: index, %ty: index, %tz: index, %gdx: index, %gdy: index, %gdz: index, %bdx: index, %bdy: index, %bdz: index):
    %a = memref.load %x[%tx] : memref<?xf32, 1 : i64>
    memref.store %a, %x[%tx] : memref<?xf32, 1 : i64>
    "gpu.terminator"() : () -> ()
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
func.func @g(%x: memref<4xf32, 1 : i64>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  "gpu.launch"(%c1, %c1, %c1, %c32, %c1, %c1) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
  ^bb0(%bx: index, %by: index, %bz: index, %tx: index, %ty: index, %tz: index, %gdx: index, %gdy: index, %gdz: index, %bdx: index, %bdy: index, %bdz: index):
    %c0 = arith.constant 0 : index
    %a = memref.load %x[%c0] : memref<4xf32, 1 : i64>
    memref.store %a, %x[%c0] : memref<4xf32, 1 : i64>
    "gpu.terminator"() : () -> ()
  }) : (index, index, index, index, index, index) -> ()
  func.return
}

// -----

// A launch in a function of a nested module is not in a host function.
// ERR: gpu-kernel-outlining.mlir:99:7: error: gpu-kernel-outlining: 'gpu.launch' is not inside a func.func of the top-level module; only launches in host functions can be outlined
builtin.module {
  builtin.module {
    func.func @nested_module(%x: memref<4xf32>) {
      %c1 = arith.constant 1 : index
      "gpu.launch"(%c1, %c1, %c1, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
      ^bb0(%bx: index, %by: index, %bz: index, %tx: index, %ty: index, %tz: index, %gdx: index, %gdy: index, %gdz: index, %bdx: index, %bdy: index, %bdz: index):
        "gpu.terminator"() : () -> ()
      }) : (index, index, index, index, index, index) -> ()
      func.return
    }
  }
}

// -----

// ERR: error: gpu-kernel-outlining: 'gpu.launch' body uses %t of type tensor<4xf32> from the host; a kernel takes only memrefs, index, integers and floats
func.func @bad_capture(%t: tensor<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "gpu.launch"(%c1, %c1, %c1, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
  ^bb0(%bx: index, %by: index, %bz: index, %tx: index, %ty: index, %tz: index, %gdx: index, %gdy: index, %gdz: index, %bdx: index, %bdy: index, %bdz: index):
    %d = tensor.dim %t, %c0 : tensor<4xf32>
    "gpu.terminator"() : () -> ()
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
