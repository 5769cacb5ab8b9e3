// RUN: not arignote-opt %s --split-input-file -p convert-math-to-llvm --allow-unregistered-dialect 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err
// RUN: not arignote-opt %s --split-input-file -p 'convert-math-to-llvm{target=nvptx}' --allow-unregistered-dialect 2>/dev/null | filecheck %s --check-prefix=NV
// RUN: not arignote-opt %s --split-input-file --allow-unregistered-dialect -p 'convert-math-to-llvm{target=x86}' 2>&1 | filecheck %s --check-prefix=TARGET

// target=cpu (default): intrinsics where LLVM has them, libm calls (declared once, f32
// names end in f) for the rest; f16 is computed in f32; host functions are untouched.
// CHECK-LABEL: builtin.module
// CHECK-DAG: llvm.func @erf(f64) -> f64
// CHECK-DAG: llvm.func @atan2f(f32, f32) -> f32
// CHECK-DAG: llvm.func @log1pf(f32) -> f32
// CHECK-LABEL: func.func @host
// CHECK-NEXT: math.exp
// CHECK-LABEL: func.func @k
// CHECK-SAME: (%[[X:.*]]: f32, %[[D:.*]]: f64, %[[H:.*]]: f16, %[[I:.*]]: i32, %[[V:.*]]: vector<8xf32>)
// CHECK: llvm.intr.exp(%[[X]]) fastmath<afn> : (f32) -> f32
// CHECK: llvm.intr.exp2(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.log(%[[D]]) : (f64) -> f64
// CHECK: llvm.intr.log2(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.log10(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.sin(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.cos(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.tanh(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.sqrt(%[[X]]) : (f32) -> f32
// CHECK: %[[SQ:.*]] = llvm.intr.sqrt(%[[X]]) : (f32) -> f32
// CHECK-NEXT: %[[ONE:.*]] = llvm.mlir.constant(1.000000e+00 : f32) : f32
// CHECK-NEXT: llvm.fdiv %[[ONE]], %[[SQ]] : f32
// CHECK: llvm.intr.fabs(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.floor(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.ceil(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.round(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.roundeven(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.trunc(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.pow(%[[X]], %[[X]]) : (f32, f32) -> f32
// CHECK: llvm.intr.fma(%[[X]], %[[X]], %[[X]]) : (f32, f32, f32) -> f32
// CHECK: llvm.intr.copysign(%[[X]], %[[X]]) : (f32, f32) -> f32
// CHECK: llvm.intr.powi(%[[X]], %[[I]]) : (f32, i32) -> f32
// CHECK: llvm.call @log1pf(%[[X]]) : (f32) -> f32
// CHECK: llvm.call @erf(%[[D]]) : (f64) -> f64
// CHECK: llvm.call @atan2f(%[[X]], %[[X]]) : (f32, f32) -> f32
// CHECK: %[[HX:.*]] = llvm.fpext %[[H]] : f16 to f32
// CHECK-NEXT: %[[HE:.*]] = llvm.intr.exp(%[[HX]]) : (f32) -> f32
// CHECK-NEXT: llvm.fptrunc %[[HE]] : f32 to f16

// target=nvptx: libdevice for the transcendentals, intrinsics for the rest.
// NV-LABEL: builtin.module
// NV-DAG: llvm.func @__nv_expf(f32) -> f32
// NV-DAG: llvm.func @__nv_log(f64) -> f64
// NV-DAG: llvm.func @__nv_tanhf(f32) -> f32
// NV-DAG: llvm.func @__nv_rsqrtf(f32) -> f32
// NV-DAG: llvm.func @__nv_powif(f32, i32) -> f32
// NV-LABEL: func.func @k
// NV: llvm.call @__nv_expf(%{{.*}}) {fastmathFlags = #llvm.fastmath<afn>} : (f32) -> f32
// NV: llvm.call @__nv_exp2f
// NV: llvm.call @__nv_log(%{{.*}}) : (f64) -> f64
// NV: llvm.call @__nv_sinf
// NV: llvm.call @__nv_tanhf
// NV: llvm.intr.sqrt
// NV: llvm.call @__nv_rsqrtf
// NV: llvm.intr.fabs
// NV: llvm.intr.floor
// NV: llvm.call @__nv_powf
// NV: llvm.intr.fma
// NV: llvm.call @__nv_powif
// NV: llvm.call @__nv_log1pf
// NV: llvm.call @__nv_erf(%{{.*}}) : (f64) -> f64
// NV: llvm.call @__nv_atan2f
func.func @host(%x: f32) -> f32 {
  %e = math.exp %x : f32
  func.return %e : f32
}
func.func @k(%x: f32, %d: f64, %h: f16, %i: i32, %v: vector<8xf32>) attributes {arignote.kernel} {
  %0 = math.exp %x fastmath<afn> : f32
  %1 = math.exp2 %x : f32
  %2 = math.log %d : f64
  %3 = math.log2 %x : f32
  %4 = math.log10 %x : f32
  %5 = math.sin %x : f32
  %6 = math.cos %x : f32
  %7 = math.tanh %x : f32
  %8 = math.sqrt %x : f32
  %9 = math.rsqrt %x : f32
  %10 = math.absf %x : f32
  %11 = math.floor %x : f32
  %12 = math.ceil %x : f32
  %13 = math.round %x : f32
  %14 = math.roundeven %x : f32
  %15 = math.trunc %x : f32
  %16 = math.powf %x, %x : f32
  %17 = math.fma %x, %x, %x : f32
  %18 = math.copysign %x, %x : f32
  %19 = math.fpowi %x, %i : f32, i32
  %20 = math.log1p %x : f32
  %21 = math.erf %d : f64
  %22 = math.atan2 %x, %x : f32
  %23 = math.exp %h : f16
  "test.keep"(%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23) : (f32, f32, f64, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f64, f32, f16) -> ()
  func.return
}

// -----

// CHECK-LABEL: func.func @vec_and_int
// CHECK-SAME: (%[[V:.*]]: vector<8xf32>, %[[I:.*]]: i32)
// CHECK: llvm.intr.exp(%[[V]]) : (vector<8xf32>) -> vector<8xf32>
// CHECK: "llvm.intr.abs"(%[[I]]) <{is_int_min_poison = false}> : (i32) -> i32
// CHECK: llvm.intr.ctpop(%[[I]]) : (i32) -> i32
func.func @vec_and_int(%v: vector<8xf32>, %i: i32) attributes {arignote.kernel} {
  %0 = math.exp %v : vector<8xf32>
  %1 = math.absi %i : i32
  %2 = math.ctpop %i : i32
  "test.keep"(%0, %1, %2) : (vector<8xf32>, i32, i32) -> ()
  func.return
}

// -----

// negative cases

func.func @k(%i: i32) attributes {arignote.kernel} {
  %p = math.ipowi %i, %i : i32
  "test.keep"(%p) : (i32) -> ()
  func.return
}
// ERR: convert-math-to-llvm.mlir:[[# @LINE - 4]]:3: error: convert-math-to-llvm: 'math.ipowi' (integer power) is not supported; use math.fpowi or a loop

// -----
func.func @k(%v: vector<4xf32>) attributes {arignote.kernel} {
  %e = math.erf %v : vector<4xf32>
  "test.keep"(%e) : (vector<4xf32>) -> ()
  func.return
}
// ERR: convert-math-to-llvm.mlir:[[# @LINE - 4]]:3: error: convert-math-to-llvm: 'math.erf' on vectors has no LLVM intrinsic for target cpu (only scalar library calls)

// -----
func.func @k(%t: tensor<4xf32>) attributes {arignote.kernel} {
  %e = math.exp %t : tensor<4xf32>
  "test.keep"(%e) : (tensor<4xf32>) -> ()
  func.return
}
// ERR: convert-math-to-llvm.mlir:[[# @LINE - 4]]:3: error: convert-math-to-llvm: 'math.exp' on tensor<4xf32>, tensor<4xf32> cannot be converted for target cpu

// TARGET: error: convert-math-to-llvm: unknown target 'x86' (use target=cpu or target=nvptx)
