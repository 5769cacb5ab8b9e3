// mlir-opt's daily flags.
// Passes as flags run in command-line order, mixed with -p:
// RUN: arignote-opt %s --cse -p dce --canonicalize --dump-pass-pipeline 2>&1 >/dev/null | filecheck %s --check-prefix=PIPE
// RUN: arignote-opt %s -canonicalize --cse --dump-pass-pipeline 2>&1 >/dev/null | filecheck %s --check-prefix=SINGLE
// RUN: arignote-opt %s '--tt-to-cpu=stop=linalg' --dump-pass-pipeline 2>&1 >/dev/null | filecheck %s --check-prefix=OPTS
// RUN: arignote-opt %s --cse --mlir-disable-threading --mlir-print-local-scope --verify-each=false | filecheck %s
// RUN: arignote-opt %s --cse --verify-each=true --mlir-print-ir-module-scope --mlir-print-ir-after-all 2>&1 | filecheck %s --check-prefix=SCOPE
// RUN: arignote-opt --version | filecheck %s --check-prefix=VERSION
// RUN: arignote-opt --show-dialects | filecheck %s --check-prefix=DIALECTS
// RUN: arignote-opt --help | filecheck %s --check-prefix=HELP
// RUN: arignote-opt %s --mlir-elide-elementsattrs-if-larger=2 | filecheck %s --check-prefix=ELIDE
// RUN: arignote-opt %s --mlir-elide-elementsattrs-if-larger 2 --mlir-print-op-generic | filecheck %s --check-prefix=ELIDE-GENERIC
// RUN: not arignote-opt %S/Inputs/llvm-only.mlir --no-implicit-module -p dce 2>&1 | filecheck %s --check-prefix=NOIMPLICIT-FUNC
// RUN: echo 'builtin.module { func.func @g() { func.return } }' | arignote-opt --no-implicit-module | filecheck %s --check-prefix=NOIMPLICIT

// (xDSL's printer never makes aliases: the map prints in place, as with mlir-opt's
// --mlir-print-local-scope)
// CHECK-NOT: #map =
// CHECK-LABEL: func.func @f
// CHECK: "test.op"() {map = affine_map<(d0) -> ((d0 + 1))>}
// CHECK: arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: arith.constant dense<1.000000e+00> : tensor<8xf32>

// PIPE: Pass Manager with 3 passes:
// PIPE-NEXT: builtin.module(cse,dce,canonicalize)
// SINGLE: builtin.module(canonicalize,cse)
// OPTS: Pass Manager with 1 passes:
// OPTS-NEXT: builtin.module(tt-to-cpu{stop="linalg"})

// SCOPE: // -----// IR Dump After cse //----- //
// SCOPE-NEXT: builtin.module {

// VERSION: arignote-opt version {{[0-9]+\.[0-9]+\.[0-9]+}}
// VERSION-NEXT: xdsl-opt built from xdsl version {{[0-9]+\.[0-9]+\.[0-9]+}}

// DIALECTS: Available Dialects: {{.*}}arith,{{.*}}func,{{.*}}tt,

// HELP: usage: arignote-opt
// HELP: --mlir-print-local-scope
// HELP: Passes (in -p 'a,b{opt=v}' or as flags --a --b='opt=v', run in order):
// HELP: --convert-tt-to-linalg
// HELP: --cse
// HELP: --tt-to-cpu  tt -> linalg
// HELP-NEXT: stop=<str> (default: llvm)

// ELIDE: arith.constant dense_resource<__elided__> : tensor<3xf32>
// ELIDE: arith.constant dense<1.000000e+00> : tensor<8xf32>
// ELIDE-GENERIC: <{value = dense_resource<__elided__> : tensor<3xf32>}>

// NOIMPLICIT-FUNC: llvm-only.mlir:1:1: error: builtin.module operation expected
// NOIMPLICIT: builtin.module {
// NOIMPLICIT-NEXT: func.func @g()
// NOIMPLICIT-NOT: builtin.module

#map = affine_map<(d0) -> (d0 + 1)>
func.func @f() -> (tensor<3xf32>, tensor<8xf32>) {
  %m = "test.op"() {map = #map} : () -> i32
  %c = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %s = arith.constant dense<1.0> : tensor<8xf32>
  func.return %c, %s : tensor<3xf32>, tensor<8xf32>
}
