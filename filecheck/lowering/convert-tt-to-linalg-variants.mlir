// RUN: arignote-opt %s -p convert-tt-to-linalg --split-input-file | filecheck %s
// The variants of the tt ops beyond the base cases of the other convert-tt-to-linalg
// tests: every reduce kind, element types other than f32, rank 0, static and dynamic
// sizes, optional keywords (no flip, no ignore_border), every pool mode, multi-index
// take, update modes, random distributions.  What matters in each: the maps and
// iterator types, the identity of a reduction, the scalar ops, the host checks, the
// library call and its attributes.  (The numbers are checked against the NumPy
// reference in tests/e2e.)

// == reductions: identity fill, then one generic; the output map drops (or zeroes, with
// keepdims) the reduced dims.
// CHECK-LABEL: func.func @reduce_kinds
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4xf32>, %[[P:.*]]: tensor<2x?xi1>, %[[I:.*]]: tensor<5xi32>)
func.func @reduce_kinds(%x: tensor<?x3x4xf32>, %p: tensor<2x?xi1>, %i: tensor<5xi32>) -> (tensor<3xf32>, tensor<?x1x4xf32>, tensor<2xi1>, tensor<1x1xi1>, tensor<?x3x1xi64>, tensor<i32>, tensor<i64>) {
  // prod over dims 0 and 2 (not adjacent): fill 1, mulf
  // CHECK: arith.constant 1.000000e+00 : f32
  // CHECK: %[[R0:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>], iterator_types = ["reduction", "parallel", "reduction"]} ins(%[[X]] : tensor<?x3x4xf32>) outs(%{{.*}} : tensor<3xf32>)
  // CHECK-NEXT: ^{{.*}}(%[[IN0:.*]]: f32, %[[ACC0:.*]]: f32):
  // CHECK-NEXT: %[[M0:.*]] = arith.mulf %[[ACC0]], %[[IN0]] : f32
  // CHECK-NEXT: linalg.yield %[[M0]] : f32
  %r0 = tt.reduce prod %x axes [0, 2] : tensor<?x3x4xf32> -> tensor<3xf32>
  // min with keepdims: a host check of the extent, fill +inf, minimumf (NaN propagates)
  // CHECK: cf.assert %{{.*}}, "tt.reduce at {{.*}}: min of an empty extent"
  // CHECK: arith.constant 0x7f800000 : f32
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, 0, d2)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]] : tensor<?x3x4xf32>) outs(%{{.*}} : tensor<?x1x4xf32>)
  // CHECK: arith.minimumf
  %r1 = tt.reduce min %x axes [1] keepdims : tensor<?x3x4xf32> -> tensor<?x1x4xf32>
  // all: fill true, andi; any over every dim with keepdims: fill false, ori, map (0, 0)
  // CHECK: arith.constant true
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%[[P]] : tensor<2x?xi1>)
  // CHECK: arith.andi
  %r2 = tt.reduce all %p axes [1] : tensor<2x?xi1> -> tensor<2xi1>
  // CHECK: arith.constant false
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, 0)>], iterator_types = ["reduction", "reduction"]} ins(%[[P]] : tensor<2x?xi1>)
  // CHECK: arith.ori
  %r3 = tt.reduce any %p axes [0, 1] keepdims : tensor<2x?xi1> -> tensor<1x1xi1>
  // argmin: value and index outputs; a smaller value, a NaN (first one wins) or the first
  // element take the position
  // CHECK: cf.assert %{{.*}}, "tt.reduce at {{.*}}: argmin of an empty extent"
  // CHECK: %{{.*}}, %[[AI:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, 0)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<?x3x4xf32>) outs(%{{.*}}, %{{.*}} : tensor<?x3x1xf32>, tensor<?x3x1xi64>)
  // CHECK-NEXT: ^{{.*}}(%[[V:.*]]: f32, %[[BEST:.*]]: f32, %{{.*}}: i64):
  // CHECK-NEXT: %[[POS:.*]] = linalg.index 2 : index
  // CHECK-NEXT: arith.index_cast %[[POS]] : index to i64
  // CHECK-NEXT: arith.cmpf olt, %[[V]], %[[BEST]] : f32
  // CHECK-NEXT: arith.cmpf uno, %[[V]], %[[V]] : f32
  // CHECK-NEXT: arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
  %r4 = tt.reduce argmin %x axes [2] keepdims : tensor<?x3x4xf32> -> tensor<?x3x1xi64>
  // integer sum to rank 0: map (d0) -> ()
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%[[I]] : tensor<5xi32>) outs(%{{.*}} : tensor<i32>)
  // CHECK: arith.addi
  %r5 = tt.reduce sum %i axes [0] : tensor<5xi32> -> tensor<i32>
  // integer argmax: fill with the smallest i32, signed compare
  // CHECK: arith.constant -2147483648 : i32
  // CHECK: %{{.*}}, %[[MI:.*]] = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%[[I]] : tensor<5xi32>)
  // CHECK: arith.cmpi sgt
  %r6 = tt.reduce argmax %i axes [0] : tensor<5xi32> -> tensor<i64>
  // the index outputs are returned
  // CHECK: func.return %[[R0]], %{{.*}}, %{{.*}}, %{{.*}}, %[[AI]], %{{.*}}, %[[MI]]
  func.return %r0, %r1, %r2, %r3, %r4, %r5, %r6 : tensor<3xf32>, tensor<?x1x4xf32>, tensor<2xi1>, tensor<1x1xi1>, tensor<?x3x1xi64>, tensor<i32>, tensor<i64>
}

// -----
// == element types: the scalar op is typed by the element; integer widths bound shifts.
// CHECK-LABEL: func.func @element_types
func.func @element_types(%h: tensor<2x?xf16>, %b: tensor<6xi8>, %s: tensor<?xi16>, %p: tensor<5xi1>) -> (tensor<2x?xf16>, tensor<6xi8>, tensor<?xi16>, tensor<5xi1>, tensor<6xi8>) {
  // CHECK: math.powf %{{.*}}, %{{.*}} : f16
  %h1 = tt.pow %h, %h : tensor<2x?xf16>
  // i8 >>: out-of-range shifts (< 0 or >= 8) give -1 or 0
  // CHECK: arith.constant 8 : i8
  // CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i8
  // CHECK: arith.shrsi %{{.*}}, %{{.*}} : i8
  %b1 = tt.shr %b, %b : tensor<6xi8>
  // i16 <<: the width is 16
  // CHECK: arith.constant 16 : i16
  // CHECK: arith.shli %{{.*}}, %{{.*}} : i16
  %s1 = tt.shl %s, %s : tensor<?xi16>
  // i1 not is xor with true
  // CHECK: %[[T:.*]] = arith.constant true
  // CHECK-NEXT: arith.xori %{{.*}}, %[[T]] : i1
  %p1 = tt.not %p : tensor<5xi1>
  // integer neg is 0 - x
  // CHECK: %[[Z:.*]] = arith.constant 0 : i8
  // CHECK-NEXT: arith.subi %[[Z]], %{{.*}} : i8
  %b2 = tt.neg %b : tensor<6xi8>
  func.return %h1, %b1, %s1, %p1, %b2 : tensor<2x?xf16>, tensor<6xi8>, tensor<?xi16>, tensor<5xi1>, tensor<6xi8>
}

// -----
// == casts: one scalar conversion per element-type pair.
// CHECK-LABEL: func.func @casts
func.func @casts(%d: tensor<3xf64>, %p: tensor<3xi1>, %b: tensor<3xi8>, %h: tensor<?x2xf16>) -> (tensor<3xi1>, tensor<3xf32>, tensor<3xi64>, tensor<?x2xf64>, tensor<3xi32>, tensor<3xf16>, tensor<3xi1>) {
  // CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f64
  %c0 = tt.cast %d : tensor<3xf64> to tensor<3xi1>
  // i1 is unsigned: true is 1.0
  // CHECK: arith.uitofp %{{.*}} : i1 to f32
  %c1 = tt.cast %p : tensor<3xi1> to tensor<3xf32>
  // CHECK: arith.extsi %{{.*}} : i8 to i64
  %c2 = tt.cast %b : tensor<3xi8> to tensor<3xi64>
  // CHECK: arith.extf %{{.*}} : f16 to f64
  %c3 = tt.cast %h : tensor<?x2xf16> to tensor<?x2xf64>
  // CHECK: arith.fptosi %{{.*}} : f64 to i32
  %c4 = tt.cast %d : tensor<3xf64> to tensor<3xi32>
  // CHECK: arith.sitofp %{{.*}} : i8 to f16
  %c5 = tt.cast %b : tensor<3xi8> to tensor<3xf16>
  // CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i8
  %c6 = tt.cast %b : tensor<3xi8> to tensor<3xi1>
  func.return %c0, %c1, %c2, %c3, %c4, %c5, %c6 : tensor<3xi1>, tensor<3xf32>, tensor<3xi64>, tensor<?x2xf64>, tensor<3xi32>, tensor<3xf16>, tensor<3xi1>
}

// -----
// == constants: dense ones become arith.constant tensors; a splat operand is a scalar in
// the body (f16 here); a returned splat stays a tensor.
// CHECK-LABEL: func.func @constants
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf16>)
func.func @constants(%x: tensor<2x3xf16>) -> (tensor<2x3xf16>, tensor<3xi8>, tensor<2xi1>, tensor<i32>) {
  // CHECK-DAG: %[[C1:.*]] = arith.constant dense<[-1, 0, 127]> : tensor<3xi8>
  // CHECK-DAG: %[[C3:.*]] = arith.constant dense<[true, false]> : tensor<2xi1>
  // CHECK-DAG: %[[C4:.*]] = arith.constant dense<7> : tensor<i32>
  %c0 = tt.constant dense<1.500000e+00> : tensor<2x3xf16>
  %c1 = tt.constant dense<[-1, 0, 127]> : tensor<3xi8>
  %c3 = tt.constant dense<[true, false]> : tensor<2xi1>
  %c4 = tt.constant dense<7> : tensor<i32>
  // CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<2x3xf16>)
  // CHECK: %[[H:.*]] = arith.constant 1.500000e+00 : f16
  // CHECK-NEXT: arith.addf %{{.*}}, %[[H]] : f16
  %a = tt.add %x, %c0 : tensor<2x3xf16>
  // CHECK: linalg.generic {{.*}} ins(%[[C1]] : tensor<3xi8>)
  %n = tt.neg %c1 : tensor<3xi8>
  // CHECK: linalg.generic {{.*}} ins(%[[C3]] : tensor<2xi1>)
  %q = tt.not %c3 : tensor<2xi1>
  // CHECK: func.return %{{.*}}, %{{.*}}, %{{.*}}, %[[C4]]
  func.return %a, %n, %q, %c4 : tensor<2x3xf16>, tensor<3xi8>, tensor<2xi1>, tensor<i32>
}

// -----
// == broadcasts: the input map keeps the mapped dims, drops new ones, zeroes expanded
// size-1 ones; the sizes of the result come from the operands, the input or `sizes`.
// CHECK-LABEL: func.func @broadcasts
// CHECK-SAME: (%[[S:.*]]: tensor<f32>, %[[V:.*]]: tensor<1x3xi32>, %[[W:.*]]: tensor<?x1xf64>, %[[N:.*]]: index, %[[M:.*]]: index)
func.func @broadcasts(%s: tensor<f32>, %v: tensor<1x3xi32>, %w: tensor<?x1xf64>, %n: index, %m: index) -> (tensor<2x3xf32>, tensor<4x5x3xi32>, tensor<?x?x?xf64>, tensor<?x7xf64>) {
  // CHECK: %[[WD:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<?x1xf64>
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[S]] : tensor<f32>)
  %b0 = tt.broadcast %s dims [] : tensor<f32> -> tensor<2x3xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[V]] : tensor<1x3xi32>)
  %b1 = tt.broadcast %v dims [0, 2] : tensor<1x3xi32> -> tensor<4x5x3xi32>
  // new dim 0 (size %n), dim 1 from the input, dim 2 expanded (size %m)
  // CHECK: %[[E2:.*]] = tensor.empty(%[[N]], %[[WD]], %[[M]]) : tensor<?x?x?xf64>
  // CHECK-NEXT: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[W]] : tensor<?x1xf64>) outs(%[[E2]] : tensor<?x?x?xf64>)
  %b2 = tt.broadcast %w dims [1, 2] sizes(%n, %m) : tensor<?x1xf64> -> tensor<?x?x?xf64>
  // a static expanded size needs no operand
  // CHECK: %[[E3:.*]] = tensor.empty(%[[WD]]) : tensor<?x7xf64>
  // CHECK-NEXT: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
  %b3 = tt.broadcast %w dims [0, 1] : tensor<?x1xf64> -> tensor<?x7xf64>
  func.return %b0, %b1, %b2, %b3 : tensor<2x3xf32>, tensor<4x5x3xi32>, tensor<?x?x?xf64>, tensor<?x7xf64>
}

// -----
// == shapes as values and reshapes: a size computed from tt.dim feeds a reshape (host
// arithmetic); a flatten is a tensor.collapse_shape, checked against the computed size.
// CHECK-LABEL: func.func @dim_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x?x4xf32>, %[[Y:.*]]: tensor<?x?xi8>, %[[U:.*]]: tensor<1x1xf64>, %[[N:.*]]: index, %[[M:.*]]: index)
func.func @dim_reshape(%x: tensor<2x?x4xf32>, %y: tensor<?x?xi8>, %u: tensor<1x1xf64>, %n: index, %m: index) -> (tensor<?xf32>, tensor<?x2x?xi8>, tensor<f64>) {
  // CHECK: %[[D1:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<2x?x4xf32>
  // CHECK: %[[D1I:.*]] = arith.index_cast %[[D1]] : index to i64
  // CHECK: %[[P:.*]] = arith.muli %[[D1I]], %{{.*}} : i64
  // CHECK: %[[NEW:.*]] = arith.index_cast %[[P]] : i64 to index
  %d1 = tt.dim %x axis 1 : tensor<2x?x4xf32>
  %k = tt.constant dense<8> : tensor<i64>
  %p = tt.mul %d1, %k : tensor<i64>
  %i = tt.to_index %p : tensor<i64>
  // CHECK: cf.assert %{{.*}}, "tt.reshape at {{.*}}: the element counts of the input and the new shape differ"
  // CHECK-NEXT: tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x?x4xf32> into tensor<?xf32>
  %r0 = tt.reshape %x sizes(%i) : tensor<2x?x4xf32> -> tensor<?xf32>
  // CHECK: cf.assert
  // CHECK: tensor.empty(%[[N]], %[[M]]) : tensor<?x2x?xi8>
  // CHECK: tensor.extract %[[Y]][%{{.*}}, %{{.*}}] : tensor<?x?xi8>
  %r1 = tt.reshape %y sizes(%n, %m) : tensor<?x?xi8> -> tensor<?x2x?xi8>
  // to rank 0: one element gathered from [0, 0]
  // CHECK: linalg.generic {indexing_maps = [affine_map<() -> ()>], iterator_types = []} outs(%{{.*}} : tensor<f64>)
  // CHECK: tensor.extract %[[U]][%{{.*}}, %{{.*}}] : tensor<1x1xf64>
  %r2 = tt.reshape %u : tensor<1x1xf64> -> tensor<f64>
  func.return %r0, %r1, %r2 : tensor<?xf32>, tensor<?x2x?xi8>, tensor<f64>
}

// -----
// == transposes of rank 0 and identity permutations are copies; a concatenation of three
// operands picks its source with nested scf.if on the axis index.
// CHECK-LABEL: func.func @transpose_concat
// CHECK-SAME: (%[[X:.*]]: tensor<2x?x4xi16>, %[[S:.*]]: tensor<f32>, %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x?xf32>, %[[C:.*]]: tensor<?x1xf32>)
func.func @transpose_concat(%x: tensor<2x?x4xi16>, %s: tensor<f32>, %a: tensor<2x3xf32>, %b: tensor<2x?xf32>, %c: tensor<?x1xf32>) -> (tensor<2x?x4xi16>, tensor<f32>, tensor<2x?xf32>, tensor<2x3xf32>) {
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<2x?x4xi16>)
  %t1 = tt.transpose %x perm [0, 1, 2] : tensor<2x?x4xi16> -> tensor<2x?x4xi16>
  // CHECK: linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%[[S]] : tensor<f32>)
  %t2 = tt.transpose %s perm [] : tensor<f32> -> tensor<f32>
  // the static 2 of %a and %b against %c's dynamic dim 0 is checked on the host
  // CHECK: cf.assert %{{.*}}, "tt.concatenate at {{.*}}: operand 2 differs from operand 0 in dim 0"
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<2x?xf32>)
  // CHECK: scf.if
  // CHECK: tensor.extract %[[A]]
  // CHECK: scf.if
  // CHECK: tensor.extract %[[B]]
  // CHECK: tensor.extract %[[C]]
  %c0 = tt.concatenate %a, %b, %c axis 1 : tensor<2x3xf32>, tensor<2x?xf32>, tensor<?x1xf32> -> tensor<2x?xf32>
  // one operand: no choice
  // CHECK: linalg.generic
  // CHECK-NOT: scf.if
  // CHECK: tensor.extract %[[A]]
  // CHECK: func.return
  %c1 = tt.concatenate %a axis 0 : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return %t1, %t2, %c0, %c1 : tensor<2x?x4xi16>, tensor<f32>, tensor<2x?xf32>, tensor<2x3xf32>
}

// -----
// == a float arange: the length ceil((stop - start) / step), at least 0; integer steps
// round away from zero by |step| - 1 before the division.
// CHECK-LABEL: func.func @arange_types
func.func @arange_types(%f0: tensor<f32>, %f1: tensor<f32>, %f2: tensor<f32>, %i0: tensor<i32>, %i1: tensor<i32>, %i2: tensor<i32>) -> (tensor<?xf32>, tensor<?xi32>) {
  // CHECK: cf.assert %{{.*}}, "tt.arange at {{.*}}: step is 0"
  // CHECK: %[[SPAN:.*]] = arith.subf
  // CHECK-NEXT: %[[Q:.*]] = arith.divf %[[SPAN]], %{{.*}} : f32
  // CHECK-NEXT: %[[CEIL:.*]] = math.ceil %[[Q]] : f32
  // CHECK-NEXT: %[[LEN:.*]] = arith.fptosi %[[CEIL]] : f32 to i64
  // CHECK: arith.maxsi
  // CHECK: arith.sitofp %{{.*}} : i64 to f32
  %a0 = tt.arange %f0, %f1, %f2 : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
  // CHECK: cf.assert %{{.*}}, "tt.arange at {{.*}}: step is 0"
  // CHECK: arith.cmpi sgt
  // CHECK: arith.select
  // CHECK: arith.divsi
  // CHECK: arith.muli %{{.*}}, %{{.*}} : i32
  %a1 = tt.arange %i0, %i1, %i2 : tensor<i32>, tensor<i32>, tensor<i32> -> tensor<?xi32>
  func.return %a0, %a1 : tensor<?xf32>, tensor<?xi32>
}

// -----
// == slices: static offsets/strides are constants in the gather; a rank-0 slice reads the
// element; update_slice set selects the update where the index is on the slice.
// CHECK-LABEL: func.func @slices
// CHECK-SAME: (%[[X:.*]]: tensor<5x?xf32>, %[[S:.*]]: tensor<f32>, %[[Y:.*]]: tensor<2x?xf32>, %[[O:.*]]: index, %[[N:.*]]: index, %[[T:.*]]: index)
func.func @slices(%x: tensor<5x?xf32>, %s: tensor<f32>, %y: tensor<2x?xf32>, %o: index, %n: index, %t: index) -> (tensor<2x3xf32>, tensor<f32>, tensor<0x3xf32>, tensor<5x?xf32>) {
  // CHECK: cf.assert %{{.*}}, "tt.slice at {{.*}}: the slice of dim 0 reads index {{.*}}, out of bounds for a dim of size {{.*}}"
  // CHECK: cf.assert %{{.*}}, "tt.slice at {{.*}}: the slice of dim 1 reads index {{.*}}, out of bounds for a dim of size {{.*}}"
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<2x3xf32>)
  // CHECK: linalg.index 0
  // CHECK: linalg.index 1
  // CHECK: tensor.extract %[[X]][%{{.*}}, %{{.*}}] : tensor<5x?xf32>
  %s0 = tt.slice %x [1, 0] [2, 3] [2, 1] : tensor<5x?xf32> -> tensor<2x3xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<() -> ()>], iterator_types = []} outs(%{{.*}} : tensor<f32>)
  // CHECK-NEXT: ^{{.*}}(%{{.*}}: f32):
  // CHECK-NEXT: %[[E:.*]] = tensor.extract %[[S]][] : tensor<f32>
  // CHECK-NEXT: linalg.yield %[[E]] : f32
  %s2 = tt.slice %s [] [] [] : tensor<f32> -> tensor<f32>
  // an empty slice (size 0, step -1)
  // CHECK: tensor.empty() : tensor<0x3xf32>
  %s3 = tt.slice %x [4, 0] [0, 3] [-1, 1] : tensor<5x?xf32> -> tensor<0x3xf32>
  // CHECK: cf.assert %{{.*}}, "tt.update_slice at {{.*}}: the update differs from the slice in dim 1"
  // CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<5x?xf32>)
  // CHECK: scf.if
  // CHECK-NEXT: %[[UPD:.*]] = tensor.extract %[[Y]]
  // CHECK-NEXT: scf.yield %[[UPD]] : f32
  %u0 = tt.update_slice set %x, %y [0, %o] [2, %n] [1, %t] : tensor<5x?xf32>, tensor<2x?xf32> -> tensor<5x?xf32>
  func.return %s0, %s2, %s3, %u0 : tensor<2x3xf32>, tensor<f32>, tensor<0x3xf32>, tensor<5x?xf32>
}

// -----
// == take: a 2-d index at axis 1 puts its dims in the middle of the result; k index
// tensors read k consecutive axes; update_take set stores (no add).
// CHECK-LABEL: func.func @takes
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x5xf64>, %[[I:.*]]: tensor<2x3xi32>, %[[J:.*]]: tensor<?xi8>, %[[Z:.*]]: tensor<?x?xf64>)
func.func @takes(%x: tensor<?x4x5xf64>, %i: tensor<2x3xi32>, %j: tensor<?xi8>, %z: tensor<?x?xf64>) -> (tensor<?x2x3x5xf64>, tensor<?x?xf64>, tensor<?x4x5xf64>) {
  // CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: index {{.*}} is out of bounds for a dim of size {{.*}}"
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<2x3xi32>) outs(%{{.*}} : tensor<?x2x3x5xf64>)
  // CHECK: arith.index_cast %{{.*}} : i32 to index
  // CHECK: tensor.extract %[[X]][%{{.*}}, %{{.*}}, %{{.*}}] : tensor<?x4x5xf64>
  %t0 = tt.take %x [%i] axis 1 : tensor<?x4x5xf64>, tensor<2x3xi32> -> tensor<?x2x3x5xf64>
  // CHECK: cf.assert %{{.*}}, "tt.take at {{.*}}: index {{.*}} is out of bounds for a dim of size {{.*}}"
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[J]], %[[J]] : tensor<?xi8>, tensor<?xi8>)
  %t2 = tt.take %x [%j, %j] axis 1 : tensor<?x4x5xf64>, tensor<?xi8> -> tensor<?x?xf64>
  // CHECK: cf.assert %{{.*}}, "tt.update_take at {{.*}}: index {{.*}} is out of bounds for a dim of size {{.*}}"
  // CHECK: scf.for
  // CHECK: scf.for
  // CHECK: %[[U:.*]] = tensor.extract %[[Z]][%{{.*}}, %{{.*}}] : tensor<?x?xf64>
  // CHECK-NOT: arith.addf
  // CHECK: tensor.insert %[[U]] into
  %u1 = tt.update_take set %x, %z [%j, %j] axis 1 : tensor<?x4x5xf64>, tensor<?x?xf64>, tensor<?xi8> -> tensor<?x4x5xf64>
  func.return %t0, %t2, %u1 : tensor<?x2x3x5xf64>, tensor<?x?xf64>, tensor<?x4x5xf64>
}

// -----
// == linear algebra in f16 and with a dynamic batch: library calls into fresh
// destinations, the batch dim of the result from the static operand.
// CHECK-LABEL: func.func @linear_algebra
// CHECK-SAME: (%[[A:.*]]: tensor<3x4xf16>, %[[B:.*]]: tensor<4x5xf16>, %[[C:.*]]: tensor<?x3x4xf32>, %[[D:.*]]: tensor<2x4x?xf32>)
func.func @linear_algebra(%a: tensor<3x4xf16>, %b: tensor<4x5xf16>, %c: tensor<?x3x4xf32>, %d: tensor<2x4x?xf32>) -> (tensor<3x5xf16>, tensor<2x3x?xf32>) {
  // CHECK: %[[E0:.*]] = tensor.empty() : tensor<3x5xf16>
  // CHECK-NEXT: libcall.gemm ins(%[[A]], %[[B]] : tensor<3x4xf16>, tensor<4x5xf16>) outs(%[[E0]] : tensor<3x5xf16>) alpha = 1.0 beta = 0.0 -> tensor<3x5xf16>
  %m0 = tt.matmul %a, %b : tensor<3x4xf16>, tensor<4x5xf16> -> tensor<3x5xf16>
  // CHECK: cf.assert %{{.*}}, "tt.batched_matmul at {{.*}}: the batch dims differ in dim 0"
  // CHECK: %[[E1:.*]] = tensor.empty(%{{.*}}) : tensor<2x3x?xf32>
  // CHECK-NEXT: libcall.batched_gemm ins(%[[C]], %[[D]] : tensor<?x3x4xf32>, tensor<2x4x?xf32>) outs(%[[E1]] : tensor<2x3x?xf32>)
  %m1 = tt.batched_matmul %c, %d : tensor<?x3x4xf32>, tensor<2x4x?xf32> -> tensor<2x3x?xf32>
  func.return %m0, %m1 : tensor<3x5xf16>, tensor<2x3x?xf32>
}

// -----
// == convolutions: cross-correlation (no flip) keeps its attributes; a gradient's
// dynamic result dims come from its size operands; dynamic filters are checked on the host.
// CHECK-LABEL: func.func @convolutions
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x9x10xf64>, %[[W:.*]]: tensor<4x3x3x2xf64>, %[[GY:.*]]: tensor<2x4x4x5xf64>, %[[WD:.*]]: tensor<?x?x3x2xf64>, %[[N:.*]]: index, %[[M:.*]]: index)
func.func @convolutions(%x: tensor<2x3x9x10xf64>, %w: tensor<4x3x3x2xf64>, %gy: tensor<2x4x4x5xf64>, %wd: tensor<?x?x3x2xf64>, %n: index, %m: index) -> (tensor<2x4x4x5xf64>, tensor<2x3x9x10xf64>, tensor<?x?x3x2xf64>, tensor<2x?x7x9xf64>) {
  // CHECK: libcall.conv2d ins(%[[X]], %[[W]] : tensor<2x3x9x10xf64>, tensor<4x3x3x2xf64>) outs(%{{.*}} : tensor<2x4x4x5xf64>) strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] -> tensor<2x4x4x5xf64>
  %y = tt.conv2d %x, %w strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] : tensor<2x3x9x10xf64>, tensor<4x3x3x2xf64> -> tensor<2x4x4x5xf64>
  // CHECK: libcall.conv2d_backward_data ins(%[[GY]], %[[W]] : tensor<2x4x4x5xf64>, tensor<4x3x3x2xf64>) outs(%{{.*}} : tensor<2x3x9x10xf64>) strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] -> tensor<2x3x9x10xf64>
  %gx = tt.conv2d_grad_input %gy, %w strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] : tensor<2x4x4x5xf64>, tensor<4x3x3x2xf64> -> tensor<2x3x9x10xf64>
  // CHECK: %[[EW:.*]] = tensor.empty(%[[N]], %[[M]]) : tensor<?x?x3x2xf64>
  // CHECK-NEXT: libcall.conv2d_backward_filter ins(%[[X]], %[[GY]] : tensor<2x3x9x10xf64>, tensor<2x4x4x5xf64>) outs(%[[EW]] : tensor<?x?x3x2xf64>) strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] -> tensor<?x?x3x2xf64>
  %gw = tt.conv2d_grad_filter %x, %gy strides [2, 2] padding [1, 0, 0, 1] dilation [1, 2] sizes(%n, %m) : tensor<2x3x9x10xf64>, tensor<2x4x4x5xf64> -> tensor<?x?x3x2xf64>
  // CHECK: cf.assert %{{.*}}, "tt.conv2d at {{.*}}: input channels differ from the filters'"
  // CHECK: cf.assert %{{.*}}, "tt.conv2d at {{.*}}: the filters are larger than the padded input: the output height would be {{.*}}"
  // CHECK: cf.assert %{{.*}}, "tt.conv2d at {{.*}}: the filters are larger than the padded input: the output width would be {{.*}}"
  // CHECK: libcall.conv2d ins(%[[X]], %[[WD]] : tensor<2x3x9x10xf64>, tensor<?x?x3x2xf64>) outs(%{{.*}} : tensor<2x?x7x9xf64>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip
  %yd = tt.conv2d %x, %wd strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<2x3x9x10xf64>, tensor<?x?x3x2xf64> -> tensor<2x?x7x9xf64>
  func.return %y, %gx, %gw, %yd : tensor<2x4x4x5xf64>, tensor<2x3x9x10xf64>, tensor<?x?x3x2xf64>, tensor<2x?x7x9xf64>
}

// -----
// == pooling: every mode is a libcall.pool2d of that mode over the last two dims (any
// leading dims); gradients of sum/average pooling need no forward pass, max's does.
// CHECK-LABEL: func.func @pooling
// CHECK-SAME: (%[[X:.*]]: tensor<3x7x7xf32>, %[[Y:.*]]: tensor<?x5x6xf16>, %[[G:.*]]: tensor<3x4x4xf32>)
func.func @pooling(%x: tensor<3x7x7xf32>, %y: tensor<?x5x6xf16>, %g: tensor<3x4x4xf32>) -> (tensor<3x4x4xf32>, tensor<?x5x4xf16>, tensor<?x2x6xf16>, tensor<3x7x7xf32>, tensor<3x7x7xf32>, tensor<3x7x7xf32>) {
  // CHECK: %[[YD:.*]] = tensor.dim %[[Y]]
  // without ignore_border, partial windows count: 7 -> 4
  // CHECK: libcall.pool2d sum ins(%[[X]] : tensor<3x7x7xf32>) outs(%{{.*}} : tensor<3x4x4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<3x4x4xf32>
  %p0 = tt.pool2d sum %x window [2, 2] strides [2, 2] padding [0, 0] : tensor<3x7x7xf32> -> tensor<3x4x4xf32>
  // CHECK: %[[E1:.*]] = tensor.empty(%[[YD]]) : tensor<?x5x4xf16>
  // CHECK-NEXT: libcall.pool2d average_inc_pad ins(%[[Y]] : tensor<?x5x6xf16>) outs(%[[E1]] : tensor<?x5x4xf16>) window [3, 3] strides [1, 2] padding [1, 2] -> tensor<?x5x4xf16>
  %p1 = tt.pool2d average_inc_pad %y window [3, 3] strides [1, 2] padding [1, 2] ignore_border : tensor<?x5x6xf16> -> tensor<?x5x4xf16>
  // CHECK: libcall.pool2d average_exc_pad ins(%[[Y]] : tensor<?x5x6xf16>) outs(%{{.*}} : tensor<?x2x6xf16>) window [2, 3] strides [3, 1] padding [1, 1] -> tensor<?x2x6xf16>
  %p2 = tt.pool2d average_exc_pad %y window [2, 3] strides [3, 1] padding [1, 1] ignore_border : tensor<?x5x6xf16> -> tensor<?x2x6xf16>
  // CHECK-NOT: libcall.pool2d sum
  // CHECK: libcall.pool2d_backward sum ins(%[[G]] : tensor<3x4x4xf32>) outs(%{{.*}} : tensor<3x7x7xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<3x7x7xf32>
  %g0 = tt.pool2d_grad sum %x, %g window [2, 2] strides [2, 2] padding [0, 0] : tensor<3x7x7xf32>, tensor<3x4x4xf32> -> tensor<3x7x7xf32>
  // CHECK-NOT: libcall.pool2d average_exc_pad
  // CHECK: libcall.pool2d_backward average_exc_pad ins(%[[G]] : tensor<3x4x4xf32>) outs(%{{.*}} : tensor<3x7x7xf32>) window [2, 2] strides [2, 2] padding [1, 1] -> tensor<3x7x7xf32>
  %g1 = tt.pool2d_grad average_exc_pad %x, %g window [2, 2] strides [2, 2] padding [1, 1] ignore_border : tensor<3x7x7xf32>, tensor<3x4x4xf32> -> tensor<3x7x7xf32>
  // CHECK: %[[F:.*]] = libcall.pool2d max ins(%[[X]] : tensor<3x7x7xf32>) outs(%{{.*}} : tensor<3x4x4xf32>) window [3, 3] strides [2, 2] padding [1, 1] -> tensor<3x4x4xf32>
  // CHECK: libcall.pool2d_backward max ins(%[[X]], %[[F]], %[[G]] : tensor<3x7x7xf32>, tensor<3x4x4xf32>, tensor<3x4x4xf32>)
  %g3 = tt.pool2d_grad max %x, %g window [3, 3] strides [2, 2] padding [1, 1] ignore_border : tensor<3x7x7xf32>, tensor<3x4x4xf32> -> tensor<3x7x7xf32>
  func.return %p0, %p1, %p2, %g0, %g1, %g3 : tensor<3x4x4xf32>, tensor<?x5x4xf16>, tensor<?x2x6xf16>, tensor<3x7x7xf32>, tensor<3x7x7xf32>, tensor<3x7x7xf32>
}

// -----
// == softmax along axis 0: the max and the sum keep dim 0 as 1 (maps (0, d1)).
// CHECK-LABEL: func.func @softmax_axis0
// CHECK-SAME: (%[[X:.*]]: tensor<4x?xf64>)
func.func @softmax_axis0(%x: tensor<4x?xf64>) -> tensor<4x?xf64> {
  // CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>], iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<4x?xf64>) outs(%{{.*}} : tensor<1x?xf64>)
  // CHECK: arith.maximumf %{{.*}}, %{{.*}} : f64
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (0, d1)>], iterator_types = ["reduction", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<4x?xf64>, tensor<1x?xf64>)
  // CHECK: math.exp %{{.*}} : f64
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<4x?xf64>, tensor<1x?xf64>, tensor<1x?xf64>)
  // CHECK: arith.divf %{{.*}}, %{{.*}} : f64
  %s0 = tt.softmax %x axis 0 : tensor<4x?xf64>
  func.return %s0 : tensor<4x?xf64>
}

// -----
// == random: f64 uniform takes two words per element (53 bits); normal is Box-Muller
// (log, sqrt, cos) on two uniforms; a rank-0 result is one element.
// CHECK-LABEL: func.func @random_variants
func.func @random_variants(%st: tensor<4xi32>, %n: index) -> (tensor<2x3xf64>, tensor<?x2x?xf32>, tensor<f32>) {
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<2x3xf64>)
  // CHECK: arith.uitofp %{{.*}} : i32 to f64
  // CHECK: arith.uitofp %{{.*}} : i32 to f64
  %r0 = tt.random uniform %st : tensor<4xi32> -> tensor<2x3xf64>
  // CHECK: tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x2x?xf32>
  // CHECK: math.log %{{.*}} : f32
  // CHECK: math.sqrt %{{.*}} : f32
  // CHECK: math.cos %{{.*}} : f32
  %r1 = tt.random normal %st sizes(%n, %n) : tensor<4xi32> -> tensor<?x2x?xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<() -> ()>], iterator_types = []} outs(%{{.*}} : tensor<f32>)
  %r2 = tt.random uniform %st : tensor<4xi32> -> tensor<f32>
  func.return %r0, %r1, %r2 : tensor<2x3xf64>, tensor<?x2x?xf32>, tensor<f32>
}
