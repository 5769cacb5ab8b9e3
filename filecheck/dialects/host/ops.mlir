// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s -p cse,canonicalize | filecheck %s --check-prefix=EFFECT

// host.call round-trips on tensors and on host memrefs; cse and canonicalize keep it.

// CHECK-LABEL: func.func @tensors
func.func @tensors(%x: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: %{{.*}} = host.call "print:[\22x\22,[\22shape\22]]"(%{{.*}}) : (tensor<?xf32>) -> tensor<?xf32>
  %y = host.call "print:[\"x\",[\"shape\"]]"(%x) : (tensor<?xf32>) -> tensor<?xf32>
  func.return %y : tensor<?xf32>
}

// CHECK-LABEL: func.func @buffers
// EFFECT-LABEL: func.func @buffers
func.func @buffers(%s: memref<627xi64>, %n: memref<i64>) -> memref<?xf32> {
  // CHECK: %{{.*}}, %{{.*}} = host.call "random:{}"(%{{.*}}, %{{.*}}) : (memref<627xi64>, memref<i64>) -> (memref<627xi64>, memref<?xf32>)
  // EFFECT-COUNT-2: host.call "random:{}"
  %r:2 = host.call "random:{}"(%s, %n) : (memref<627xi64>, memref<i64>) -> (memref<627xi64>, memref<?xf32>)
  %q:2 = host.call "random:{}"(%s, %n) : (memref<627xi64>, memref<i64>) -> (memref<627xi64>, memref<?xf32>)
  func.return %r#1 : memref<?xf32>
}
