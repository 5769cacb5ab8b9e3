// RUN: not arignote-opt %s --split-input-file -p convert-libcall-to-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// A cpu-blas gemm in a kernel calls the CBLAS gemm natively: row major, the transposes,
// M and N from C, K from A (its rows when transposed), alpha and beta in the element
// type, leading dimensions max(columns, 1).
// CHECK: llvm.func @arignote_cblas_sgemm(i32, i32, i32, i64, i64, i64, f32, !llvm.ptr, i64, !llvm.ptr, i64, f32, !llvm.ptr, i64)
// CHECK-LABEL: func.func @k
// CHECK-DAG: %[[C:.*]], %[[M:.*]], %[[N:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<?x?xf32> to !llvm.ptr, i64, i64
// CHECK-DAG: %[[B:.*]], %{{.*}}, %[[BC:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<?x?xf32> to !llvm.ptr, i64, i64
// CHECK-DAG: %[[A:.*]], %[[K:.*]], %[[AC:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<?x?xf32> to !llvm.ptr, i64, i64
// CHECK-DAG: %[[ALPHA:.*]] = llvm.mlir.constant(2.000000e+00 : f32) : f32
// CHECK-DAG: %[[BETA:.*]] = llvm.mlir.constant(1.000000e+00 : f32) : f32
// CHECK-DAG: %[[ROW:.*]] = llvm.mlir.constant(101 : i32) : i32
// CHECK-DAG: %[[T:.*]] = llvm.mlir.constant(112 : i32) : i32
// CHECK-DAG: %[[NT:.*]] = llvm.mlir.constant(111 : i32) : i32
// CHECK: %[[LDA:.*]] = llvm.select %{{.*}}, %[[AC]], %{{.*}} : i1, i64
// CHECK: %[[LDB:.*]] = llvm.select %{{.*}}, %[[BC]], %{{.*}} : i1, i64
// CHECK: %[[LDC:.*]] = llvm.select %{{.*}}, %[[N]], %{{.*}} : i1, i64
// CHECK-NEXT: llvm.call @arignote_cblas_sgemm(%[[ROW]], %[[T]], %[[NT]], %[[M]], %[[N]], %[[K]], %[[ALPHA]], %[[A]], %[[LDA]], %[[B]], %[[LDB]], %[[BETA]], %[[C]], %[[LDC]])
func.func @k(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) attributes {arignote.kernel} {
  libcall.gemm ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>) transpose_a alpha = 2.0 beta = 1.0 {provider = "cpu-blas"}
  func.return
}

// -----
// f64 with static sizes: dgemm, constants for the sizes; host gemms are left alone.
// CHECK: llvm.func @arignote_cblas_dgemm(i32, i32, i32, i64, i64, i64, f64, !llvm.ptr, i64, !llvm.ptr, i64, f64, !llvm.ptr, i64)
// CHECK-LABEL: func.func @host
// CHECK-NEXT: libcall.gemm
// CHECK-LABEL: func.func @k
// CHECK: llvm.call @arignote_cblas_dgemm
func.func @host(%a: memref<2x3xf64>, %b: memref<3x4xf64>, %c: memref<2x4xf64>) {
  libcall.gemm ins(%a, %b : memref<2x3xf64>, memref<3x4xf64>) outs(%c : memref<2x4xf64>) alpha = 1.0 beta = 0.0 {provider = "cpu-blas"}
  func.return
}
func.func @k(%a: memref<2x3xf64>, %b: memref<3x4xf64>, %c: memref<2x4xf64>) attributes {arignote.kernel} {
  libcall.gemm ins(%a, %b : memref<2x3xf64>, memref<3x4xf64>) outs(%c : memref<2x4xf64>) alpha = 1.0 beta = 0.0 {provider = "cpu-blas"}
  func.return
}

// -----
// negative cases
func.func @k(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %c: memref<2x4xf32>, %v: memref<4xf32>) attributes {arignote.kernel} {
  libcall.gemm ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%c : memref<2x4xf32>) bias(%v : memref<4xf32>) alpha = 1.0 beta = 0.0 epilogue = relu {provider = "cpu-blas"}
  func.return
}
// ERR: error: convert-libcall-to-llvm: 'libcall.gemm' cannot be called from a CPU kernel (only cpu-blas gemms on f32/f64 without bias or epilogue are; the host runs the others)

// -----
func.func @k(%a: memref<2x3x4xf32>, %b: memref<2x4x5xf32>, %c: memref<2x3x5xf32>) attributes {arignote.kernel} {
  libcall.batched_gemm ins(%a, %b : memref<2x3x4xf32>, memref<2x4x5xf32>) outs(%c : memref<2x3x5xf32>) alpha = 1.0 beta = 0.0 {provider = "cpu-blas"}
  func.return
}
// ERR: error: convert-libcall-to-llvm: 'libcall.batched_gemm' cannot be called from a CPU kernel (the host runs library calls)
