// RUN: not arignote-run %s 2>&1 | filecheck %s
// Found by the IR fuzzer (issue 12): a described host callback whose descriptor has the
// wrong shape (print takes [message, attrs]) failed with a bare ValueError ("not enough
// values to unpack") inside arignote.printing; now a clean error naming the op's line.

// CHECK: error: {{.*}}fuzz-host-call-descriptor.mlir:[[# @LINE + 2]]{{.*}}bad descriptor for kind 'print'
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = tt.host_call "print:[]"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  func.return %y : tensor<3xf32>
}
