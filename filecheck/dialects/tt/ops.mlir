// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// Every tt op round-trips through its custom form and the generic form.

// CHECK-LABEL: func.func @float_ops
func.func @float_ops(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) {
  // CHECK: %{{.*}} = tt.neg %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.neg"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %neg = tt.neg %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.abs %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.abs"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %abs = tt.abs %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.exp %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.exp"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %exp = tt.exp %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.log %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.log"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %log = tt.log %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.log1p %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.log1p"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %log1p = tt.log1p %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.sqrt %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.sqrt"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %sqrt = tt.sqrt %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.sin %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.sin"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %sin = tt.sin %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.cos %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.cos"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %cos = tt.cos %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.tanh %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.tanh"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %tanh = tt.tanh %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.sigmoid %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.sigmoid"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %sigmoid = tt.sigmoid %a : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.add %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.add"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %add = tt.add %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.sub %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.sub"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %sub = tt.sub %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.mul %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.mul"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %mul = tt.mul %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.true_div %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.true_div"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %true_div = tt.true_div %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.int_div %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.int_div"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %int_div = tt.int_div %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.mod %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.mod"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %mod = tt.mod %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.pow %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.pow"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %pow = tt.pow %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.maximum %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.maximum"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %maximum = tt.maximum %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.minimum %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.minimum"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %minimum = tt.minimum %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.eq %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.eq"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xi1>
  %eq = tt.eq %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.ne %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.ne"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xi1>
  %ne = tt.ne %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.lt %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.lt"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xi1>
  %lt = tt.lt %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.le %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.le"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xi1>
  %le = tt.le %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.gt %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.gt"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xi1>
  %gt = tt.gt %a, %b : tensor<?x4xf32>
  // CHECK: %{{.*}} = tt.ge %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.ge"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xi1>
  %ge = tt.ge %a, %b : tensor<?x4xf32>
  // CHECK: tt.where %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x4xf32>
  // GENERIC: "tt.where"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<?x4xi1>, tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %w = tt.where %lt, %a, %b : tensor<?x4xf32>
  // CHECK: tt.cast %{{.*}} : tensor<?x4xf32> to tensor<?x4xf16>
  // GENERIC: "tt.cast"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<?x4xf16>
  %h = tt.cast %a : tensor<?x4xf32> to tensor<?x4xf16>
  func.return
}

// CHECK-LABEL: func.func @int_ops
func.func @int_ops(%a: tensor<3xi32>, %b: tensor<3xi32>, %p: tensor<3xi1>, %q: tensor<3xi1>) {
  // CHECK: tt.add %{{.*}}, %{{.*}} : tensor<3xi32>
  %iadd = tt.add %a, %b : tensor<3xi32>
  // CHECK: tt.sub %{{.*}}, %{{.*}} : tensor<3xi32>
  %isub = tt.sub %a, %b : tensor<3xi32>
  // CHECK: tt.mul %{{.*}}, %{{.*}} : tensor<3xi32>
  %imul = tt.mul %a, %b : tensor<3xi32>
  // CHECK: tt.int_div %{{.*}}, %{{.*}} : tensor<3xi32>
  %iint_div = tt.int_div %a, %b : tensor<3xi32>
  // CHECK: tt.mod %{{.*}}, %{{.*}} : tensor<3xi32>
  %imod = tt.mod %a, %b : tensor<3xi32>
  // CHECK: tt.maximum %{{.*}}, %{{.*}} : tensor<3xi32>
  %imaximum = tt.maximum %a, %b : tensor<3xi32>
  // CHECK: tt.minimum %{{.*}}, %{{.*}} : tensor<3xi32>
  %iminimum = tt.minimum %a, %b : tensor<3xi32>
  // CHECK: tt.and %{{.*}}, %{{.*}} : tensor<3xi32>
  %iand = tt.and %a, %b : tensor<3xi32>
  // CHECK: tt.or %{{.*}}, %{{.*}} : tensor<3xi32>
  %ior = tt.or %a, %b : tensor<3xi32>
  // CHECK: tt.neg %{{.*}} : tensor<3xi32>
  %ineg = tt.neg %a : tensor<3xi32>
  // CHECK: tt.abs %{{.*}} : tensor<3xi32>
  %iabs = tt.abs %a : tensor<3xi32>
  // CHECK: tt.not %{{.*}} : tensor<3xi32>
  %inot = tt.not %a : tensor<3xi32>
  // CHECK: tt.not %{{.*}} : tensor<3xi1>
  %bnot = tt.not %p : tensor<3xi1>
  // CHECK: tt.and %{{.*}}, %{{.*}} : tensor<3xi1>
  %band = tt.and %p, %q : tensor<3xi1>
  // CHECK: tt.or %{{.*}}, %{{.*}} : tensor<3xi1>
  %bor = tt.or %p, %q : tensor<3xi1>
  // CHECK: tt.eq %{{.*}}, %{{.*}} : tensor<3xi1>
  %beq = tt.eq %p, %q : tensor<3xi1>
  // CHECK: tt.cast %{{.*}} : tensor<3xi32> to tensor<3xf64>
  %c = tt.cast %a : tensor<3xi32> to tensor<3xf64>
  func.return
}

// CHECK-LABEL: func.func @constants_and_broadcast
func.func @constants_and_broadcast(%x: tensor<?x?xf32>, %r: tensor<1x?xf32>, %n: index) {
  // CHECK: tt.constant dense<5.000000e-01> : tensor<f32>
  // GENERIC: "tt.constant"() <{value = dense<5.000000e-01> : tensor<f32>}> : () -> tensor<f32>
  %h = tt.constant dense<0.5> : tensor<f32>
  // CHECK: tt.constant dense<[1, 2, 3]> : tensor<3xi64>
  %k = tt.constant dense<[1, 2, 3]> : tensor<3xi64>
  // CHECK: tt.constant dense<true> : tensor<2x2xi1>
  %t = tt.constant dense<true> : tensor<2x2xi1>
  // CHECK: tt.broadcast %{{.*}} dims [] sizes(%{{.*}}, %{{.*}}) : tensor<f32> -> tensor<?x?xf32>
  // GENERIC: "tt.broadcast"(%{{.*}}, %{{.*}}, %{{.*}}) <{dims = array<i64>}> : (tensor<f32>, index, index) -> tensor<?x?xf32>
  %hb = tt.broadcast %h dims [] sizes(%n, %n) : tensor<f32> -> tensor<?x?xf32>
  // CHECK: tt.broadcast %{{.*}} dims [0, 1] sizes(%{{.*}}) : tensor<1x?xf32> -> tensor<?x?xf32>
  // GENERIC: "tt.broadcast"(%{{.*}}, %{{.*}}) <{dims = array<i64: 0, 1>}> : (tensor<1x?xf32>, index) -> tensor<?x?xf32>
  %rb = tt.broadcast %r dims [0, 1] sizes(%n) : tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: tt.broadcast %{{.*}} dims [1] : tensor<3xi64> -> tensor<5x3xi64>
  %kb = tt.broadcast %k dims [1] : tensor<3xi64> -> tensor<5x3xi64>
  func.return
}
