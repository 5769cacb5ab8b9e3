// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// The ops arignote adds to xDSL's llvm dialect print as upstream MLIR prints them and
// round-trip through the generic form.

// CHECK-LABEL: llvm.func @casts
// CHECK: %{{.*}} = llvm.fptosi %[[X:.*]] : f32 to i32
// CHECK: %{{.*}} = llvm.fptoui %[[X]] : f32 to i64
// CHECK: %{{.*}} = llvm.uitofp %[[I:.*]] : i32 to f64
// CHECK: %{{.*}} = llvm.fptosi %[[V:.*]] : vector<4xf32> to vector<4xi32>
// CHECK: %{{.*}} = llvm.addrspacecast %[[P:.*]] : !llvm.ptr<1> to !llvm.ptr
llvm.func @casts(%x: f32, %i: i32, %v: vector<4xf32>, %p: !llvm.ptr<1>) {
  %a = llvm.fptosi %x : f32 to i32
  %b = llvm.fptoui %x : f32 to i64
  %c = llvm.uitofp %i : i32 to f64
  %d = llvm.fptosi %v : vector<4xf32> to vector<4xi32>
  %q = llvm.addrspacecast %p : !llvm.ptr<1> to !llvm.ptr
  llvm.return
}

// CHECK-LABEL: llvm.func @poison_freeze
// CHECK: %[[P:.*]] = llvm.mlir.poison : f32
// CHECK-NEXT: %{{.*}} = llvm.freeze %[[P]] : f32
llvm.func @poison_freeze() {
  %p = llvm.mlir.poison : f32
  %f = llvm.freeze %p : f32
  llvm.return
}

// CHECK-LABEL: llvm.func @intrinsics
// CHECK: llvm.intr.maximum(%[[X:.*]], %[[X]]) : (f32, f32) -> f32
// CHECK: llvm.intr.minimum(%{{.*}}, %{{.*}}) fastmath<fast> : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
// CHECK: llvm.intr.log10(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.round(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.roundeven(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.trunc(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.tanh(%[[X]]) : (f32) -> f32
// CHECK: llvm.intr.smax(%[[I:.*]], %[[I]]) : (i32, i32) -> i32
// CHECK: llvm.intr.umin(%[[I]], %[[I]]) : (i32, i32) -> i32
// CHECK: "llvm.intr.abs"(%[[I]]) <{is_int_min_poison = false}> : (i32) -> i32
// CHECK: "llvm.intr.ctlz"(%[[I]]) <{is_zero_poison = true}> : (i32) -> i32
// CHECK: llvm.intr.ctpop(%[[I]]) : (i32) -> i32
// CHECK: llvm.intr.powi(%[[X]], %[[I]]) : (f32, i32) -> f32
llvm.func @intrinsics(%x: f32, %i: i32, %v: vector<4xf32>) {
  %0 = llvm.intr.maximum(%x, %x) : (f32, f32) -> f32
  %1 = llvm.intr.minimum(%v, %v) {fastmathFlags = #llvm.fastmath<fast>} : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
  %2 = llvm.intr.log10(%x) : (f32) -> f32
  %3 = llvm.intr.round(%x) : (f32) -> f32
  %4 = llvm.intr.roundeven(%x) : (f32) -> f32
  %5 = llvm.intr.trunc(%x) : (f32) -> f32
  %6 = llvm.intr.tanh(%x) : (f32) -> f32
  %7 = llvm.intr.smax(%i, %i) : (i32, i32) -> i32
  %8 = llvm.intr.umin(%i, %i) : (i32, i32) -> i32
  %9 = llvm.intr.abs(%i) {is_int_min_poison = false} : (i32) -> i32
  %10 = llvm.intr.ctlz(%i) {is_zero_poison = true} : (i32) -> i32
  %11 = llvm.intr.ctpop(%i) : (i32) -> i32
  %12 = llvm.intr.powi(%x, %i) : (f32, i32) -> f32
  llvm.return
}

// CHECK-LABEL: llvm.func @atomics
// CHECK: %{{.*}} = llvm.atomicrmw fadd %{{.*}}, %{{.*}} monotonic : !llvm.ptr<1>, f32
// CHECK: %{{.*}} = llvm.atomicrmw add %{{.*}}, %{{.*}} seq_cst : !llvm.ptr, i32
llvm.func @atomics(%p: !llvm.ptr<1>, %q: !llvm.ptr, %x: f32, %i: i32) {
  %0 = llvm.atomicrmw fadd %p, %x monotonic : !llvm.ptr<1>, f32
  %1 = llvm.atomicrmw add %q, %i seq_cst : !llvm.ptr, i32
  llvm.return
}
