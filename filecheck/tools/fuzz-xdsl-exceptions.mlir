// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Found by the IR fuzzer (issue 12): xDSL 0.74 exceptions that escaped arignote-opt as
// tracebacks (internal errors); now diagnostics at the op's file:line.

// A dense array of an integer width xDSL cannot pack: NotImplementedError in
// IntegerType.format (xdsl/dialects/builtin.py).
// CHECK: fuzz-xdsl-exceptions.mlir:[[# @LINE + 2]]:{{[0-9]+}}: error: cannot parse this (NotImplementedError: Format not implemented for i640)
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %y = "tt.conv2d"(%x, %w) <{strides = array<i64: 1, 1>, padding = array<i640 : 0, 0, 0, 0>, dilation = array<i64: 1, 1>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

// scf.while whose result type differs from its after-region's arguments: xDSL's verifier
// raises a bare Exception (xdsl/dialects/scf.py), not a VerifyException.
// CHECK: fuzz-xdsl-exceptions.mlir:[[# @LINE + 4]]:3: error: 'scf.while' Block arguments with wrong type, expected i16, got i32
func.func @wh(%n: i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.while (%i = %c0) : (i32) -> i16 {
    %lt = arith.cmpi slt, %i, %n : i32
    scf.condition(%lt) %i : i32
  } do {
  ^bb0(%i: i32):
    %i1 = arith.addi %i, %c1 : i32
    scf.yield %i1 : i32
  }
  func.return
}

// -----

// A bad first token: xDSL's parser lexes it when it is made, before arignote's handler
// of its ParseError ran (IR fuzzer, seed 606 case 16663).
// CHECK: fuzz-xdsl-exceptions.mlir:[[# @LINE + 1]]:1: error: @ identifier expected to start with letter, '_', or '"'.
@ func.func
