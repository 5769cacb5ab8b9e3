// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @bounds(%n: index) {
  // expected-error @+1 {{expected 2 bounds (one per induction variable), got 1}}
  scf.forall (%i, %j) in (%n) {
  }
  func.return
}

// -----

func.func @results(%t: tensor<4xf32>) -> tensor<4xf32> {
  // the shared outputs have the result types (upstream's form)
  // expected-error @+1 {{operand is used with type tensor<8xf32>, but has been previously used or defined with type tensor<4xf32>}}
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> (tensor<8xf32>) {
  }
  func.return %t : tensor<4xf32>
}

// -----

func.func @result_count(%t: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected a result type per shared output (1), got 2}}
  %r:2 = scf.forall (%i) in (4) shared_outs(%o = %t) -> (tensor<4xf32>, tensor<4xf32>) {
  }
  func.return %t : tensor<4xf32>
}

// -----

func.func @step() {
  // expected-error @+1 {{expected positive static steps, got 0}}
  scf.forall (%i) = (0) to (8) step (0) {
  }
  func.return
}

// -----

func.func @mapping() {
  // expected-error @+1 {{mapping has 1 entries, expected one per loop (2)}}
  scf.forall (%i, %j) in (4, 4) {
  } {mapping = [#gpu.thread<x>]}
  func.return
}

// -----

func.func @mapping_array() {
  // expected-error @+2 {{scf.forall mapping must be an array, got #gpu.thread<x>}}
  scf.forall (%i) in (4) {
  } {mapping = #gpu.thread<x>}
  func.return
}

// -----

func.func @static_count(%n: index) {
  // expected-error @+1 {{expected 1 lower bound entries (the loop rank), got 2}}
  "scf.forall"() <{operandSegmentSizes = array<i32: 0, 0, 0, 0>, staticLowerBound = array<i64: 0, 0>, staticUpperBound = array<i64: 4>, staticStep = array<i64: 1>}> ({
  ^bb0(%i: index):
    "scf.forall.in_parallel"() ({
    ^bb1:
    }) : () -> ()
  }) : () -> ()
  func.return
}

// -----

func.func @dynamic_count(%n: index) {
  // expected-error @+1 {{expected as many dynamic upper bound values as dynamic entries in staticUpperBound}}
  "scf.forall"() <{operandSegmentSizes = array<i32: 0, 0, 0, 0>, staticLowerBound = array<i64: 0>, staticUpperBound = array<i64: -9223372036854775808>, staticStep = array<i64: 1>}> ({
  ^bb0(%i: index):
    "scf.forall.in_parallel"() ({
    ^bb1:
    }) : () -> ()
  }) : () -> ()
  func.return
}

// -----

func.func @block_args(%t: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected block arguments (index, tensor<4xf32>): an index per induction variable, then the shared outputs' types; got (index)}}
  %r = "scf.forall"(%t) <{operandSegmentSizes = array<i32: 0, 0, 0, 1>, staticLowerBound = array<i64: 0>, staticUpperBound = array<i64: 4>, staticStep = array<i64: 1>}> ({
  ^bb0(%i: index):
    "scf.forall.in_parallel"() ({
    ^bb1:
    }) : () -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  func.return %r : tensor<4xf32>
}

// -----

func.func @in_parallel_args() {
  scf.forall (%i) in (4) {
    // expected-error @+1 {{expected a region without arguments}}
    "scf.forall.in_parallel"() ({
    ^bb1(%x: index):
    }) : () -> ()
  }
  func.return
}

// -----

func.func @insert_rank(%t: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %r = scf.forall (%i) in (8) shared_outs(%o = %t) -> (tensor<8x16xf32>) {
    %s = tensor.extract_slice %t[%i, 0] [1, 16] [1, 1] : tensor<8x16xf32> to tensor<16xf32>
    scf.forall.in_parallel {
      // expected-error @+1 {{expected 2 offset entries (the destination's rank), got 1}}
      tensor.parallel_insert_slice %s into %o[%i] [16] [1] : tensor<16xf32> into tensor<8x16xf32>
    }
  }
  func.return %r : tensor<8x16xf32>
}

// -----

func.func @insert_sizes(%t: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %r = scf.forall (%i) in (8) shared_outs(%o = %t) -> (tensor<8x16xf32>) {
    %s = tensor.extract_slice %t[%i, 0] [1, 8] [1, 1] : tensor<8x16xf32> to tensor<8xf32>
    scf.forall.in_parallel {
      // expected-error @+1 {{expected source type tensor<8xf32> to have the slice's sizes [1, 16]}}
      tensor.parallel_insert_slice %s into %o[%i, 0] [1, 16] [1, 1] : tensor<8xf32> into tensor<8x16xf32>
    }
  }
  func.return %r : tensor<8x16xf32>
}

// -----

func.func @insert_element(%t: tensor<8xf32>, %s: tensor<1xf64>) -> tensor<8xf32> {
  %r = scf.forall (%i) in (8) shared_outs(%o = %t) -> (tensor<8xf32>) {
    scf.forall.in_parallel {
      // expected-error @+1 {{expected the source's element type f64 to be the destination's, f32}}
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf64> into tensor<8xf32>
    }
  }
  func.return %r : tensor<8xf32>
}

// -----

func.func @insert_parent(%t: tensor<8xf32>, %s: tensor<1xf32>) {
  // expected-error @+1 {{'tensor.parallel_insert_slice' expects parent op 'scf.forall.in_parallel'}}
  tensor.parallel_insert_slice %s into %t[0] [1] [1] : tensor<1xf32> into tensor<8xf32>
  func.return
}
