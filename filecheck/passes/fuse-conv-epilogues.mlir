// RUN: arignote-opt %s -p fuse-conv-epilogues | filecheck %s

// W4's layer: relu(conv + b[c]) with the bias read by tensor.extract at linalg.index 1
// (fuse-elementwise's form of b.dimshuffle('x', 0, 'x', 'x')) -> one conv with bias and
// the relu epilogue, written into the conv's own init.
// CHECK-LABEL: func.func @bias_relu
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x?x?xf32>, %[[W:.*]]: tensor<?x?x?x?xf32>, %[[B:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<?x?x?x?xf32>)
// CHECK-NEXT: %[[R:.*]] = libcall.conv2d ins(%[[X]], %[[W]] : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%[[Y]] : tensor<?x?x?x?xf32>) bias(%[[B]] : tensor<?xf32>) strides [1, 1] padding [1, 1, 1, 1] dilation [1, 1] epilogue = relu -> tensor<?x?x?x?xf32>
// CHECK-NOT: linalg.generic
// CHECK-NEXT: func.return %[[R]]
func.func @bias_relu(%x: tensor<?x?x?x?xf32>, %w: tensor<?x?x?x?xf32>, %b: tensor<?xf32>, %y: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %0 = libcall.conv2d ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) strides [1, 1] padding [1, 1, 1, 1] dilation [1, 1] -> tensor<?x?x?x?xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0 : tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) {
  ^bb0(%2: f32, %3: f32):
    %4 = arith.constant 3 : index
    %5 = linalg.index 1 : index
    %6 = tensor.extract %b[%5] : tensor<?xf32>
    %7 = arith.addf %2, %6 : f32
    %8 = arith.constant 0.000000e+00 : f32
    %9 = arith.maximumf %8, %7 : f32
    linalg.yield %9 : f32
  } -> tensor<?x?x?x?xf32>
  func.return %1 : tensor<?x?x?x?xf32>
}

// The bias as the generic's second input through (d1), added on the left, no relu; a
// flipped, strided convolution keeps its attributes.
// CHECK-LABEL: func.func @bias_input
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x8x8xf64>, %[[W:.*]]: tensor<4x3x3x3xf64>, %[[B:.*]]: tensor<4xf64>, %[[Y:.*]]: tensor<2x4x3x3xf64>)
// CHECK-NEXT: %[[R:.*]] = libcall.conv2d ins(%[[X]], %[[W]] : tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) outs(%[[Y]] : tensor<2x4x3x3xf64>) bias(%[[B]] : tensor<4xf64>) strides [2, 2] padding [0, 0, 0, 0] dilation [1, 1] flip -> tensor<2x4x3x3xf64>
// CHECK-NEXT: func.return %[[R]]
func.func @bias_input(%x: tensor<2x3x8x8xf64>, %w: tensor<4x3x3x3xf64>, %b: tensor<4xf64>, %y: tensor<2x4x3x3xf64>) -> tensor<2x4x3x3xf64> {
  %0 = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) outs(%y : tensor<2x4x3x3xf64>) strides [2, 2] padding [0, 0, 0, 0] dilation [1, 1] flip -> tensor<2x4x3x3xf64>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0, %b : tensor<2x4x3x3xf64>, tensor<4xf64>) outs(%y : tensor<2x4x3x3xf64>) {
  ^bb0(%2: f64, %3: f64, %4: f64):
    %5 = arith.addf %3, %2 : f64
    linalg.yield %5 : f64
  } -> tensor<2x4x3x3xf64>
  func.return %1 : tensor<2x4x3x3xf64>
}

// relu alone, its zero defined outside the generic.
// CHECK-LABEL: func.func @relu
// CHECK: %[[R:.*]] = libcall.conv2d ins(%{{.*}}, %{{.*}} : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%{{.*}} : tensor<?x?x?x?xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] epilogue = relu -> tensor<?x?x?x?xf32>
// CHECK-NOT: linalg.generic
// CHECK: func.return %[[R]]
func.func @relu(%x: tensor<?x?x?x?xf32>, %w: tensor<?x?x?x?xf32>, %y: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %z = arith.constant 0.000000e+00 : f32
  %0 = libcall.conv2d ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<?x?x?x?xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0 : tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) {
  ^bb0(%2: f32, %3: f32):
    %4 = arith.maximumf %2, %z : f32
    linalg.yield %4 : f32
  } -> tensor<?x?x?x?xf32>
  func.return %1 : tensor<?x?x?x?xf32>
}

// Kept: the conv's result has a second use (training keeps the pre-activation), max
// with -0.0 (max(-0.0, -0.0) is -0.0, the epilogue's is +0.0), a bias read at another
// dim, more math than bias and relu, and a conv that already has an epilogue.
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-5: linalg.generic
// CHECK-NOT: bias(
// CHECK-NOT: linalg.generic
func.func @kept(%x: tensor<?x?x?x?xf32>, %w: tensor<?x?x?x?xf32>, %b: tensor<?xf32>, %y: tensor<?x?x?x?xf32>) -> (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) {
  %0 = libcall.conv2d ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<?x?x?x?xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0 : tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) {
  ^bb0(%2: f32, %3: f32):
    %4 = arith.constant 0.000000e+00 : f32
    %5 = arith.maximumf %2, %4 : f32
    linalg.yield %5 : f32
  } -> tensor<?x?x?x?xf32>
  %10 = libcall.conv2d ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<?x?x?x?xf32>
  %11 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%10 : tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) {
  ^bb0(%12: f32, %13: f32):
    %14 = arith.constant -0.000000e+00 : f32
    %15 = arith.maximumf %12, %14 : f32
    linalg.yield %15 : f32
  } -> tensor<?x?x?x?xf32>
  %20 = libcall.conv2d ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<?x?x?x?xf32>
  %21 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%20 : tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) {
  ^bb0(%22: f32, %23: f32):
    %24 = linalg.index 0 : index
    %25 = tensor.extract %b[%24] : tensor<?xf32>
    %26 = arith.addf %22, %25 : f32
    linalg.yield %26 : f32
  } -> tensor<?x?x?x?xf32>
  %30 = libcall.conv2d ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<?x?x?x?xf32>
  %31 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%30 : tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) {
  ^bb0(%32: f32, %33: f32):
    %34 = linalg.index 1 : index
    %35 = tensor.extract %b[%34] : tensor<?xf32>
    %36 = arith.addf %32, %35 : f32
    %37 = arith.mulf %36, %36 : f32
    linalg.yield %37 : f32
  } -> tensor<?x?x?x?xf32>
  %40 = libcall.conv2d ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] epilogue = relu -> tensor<?x?x?x?xf32>
  %41 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%40 : tensor<?x?x?x?xf32>) outs(%y : tensor<?x?x?x?xf32>) {
  ^bb0(%42: f32, %43: f32):
    %44 = linalg.index 1 : index
    %45 = tensor.extract %b[%44] : tensor<?xf32>
    %46 = arith.addf %42, %45 : f32
    linalg.yield %46 : f32
  } -> tensor<?x?x?x?xf32>
  func.return %0, %1, %11, %21, %31, %41 : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>
}
