// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: arignote-opt %s --print-op-generic | arignote-opt --print-op-generic | filecheck %s --check-prefix=GENERIC

// The variants of every tt op's custom form round-trip exactly (custom -> custom,
// custom -> generic -> custom, generic -> generic): element types f16/f64/i1/i8/i16/i64,
// rank-0 and mixed static/dynamic shapes, every optional keyword and size list, every
// reduce kind, pool mode and random distribution, and discardable attributes.

// CHECK-LABEL: func.func @elementwise_types(
// GENERIC-LABEL: sym_name = "elementwise_types"
func.func @elementwise_types(%h: tensor<2x?xf16>, %d: tensor<f64>, %b: tensor<5xi8>, %s: tensor<?xi16>, %l: tensor<3x1xi64>, %p: tensor<5xi1>) {
  // CHECK-NEXT: %h0 = tt.sqrt %h : tensor<2x?xf16>
  // GENERIC: %h0 = "tt.sqrt"(%h) : (tensor<2x?xf16>) -> tensor<2x?xf16>
  %h0 = tt.sqrt %h : tensor<2x?xf16>
  // CHECK-NEXT: %h1 = tt.pow %h, %h0 : tensor<2x?xf16>
  // GENERIC: %h1 = "tt.pow"(%h, %h0) : (tensor<2x?xf16>, tensor<2x?xf16>) -> tensor<2x?xf16>
  %h1 = tt.pow %h, %h0 : tensor<2x?xf16>
  // CHECK-NEXT: %h2 = tt.isnan %h1 : tensor<2x?xf16>
  // GENERIC: %h2 = "tt.isnan"(%h1) : (tensor<2x?xf16>) -> tensor<2x?xi1>
  %h2 = tt.isnan %h1 : tensor<2x?xf16>
  // CHECK-NEXT: %h3 = tt.where %h2, %h, %h1 : tensor<2x?xf16>
  // GENERIC: %h3 = "tt.where"(%h2, %h, %h1) : (tensor<2x?xi1>, tensor<2x?xf16>, tensor<2x?xf16>) -> tensor<2x?xf16>
  %h3 = tt.where %h2, %h, %h1 : tensor<2x?xf16>
  // CHECK-NEXT: %d0 = tt.softplus %d : tensor<f64>
  // GENERIC: %d0 = "tt.softplus"(%d) : (tensor<f64>) -> tensor<f64>
  %d0 = tt.softplus %d : tensor<f64>
  // CHECK-NEXT: %d1 = tt.true_div %d, %d0 : tensor<f64>
  // GENERIC: %d1 = "tt.true_div"(%d, %d0) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %d1 = tt.true_div %d, %d0 : tensor<f64>
  // CHECK-NEXT: %d2 = tt.isinf %d1 : tensor<f64>
  // GENERIC: %d2 = "tt.isinf"(%d1) : (tensor<f64>) -> tensor<i1>
  %d2 = tt.isinf %d1 : tensor<f64>
  // CHECK-NEXT: %d3 = tt.mod %d1, %d0 : tensor<f64>
  // GENERIC: %d3 = "tt.mod"(%d1, %d0) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %d3 = tt.mod %d1, %d0 : tensor<f64>
  // CHECK-NEXT: %b0 = tt.sign %b : tensor<5xi8>
  // GENERIC: %b0 = "tt.sign"(%b) : (tensor<5xi8>) -> tensor<5xi8>
  %b0 = tt.sign %b : tensor<5xi8>
  // CHECK-NEXT: %b1 = tt.shr %b, %b0 : tensor<5xi8>
  // GENERIC: %b1 = "tt.shr"(%b, %b0) : (tensor<5xi8>, tensor<5xi8>) -> tensor<5xi8>
  %b1 = tt.shr %b, %b0 : tensor<5xi8>
  // CHECK-NEXT: %b2 = tt.not %b1 : tensor<5xi8>
  // GENERIC: %b2 = "tt.not"(%b1) : (tensor<5xi8>) -> tensor<5xi8>
  %b2 = tt.not %b1 : tensor<5xi8>
  // CHECK-NEXT: %b3 = tt.ne %b, %b2 : tensor<5xi8>
  // GENERIC: %b3 = "tt.ne"(%b, %b2) : (tensor<5xi8>, tensor<5xi8>) -> tensor<5xi1>
  %b3 = tt.ne %b, %b2 : tensor<5xi8>
  // CHECK-NEXT: %s0 = tt.shl %s, %s : tensor<?xi16>
  // GENERIC: %s0 = "tt.shl"(%s, %s) : (tensor<?xi16>, tensor<?xi16>) -> tensor<?xi16>
  %s0 = tt.shl %s, %s : tensor<?xi16>
  // CHECK-NEXT: %s1 = tt.int_div %s0, %s : tensor<?xi16>
  // GENERIC: %s1 = "tt.int_div"(%s0, %s) : (tensor<?xi16>, tensor<?xi16>) -> tensor<?xi16>
  %s1 = tt.int_div %s0, %s : tensor<?xi16>
  // CHECK-NEXT: %s2 = tt.xor %s1, %s : tensor<?xi16>
  // GENERIC: %s2 = "tt.xor"(%s1, %s) : (tensor<?xi16>, tensor<?xi16>) -> tensor<?xi16>
  %s2 = tt.xor %s1, %s : tensor<?xi16>
  // CHECK-NEXT: %l0 = tt.abs %l : tensor<3x1xi64>
  // GENERIC: %l0 = "tt.abs"(%l) : (tensor<3x1xi64>) -> tensor<3x1xi64>
  %l0 = tt.abs %l : tensor<3x1xi64>
  // CHECK-NEXT: %l1 = tt.maximum %l, %l0 : tensor<3x1xi64>
  // GENERIC: %l1 = "tt.maximum"(%l, %l0) : (tensor<3x1xi64>, tensor<3x1xi64>) -> tensor<3x1xi64>
  %l1 = tt.maximum %l, %l0 : tensor<3x1xi64>
  // CHECK-NEXT: %l2 = tt.ge %l1, %l : tensor<3x1xi64>
  // GENERIC: %l2 = "tt.ge"(%l1, %l) : (tensor<3x1xi64>, tensor<3x1xi64>) -> tensor<3x1xi1>
  %l2 = tt.ge %l1, %l : tensor<3x1xi64>
  // CHECK-NEXT: %p0 = tt.xor %p, %p : tensor<5xi1>
  // GENERIC: %p0 = "tt.xor"(%p, %p) : (tensor<5xi1>, tensor<5xi1>) -> tensor<5xi1>
  %p0 = tt.xor %p, %p : tensor<5xi1>
  // CHECK-NEXT: %p1 = tt.le %p, %p0 : tensor<5xi1>
  // GENERIC: %p1 = "tt.le"(%p, %p0) : (tensor<5xi1>, tensor<5xi1>) -> tensor<5xi1>
  %p1 = tt.le %p, %p0 : tensor<5xi1>
  // CHECK-NEXT: %p2 = tt.where %p1, %p0, %p : tensor<5xi1>
  // GENERIC: %p2 = "tt.where"(%p1, %p0, %p) : (tensor<5xi1>, tensor<5xi1>, tensor<5xi1>) -> tensor<5xi1>
  %p2 = tt.where %p1, %p0, %p : tensor<5xi1>
  // CHECK-NEXT: %x0 = tt.add %b, %b {note = "kept"} : tensor<5xi8>
  // GENERIC: %x0 = "tt.add"(%b, %b) {note = "kept"} : (tensor<5xi8>, tensor<5xi8>) -> tensor<5xi8>
  %x0 = tt.add %b, %b {note = "kept"} : tensor<5xi8>
  // CHECK-NEXT: %x1 = tt.exp %h {fastmath = true} : tensor<2x?xf16>
  // GENERIC: %x1 = "tt.exp"(%h) {fastmath = true} : (tensor<2x?xf16>) -> tensor<2x?xf16>
  %x1 = tt.exp %h {fastmath = true} : tensor<2x?xf16>
  func.return
}

// CHECK-LABEL: func.func @casts(
// GENERIC-LABEL: sym_name = "casts"
func.func @casts(%d: tensor<3xf64>, %p: tensor<3xi1>, %b: tensor<3xi8>, %h: tensor<?x2xf16>) {
  // CHECK-NEXT: %c0 = tt.cast %d : tensor<3xf64> to tensor<3xi1>
  // GENERIC: %c0 = "tt.cast"(%d) : (tensor<3xf64>) -> tensor<3xi1>
  %c0 = tt.cast %d : tensor<3xf64> to tensor<3xi1>
  // CHECK-NEXT: %c1 = tt.cast %p : tensor<3xi1> to tensor<3xf32>
  // GENERIC: %c1 = "tt.cast"(%p) : (tensor<3xi1>) -> tensor<3xf32>
  %c1 = tt.cast %p : tensor<3xi1> to tensor<3xf32>
  // CHECK-NEXT: %c2 = tt.cast %b : tensor<3xi8> to tensor<3xi64>
  // GENERIC: %c2 = "tt.cast"(%b) : (tensor<3xi8>) -> tensor<3xi64>
  %c2 = tt.cast %b : tensor<3xi8> to tensor<3xi64>
  // CHECK-NEXT: %c3 = tt.cast %h : tensor<?x2xf16> to tensor<?x2xf64>
  // GENERIC: %c3 = "tt.cast"(%h) : (tensor<?x2xf16>) -> tensor<?x2xf64>
  %c3 = tt.cast %h : tensor<?x2xf16> to tensor<?x2xf64>
  // CHECK-NEXT: %c4 = tt.cast %d {note = "x"} : tensor<3xf64> to tensor<3xf64>
  // GENERIC: %c4 = "tt.cast"(%d) {note = "x"} : (tensor<3xf64>) -> tensor<3xf64>
  %c4 = tt.cast %d {note = "x"} : tensor<3xf64> to tensor<3xf64>
  func.return
}

// CHECK-LABEL: func.func @constants(
// GENERIC-LABEL: sym_name = "constants"
func.func @constants() {
  // CHECK-NEXT: %c0 = tt.constant dense<1.500000e+00> : tensor<2x3xf16>
  // GENERIC: %c0 = "tt.constant"() <{value = dense<1.500000e+00> : tensor<2x3xf16>}> : () -> tensor<2x3xf16>
  %c0 = tt.constant dense<1.500000e+00> : tensor<2x3xf16>
  // CHECK-NEXT: %c1 = tt.constant dense<[-1, 0, 127]> : tensor<3xi8>
  // GENERIC: %c1 = "tt.constant"() <{value = dense<[-1, 0, 127]> : tensor<3xi8>}> : () -> tensor<3xi8>
  %c1 = tt.constant dense<[-1, 0, 127]> : tensor<3xi8>
  // CHECK-NEXT: %c2 = tt.constant dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>
  // GENERIC: %c2 = "tt.constant"() <{value = dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>}> : () -> tensor<2x2xf64>
  %c2 = tt.constant dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>
  // CHECK-NEXT: %c3 = tt.constant dense<[true, false]> : tensor<2xi1>
  // GENERIC: %c3 = "tt.constant"() <{value = dense<[true, false]> : tensor<2xi1>}> : () -> tensor<2xi1>
  %c3 = tt.constant dense<[true, false]> : tensor<2xi1>
  // CHECK-NEXT: %c4 = tt.constant dense<7> : tensor<i32> {note = "x"}
  // GENERIC: %c4 = "tt.constant"() <{value = dense<7> : tensor<i32>}> {note = "x"} : () -> tensor<i32>
  %c4 = tt.constant dense<7> : tensor<i32> {note = "x"}
  func.return
}

// CHECK-LABEL: func.func @broadcasts(
// GENERIC-LABEL: sym_name = "broadcasts"
func.func @broadcasts(%s: tensor<f32>, %v: tensor<1x3xi32>, %w: tensor<?x1xf64>, %n: index, %m: index) {
  // CHECK-NEXT: %b0 = tt.broadcast %s dims [] : tensor<f32> -> tensor<2x3xf32>
  // GENERIC: %b0 = "tt.broadcast"(%s) <{dims = array<i64>}> : (tensor<f32>) -> tensor<2x3xf32>
  %b0 = tt.broadcast %s dims [] : tensor<f32> -> tensor<2x3xf32>
  // CHECK-NEXT: %b1 = tt.broadcast %v dims [0, 2] : tensor<1x3xi32> -> tensor<4x5x3xi32>
  // GENERIC: %b1 = "tt.broadcast"(%v) <{dims = array<i64: 0, 2>}> : (tensor<1x3xi32>) -> tensor<4x5x3xi32>
  %b1 = tt.broadcast %v dims [0, 2] : tensor<1x3xi32> -> tensor<4x5x3xi32>
  // CHECK-NEXT: %b2 = tt.broadcast %w dims [1, 2] sizes(%n, %m) : tensor<?x1xf64> -> tensor<?x?x?xf64>
  // GENERIC: %b2 = "tt.broadcast"(%w, %n, %m) <{dims = array<i64: 1, 2>}> : (tensor<?x1xf64>, index, index) -> tensor<?x?x?xf64>
  %b2 = tt.broadcast %w dims [1, 2] sizes(%n, %m) : tensor<?x1xf64> -> tensor<?x?x?xf64>
  // CHECK-NEXT: %b3 = tt.broadcast %w dims [0, 1] {note = "x"} : tensor<?x1xf64> -> tensor<?x7xf64>
  // GENERIC: %b3 = "tt.broadcast"(%w) <{dims = array<i64: 0, 1>}> {note = "x"} : (tensor<?x1xf64>) -> tensor<?x7xf64>
  %b3 = tt.broadcast %w dims [0, 1] {note = "x"} : tensor<?x1xf64> -> tensor<?x7xf64>
  func.return
}

// CHECK-LABEL: func.func @shapes_as_values(
// GENERIC-LABEL: sym_name = "shapes_as_values"
func.func @shapes_as_values(%x: tensor<2x?x4xf32>, %k: tensor<i32>) {
  // CHECK-NEXT: %d1 = tt.dim %x axis 1 : tensor<2x?x4xf32>
  // GENERIC: %d1 = "tt.dim"(%x) <{axis = 1 : i64}> : (tensor<2x?x4xf32>) -> tensor<i64>
  %d1 = tt.dim %x axis 1 : tensor<2x?x4xf32>
  // CHECK-NEXT: %d2 = tt.dim %x axis 2 : tensor<2x?x4xf32>
  // GENERIC: %d2 = "tt.dim"(%x) <{axis = 2 : i64}> : (tensor<2x?x4xf32>) -> tensor<i64>
  %d2 = tt.dim %x axis 2 : tensor<2x?x4xf32>
  // CHECK-NEXT: %i = tt.to_index %k : tensor<i32>
  // GENERIC: %i = "tt.to_index"(%k) : (tensor<i32>) -> index
  %i = tt.to_index %k : tensor<i32>
  func.return
}

// CHECK-LABEL: func.func @reductions(
// GENERIC-LABEL: sym_name = "reductions"
func.func @reductions(%x: tensor<?x3x4xf32>, %p: tensor<2x?xi1>, %i: tensor<5xi32>) {
  // CHECK-NEXT: %r0 = tt.reduce prod %x axes [0, 2] : tensor<?x3x4xf32> -> tensor<3xf32>
  // GENERIC: %r0 = "tt.reduce"(%x) <{kind = "prod", axes = array<i64: 0, 2>}> : (tensor<?x3x4xf32>) -> tensor<3xf32>
  %r0 = tt.reduce prod %x axes [0, 2] : tensor<?x3x4xf32> -> tensor<3xf32>
  // CHECK-NEXT: %r1 = tt.reduce min %x axes [1] keepdims : tensor<?x3x4xf32> -> tensor<?x1x4xf32>
  // GENERIC: %r1 = "tt.reduce"(%x) <{kind = "min", axes = array<i64: 1>, keepdims}> : (tensor<?x3x4xf32>) -> tensor<?x1x4xf32>
  %r1 = tt.reduce min %x axes [1] keepdims : tensor<?x3x4xf32> -> tensor<?x1x4xf32>
  // CHECK-NEXT: %r2 = tt.reduce all %p axes [1] : tensor<2x?xi1> -> tensor<2xi1>
  // GENERIC: %r2 = "tt.reduce"(%p) <{kind = "all", axes = array<i64: 1>}> : (tensor<2x?xi1>) -> tensor<2xi1>
  %r2 = tt.reduce all %p axes [1] : tensor<2x?xi1> -> tensor<2xi1>
  // CHECK-NEXT: %r3 = tt.reduce any %p axes [0, 1] keepdims : tensor<2x?xi1> -> tensor<1x1xi1>
  // GENERIC: %r3 = "tt.reduce"(%p) <{kind = "any", axes = array<i64: 0, 1>, keepdims}> : (tensor<2x?xi1>) -> tensor<1x1xi1>
  %r3 = tt.reduce any %p axes [0, 1] keepdims : tensor<2x?xi1> -> tensor<1x1xi1>
  // CHECK-NEXT: %r4 = tt.reduce argmin %x axes [2] keepdims : tensor<?x3x4xf32> -> tensor<?x3x1xi64>
  // GENERIC: %r4 = "tt.reduce"(%x) <{kind = "argmin", axes = array<i64: 2>, keepdims}> : (tensor<?x3x4xf32>) -> tensor<?x3x1xi64>
  %r4 = tt.reduce argmin %x axes [2] keepdims : tensor<?x3x4xf32> -> tensor<?x3x1xi64>
  // CHECK-NEXT: %r5 = tt.reduce sum %i axes [0] : tensor<5xi32> -> tensor<i32>
  // GENERIC: %r5 = "tt.reduce"(%i) <{kind = "sum", axes = array<i64: 0>}> : (tensor<5xi32>) -> tensor<i32>
  %r5 = tt.reduce sum %i axes [0] : tensor<5xi32> -> tensor<i32>
  // CHECK-NEXT: %r6 = tt.reduce argmax %i axes [0] {note = "x"} : tensor<5xi32> -> tensor<i64>
  // GENERIC: %r6 = "tt.reduce"(%i) <{kind = "argmax", axes = array<i64: 0>}> {note = "x"} : (tensor<5xi32>) -> tensor<i64>
  %r6 = tt.reduce argmax %i axes [0] {note = "x"} : tensor<5xi32> -> tensor<i64>
  func.return
}

// CHECK-LABEL: func.func @reshapes(
// GENERIC-LABEL: sym_name = "reshapes"
func.func @reshapes(%x: tensor<2x3xf32>, %y: tensor<?x?xi8>, %u: tensor<1x1xf64>, %n: index, %m: index) {
  // CHECK-NEXT: %r0 = tt.reshape %x : tensor<2x3xf32> -> tensor<3x2xf32>
  // GENERIC: %r0 = "tt.reshape"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %r0 = tt.reshape %x : tensor<2x3xf32> -> tensor<3x2xf32>
  // CHECK-NEXT: %r1 = tt.reshape %y sizes(%n, %m) : tensor<?x?xi8> -> tensor<?x2x?xi8>
  // GENERIC: %r1 = "tt.reshape"(%y, %n, %m) : (tensor<?x?xi8>, index, index) -> tensor<?x2x?xi8>
  %r1 = tt.reshape %y sizes(%n, %m) : tensor<?x?xi8> -> tensor<?x2x?xi8>
  // CHECK-NEXT: %r2 = tt.reshape %u : tensor<1x1xf64> -> tensor<f64>
  // GENERIC: %r2 = "tt.reshape"(%u) : (tensor<1x1xf64>) -> tensor<f64>
  %r2 = tt.reshape %u : tensor<1x1xf64> -> tensor<f64>
  // CHECK-NEXT: %r3 = tt.reshape %x sizes(%n) {note = "x"} : tensor<2x3xf32> -> tensor<?xf32>
  // GENERIC: %r3 = "tt.reshape"(%x, %n) {note = "x"} : (tensor<2x3xf32>, index) -> tensor<?xf32>
  %r3 = tt.reshape %x sizes(%n) {note = "x"} : tensor<2x3xf32> -> tensor<?xf32>
  func.return
}

// CHECK-LABEL: func.func @transposes(
// GENERIC-LABEL: sym_name = "transposes"
func.func @transposes(%x: tensor<2x?x4xi16>, %s: tensor<f32>) {
  // CHECK-NEXT: %t0 = tt.transpose %x perm [2, 0, 1] : tensor<2x?x4xi16> -> tensor<4x2x?xi16>
  // GENERIC: %t0 = "tt.transpose"(%x) <{perm = array<i64: 2, 0, 1>}> : (tensor<2x?x4xi16>) -> tensor<4x2x?xi16>
  %t0 = tt.transpose %x perm [2, 0, 1] : tensor<2x?x4xi16> -> tensor<4x2x?xi16>
  // CHECK-NEXT: %t1 = tt.transpose %x perm [0, 1, 2] : tensor<2x?x4xi16> -> tensor<2x?x4xi16>
  // GENERIC: %t1 = "tt.transpose"(%x) <{perm = array<i64: 0, 1, 2>}> : (tensor<2x?x4xi16>) -> tensor<2x?x4xi16>
  %t1 = tt.transpose %x perm [0, 1, 2] : tensor<2x?x4xi16> -> tensor<2x?x4xi16>
  // CHECK-NEXT: %t2 = tt.transpose %s perm [] : tensor<f32> -> tensor<f32>
  // GENERIC: %t2 = "tt.transpose"(%s) <{perm = array<i64>}> : (tensor<f32>) -> tensor<f32>
  %t2 = tt.transpose %s perm [] : tensor<f32> -> tensor<f32>
  func.return
}

// CHECK-LABEL: func.func @concatenates(
// GENERIC-LABEL: sym_name = "concatenates"
func.func @concatenates(%a: tensor<2x3xf32>, %b: tensor<2x?xf32>, %c: tensor<?x1xf32>) {
  // CHECK-NEXT: %c0 = tt.concatenate %a, %b, %c axis 1 : tensor<2x3xf32>, tensor<2x?xf32>, tensor<?x1xf32> -> tensor<2x?xf32>
  // GENERIC: %c0 = "tt.concatenate"(%a, %b, %c) <{axis = 1 : i64}> : (tensor<2x3xf32>, tensor<2x?xf32>, tensor<?x1xf32>) -> tensor<2x?xf32>
  %c0 = tt.concatenate %a, %b, %c axis 1 : tensor<2x3xf32>, tensor<2x?xf32>, tensor<?x1xf32> -> tensor<2x?xf32>
  // CHECK-NEXT: %c1 = tt.concatenate %a axis 0 : tensor<2x3xf32> -> tensor<2x3xf32>
  // GENERIC: %c1 = "tt.concatenate"(%a) <{axis = 0 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %c1 = tt.concatenate %a axis 0 : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %c2 = tt.concatenate %a, %a axis 0 {note = "x"} : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  // GENERIC: %c2 = "tt.concatenate"(%a, %a) <{axis = 0 : i64}> {note = "x"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %c2 = tt.concatenate %a, %a axis 0 {note = "x"} : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  func.return
}

// CHECK-LABEL: func.func @aranges(
// GENERIC-LABEL: sym_name = "aranges"
func.func @aranges(%f: tensor<f32>, %i: tensor<i32>) {
  // CHECK-NEXT: %a0 = tt.arange %f, %f, %f : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
  // GENERIC: %a0 = "tt.arange"(%f, %f, %f) : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<?xf32>
  %a0 = tt.arange %f, %f, %f : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
  // CHECK-NEXT: %a1 = tt.arange %i, %i, %i : tensor<i32>, tensor<i32>, tensor<i32> -> tensor<?xi32>
  // GENERIC: %a1 = "tt.arange"(%i, %i, %i) : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<?xi32>
  %a1 = tt.arange %i, %i, %i : tensor<i32>, tensor<i32>, tensor<i32> -> tensor<?xi32>
  func.return
}

// CHECK-LABEL: func.func @slices(
// GENERIC-LABEL: sym_name = "slices"
func.func @slices(%x: tensor<5x?xf32>, %s: tensor<f32>, %y: tensor<2x?xf32>, %o: index, %n: index, %t: index) {
  // CHECK-NEXT: %s0 = tt.slice %x [1, 0] [2, 3] [2, 1] : tensor<5x?xf32> -> tensor<2x3xf32>
  // GENERIC: %s0 = "tt.slice"(%x) <{static_offsets = array<i64: 1, 0>, static_sizes = array<i64: 2, 3>, static_steps = array<i64: 2, 1>, operandSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<5x?xf32>) -> tensor<2x3xf32>
  %s0 = tt.slice %x [1, 0] [2, 3] [2, 1] : tensor<5x?xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %s1 = tt.slice %x [%o, %o] [%n, %n] [%t, %t] : tensor<5x?xf32> -> tensor<?x?xf32>
  // GENERIC: %s1 = "tt.slice"(%x, %o, %o, %n, %n, %t, %t) <{static_offsets = array<i64: -9223372036854775808, -9223372036854775808>, static_sizes = array<i64: -9223372036854775808, -9223372036854775808>, static_steps = array<i64: -9223372036854775808, -9223372036854775808>, operandSegmentSizes = array<i32: 1, 2, 2, 2>}> : (tensor<5x?xf32>, index, index, index, index, index, index) -> tensor<?x?xf32>
  %s1 = tt.slice %x [%o, %o] [%n, %n] [%t, %t] : tensor<5x?xf32> -> tensor<?x?xf32>
  // CHECK-NEXT: %s2 = tt.slice %s [] [] [] : tensor<f32> -> tensor<f32>
  // GENERIC: %s2 = "tt.slice"(%s) <{static_offsets = array<i64>, static_sizes = array<i64>, static_steps = array<i64>, operandSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<f32>) -> tensor<f32>
  %s2 = tt.slice %s [] [] [] : tensor<f32> -> tensor<f32>
  // CHECK-NEXT: %s3 = tt.slice %x [4, 0] [0, 3] [-1, 1] : tensor<5x?xf32> -> tensor<0x3xf32>
  // GENERIC: %s3 = "tt.slice"(%x) <{static_offsets = array<i64: 4, 0>, static_sizes = array<i64: 0, 3>, static_steps = array<i64: -1, 1>, operandSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<5x?xf32>) -> tensor<0x3xf32>
  %s3 = tt.slice %x [4, 0] [0, 3] [-1, 1] : tensor<5x?xf32> -> tensor<0x3xf32>
  // CHECK-NEXT: %u0 = tt.update_slice set %x, %y [0, %o] [2, %n] [1, %t] : tensor<5x?xf32>, tensor<2x?xf32> -> tensor<5x?xf32>
  // GENERIC: %u0 = "tt.update_slice"(%x, %y, %o, %n, %t) <{static_offsets = array<i64: 0, -9223372036854775808>, static_sizes = array<i64: 2, -9223372036854775808>, static_steps = array<i64: 1, -9223372036854775808>, mode = "set", operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>}> : (tensor<5x?xf32>, tensor<2x?xf32>, index, index, index) -> tensor<5x?xf32>
  %u0 = tt.update_slice set %x, %y [0, %o] [2, %n] [1, %t] : tensor<5x?xf32>, tensor<2x?xf32> -> tensor<5x?xf32>
  // CHECK-NEXT: %u1 = tt.update_slice add %s, %s [] [] [] {note = "x"} : tensor<f32>, tensor<f32> -> tensor<f32>
  // GENERIC: %u1 = "tt.update_slice"(%s, %s) <{static_offsets = array<i64>, static_sizes = array<i64>, static_steps = array<i64>, mode = "add", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>}> {note = "x"} : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %u1 = tt.update_slice add %s, %s [] [] [] {note = "x"} : tensor<f32>, tensor<f32> -> tensor<f32>
  func.return
}

// CHECK-LABEL: func.func @takes(
// GENERIC-LABEL: sym_name = "takes"
func.func @takes(%x: tensor<?x4x5xf64>, %i: tensor<2x3xi32>, %j: tensor<?xi8>, %y: tensor<?x2x3x5xf64>, %z: tensor<?x?xf64>) {
  // CHECK-NEXT: %t0 = tt.take %x [%i] axis 1 : tensor<?x4x5xf64>, tensor<2x3xi32> -> tensor<?x2x3x5xf64>
  // GENERIC: %t0 = "tt.take"(%x, %i) <{axis = 1 : i64}> : (tensor<?x4x5xf64>, tensor<2x3xi32>) -> tensor<?x2x3x5xf64>
  %t0 = tt.take %x [%i] axis 1 : tensor<?x4x5xf64>, tensor<2x3xi32> -> tensor<?x2x3x5xf64>
  // CHECK-NEXT: %t1 = tt.take %x [%j, %j, %j] axis 0 : tensor<?x4x5xf64>, tensor<?xi8> -> tensor<?xf64>
  // GENERIC: %t1 = "tt.take"(%x, %j, %j, %j) <{axis = 0 : i64}> : (tensor<?x4x5xf64>, tensor<?xi8>, tensor<?xi8>, tensor<?xi8>) -> tensor<?xf64>
  %t1 = tt.take %x [%j, %j, %j] axis 0 : tensor<?x4x5xf64>, tensor<?xi8> -> tensor<?xf64>
  // CHECK-NEXT: %t2 = tt.take %x [%j, %j] axis 1 {note = "x"} : tensor<?x4x5xf64>, tensor<?xi8> -> tensor<?x?xf64>
  // GENERIC: %t2 = "tt.take"(%x, %j, %j) <{axis = 1 : i64}> {note = "x"} : (tensor<?x4x5xf64>, tensor<?xi8>, tensor<?xi8>) -> tensor<?x?xf64>
  %t2 = tt.take %x [%j, %j] axis 1 {note = "x"} : tensor<?x4x5xf64>, tensor<?xi8> -> tensor<?x?xf64>
  // CHECK-NEXT: %u0 = tt.update_take add %x, %y [%i] axis 1 : tensor<?x4x5xf64>, tensor<?x2x3x5xf64>, tensor<2x3xi32> -> tensor<?x4x5xf64>
  // GENERIC: %u0 = "tt.update_take"(%x, %y, %i) <{axis = 1 : i64, mode = "add"}> : (tensor<?x4x5xf64>, tensor<?x2x3x5xf64>, tensor<2x3xi32>) -> tensor<?x4x5xf64>
  %u0 = tt.update_take add %x, %y [%i] axis 1 : tensor<?x4x5xf64>, tensor<?x2x3x5xf64>, tensor<2x3xi32> -> tensor<?x4x5xf64>
  // CHECK-NEXT: %u1 = tt.update_take set %x, %z [%j, %j] axis 1 : tensor<?x4x5xf64>, tensor<?x?xf64>, tensor<?xi8> -> tensor<?x4x5xf64>
  // GENERIC: %u1 = "tt.update_take"(%x, %z, %j, %j) <{axis = 1 : i64, mode = "set"}> : (tensor<?x4x5xf64>, tensor<?x?xf64>, tensor<?xi8>, tensor<?xi8>) -> tensor<?x4x5xf64>
  %u1 = tt.update_take set %x, %z [%j, %j] axis 1 : tensor<?x4x5xf64>, tensor<?x?xf64>, tensor<?xi8> -> tensor<?x4x5xf64>
  func.return
}

// CHECK-LABEL: func.func @linear_algebra(
// GENERIC-LABEL: sym_name = "linear_algebra"
func.func @linear_algebra(%a: tensor<3x4xf16>, %b: tensor<4x5xf16>, %c: tensor<?x3x4xf32>, %d: tensor<2x4x?xf32>) {
  // CHECK-NEXT: %m0 = tt.matmul %a, %b : tensor<3x4xf16>, tensor<4x5xf16> -> tensor<3x5xf16>
  // GENERIC: %m0 = "tt.matmul"(%a, %b) : (tensor<3x4xf16>, tensor<4x5xf16>) -> tensor<3x5xf16>
  %m0 = tt.matmul %a, %b : tensor<3x4xf16>, tensor<4x5xf16> -> tensor<3x5xf16>
  // CHECK-NEXT: %m1 = tt.batched_matmul %c, %d : tensor<?x3x4xf32>, tensor<2x4x?xf32> -> tensor<2x3x?xf32>
  // GENERIC: %m1 = "tt.batched_matmul"(%c, %d) : (tensor<?x3x4xf32>, tensor<2x4x?xf32>) -> tensor<2x3x?xf32>
  %m1 = tt.batched_matmul %c, %d : tensor<?x3x4xf32>, tensor<2x4x?xf32> -> tensor<2x3x?xf32>
  // CHECK-NEXT: %m2 = tt.matmul %a, %b {note = "x"} : tensor<3x4xf16>, tensor<4x5xf16> -> tensor<3x5xf16>
  // GENERIC: %m2 = "tt.matmul"(%a, %b) {note = "x"} : (tensor<3x4xf16>, tensor<4x5xf16>) -> tensor<3x5xf16>
  %m2 = tt.matmul %a, %b {note = "x"} : tensor<3x4xf16>, tensor<4x5xf16> -> tensor<3x5xf16>
  func.return
}

// CHECK-LABEL: func.func @convolutions(
// GENERIC-LABEL: sym_name = "convolutions"
func.func @convolutions(%x: tensor<2x3x9x10xf64>, %w: tensor<4x3x3x2xf64>, %gy: tensor<2x4x4x5xf64>, %wd: tensor<?x?x3x2xf64>, %n: index, %m: index) {
  // CHECK-NEXT: %y = tt.conv2d %x, %w strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] : tensor<2x3x9x10xf64>, tensor<4x3x3x2xf64> -> tensor<2x4x4x5xf64>
  // GENERIC: %y = "tt.conv2d"(%x, %w) <{strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>, dilation = array<i64: 1, 2>}> : (tensor<2x3x9x10xf64>, tensor<4x3x3x2xf64>) -> tensor<2x4x4x5xf64>
  %y = tt.conv2d %x, %w strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] : tensor<2x3x9x10xf64>, tensor<4x3x3x2xf64> -> tensor<2x4x4x5xf64>
  // CHECK-NEXT: %gx = tt.conv2d_grad_input %gy, %w strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] : tensor<2x4x4x5xf64>, tensor<4x3x3x2xf64> -> tensor<2x3x9x10xf64>
  // GENERIC: %gx = "tt.conv2d_grad_input"(%gy, %w) <{strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>, dilation = array<i64: 1, 2>}> : (tensor<2x4x4x5xf64>, tensor<4x3x3x2xf64>) -> tensor<2x3x9x10xf64>
  %gx = tt.conv2d_grad_input %gy, %w strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] : tensor<2x4x4x5xf64>, tensor<4x3x3x2xf64> -> tensor<2x3x9x10xf64>
  // CHECK-NEXT: %gw = tt.conv2d_grad_filter %x, %gy strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] sizes(%n, %m) : tensor<2x3x9x10xf64>, tensor<2x4x4x5xf64> -> tensor<?x?x3x2xf64>
  // GENERIC: %gw = "tt.conv2d_grad_filter"(%x, %gy, %n, %m) <{strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>, dilation = array<i64: 1, 2>}> : (tensor<2x3x9x10xf64>, tensor<2x4x4x5xf64>, index, index) -> tensor<?x?x3x2xf64>
  %gw = tt.conv2d_grad_filter %x, %gy strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] sizes(%n, %m) : tensor<2x3x9x10xf64>, tensor<2x4x4x5xf64> -> tensor<?x?x3x2xf64>
  // CHECK-NEXT: %yd = tt.conv2d %x, %wd strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip {note = "x"} : tensor<2x3x9x10xf64>, tensor<?x?x3x2xf64> -> tensor<2x?x7x9xf64>
  // GENERIC: %yd = "tt.conv2d"(%x, %wd) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip}> {note = "x"} : (tensor<2x3x9x10xf64>, tensor<?x?x3x2xf64>) -> tensor<2x?x7x9xf64>
  %yd = tt.conv2d %x, %wd strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip {note = "x"} : tensor<2x3x9x10xf64>, tensor<?x?x3x2xf64> -> tensor<2x?x7x9xf64>
  func.return
}

// CHECK-LABEL: func.func @pooling(
// GENERIC-LABEL: sym_name = "pooling"
func.func @pooling(%x: tensor<3x7x7xf32>, %y: tensor<?x5x6xf16>, %g: tensor<3x4x4xf32>) {
  // CHECK-NEXT: %p0 = tt.pool2d sum %x window [2, 2] strides [2, 2] padding [0, 0] : tensor<3x7x7xf32> -> tensor<3x4x4xf32>
  // GENERIC: %p0 = "tt.pool2d"(%x) <{mode = "sum", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>}> : (tensor<3x7x7xf32>) -> tensor<3x4x4xf32>
  %p0 = tt.pool2d sum %x window [2, 2] strides [2, 2] padding [0, 0] : tensor<3x7x7xf32> -> tensor<3x4x4xf32>
  // CHECK-NEXT: %p1 = tt.pool2d average_inc_pad %y window [3, 3] strides [1, 2] padding [1, 2] ignore_border : tensor<?x5x6xf16> -> tensor<?x5x4xf16>
  // GENERIC: %p1 = "tt.pool2d"(%y) <{mode = "average_inc_pad", window = array<i64: 3, 3>, strides = array<i64: 1, 2>, padding = array<i64: 1, 2>, ignore_border}> : (tensor<?x5x6xf16>) -> tensor<?x5x4xf16>
  %p1 = tt.pool2d average_inc_pad %y window [3, 3] strides [1, 2] padding [1, 2] ignore_border : tensor<?x5x6xf16> -> tensor<?x5x4xf16>
  // CHECK-NEXT: %p2 = tt.pool2d average_exc_pad %y window [2, 3] strides [3, 1] padding [1, 1] ignore_border : tensor<?x5x6xf16> -> tensor<?x2x6xf16>
  // GENERIC: %p2 = "tt.pool2d"(%y) <{mode = "average_exc_pad", window = array<i64: 2, 3>, strides = array<i64: 3, 1>, padding = array<i64: 1, 1>, ignore_border}> : (tensor<?x5x6xf16>) -> tensor<?x2x6xf16>
  %p2 = tt.pool2d average_exc_pad %y window [2, 3] strides [3, 1] padding [1, 1] ignore_border : tensor<?x5x6xf16> -> tensor<?x2x6xf16>
  // CHECK-NEXT: %p3 = tt.pool2d max %x window [3, 3] strides [1, 1] padding [0, 0] : tensor<3x7x7xf32> -> tensor<3x5x5xf32>
  // GENERIC: %p3 = "tt.pool2d"(%x) <{mode = "max", window = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0>}> : (tensor<3x7x7xf32>) -> tensor<3x5x5xf32>
  %p3 = tt.pool2d max %x window [3, 3] strides [1, 1] padding [0, 0] : tensor<3x7x7xf32> -> tensor<3x5x5xf32>
  // CHECK-NEXT: %g0 = tt.pool2d_grad sum %x, %g window [2, 2] strides [2, 2] padding [0, 0] : tensor<3x7x7xf32>, tensor<3x4x4xf32> -> tensor<3x7x7xf32>
  // GENERIC: %g0 = "tt.pool2d_grad"(%x, %g) <{mode = "sum", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>}> : (tensor<3x7x7xf32>, tensor<3x4x4xf32>) -> tensor<3x7x7xf32>
  %g0 = tt.pool2d_grad sum %x, %g window [2, 2] strides [2, 2] padding [0, 0] : tensor<3x7x7xf32>, tensor<3x4x4xf32> -> tensor<3x7x7xf32>
  // CHECK-NEXT: %g1 = tt.pool2d_grad average_exc_pad %x, %g window [2, 2] strides [2, 2] padding [1, 1] ignore_border {note = "x"} : tensor<3x7x7xf32>, tensor<3x4x4xf32> -> tensor<3x7x7xf32>
  // GENERIC: %g1 = "tt.pool2d_grad"(%x, %g) <{mode = "average_exc_pad", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1>, ignore_border}> {note = "x"} : (tensor<3x7x7xf32>, tensor<3x4x4xf32>) -> tensor<3x7x7xf32>
  %g1 = tt.pool2d_grad average_exc_pad %x, %g window [2, 2] strides [2, 2] padding [1, 1] ignore_border {note = "x"} : tensor<3x7x7xf32>, tensor<3x4x4xf32> -> tensor<3x7x7xf32>
  func.return
}

// CHECK-LABEL: func.func @softmax_random(
// GENERIC-LABEL: sym_name = "softmax_random"
func.func @softmax_random(%x: tensor<4x?xf64>, %h: tensor<?xf16>, %st: tensor<4xi32>, %n: index) {
  // CHECK-NEXT: %s0 = tt.softmax %x axis 0 : tensor<4x?xf64>
  // GENERIC: %s0 = "tt.softmax"(%x) <{axis = 0 : i64}> : (tensor<4x?xf64>) -> tensor<4x?xf64>
  %s0 = tt.softmax %x axis 0 : tensor<4x?xf64>
  // CHECK-NEXT: %s1 = tt.log_softmax %h axis 0 {note = "x"} : tensor<?xf16>
  // GENERIC: %s1 = "tt.log_softmax"(%h) <{axis = 0 : i64}> {note = "x"} : (tensor<?xf16>) -> tensor<?xf16>
  %s1 = tt.log_softmax %h axis 0 {note = "x"} : tensor<?xf16>
  // CHECK-NEXT: %r0 = tt.random uniform %st : tensor<4xi32> -> tensor<2x3xf64>
  // GENERIC: %r0 = "tt.random"(%st) <{distribution = "uniform"}> : (tensor<4xi32>) -> tensor<2x3xf64>
  %r0 = tt.random uniform %st : tensor<4xi32> -> tensor<2x3xf64>
  // CHECK-NEXT: %r1 = tt.random normal %st sizes(%n, %n) : tensor<4xi32> -> tensor<?x2x?xf16>
  // GENERIC: %r1 = "tt.random"(%st, %n, %n) <{distribution = "normal"}> : (tensor<4xi32>, index, index) -> tensor<?x2x?xf16>
  %r1 = tt.random normal %st sizes(%n, %n) : tensor<4xi32> -> tensor<?x2x?xf16>
  // CHECK-NEXT: %r2 = tt.random uniform %st {note = "x"} : tensor<4xi32> -> tensor<f32>
  // GENERIC: %r2 = "tt.random"(%st) <{distribution = "uniform"}> {note = "x"} : (tensor<4xi32>) -> tensor<f32>
  %r2 = tt.random uniform %st {note = "x"} : tensor<4xi32> -> tensor<f32>
  func.return
}
