// RUN: arignote-opt %s --split-input-file --verify-diagnostics

// expected-error @+1 {{Expected `global`, `workgroup`, or `private`.}}
func.func @f(%m: memref<4xf32, #gpu.address_space<shared>>) {
  func.return
}

// -----

// expected-error @+1 {{expected x, y, z or linear_dim_<n> in #gpu.thread, got 'w'}}
func.func @g() attributes {mapping = [#gpu.thread<w>]} {
  func.return
}
