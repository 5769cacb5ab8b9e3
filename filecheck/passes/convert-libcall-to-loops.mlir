// RUN: arignote-opt %s --split-input-file -p convert-libcall-to-loops,cse | filecheck %s
// Library calls with provider "kernel" become loop nests: one scf.parallel iteration per
// output element, the reduced extent folded with scf.for iter_args; taps in padding are
// never loaded (scf.if); f16 accumulates in f32; ops of other providers are kept.

// CHECK-LABEL: func.func @gemm
// CHECK: %[[K:.*]] = memref.dim %a, %{{.*}} : memref<?x?xf32>
// CHECK: cf.assert {{.*}} "libcall.gemm at {{.*}}convert-libcall-to-loops.mlir:[[# @LINE + 14]]:3: inner dimensions differ"
// CHECK: cf.assert {{.*}} "libcall.gemm at {{.*}}: bias length differs from C's columns"
// CHECK: "scf.parallel"
// CHECK-NEXT: ^bb0(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK: scf.for %[[KK:.*]] = %{{.*}} to %[[K]] step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32)
// CHECK-NEXT: memref.load %a[%[[KK]], %[[I]]]
// CHECK-NEXT: memref.load %b[%[[KK]], %[[J]]]
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: memref.load %c[%[[I]], %[[J]]]
// CHECK: memref.load %bias[%[[J]]]
// CHECK: arith.maximumf
// CHECK: memref.store {{.*}}, %c[%[[I]], %[[J]]]
// CHECK-NOT: libcall.gemm
func.func @gemm(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>, %bias: memref<?xf32>) {
  libcall.gemm ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>) bias(%bias : memref<?xf32>) transpose_a alpha = 0.5 beta = 2.0 epilogue = relu {provider = "kernel"}
  func.return
}

// -----
// Static shapes: the output size checks fold away; padding taps are guarded.
// CHECK-LABEL: func.func @conv
// CHECK-NOT: cf.assert
// CHECK: "scf.parallel"
// CHECK: scf.for {{.*}} -> (f32)
// CHECK: scf.for {{.*}} -> (f32)
// CHECK: scf.for {{.*}} -> (f32)
// CHECK: arith.andi
// CHECK: scf.if %{{.*}} -> (f32)
// CHECK-NEXT: memref.load %x
// CHECK-NEXT: arith.extf {{.*}} : f16 to f32
// CHECK: memref.load %w
// CHECK: arith.truncf {{.*}} : f32 to f16
// CHECK: memref.store {{.*}}, %y
func.func @conv(%x: memref<2x3x8x8xf16>, %w: memref<4x3x3x3xf16>, %y: memref<2x4x4x4xf16>) {
  libcall.conv2d ins(%x, %w : memref<2x3x8x8xf16>, memref<4x3x3x3xf16>) outs(%y : memref<2x4x4x4xf16>) strides [2, 2] padding [1, 1, 1, 1] dilation [1, 1] flip {provider = "kernel"}
  func.return
}

// -----
// The gradient of a strided convolution gathers: the output index of a tap exists when
// (h + pad - tap) is a non-negative multiple of the stride below the output height.
// CHECK-LABEL: func.func @conv_backward_data
// CHECK: "scf.parallel"
// CHECK: arith.remsi
// CHECK: arith.divsi
// CHECK: scf.if
// CHECK: memref.load %dy
// CHECK: memref.store {{.*}}, %dx
func.func @conv_backward_data(%dy: memref<1x2x3x3xf32>, %w: memref<2x1x3x3xf32>, %dx: memref<1x1x7x7xf32>) {
  libcall.conv2d_backward_data ins(%dy, %w : memref<1x2x3x3xf32>, memref<2x1x3x3xf32>) outs(%dx : memref<1x1x7x7xf32>) strides [2, 2] padding [0, 0, 0, 0] dilation [1, 1] {provider = "kernel"}
  func.return
}

// -----
// CHECK-LABEL: func.func @pool
// CHECK: cf.assert {{.*}} "libcall.pool2d at {{.*}}: output height is not a pooled size of the input"
// CHECK: "scf.parallel"
// CHECK: scf.for {{.*}} -> (f32)
// CHECK: arith.addf
// CHECK: arith.sitofp
// CHECK: arith.divf
func.func @pool(%x: memref<?x?x?xf32>, %y: memref<?x?x?xf32>) {
  libcall.pool2d average_exc_pad ins(%x : memref<?x?x?xf32>) outs(%y : memref<?x?x?xf32>) window [3, 3] strides [2, 2] padding [1, 1] {provider = "kernel"}
  func.return
}

// -----
// Pooling on host buffers: one iteration per output row; a row whose windows lie inside
// the input rows splits its columns at j_lo = ceildiv(pad, stride) = 1 and
// j_hi = min(WO, max(j_lo, (W + pad - window) // stride + 1)): the columns between have
// no tap checks (LLVM vectorises them), the others keep them.  On device buffers: one
// thread per output, every tap checked.
// CHECK-LABEL: func.func @pool_rows
// CHECK: %[[LO:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK: %[[HI:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK: "scf.parallel"
// CHECK-NEXT: ^bb0(%{{.*}}: index, %{{.*}}: index):
// CHECK: scf.if
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[LO]] step
// CHECK: scf.if {{.*}} -> (f32)
// CHECK: scf.for %{{.*}} = %[[LO]] to %[[HI]] step
// CHECK-NOT: scf.if
// CHECK: memref.load %x
// CHECK-NEXT: arith.maximumf
// CHECK: scf.for %{{.*}} = %[[HI]] to
// CHECK: scf.if {{.*}} -> (f32)
// CHECK: } else {
// CHECK: scf.if {{.*}} -> (f32)
// CHECK-LABEL: func.func @pool_device
// CHECK: "scf.parallel"
// CHECK-NEXT: ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index):
// Memory space 0 is host memory too (select-libcall-providers' rule): the row form.
// CHECK-LABEL: func.func @pool_space0
// CHECK: "scf.parallel"
// CHECK-NEXT: ^bb0(%{{.*}}: index, %{{.*}}: index):
func.func @pool_rows(%x: memref<?x?x?xf32>, %y: memref<?x?x?xf32>) {
  libcall.pool2d max ins(%x : memref<?x?x?xf32>) outs(%y : memref<?x?x?xf32>) window [2, 2] strides [2, 2] padding [1, 1] {provider = "kernel"}
  func.return
}
func.func @pool_device(%x: memref<?x?x?xf32, 1>, %y: memref<?x?x?xf32, 1>) {
  libcall.pool2d max ins(%x : memref<?x?x?xf32, 1>) outs(%y : memref<?x?x?xf32, 1>) window [2, 2] strides [2, 2] padding [1, 1] {provider = "kernel"}
  func.return
}
func.func @pool_space0(%x: memref<?x?x?xf32, 0>, %y: memref<?x?x?xf32, 0>) {
  libcall.pool2d max ins(%x : memref<?x?x?xf32, 0>) outs(%y : memref<?x?x?xf32, 0>) window [2, 2] strides [2, 2] padding [1, 1] {provider = "kernel"}
  func.return
}

// -----
// Max pooling's gradient: each tied maximum of a window gets the window's gradient.
// CHECK-LABEL: func.func @pool_backward
// CHECK: "scf.parallel"
// CHECK: %[[X:.*]] = memref.load %x
// CHECK: scf.if
// CHECK: memref.load %dy
// CHECK: %[[Y:.*]] = memref.load %y
// CHECK: arith.cmpf oeq, %[[X]], %[[Y]]
// CHECK: memref.store {{.*}}, %dx
func.func @pool_backward(%x: memref<4x6x6xf64>, %y: memref<4x3x3xf64>, %dy: memref<4x3x3xf64>, %dx: memref<4x6x6xf64>) {
  libcall.pool2d_backward max ins(%x, %y, %dy : memref<4x6x6xf64>, memref<4x3x3xf64>, memref<4x3x3xf64>) outs(%dx : memref<4x6x6xf64>) window [2, 2] strides [2, 2] padding [0, 0] {provider = "kernel"}
  func.return
}

// -----
// Three passes over the axis: max, sum of exp, write.
// CHECK-LABEL: func.func @log_softmax
// CHECK: "scf.parallel"
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: %[[L:.*]] = math.log
// CHECK: scf.for
// CHECK: arith.subf {{.*}}, %[[L]]
// CHECK: memref.store
func.func @log_softmax(%x: memref<?x10xf32>, %y: memref<?x10xf32>) {
  libcall.log_softmax ins(%x : memref<?x10xf32>) outs(%y : memref<?x10xf32>) axis 1 {provider = "kernel"}
  func.return
}

// -----
// Other providers are kept.
// CHECK-LABEL: func.func @kept
// CHECK-NEXT: libcall.gemm {{.*}} {provider = "cublas"}
func.func @kept(%a: memref<4x4xf32, 1>) {
  libcall.gemm ins(%a, %a : memref<4x4xf32, 1>, memref<4x4xf32, 1>) outs(%a : memref<4x4xf32, 1>) {provider = "cublas"}
  func.return
}

// -----
// Provider cpu-direct (arignote.lowering.direct_conv): the padding written out into a host
// buffer (rows copied in parallel), then one scf.parallel over (N, HO); static 3x3 filters
// and rows of 20 >= 16 outputs pick the unrolled two-vector blocks with no run-time test:
// blocks of 4 output channels, the 9 taps of each input channel unrolled (2 vector loads,
// 4 broadcast weights, 8 fused multiply-adds each), then the channels left one at a time;
// the last column block starts at 20 - 16 = 4; bias and relu on the vectors, stored.
// CHECK-LABEL: func.func @direct
// CHECK: cf.assert {{.*}} "libcall.conv2d at {{.*}}: bias length differs from O"
// CHECK: %[[XP:.*]] = memref.alloc(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<?x?x?x?xf32>
// CHECK: "scf.parallel"
// CHECK: memref.load %x
// CHECK: memref.store {{.*}}, %[[XP]]
// CHECK: scf.reduce
// CHECK: "scf.parallel"
// CHECK-NEXT: ^bb0(%[[N:.*]]: index, %[[I:.*]]: index):
// CHECK-NOT: scf.if
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.minsi %{{.*}}, %[[C4:.*]] : index
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK-COUNT-18: vector.load %[[XP]]
// CHECK-NOT: vector.load
// CHECK: scf.yield
// CHECK: memref.load %b
// CHECK-NEXT: vector.broadcast
// CHECK-NEXT: arith.addf {{.*}} : vector<8xf32>
// CHECK-NEXT: arith.addf {{.*}} : vector<8xf32>
// CHECK-NEXT: arith.maximumf {{.*}} : vector<8xf32>
// CHECK-NEXT: arith.maximumf {{.*}} : vector<8xf32>
// CHECK-NEXT: vector.store {{.*}}, %y[%[[N]], {{.*}}, %[[I]], {{.*}}] : memref<?x?x8x20xf32>, vector<8xf32>
// CHECK: iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>)
// CHECK: scf.reduce
// CHECK: memref.dealloc %[[XP]]
// CHECK-NOT: libcall.conv2d
func.func @direct(%x: memref<?x3x8x20xf32>, %w: memref<?x3x3x3xf32>, %y: memref<?x?x8x20xf32>, %b: memref<?xf32>) {
  libcall.conv2d ins(%x, %w : memref<?x3x8x20xf32>, memref<?x3x3x3xf32>) outs(%y : memref<?x?x8x20xf32>) bias(%b : memref<?xf32>) strides [1, 1] padding [1, 1, 1, 1] dilation [1, 1] flip epilogue = relu {provider = "cpu-direct"}
  func.return
}

// -----
// A 2x2 max pooling (stride 2, no padding) of a cpu-direct convolution's own output
// buffer runs in the convolution's output loop, where the pooling was: one scf.parallel
// over (N, pooled rows); blocks of 2 channels hold both rows' accumulators (2 rows x 2
// channels x 2 vectors), the epilogue is applied per row, the rows' maximum taken, then
// each pair of columns (the even and the odd lanes of the two vectors) -- stored as one
// vector of pooled outputs.  The convolution's output is never allocated.
// CHECK-LABEL: func.func @pooled
// CHECK: %[[PB:.*]] = memref.alloc(%{{.*}}, %{{.*}}) : memref<?x?x4x10xf32>
// CHECK-NOT: memref.alloc
// CHECK: cf.assert {{.*}} "libcall.pool2d at {{.*}}: output height is not a pooled size of the input"
// CHECK: "scf.parallel"
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK: arith.maximumf {{.*}} : vector<8xf32>
// CHECK: %[[E:.*]] = vector.shuffle %[[M0:.*]], %[[M1:.*]] [0, 2, 4, 6, 8, 10, 12, 14] : vector<8xf32>, vector<8xf32>
// CHECK-NEXT: %[[O:.*]] = vector.shuffle %[[M0]], %[[M1]] [1, 3, 5, 7, 9, 11, 13, 15] : vector<8xf32>, vector<8xf32>
// CHECK-NEXT: %[[P:.*]] = arith.maximumf %[[E]], %[[O]] : vector<8xf32>
// CHECK-NEXT: vector.store %[[P]], %[[PB]][{{.*}}] : memref<?x?x4x10xf32>, vector<8xf32>
// CHECK-NOT: libcall.
// CHECK-NOT: memref.dealloc %y
func.func @pooled(%x: memref<?x3x8x20xf32>, %w: memref<?x3x3x3xf32>, %n: index, %o: index) -> memref<?x?x4x10xf32> {
  %y = memref.alloc(%n, %o) : memref<?x?x8x20xf32>
  %p = memref.alloc(%n, %o) : memref<?x?x4x10xf32>
  libcall.conv2d ins(%x, %w : memref<?x3x8x20xf32>, memref<?x3x3x3xf32>) outs(%y : memref<?x?x8x20xf32>) strides [1, 1] padding [1, 1, 1, 1] dilation [1, 1] epilogue = relu {provider = "cpu-direct"}
  libcall.pool2d max ins(%y : memref<?x?x8x20xf32>) outs(%p : memref<?x?x4x10xf32>) window [2, 2] strides [2, 2] padding [0, 0] {provider = "kernel"}
  memref.dealloc %y : memref<?x?x8x20xf32>
  func.return %p : memref<?x?x4x10xf32>
}

// -----
// Not fused: the output is read again (a copy of it), the pooling is not 2x2/2, or it
// writes a buffer that is not its own (an argument, which an input may alias); each op
// is lowered alone (the convolution's buffer kept).
// CHECK-LABEL: func.func @read_twice
// CHECK: memref.alloc
// CHECK-NOT: vector.shuffle
// CHECK: memref.copy
// CHECK-LABEL: func.func @window3
// CHECK: memref.alloc
// CHECK-NOT: vector.shuffle
// CHECK: func.return
// CHECK-LABEL: func.func @into_argument
// CHECK: memref.alloc
// CHECK-NOT: vector.shuffle
// CHECK: func.return
func.func @read_twice(%x: memref<?x3x8x20xf32>, %w: memref<?x3x3x3xf32>, %c: memref<?x?x8x20xf32>, %n: index, %o: index) {
  %y = memref.alloc(%n, %o) : memref<?x?x8x20xf32>
  %p = memref.alloc(%n, %o) : memref<?x?x4x10xf32>
  libcall.conv2d ins(%x, %w : memref<?x3x8x20xf32>, memref<?x3x3x3xf32>) outs(%y : memref<?x?x8x20xf32>) strides [1, 1] padding [1, 1, 1, 1] dilation [1, 1] {provider = "cpu-direct"}
  libcall.pool2d max ins(%y : memref<?x?x8x20xf32>) outs(%p : memref<?x?x4x10xf32>) window [2, 2] strides [2, 2] padding [0, 0] {provider = "kernel"}
  memref.copy %y, %c : memref<?x?x8x20xf32> to memref<?x?x8x20xf32>
  func.return
}
func.func @window3(%x: memref<?x3x8x20xf32>, %w: memref<?x3x3x3xf32>, %n: index, %o: index) {
  %y = memref.alloc(%n, %o) : memref<?x?x8x20xf32>
  %p = memref.alloc(%n, %o) : memref<?x?x2x6xf32>
  libcall.conv2d ins(%x, %w : memref<?x3x8x20xf32>, memref<?x3x3x3xf32>) outs(%y : memref<?x?x8x20xf32>) strides [1, 1] padding [1, 1, 1, 1] dilation [1, 1] {provider = "cpu-direct"}
  libcall.pool2d max ins(%y : memref<?x?x8x20xf32>) outs(%p : memref<?x?x2x6xf32>) window [3, 3] strides [3, 3] padding [0, 0] {provider = "kernel"}
  func.return
}
func.func @into_argument(%x: memref<?x3x8x20xf32>, %w: memref<?x3x3x3xf32>, %p: memref<?x?x4x10xf32>, %n: index, %o: index) {
  %y = memref.alloc(%n, %o) : memref<?x?x8x20xf32>
  libcall.conv2d ins(%x, %w : memref<?x3x8x20xf32>, memref<?x3x3x3xf32>) outs(%y : memref<?x?x8x20xf32>) strides [1, 1] padding [1, 1, 1, 1] dilation [1, 1] {provider = "cpu-direct"}
  libcall.pool2d max ins(%y : memref<?x?x8x20xf32>) outs(%p : memref<?x?x4x10xf32>) window [2, 2] strides [2, 2] padding [0, 0] {provider = "kernel"}
  memref.dealloc %y : memref<?x?x8x20xf32>
  func.return
}
