// RUN: not arignote-opt %s --split-input-file --allow-unregistered-dialect -p finalize-memref-to-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// Host memref ops stay.  In kernels each memref is unpacked once (pointer + dynamic
// sizes), loads/stores use a row-major offset and one inbounds GEP, aligned to the
// element size; memory space 1 gives !llvm.ptr<1>; index elements are i64; memref.dim
// gives the static size or the dynamic one; a small static alloca is a stack slot.
// CHECK-LABEL: func.func @host
// CHECK: memref.load
// CHECK-LABEL: func.func @k
// CHECK-DAG: %[[IX:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<3xindex> to !llvm.ptr
// CHECK-DAG: %[[G:.*]], %[[GN:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<?xi64, 1 : i64> to !llvm.ptr<1>, i64
// CHECK-DAG: %[[S:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<f32> to !llvm.ptr
// CHECK-DAG: %[[J:.*]] = builtin.unrealized_conversion_cast %{{.*}} : index to i64
// CHECK-DAG: %[[I:.*]] = builtin.unrealized_conversion_cast %{{.*}} : index to i64
// CHECK-DAG: %[[A:.*]], %[[AD1:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<4x?x8xf64> to !llvm.ptr, i64
// CHECK: %[[T0:.*]] = llvm.mul %[[I]], %[[AD1]] overflow<nsw> : i64
// CHECK-NEXT: %[[T1:.*]] = llvm.add %[[T0]], %[[J]] overflow<nsw> : i64
// CHECK-NEXT: %[[C8:.*]] = llvm.mlir.constant(8) : i64
// CHECK-NEXT: %[[T2:.*]] = llvm.mul %[[T1]], %[[C8]] overflow<nsw> : i64
// CHECK-NEXT: %[[T3:.*]] = llvm.add %[[T2]], %{{.*}} overflow<nsw> : i64
// CHECK-NEXT: %[[P:.*]] = llvm.getelementptr inbounds %[[A]][%[[T3]]] : (!llvm.ptr, i64) -> !llvm.ptr, f64
// CHECK-NEXT: %[[V:.*]] = llvm.load %[[P]] <alignment = 8> : !llvm.ptr -> f64
// CHECK: llvm.store %[[V]], %{{.*}} <alignment = 8> : f64, !llvm.ptr
// CHECK: %[[X:.*]] = llvm.load %[[S]] <alignment = 4> : !llvm.ptr -> f32
// CHECK-NEXT: llvm.store %[[X]], %[[S]] <alignment = 4> : f32, !llvm.ptr
// CHECK-NEXT: %[[GP:.*]] = llvm.getelementptr inbounds %[[G]][%[[I]]] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i64
// CHECK-NEXT: %{{.*}} = llvm.load %[[GP]] <alignment = 8> : !llvm.ptr<1> -> i64
// CHECK: %[[QP:.*]] = llvm.getelementptr inbounds %[[IX]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, i64
// CHECK-NEXT: %[[Q:.*]] = llvm.load %[[QP]] <alignment = 8> : !llvm.ptr -> i64
// CHECK: llvm.store %[[Q]], %{{.*}} <alignment = 8> : i64, !llvm.ptr
// CHECK-NEXT: %[[C4:.*]] = llvm.mlir.constant(4) : i64
// CHECK-NEXT: %[[D0:.*]] = builtin.unrealized_conversion_cast %[[C4]] : i64 to index
// CHECK-NEXT: %[[D1:.*]] = builtin.unrealized_conversion_cast %[[AD1]] : i64 to index
// CHECK-NEXT: %[[C16:.*]] = llvm.mlir.constant(16) : i64
// CHECK-NEXT: %[[SLOT:.*]] = llvm.alloca %[[C16]] x f32 {alignment = 4 : i64} : (i64) -> !llvm.ptr
// CHECK: llvm.getelementptr inbounds %[[SLOT]][%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK: "test.keep"(%[[D0]], %[[D1]])
func.func @host(%m: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = memref.load %m[%c0] : memref<?xf32>
  func.return %v : f32
}
func.func @k(%a: memref<4x?x8xf64>, %s: memref<f32>, %g: memref<?xi64, 1 : i64>, %ix: memref<3xindex>, %i: index, %j: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %v = memref.load %a[%i, %j, %c2] : memref<4x?x8xf64>
  memref.store %v, %a[%c0, %i, %j] : memref<4x?x8xf64>
  %x = memref.load %s[] : memref<f32>
  memref.store %x, %s[] : memref<f32>
  %w = memref.load %g[%i] : memref<?xi64, 1 : i64>
  memref.store %w, %g[%j] : memref<?xi64, 1 : i64>
  %q = memref.load %ix[%c1] : memref<3xindex>
  memref.store %q, %ix[%c2] : memref<3xindex>
  %d0 = memref.dim %a, %c0 : memref<4x?x8xf64>
  %d1 = memref.dim %a, %c1 : memref<4x?x8xf64>
  %t = memref.alloca() : memref<16xf32>
  memref.store %x, %t[%i] : memref<16xf32>
  "test.keep"(%d0, %d1) : (index, index) -> ()
  func.return
}

// -----

// memref.atomic_rmw addf / addi: llvm.atomicrmw on the element's address.
// CHECK-LABEL: func.func @atomic
// CHECK: %[[P:.*]] = llvm.getelementptr inbounds %{{.*}}[%{{.*}}] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
// CHECK-NEXT: %{{.*}} = llvm.atomicrmw fadd %[[P]], %{{.*}} monotonic : !llvm.ptr<1>, f32
// CHECK: llvm.atomicrmw add %{{.*}}, %{{.*}} monotonic : !llvm.ptr<1>, i64
func.func @atomic(%m: memref<?xf32, 1 : i64>, %c: memref<4xi64, 1 : i64>, %i: index, %v: f32, %w: i64) attributes {arignote.kernel} {
  %old = "memref.atomic_rmw"(%v, %m, %i) <{kind = 0 : i64}> : (f32, memref<?xf32, 1 : i64>, index) -> f32
  %o2 = "memref.atomic_rmw"(%w, %c, %i) <{kind = 1 : i64}> : (i64, memref<4xi64, 1 : i64>, index) -> i64
  func.return
}

// -----

// A static alloca in memory space 3 is a CTA-wide shared-memory global of the module.
// CHECK: llvm.mlir.global internal @__shared_0() {addr_space = 3 : i32, alignment = 4 : i64} : !llvm.array<1056 x f32>
// CHECK-LABEL: func.func @tile
// CHECK: %[[P:.*]] = llvm.mlir.addressof @__shared_0 : !llvm.ptr<3>
// CHECK: llvm.getelementptr inbounds %[[P]][%{{.*}}] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
func.func @tile(%i: index, %v: f32) attributes {arignote.kernel} {
  %t = memref.alloca() : memref<32x33xf32, 3 : i64>
  memref.store %v, %t[%i, %i] : memref<32x33xf32, 3 : i64>
  func.return
}

// -----

// negative cases

func.func @k(%m: memref<?xf32, 1 : i64>, %i: index, %v: f32) attributes {arignote.kernel} {
  %old = "memref.atomic_rmw"(%v, %m, %i) <{kind = 3 : i64}> : (f32, memref<?xf32, 1 : i64>, index) -> f32
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.atomic_rmw' of kind 3 is not supported in device code (only addf = 0 and addi = 1)

// -----

func.func @k(%n: index) attributes {arignote.kernel} {
  %m = memref.alloc(%n) : memref<?xf32>
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.alloc' (heap allocation) is not supported in device code; allocate in the host function

// -----
func.func @k(%m: memref<4xf32, strided<[2]>>, %i: index) attributes {arignote.kernel} {
  %v = memref.load %m[%i] : memref<4xf32, strided<[2]>>
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.load' operand or result has a non-identity layout (memref<4xf32, strided<[2]>>); only identity-layout memrefs are supported

// -----
func.func @k(%m: memref<?x?xf32>, %d: index) attributes {arignote.kernel} {
  %n = memref.dim %m, %d : memref<?x?xf32>
  "test.keep"(%n) : (index) -> ()
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 4]]:3: error: finalize-memref-to-llvm: 'memref.dim' needs a constant dimension index in device code

// -----
func.func @k(%n: index) attributes {arignote.kernel} {
  %m = memref.alloca(%n) : memref<?xf32>
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.alloca' with dynamic sizes is not supported in device code

// -----
func.func @k() attributes {arignote.kernel} {
  %m = memref.alloca() : memref<128x128xf64>
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.alloca' of 131072 bytes is too large for the stack (limit 65536)

// -----
func.func @k() attributes {arignote.kernel} {
  %m = memref.alloca() : memref<8xf32, 5 : i64>
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.alloca' in memory space 5 : i64 is not supported (only the default space and 3, shared memory)

// -----
func.func @k(%a: memref<4xf32>, %b: memref<4xf32>) attributes {arignote.kernel} {
  "memref.copy"(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.copy' is not supported in device code

// -----
func.func @k() attributes {arignote.kernel} {
  %m = memref.alloca() : memref<128x128xf32, 3 : i64>
  func.return
}
// ERR: finalize-memref-to-llvm.mlir:[[# @LINE - 3]]:3: error: finalize-memref-to-llvm: 'memref.alloca' of 65536 bytes is too large for static shared memory (limit 49152)
