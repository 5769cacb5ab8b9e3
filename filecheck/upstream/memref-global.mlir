// memref.global in upstream's custom form: public (no sym_visibility), external (no
// initial value), uninitialized, constant, alignment; round-tripped through iree-opt in
// custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK: memref.global @pub : memref<4xf32> = dense<1.000000e+00>
// CHECK: memref.global "private" constant @priv : memref<2xi32> = dense<[1, 2]>
// CHECK: memref.global @ext : memref<3xf32>{{$}}
// CHECK: memref.global "private" @unin : memref<3xf32> = uninitialized
// CHECK: memref.global "nested" constant @al : memref<2x2xf64> = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> alignment = 64
// CHECK: memref.get_global @pub : memref<4xf32>
// GENERIC: "memref.global"() <{sym_name = "pub", type = memref<4xf32>, initial_value = dense<1.000000e+00> : tensor<4xf32>}> : () -> ()
// GENERIC: "memref.global"() <{sym_name = "ext", type = memref<3xf32>}> : () -> ()
memref.global @pub : memref<4xf32> = dense<1.0>
memref.global "private" constant @priv : memref<2xi32> = dense<[1, 2]>
memref.global @ext : memref<3xf32>
memref.global "private" @unin : memref<3xf32> = uninitialized
memref.global "nested" constant @al : memref<2x2xf64> = dense<[[1.0, 2.0], [3.0, 4.0]]> alignment = 64
func.func @f() -> memref<4xf32> {
  %0 = memref.get_global @pub : memref<4xf32>
  func.return %0 : memref<4xf32>
}
