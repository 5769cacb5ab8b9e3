// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @kind(%m: memref<8xf32>, %i: index, %v: f32) -> f32 {
  // expected-error @+1 {{unknown memref.atomic_rmw kind 'addx'}}
  %0 = memref.atomic_rmw addx %v, %m[%i] : (f32, memref<8xf32>) -> f32
  func.return %0 : f32
}

// -----

func.func @rmw_type(%m: memref<8xf32>, %i: index, %v: f32) -> f32 {
  // expected-error @+1 {{expected (value type, memref type) -> value type, got (f32) -> f32}}
  %0 = memref.atomic_rmw addf %v, %m[%i] : (f32) -> f32
  func.return %0 : f32
}

// -----

func.func @load_type(%m: tensor<8xf32>, %i: index) -> f32 {
  // expected-error @+1 {{memref.load expects a memref type, got tensor<8xf32>}}
  %0 = memref.load %m[%i] : tensor<8xf32>
  func.return %0 : f32
}

// -----

func.func @store_type(%m: tensor<8xf32>, %i: index, %v: f32) {
  // expected-error @+1 {{memref.store expects a memref type, got tensor<8xf32>}}
  memref.store %v, %m[%i] : tensor<8xf32>
  func.return
}
