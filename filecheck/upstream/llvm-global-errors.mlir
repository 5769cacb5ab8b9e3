// RUN: arignote-opt %s --split-input-file --verify-diagnostics

// expected-error @+1 {{unknown thread-local model 'fastest' (expected one of generaldynamic, localdynamic, initialexec, localexec)}}
llvm.mlir.global external thread_local(fastest) @t(0 : i32) : i32

// -----

// expected-error @+1 {{tls_mode must be 0 (not thread-local) to 4, got 9}}
"llvm.mlir.global"() <{addr_space = 0 : i32, global_type = i32, linkage = #llvm.linkage<external>, sym_name = "t", tls_mode = 9 : i64, value = 0 : i32}> ({}) : () -> ()

// -----

// expected-error @+1 {{visibility_ must be 0 (default), 1 (hidden) or 2 (protected), got 5}}
"llvm.mlir.global"() <{addr_space = 0 : i32, global_type = i32, linkage = #llvm.linkage<external>, sym_name = "t", visibility_ = 5 : i64, value = 0 : i32}> ({}) : () -> ()
