riscv_func.func @main() {
  %0 = rv32.li 1 : !riscv.reg<a0>
  %1 = riscv.addi %0, 2 : (!riscv.reg<a0>) -> !riscv.reg<a1>
  riscv_func.return
}
