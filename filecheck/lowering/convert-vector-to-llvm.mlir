// RUN: not arignote-opt %s --split-input-file -p convert-vector-to-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// Host vector ops stay.  In kernels a vector load/store is one unaligned (element
// alignment) llvm.load/llvm.store of the vector type at the first element's address
// (finalize-memref-to-llvm's row-major offset); a broadcast is insertelement into lane
// 0 of a poison vector and a shufflevector with the all-zero mask; fma is llvm.intr.fma.
// CHECK-LABEL: func.func @host
// CHECK: vector.load
// CHECK-LABEL: func.func @k
// CHECK-DAG: %[[W:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<4xf64> to !llvm.ptr
// CHECK-DAG: %[[J:.*]] = builtin.unrealized_conversion_cast %{{.*}} : index to i64
// CHECK-DAG: %[[I:.*]] = builtin.unrealized_conversion_cast %{{.*}} : index to i64
// CHECK-DAG: %[[M:.*]], %{{.*}} = builtin.unrealized_conversion_cast %{{.*}} : memref<?x16xf32> to !llvm.ptr, i64
// CHECK: %[[C16:.*]] = llvm.mlir.constant(16) : i64
// CHECK-NEXT: %[[R:.*]] = llvm.mul %[[I]], %[[C16]] overflow<nsw> : i64
// CHECK-NEXT: %[[O:.*]] = llvm.add %[[R]], %[[J]] overflow<nsw> : i64
// CHECK-NEXT: %[[P:.*]] = llvm.getelementptr inbounds %[[M]][%[[O]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT: %[[A:.*]] = llvm.load %[[P]] <alignment = 4> : !llvm.ptr -> vector<8xf32>
// CHECK-NEXT: %[[PO:.*]] = llvm.mlir.poison : vector<8xf32>
// CHECK-NEXT: %[[Z:.*]] = llvm.mlir.constant(0) : i64
// CHECK-NEXT: %[[INS:.*]] = llvm.insertelement %{{.*}}, %[[PO]][%[[Z]] : i64] : vector<8xf32>
// CHECK-NEXT: %[[B:.*]] = llvm.shufflevector %[[INS]], %[[PO]] [0, 0, 0, 0, 0, 0, 0, 0] : vector<8xf32>
// CHECK-NEXT: %[[C:.*]] = llvm.intr.fma(%[[A]], %[[B]], %[[A]]) : (vector<8xf32>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
// CHECK: %[[Q:.*]] = llvm.getelementptr inbounds %[[M]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT: llvm.store %[[C]], %[[Q]] <alignment = 4> : vector<8xf32>, !llvm.ptr
// CHECK: %[[WP:.*]] = llvm.getelementptr inbounds %[[W]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f64
// CHECK-NEXT: %[[D:.*]] = llvm.load %[[WP]] <alignment = 8> : !llvm.ptr -> vector<4xf64>
// CHECK: llvm.store %[[D]], %{{.*}} <alignment = 8> : vector<4xf64>, !llvm.ptr
// CHECK-NOT: vector.
func.func @host(%m: memref<?x?xf32>, %i: index) {
  %c0 = arith.constant 0 : index
  %v = vector.load %m[%i, %c0] : memref<?x?xf32>, vector<8xf32>
  func.return
}

func.func @k(%m: memref<?x16xf32>, %w: memref<4xf64>, %i: index, %j: index, %s: f32) attributes {arignote.kernel} {
  %a = vector.load %m[%i, %j] : memref<?x16xf32>, vector<8xf32>
  %b = vector.broadcast %s : f32 to vector<8xf32>
  %c = vector.fma %a, %b, %a : vector<8xf32>
  vector.store %c, %m[%i, %j] : memref<?x16xf32>, vector<8xf32>
  %c0 = arith.constant 0 : index
  %d = vector.load %w[%c0] : memref<4xf64>, vector<4xf64>
  vector.store %d, %w[%c0] : memref<4xf64>, vector<4xf64>
  func.return
}

// -----

// A shuffle is llvm.shufflevector with the same mask (the even and odd lanes of two
// vectors here, as a 2x2 max pool pairs them).
// CHECK-LABEL: func.func @pairs
// CHECK-NEXT: %[[E:.*]] = llvm.shufflevector %{{.*}}, %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14] : vector<8xf32>
// CHECK-NEXT: %[[O:.*]] = llvm.shufflevector %{{.*}}, %{{.*}} [1, 3, 5, 7, 9, 11, 13, 15] : vector<8xf32>
// CHECK-NEXT: arith.maximumf %[[E]], %[[O]] : vector<8xf32>
func.func @pairs(%a: vector<8xf32>, %b: vector<8xf32>) -> vector<8xf32> attributes {arignote.kernel} {
  %e = vector.shuffle %a, %b [0, 2, 4, 6, 8, 10, 12, 14] : vector<8xf32>, vector<8xf32>
  %o = vector.shuffle %a, %b [1, 3, 5, 7, 9, 11, 13, 15] : vector<8xf32>, vector<8xf32>
  %m = arith.maximumf %e, %o : vector<8xf32>
  func.return %m : vector<8xf32>
}

// -----

// negative cases

func.func @k(%m: memref<?x?xf32>, %i: index) attributes {arignote.kernel} {
  %v = vector.load %m[%i, %i] : memref<?x?xf32>, vector<2x8xf32>
  func.return
}
// ERR: convert-vector-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-vector-to-llvm: 'vector.load' on vector<2x8xf32> is not supported (only 1-D, fixed-length vectors of floats or integers other than index)

// -----
func.func @k(%m: memref<16xf32, strided<[2]>>, %i: index) attributes {arignote.kernel} {
  %v = vector.load %m[%i] : memref<16xf32, strided<[2]>>, vector<8xf32>
  func.return
}
// ERR: convert-vector-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-vector-to-llvm: 'vector.load' operand or result has a non-identity layout (memref<16xf32, strided<[2]>>); only identity-layout memrefs are supported

// -----
func.func @k(%i: index) attributes {arignote.kernel} {
  %v = vector.broadcast %i : index to vector<4xindex>
  func.return
}
// ERR: convert-vector-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-vector-to-llvm: 'vector.broadcast' on vector<4xindex> is not supported (only 1-D, fixed-length vectors of floats or integers other than index)

// -----
func.func @k(%v: vector<4xf32>) attributes {arignote.kernel} {
  %b = vector.broadcast %v : vector<4xf32> to vector<4xf32>
  func.return
}
// ERR: convert-vector-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-vector-to-llvm: 'vector.broadcast' of a vector is not supported (only a scalar to a 1-D vector)

// -----
func.func @k(%v: vector<4xf32>) attributes {arignote.kernel} {
  %r = vector.reduction <add>, %v : vector<4xf32> into f32
  func.return
}
// ERR: convert-vector-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-vector-to-llvm: 'vector.reduction' is not supported in device code (vector.load, vector.store, vector.broadcast, vector.fma and vector.shuffle are)

// -----
func.func @k(%a: vector<8xf32>, %b: vector<4xf32>) attributes {arignote.kernel} {
  %r = vector.shuffle %a, %b [0, 8] : vector<8xf32>, vector<4xf32>
  func.return
}
// ERR: convert-vector-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-vector-to-llvm: 'vector.shuffle' of vector<8xf32> and vector<4xf32> is not supported (only operands of one type)
