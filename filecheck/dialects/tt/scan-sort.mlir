// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// tt.cumsum, tt.cumprod and tt.argsort round-trip in custom and generic form.

// CHECK-LABEL: func.func @scans
func.func @scans(%x: tensor<?x5xf32>, %i: tensor<3x?xi8>) {
  // CHECK: tt.cumsum %{{.*}} axis 0 : tensor<?x5xf32>
  %a = tt.cumsum %x axis 0 : tensor<?x5xf32>
  // CHECK: tt.cumsum %{{.*}} axis 1 : tensor<3x?xi8>
  %b = tt.cumsum %i axis 1 : tensor<3x?xi8>
  // CHECK: tt.cumprod %{{.*}} axis 1 : tensor<?x5xf32>
  %c = tt.cumprod %x axis 1 : tensor<?x5xf32>
  func.return
}

// CHECK-LABEL: func.func @argsort
func.func @argsort(%x: tensor<?x5xf64>, %b: tensor<?xi1>) {
  // CHECK: tt.argsort %{{.*}} axis 1 : tensor<?x5xf64> -> tensor<?x5xi64>
  %a = tt.argsort %x axis 1 : tensor<?x5xf64> -> tensor<?x5xi64>
  // CHECK: tt.argsort %{{.*}} axis 0 : tensor<?xi1> -> tensor<?xi64>
  %c = tt.argsort %b axis 0 : tensor<?xi1> -> tensor<?xi64>
  func.return
}
