// RUN: arignote-opt %s -p fuse-elementwise --split-input-file | filecheck %s

#id = affine_map<(d0) -> (d0)>
#bc = affine_map<(d0) -> ()>

// A chain of single-use producers fuses into one generic; a broadcast folds into the
// consumer's indexing map; the dead producers and their inits go away.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>, %[[S:.*]]: tensor<f32>
func.func @chain(%x: tensor<?xf32>, %s: tensor<f32>, %n: index) -> tensor<?xf32> {
  %e0 = tensor.empty(%n) : tensor<?xf32>
  %sb = linalg.generic {indexing_maps = [#bc, #id], iterator_types = ["parallel"]} ins(%s : tensor<f32>) outs(%e0 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<?xf32>
  %e1 = tensor.empty(%n) : tensor<?xf32>
  %m = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%sb, %x : tensor<?xf32>, tensor<?xf32>) outs(%e1 : tensor<?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e2 = tensor.empty(%n) : tensor<?xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x, %m : tensor<?xf32>, tensor<?xf32>) outs(%e2 : tensor<?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  // CHECK: %[[E:.*]] = tensor.empty
  // CHECK-NEXT: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%[[X]], %[[S]] : tensor<?xf32>, tensor<f32>) outs(%[[E]] : tensor<?xf32>)
  // CHECK-NEXT: ^{{.*}}(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT: %[[M:.*]] = arith.mulf %[[B]], %[[A]] : f32
  // CHECK-NEXT: %[[R:.*]] = arith.addf %[[A]], %[[M]] : f32
  // CHECK-NEXT: linalg.yield %[[R]] : f32
  // CHECK-NOT: linalg.generic
  func.return %y : tensor<?xf32>
}

// -----
#id = affine_map<(d0) -> (d0)>
// An expensive value used twice is computed once: not fused into its two consumers.
// CHECK-LABEL: func.func @expensive_shared
func.func @expensive_shared(%x: tensor<?xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %e0 = tensor.empty(%n) : tensor<?xf32>
  // CHECK: math.exp
  %ex = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%e0 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e1 = tensor.empty(%n) : tensor<?xf32>
  // CHECK: linalg.generic
  // CHECK-NOT: math.exp
  // CHECK: math.sin
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%ex : tensor<?xf32>) outs(%e1 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.sin %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e2 = tensor.empty(%n) : tensor<?xf32>
  // CHECK: linalg.generic
  // CHECK-NOT: math.exp
  // CHECK: math.cos
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%ex : tensor<?xf32>) outs(%e2 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.cos %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  func.return %s, %c : tensor<?xf32>, tensor<?xf32>
}

// -----
#id = affine_map<(d0) -> (d0)>
// A cheap value (one multiply) used twice is recomputed in each consumer.
// CHECK-LABEL: func.func @cheap_shared
func.func @cheap_shared(%x: tensor<?xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %e0 = tensor.empty(%n) : tensor<?xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%e0 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.mulf %a, %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e1 = tensor.empty(%n) : tensor<?xf32>
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%sq : tensor<?xf32>) outs(%e1 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.sin %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e2 = tensor.empty(%n) : tensor<?xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%sq : tensor<?xf32>) outs(%e2 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.cos %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  // CHECK: linalg.generic
  // CHECK-NEXT: ^
  // CHECK-NEXT: arith.mulf
  // CHECK-NEXT: math.sin
  // CHECK: linalg.generic
  // CHECK-NEXT: ^
  // CHECK-NEXT: arith.mulf
  // CHECK-NEXT: math.cos
  // CHECK-NOT: linalg.generic
  func.return %s, %c : tensor<?xf32>, tensor<?xf32>
}

// -----
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
// A producer read through a broadcasting map: its input maps are composed with it.
// CHECK-LABEL: func.func @through_broadcast
func.func @through_broadcast(%m: tensor<?x?xf32>, %v: tensor<?xf32>, %n0: index, %n1: index) -> tensor<?x?xf32> {
  %e0 = tensor.empty(%n1) : tensor<?xf32>
  %lv = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v : tensor<?xf32>) outs(%e0 : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.log %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e1 = tensor.empty(%n0, %n1) : tensor<?x?xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
  // CHECK: math.log
  // CHECK: arith.addf
  %r = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%m, %lv : tensor<?x?xf32>, tensor<?xf32>) outs(%e1 : tensor<?x?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  func.return %r : tensor<?x?xf32>
}

// -----
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#red = affine_map<(d0, d1) -> (d0)>
// An elementwise producer fuses into a reduction: sum(exp(x)) is one generic.
// CHECK-LABEL: func.func @into_reduction
func.func @into_reduction(%x: tensor<?x?xf32>, %acc: tensor<?xf32>, %n0: index, %n1: index) -> tensor<?xf32> {
  %e0 = tensor.empty(%n0, %n1) : tensor<?x?xf32>
  %ex = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x?xf32>) outs(%e0 : tensor<?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<?x?xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
  // CHECK: math.exp
  // CHECK: arith.addf
  // CHECK-NOT: linalg.generic
  %s = linalg.generic {indexing_maps = [#id2, #red], iterator_types = ["parallel", "reduction"]} ins(%ex : tensor<?x?xf32>) outs(%acc : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.addf %o, %a : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  func.return %s : tensor<?xf32>
}

// -----
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#tr = affine_map<(d0, d1) -> (d1, d0)>
// A gather producer (its body reads with linalg.index) fuses through a permuting map:
// its indices become the consumer's.
// CHECK-LABEL: func.func @gather_through_transpose
func.func @gather_through_transpose(%t: tensor<?x?xf32>, %n: index) -> tensor<?x?xf32> {
  %e0 = tensor.empty(%n, %n) : tensor<?x?xf32>
  %g = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]} outs(%e0 : tensor<?x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %v = tensor.extract %t[%i, %j] : tensor<?x?xf32>
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  %e1 = tensor.empty(%n, %n) : tensor<?x?xf32>
  // CHECK: linalg.generic
  // CHECK-NEXT: ^
  // CHECK-NEXT: %[[I:.*]] = linalg.index 1 : index
  // CHECK-NEXT: %[[J:.*]] = linalg.index 0 : index
  // CHECK-NEXT: tensor.extract %{{.*}}[%[[I]], %[[J]]]
  // CHECK-NOT: linalg.generic
  %r = linalg.generic {indexing_maps = [#tr, #id2], iterator_types = ["parallel", "parallel"]} ins(%g : tensor<?x?xf32>) outs(%e1 : tensor<?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.mulf %a, %a : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  func.return %r : tensor<?x?xf32>
}
