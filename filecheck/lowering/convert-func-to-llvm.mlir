// RUN: not arignote-opt %s --split-input-file -p convert-func-to-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// The kernel ABI: a memref is a pointer (address space 1 for memory space 1) and one i64
// per dynamic dim, index is i64, scalars stay; noalias on pointers; the body gets the old
// values back through casts.  The host call unpacks its operands right before the call.
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[X:.*]]: memref<?x4xf32>, %[[Y:.*]]: memref<8xf64, 1 : i64>, %[[N:.*]]: index, %[[S:.*]]: f32)
// CHECK-NEXT: %[[XP:.*]], %[[XD:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<?x4xf32> to !llvm.ptr, i64
// CHECK-NEXT: %[[YP:.*]] = builtin.unrealized_conversion_cast %[[Y]] : memref<8xf64, 1 : i64> to !llvm.ptr<1>
// CHECK-NEXT: %[[NL:.*]] = builtin.unrealized_conversion_cast %[[N]] : index to i64
// CHECK-NEXT: llvm.call @f_kernel_0(%[[XP]], %[[XD]], %[[YP]], %[[NL]], %[[S]]) : (!llvm.ptr, i64, !llvm.ptr<1>, i64, f32) -> ()
// CHECK-NEXT: func.return
// CHECK-NEXT: }
// CHECK-NEXT: llvm.func @f_kernel_0(%[[KX:.*]]: !llvm.ptr {llvm.noalias}, %[[KXD:.*]]: i64, %[[KY:.*]]: !llvm.ptr<1> {llvm.noalias}, %[[KN:.*]]: i64, %[[KS:.*]]: f32) attributes {arignote.kernel} {
// CHECK-NEXT: %[[MX:.*]] = builtin.unrealized_conversion_cast %[[KX]], %[[KXD]] : !llvm.ptr, i64 to memref<?x4xf32>
// CHECK-NEXT: %{{.*}} = builtin.unrealized_conversion_cast %[[KY]] : !llvm.ptr<1> to memref<8xf64, 1 : i64>
// CHECK-NEXT: %[[MN:.*]] = builtin.unrealized_conversion_cast %[[KN]] : i64 to index
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.store %[[KS]], %[[MX]][%[[MN]], %[[C0]]] : memref<?x4xf32>
// CHECK-NEXT: llvm.return
func.func @f(%x: memref<?x4xf32>, %y: memref<8xf64, 1 : i64>, %n: index, %s: f32) {
  func.call @f_kernel_0(%x, %y, %n, %s) : (memref<?x4xf32>, memref<8xf64, 1 : i64>, index, f32) -> ()
  func.return
}
func.func @f_kernel_0(%x: memref<?x4xf32>, %y: memref<8xf64, 1 : i64>, %n: index, %s: f32) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  memref.store %s, %x[%n, %c0] : memref<?x4xf32>
  func.return
}

// -----

// negative cases

func.func @k(%a: f32) -> f32 attributes {arignote.kernel} {
  func.return %a : f32
}
// ERR: convert-func-to-llvm.mlir:[[# @LINE - 3]]:1: error: convert-func-to-llvm: 'func.func' kernel returns values; kernels must return nothing

// -----
func.func @k(%m: memref<4xf32, strided<[2]>>) attributes {arignote.kernel} {
  func.return
}
// ERR: convert-func-to-llvm.mlir:[[# @LINE - 3]]:1: error: convert-func-to-llvm: 'func.func' argument #0 has a non-identity layout (memref<4xf32, strided<[2]>>); only identity-layout memrefs are supported

// -----
func.func @k(%t: tensor<4xf32>) attributes {arignote.kernel} {
  func.return
}
// ERR: convert-func-to-llvm.mlir:[[# @LINE - 3]]:1: error: convert-func-to-llvm: 'func.func' argument #0 has type tensor<4xf32>, which has no LLVM type

// -----
func.func private @helper()
func.func @k() attributes {arignote.kernel} {
  func.call @helper() : () -> ()
  func.return
}
// ERR: convert-func-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-func-to-llvm: 'func.call' in device code is not supported (kernels call no functions)

// -----
builtin.module attributes {gpu.container_module} {
  "gpu.module"() <{sym_name = "m"}> ({
    func.func @helper() {
      func.return
    }
  }) : () -> ()
}
// ERR: convert-func-to-llvm.mlir:[[# @LINE - 5]]:5: error: convert-func-to-llvm: 'func.func' in device code is not supported (only kernels: arignote.kernel functions and gpu.func kernels)
