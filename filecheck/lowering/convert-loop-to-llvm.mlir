// RUN: not arignote-opt %s --split-input-file -p convert-loop-to-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// Row i of a buffer is the address of element [i, 0, ...] (a getelementptr by i times
// the row's size) packed with the row's dynamic sizes (the buffer's trailing dims).
// CHECK-LABEL: func.func @k
// CHECK-DAG: %[[CP:.*]], %{{.*}} = builtin.unrealized_conversion_cast %{{.*}} : memref<?x4xf64> to !llvm.ptr, i64
// CHECK-DAG: %[[I:.*]] = builtin.unrealized_conversion_cast %{{.*}} : index to i64
// CHECK-DAG: %[[BP:.*]], %{{.*}}, %[[BD1:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<?x?xf32> to !llvm.ptr, i64, i64
// CHECK: %[[OFF:.*]] = llvm.mul %[[I]], %[[BD1]] overflow<nsw> : i64
// CHECK: %[[P:.*]] = llvm.getelementptr inbounds %[[BP]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT: %[[R:.*]] = builtin.unrealized_conversion_cast %[[P]], %[[BD1]] : !llvm.ptr, i64 to memref<?xf32>
// CHECK: %[[FOUR:.*]] = llvm.mlir.constant(4) : i64
// CHECK-NEXT: llvm.mul %[[I]], %[[FOUR]] overflow<nsw> : i64
// CHECK: %[[Q:.*]] = llvm.getelementptr inbounds %[[CP]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f64
// CHECK-NEXT: %[[S:.*]] = builtin.unrealized_conversion_cast %[[Q]] : !llvm.ptr to memref<4xf64>
// CHECK: memref.load %[[R]]
// CHECK: memref.load %[[S]]
func.func @k(%b: memref<?x?xf32>, %c: memref<?x4xf64>, %i: index) attributes {arignote.kernel} {
  %r = loop.row %b[%i] : memref<?x?xf32> -> memref<?xf32>
  %s = loop.row %c[%i] : memref<?x4xf64> -> memref<4xf64>
  %c0 = arith.constant 0 : index
  %v = memref.load %r[%c0] : memref<?xf32>
  %w = memref.load %s[%c0] : memref<4xf64>
  func.return
}

// -----
// Host functions are left alone.
// CHECK-LABEL: func.func @host
// CHECK-NEXT: loop.row
func.func @host(%b: memref<?x?xf32>, %i: index) -> memref<?xf32> {
  %r = loop.row %b[%i] : memref<?x?xf32> -> memref<?xf32>
  func.return %r : memref<?xf32>
}

// -----
// negative cases
func.func @k(%b: memref<?x4xf32, "foo">, %i: index) attributes {arignote.kernel} {
  %r = loop.row %b[%i] : memref<?x4xf32, "foo"> -> memref<4xf32, "foo">
  func.return
}
// ERR: error: convert-loop-to-llvm: 'loop.row' operand or result memory space "foo" of memref<?x4xf32, "foo"> is not an integer
