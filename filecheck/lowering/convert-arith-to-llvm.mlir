// Positive cases print on stdout (CHECK); the chunks after "negative cases" fail with a
// diagnostic each on stderr (ERR).
// RUN: not arignote-opt %s --split-input-file -p convert-arith-to-llvm --allow-unregistered-dialect 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// Host functions keep their arith; kernel arith becomes llvm ops, index values are i64
// behind casts that later conversions fold.
// CHECK-LABEL: func.func @host
// CHECK-NEXT: %{{.*}} = arith.constant 1 : index
// CHECK-LABEL: func.func @k
// CHECK-SAME: (%[[N:.*]]: index, %[[A:.*]]: i32, %[[B:.*]]: i32, %[[X:.*]]: f32, %[[Y:.*]]: f32)
// CHECK-DAG: %[[N64:.*]] = builtin.unrealized_conversion_cast %[[N]] : index to i64
// CHECK-DAG: %[[C1:.*]] = llvm.mlir.constant(1) : i64
// CHECK-DAG: %{{.*}} = llvm.mlir.constant(true) : i1
// CHECK-DAG: %{{.*}} = llvm.mlir.constant(2.500000e+00 : f32) : f32
// CHECK-DAG: %{{.*}} = llvm.mlir.constant(dense<1.000000e+00> : vector<4xf32>) : vector<4xf32>
// CHECK: %[[S:.*]] = llvm.add %[[N64]], %[[C1]] overflow<nsw> : i64
// CHECK: %{{.*}} = llvm.sub %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.mul %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.sdiv %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.udiv %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.srem %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.urem %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.and %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.or %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.xor %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.shl %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.ashr %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.lshr %[[A]], %[[B]] : i32
// CHECK: %{{.*}} = llvm.intr.smax(%[[A]], %[[B]]) : (i32, i32) -> i32
// CHECK: %{{.*}} = llvm.intr.smin(%[[A]], %[[B]]) : (i32, i32) -> i32
// CHECK: %{{.*}} = llvm.intr.umax(%[[A]], %[[B]]) : (i32, i32) -> i32
// CHECK: %{{.*}} = llvm.intr.umin(%[[A]], %[[B]]) : (i32, i32) -> i32
// CHECK: %{{.*}} = llvm.fadd %[[X]], %[[Y]] fastmath<fast> : f32
// CHECK: %{{.*}} = llvm.fsub %[[X]], %[[Y]] : f32
// CHECK: %{{.*}} = llvm.fmul %[[X]], %[[Y]] : f32
// CHECK: %{{.*}} = llvm.fdiv %[[X]], %[[Y]] : f32
// CHECK: %{{.*}} = llvm.frem %[[X]], %[[Y]] : f32
// CHECK: %{{.*}} = llvm.fneg %[[X]] : f32
// CHECK: %{{.*}} = llvm.intr.maximum(%[[X]], %[[Y]]) : (f32, f32) -> f32
// CHECK: %{{.*}} = llvm.intr.minimum(%[[X]], %[[Y]]) : (f32, f32) -> f32
// CHECK: %{{.*}} = llvm.intr.maxnum(%[[X]], %[[Y]]) : (f32, f32) -> f32
// CHECK: %{{.*}} = llvm.intr.minnum(%[[X]], %[[Y]]) : (f32, f32) -> f32
// CHECK: %{{.*}} = llvm.icmp "ult" %[[A]], %[[B]] : i32
// CHECK: %[[C:.*]] = llvm.fcmp "une" %[[X]], %[[Y]] : f32
// CHECK: %{{.*}} = llvm.select %[[C]], %[[X]], %[[Y]] : i1, f32
// CHECK: %{{.*}} = llvm.trunc %[[N64]] : i64 to i32
// CHECK: %{{.*}} = llvm.sext %[[A]] : i32 to i64
// CHECK: %{{.*}} = llvm.fpext %[[X]] : f32 to f64
// CHECK: %{{.*}} = llvm.fptrunc %[[X]] : f32 to f16
// CHECK: %{{.*}} = llvm.sitofp %[[A]] : i32 to f32
// CHECK: %{{.*}} = llvm.uitofp %[[A]] : i32 to f32
// CHECK: %{{.*}} = llvm.fptosi %[[X]] : f32 to i32
// CHECK: %{{.*}} = llvm.fptoui %[[X]] : f32 to i32
// CHECK: %{{.*}} = llvm.sext %[[A]] : i32 to i64
// CHECK: %{{.*}} = llvm.zext %[[A]] : i32 to i64
// CHECK: %{{.*}} = llvm.trunc %[[A]] : i32 to i8
// CHECK: %{{.*}} = llvm.bitcast %[[X]] : f32 to i32
// CHECK: func.return
func.func @host(%n: index) -> index {
  %c1 = arith.constant 1 : index
  %s = arith.addi %n, %c1 : index
  func.return %s : index
}
func.func @k(%n: index, %a: i32, %b: i32, %x: f32, %y: f32) attributes {arignote.kernel} {
  %c1 = arith.constant 1 : index
  %t = arith.constant true
  %f = arith.constant 2.5 : f32
  %v = arith.constant dense<1.0> : vector<4xf32>
  %s = arith.addi %n, %c1 overflow<nsw> : index
  %0 = arith.subi %a, %b : i32
  %1 = arith.muli %a, %b : i32
  %2 = arith.divsi %a, %b : i32
  %3 = arith.divui %a, %b : i32
  %4 = arith.remsi %a, %b : i32
  %5 = arith.remui %a, %b : i32
  %6 = arith.andi %a, %b : i32
  %7 = arith.ori %a, %b : i32
  %8 = arith.xori %a, %b : i32
  %9 = arith.shli %a, %b : i32
  %10 = arith.shrsi %a, %b : i32
  %11 = arith.shrui %a, %b : i32
  %12 = arith.maxsi %a, %b : i32
  %13 = arith.minsi %a, %b : i32
  %14 = arith.maxui %a, %b : i32
  %15 = arith.minui %a, %b : i32
  %20 = arith.addf %x, %y fastmath<fast> : f32
  %21 = arith.subf %x, %y : f32
  %22 = arith.mulf %x, %y : f32
  %23 = arith.divf %x, %y : f32
  %24 = arith.remf %x, %y : f32
  %25 = arith.negf %x : f32
  %26 = arith.maximumf %x, %y : f32
  %27 = arith.minimumf %x, %y : f32
  %28 = arith.maxnumf %x, %y : f32
  %29 = arith.minnumf %x, %y : f32
  %30 = arith.cmpi ult, %a, %b : i32
  %31 = arith.cmpf une, %x, %y : f32
  %32 = arith.select %31, %x, %y : f32
  %40 = arith.index_cast %n : index to i32
  %41 = arith.index_cast %a : i32 to index
  %42 = arith.extf %x : f32 to f64
  %43 = arith.truncf %x : f32 to f16
  %44 = arith.sitofp %a : i32 to f32
  %45 = arith.uitofp %a : i32 to f32
  %46 = arith.fptosi %x : f32 to i32
  %47 = arith.fptoui %x : f32 to i32
  %48 = arith.extsi %a : i32 to i64
  %49 = arith.extui %a : i32 to i64
  %50 = arith.trunci %a : i32 to i8
  %51 = arith.bitcast %x : f32 to i32
  "test.keep"(%s, %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %32, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %t, %f, %v) : (index, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, i1, f32, i32, index, f64, f16, f32, f32, i32, i32, i64, i64, i8, i32, i1, f32, vector<4xf32>) -> ()
  func.return
}

// -----

// floordivsi / ceildivsi correct the truncating quotient; ceildivui guards a == 0.
// CHECK-LABEL: func.func @div
// CHECK-SAME: (%[[A:.*]]: i64, %[[B:.*]]: i64)
// CHECK: %[[Q:.*]] = llvm.sdiv %[[A]], %[[B]] : i64
// CHECK-NEXT: %[[M:.*]] = llvm.mul %[[Q]], %[[B]] : i64
// CHECK-NEXT: %[[NE:.*]] = llvm.icmp "ne" %[[M]], %[[A]] : i64
// CHECK-NEXT: %[[AN:.*]] = llvm.icmp "slt" %[[A]], %{{.*}} : i64
// CHECK-NEXT: %[[BN:.*]] = llvm.icmp "slt" %[[B]], %{{.*}} : i64
// CHECK-NEXT: %[[SG:.*]] = llvm.xor %[[AN]], %[[BN]] : i1
// CHECK-NEXT: %[[FIX:.*]] = llvm.and %[[NE]], %[[SG]] : i1
// CHECK-NEXT: %[[QM1:.*]] = llvm.sub %[[Q]], %{{.*}} : i64
// CHECK-NEXT: %{{.*}} = llvm.select %[[FIX]], %[[QM1]], %[[Q]] : i1, i64
// CHECK: llvm.icmp "eq" %{{.*}}, %{{.*}} : i1
// CHECK: llvm.add %{{.*}}, %{{.*}} : i64
// CHECK: llvm.icmp "eq" %[[A]], %{{.*}} : i64
// CHECK: llvm.udiv
func.func @div(%a: i64, %b: i64) attributes {arignote.kernel} {
  %0 = arith.floordivsi %a, %b : i64
  %1 = arith.ceildivsi %a, %b : i64
  %2 = arith.ceildivui %a, %b : i64
  "test.keep"(%0, %1, %2) : (i64, i64, i64) -> ()
  func.return
}

// -----

// Overflow flags are kept, each set of them (and none).
// CHECK-LABEL: func.func @overflow_flags
// CHECK: %[[C:.*]] = llvm.add %a, %b overflow<nsw,nuw> : i64
// CHECK: %[[D:.*]] = llvm.mul %[[C]], %b overflow<nsw> : i64
// CHECK: llvm.sub %[[D]], %a : i64
func.func @overflow_flags(%a: i64, %b: i64) -> i64 attributes {arignote.kernel} {
  %c = arith.addi %a, %b overflow<nsw, nuw> : i64
  %d = arith.muli %c, %b overflow<nsw> : i64
  %e = arith.subi %d, %a : i64
  func.return %e : i64
}

// -----

// negative cases

func.func @k(%a: i32, %b: i32) attributes {arignote.kernel} {
  %s, %o = arith.addui_extended %a, %b : i32, i1
  func.return
}
// ERR: convert-arith-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-arith-to-llvm: 'arith.addui_extended' cannot be converted to the llvm dialect

// -----
func.func @k(%a: tensor<4xf32>) attributes {arignote.kernel} {
  %s = arith.addf %a, %a : tensor<4xf32>
  func.return
}
// ERR: convert-arith-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-arith-to-llvm: 'arith.addf' has type tensor<4xf32>, which cannot be converted to the llvm dialect

// -----
func.func @k(%a: vector<4xf32>) attributes {arignote.kernel} {
  %s = arith.cmpf olt, %a, %a : vector<4xf32>
  func.return
}
// ERR: convert-arith-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-arith-to-llvm: 'arith.cmpf' on vectors is not supported
