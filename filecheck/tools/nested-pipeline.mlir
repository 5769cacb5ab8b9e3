// RUN: arignote-opt %s -p 'builtin.module(convert-tt-to-linalg,func.func(cse,canonicalize),fuse-elementwise)' | filecheck %s
// RUN: arignote-opt %s -p 'convert-tt-to-linalg,cse,canonicalize,fuse-elementwise' | filecheck %s
// RUN: not arignote-opt %s -p 'builtin.module(func.func(cse)' 2>&1 | filecheck %s --check-prefix=BAD
// mlir-opt's nested pipeline form runs the same passes as the flat list.

// CHECK-LABEL: func.func @f
// CHECK-COUNT-1: linalg.generic
// CHECK-NOT: linalg.generic
func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  %e = tt.exp %x : tensor<?xf32>
  %n = tt.neg %e : tensor<?xf32>
  func.return %n : tensor<?xf32>
}
// BAD: error: bad pass pipeline {{.*}}unbalanced '('
