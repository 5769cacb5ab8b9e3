// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s
// RUN: arignote-opt %s -p cse,canonicalize | filecheck %s --check-prefix=EFFECT

// tt.host_call round-trips in custom and generic form, with zero, one and several
// operands and results; it has effects, so cse does not merge two identical calls and
// canonicalize does not erase calls whose results are unused.

// CHECK-LABEL: func.func @one
// EFFECT-LABEL: func.func @one
func.func @one(%x: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: %[[Y:.*]] = tt.host_call "print:[\22x is\22,[\22__str__\22]]"(%{{.*}}) : (tensor<?xf32>) -> tensor<?xf32>
  // EFFECT-COUNT-2: tt.host_call "print:
  %y = tt.host_call "print:[\"x is\",[\"__str__\"]]"(%x) : (tensor<?xf32>) -> tensor<?xf32>
  %z = tt.host_call "print:[\"x is\",[\"__str__\"]]"(%x) : (tensor<?xf32>) -> tensor<?xf32>
  // CHECK: func.return %[[Y]]
  func.return %y : tensor<?xf32>
}

// CHECK-LABEL: func.func @several
// EFFECT-LABEL: func.func @several
func.func @several(%s: tensor<627xi64>, %n: tensor<i64>) -> (tensor<627xi64>, tensor<?x3xf64>) {
  // CHECK: %[[R:[^,]*]], %[[S:.*]] = tt.host_call "random:{}"(%{{.*}}, %{{.*}}) {note = 1 : i64} : (tensor<627xi64>, tensor<i64>) -> (tensor<627xi64>, tensor<?x3xf64>)
  %r:2 = tt.host_call "random:{}"(%s, %n) {note = 1 : i64} : (tensor<627xi64>, tensor<i64>) -> (tensor<627xi64>, tensor<?x3xf64>)
  // CHECK: func.return %[[R]], %[[S]]
  func.return %r#0, %r#1 : tensor<627xi64>, tensor<?x3xf64>
}

// CHECK-LABEL: func.func @nothing
// EFFECT-LABEL: func.func @nothing
func.func @nothing(%b: tensor<2x2xi1>) {
  // CHECK: tt.host_call "local:f#0.0"() : () -> ()
  // CHECK: tt.host_call "local:g#0.1"(%{{.*}}) : (tensor<2x2xi1>) -> ()
  // EFFECT: tt.host_call "local:f#0.0"()
  // EFFECT: tt.host_call "local:g#0.1"
  tt.host_call "local:f#0.0"() : () -> ()
  tt.host_call "local:g#0.1"(%b) : (tensor<2x2xi1>) -> ()
  func.return
}
