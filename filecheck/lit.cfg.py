# lit configuration for arignote's FileCheck tests (run: python -m lit filecheck)
import os
import shutil
import sys

import lit.formats

config.name = "arignote"
config.test_format = lit.formats.ShTest()
config.suffixes = [".mlir"]
config.excludes = ["lit.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.test_source_root, ".lit_out")

# lit scrubs the environment: put this interpreter's bin dir (the venv) first on PATH
bindir = os.path.dirname(sys.executable)
config.environment["PATH"] = os.pathsep.join([bindir, os.environ.get("PATH", "")])
for var in ("HOME", "XDG_CACHE_HOME", "ARIGNOTE_CACHE_DIR", "PYTHONPATH"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

for tool in ("arignote-opt", "filecheck"):
    if shutil.which(tool, path=config.environment["PATH"]) is None:
        lit_config.fatal(f"{tool} not found on PATH ({bindir}); run `python3 dev.py setup`")

# upstream MLIR's driver (iree-opt, of the test extra's iree-base-compiler): round-trip
# tests say `REQUIRES: iree-opt` and are unsupported without it
if shutil.which("iree-opt", path=config.environment["PATH"]) is not None:
    config.available_features.add("iree-opt")
