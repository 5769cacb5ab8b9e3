// RUN: not arignote-opt %s --split-input-file -p convert-cf-to-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// Host cf.assert stays; kernel branches become llvm.br/llvm.cond_br, index block
// arguments become i64 (the old value is a cast at the block start until its users are
// converted), index branch operands are cast to i64.
// CHECK-LABEL: func.func @host
// CHECK-NEXT: cf.assert
// CHECK-LABEL: func.func @k
// CHECK-SAME: (%[[N:.*]]: index, %[[P:.*]]: i1, %[[X:.*]]: f32)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C0L:.*]] = builtin.unrealized_conversion_cast %[[C0]] : index to i64
// CHECK-NEXT: llvm.br ^[[B1:.*]](%[[C0L]], %[[X]] : i64, f32)
// CHECK-NEXT: ^[[B1]](%[[I:.*]]: i64, %[[A:.*]]: f32):
// CHECK-NEXT: %[[II:.*]] = builtin.unrealized_conversion_cast %[[I]] : i64 to index
// CHECK-NEXT: %[[LT:.*]] = arith.cmpi slt, %[[II]], %[[N]] : index
// CHECK-NEXT: llvm.cond_br %[[LT]], ^[[B2:.*]], ^[[B3:.*]](%[[A]] : f32)
// CHECK-NEXT: ^[[B2]]:
// CHECK: %[[I1:.*]] = arith.addi %[[II]], %{{.*}} : index
// CHECK-NEXT: %[[I1L:.*]] = builtin.unrealized_conversion_cast %[[I1]] : index to i64
// CHECK-NEXT: llvm.br ^[[B1]](%[[I1L]], %[[A]] : i64, f32)
// CHECK-NEXT: ^[[B3]](%{{.*}}: f32):
// CHECK-NEXT: func.return
func.func @host(%ok: i1) {
  cf.assert %ok, "host checks stay"
  func.return
}
func.func @k(%n: index, %p: i1, %x: f32) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  cf.br ^bb1(%c0, %x : index, f32)
^bb1(%i: index, %a: f32):
  %lt = arith.cmpi slt, %i, %n : index
  cf.cond_br %lt, ^bb2, ^bb3(%a : f32)
^bb2:
  %c1 = arith.constant 1 : index
  %i1 = arith.addi %i, %c1 : index
  cf.br ^bb1(%i1, %a : index, f32)
^bb3(%r: f32):
  func.return
}

// -----

// negative cases

func.func @k(%ok: i1) attributes {arignote.kernel} {
  cf.assert %ok, "in a kernel"
  func.return
}
// ERR: convert-cf-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-cf-to-llvm: 'cf.assert' in device code is not supported (a kernel cannot report to the host; check in the host function)

// -----
func.func @k(%m: memref<?xf32>) attributes {arignote.kernel} {
  cf.br ^bb1(%m : memref<?xf32>)
^bb1(%a: memref<?xf32>):
  func.return
}
// ERR: convert-cf-to-llvm.mlir:[[# @LINE - 4]]:3: error: convert-cf-to-llvm: 'cf.br' branches to a block with an argument of type memref<?xf32>, which has no single LLVM type

// -----
func.func @k(%f: i32) attributes {arignote.kernel} {
  cf.switch %f : i32, [
    default: ^bb1,
    42: ^bb1
  ]
^bb1:
  func.return
}
// ERR: convert-cf-to-llvm.mlir:[[# @LINE - 7]]:3: error: convert-cf-to-llvm: 'cf.switch' is not supported in device code
