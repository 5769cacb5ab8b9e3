// func.constant (upstream's), round-tripped through iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s --allow-unregistered-dialect | filecheck %s
// RUN: arignote-opt %s --allow-unregistered-dialect | iree-opt --allow-unregistered-dialect | arignote-opt --allow-unregistered-dialect | filecheck %s
// RUN: arignote-opt %s --allow-unregistered-dialect --print-op-generic | iree-opt --allow-unregistered-dialect --mlir-print-op-generic | arignote-opt --allow-unregistered-dialect | filecheck %s
// RUN: arignote-opt %s --allow-unregistered-dialect --print-op-generic | filecheck %s --check-prefix=GENERIC
// (the value goes to an unregistered op: xDSL 0.74 prints a function type result of
// func.func without the parentheses upstream needs, `-> (i32) -> i32`)

// CHECK: %{{.*}} = func.constant @g : (i32) -> i32
// GENERIC: "func.constant"() <{value = @g}> : () -> ((i32) -> i32)
func.func private @g(i32) -> i32
func.func @f() {
  %c = func.constant @g : (i32) -> i32
  "use.fn"(%c) : ((i32) -> i32) -> ()
  func.return
}
