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
// loop.parallel_for: the ABI values of its arguments packed in a struct on the stack, a
// trampoline per callee that loads it and calls the callee with the chunk's bounds and
// the fields, the pool's entry point declared and called with the trampoline's address.
// CHECK-LABEL: llvm.func @arignote_parallel_for(!llvm.ptr, !llvm.ptr, i64, i64)
// CHECK-LABEL: func.func @pk
// CHECK-DAG: %[[G:.*]] = builtin.unrealized_conversion_cast %g : index to i64
// CHECK-DAG: %[[N:.*]] = builtin.unrealized_conversion_cast %n : index to i64
// CHECK-DAG: %[[XP:.*]], %[[XD:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<?xf32> to !llvm.ptr, i64
// CHECK: %[[U:.*]] = llvm.mlir.undef : !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: %[[V0:.*]] = llvm.insertvalue %[[XP]], %[[U]][0] : !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: %[[V1:.*]] = llvm.insertvalue %[[XD]], %[[V0]][1] : !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: %[[V2:.*]] = llvm.insertvalue %s, %[[V1]][2] : !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: %[[ONE:.*]] = llvm.mlir.constant(1) : i64
// CHECK-NEXT: %[[CTX:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(!llvm.ptr, i64, f32)> {alignment = 8 : i64} : (i64) -> !llvm.ptr
// CHECK-NEXT: llvm.store %[[V2]], %[[CTX]] : !llvm.struct<(!llvm.ptr, i64, f32)>, !llvm.ptr
// CHECK-NEXT: %[[F:.*]] = llvm.mlir.addressof @pk_chunk__chunks : !llvm.ptr
// CHECK-NEXT: llvm.call @arignote_parallel_for(%[[F]], %[[CTX]], %[[N]], %[[G]]) : (!llvm.ptr, !llvm.ptr, i64, i64) -> ()
// CHECK: llvm.func internal @pk_chunk(
// CHECK: llvm.func internal @pk_chunk__chunks(%[[C:.*]]: !llvm.ptr, %[[LO:.*]]: i64, %[[HI:.*]]: i64)
// CHECK-NEXT: %[[S:.*]] = llvm.load %[[C]] : !llvm.ptr -> !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: %[[F0:.*]] = llvm.extractvalue %[[S]][0] : !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: %[[F1:.*]] = llvm.extractvalue %[[S]][1] : !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: %[[F2:.*]] = llvm.extractvalue %[[S]][2] : !llvm.struct<(!llvm.ptr, i64, f32)>
// CHECK-NEXT: llvm.call @pk_chunk(%[[LO]], %[[HI]], %[[F0]], %[[F1]], %[[F2]]) : (i64, i64, !llvm.ptr, i64, f32) -> ()
// CHECK-NEXT: llvm.return
func.func @pk(%x: memref<?xf32>, %s: f32, %n: index, %g: index) attributes {arignote.kernel} {
  loop.parallel_for @pk_chunk(%n) grain(%g) args(%x : memref<?xf32>, %s : f32)
  func.return
}
llvm.func @pk_chunk(%lo: i64, %hi: i64, %p: !llvm.ptr, %d: i64, %s: f32) {
  llvm.return
}

// -----
// negative cases
func.func @k(%b: memref<?x4xf32, "foo">, %i: index) attributes {arignote.kernel} {
  %r = loop.row %b[%i] : memref<?x4xf32, "foo"> -> memref<4xf32, "foo">
  func.return
}
// ERR: error: convert-loop-to-llvm: 'loop.row' operand or result memory space "foo" of memref<?x4xf32, "foo"> is not an integer

// -----
// The callee of a loop.parallel_for must have the kernel ABI already.
func.func @pk(%x: memref<?xf32>, %n: index, %g: index) attributes {arignote.kernel} {
  loop.parallel_for @pk_chunk(%n) grain(%g) args(%x : memref<?xf32>)
  func.return
}
func.func @pk_chunk(%lo: index, %hi: index, %x: memref<?xf32>) attributes {arignote.kernel} {
  func.return
}
// ERR: error: convert-loop-to-llvm: 'loop.parallel_for' calls @pk_chunk, which is not an llvm.func (convert-func-to-llvm converts it)
