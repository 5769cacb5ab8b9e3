// `#gpu.address_space<...>` as a memref memory space, round-tripped through iree-opt in
// custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP

// CHECK: func.func @f(%{{.*}}: memref<4xf32, #gpu.address_space<workgroup>>, %{{.*}}: memref<4xf32, #gpu.address_space<private>>, %{{.*}}: memref<4xf32, #gpu.address_space<global>>)
// CHECK: memref.load %{{.*}}[%{{.*}}] : memref<4xf32, #gpu.address_space<workgroup>>
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<4xf32, #gpu.address_space<private>>
// CHECK: memref.alloca() : memref<16xf32, #gpu.address_space<workgroup>>
// UP: func.func @f(%arg0: memref<4xf32, #gpu.address_space<workgroup>>, %arg1: memref<4xf32, #gpu.address_space<private>>, %arg2: memref<4xf32, #gpu.address_space<global>>)
// UP: memref.alloca() : memref<16xf32, #gpu.address_space<workgroup>>
func.func @f(%m: memref<4xf32, #gpu.address_space<workgroup>>, %p: memref<4xf32, #gpu.address_space<private>>,
             %g: memref<4xf32, #gpu.address_space<global>>) {
  %c0 = arith.constant 0 : index
  %v = memref.load %m[%c0] : memref<4xf32, #gpu.address_space<workgroup>>
  memref.store %v, %p[%c0] : memref<4xf32, #gpu.address_space<private>>
  %s = memref.alloca() : memref<16xf32, #gpu.address_space<workgroup>>
  func.return
}
