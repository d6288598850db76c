#!/usr/bin/env bash
# Regenerates Tests/MIEstimatorsTests/Fixtures/ksg-bmi.tsv: BMI's KSGEnsembleFirstEstimator (the
# reference definition of our default KSG) on the committed data files Fixtures/ksg-*.tsv, for
# k = 5 and k = 10 separately and for the ensemble (5,10). The Swift tests compare against it.
# BMI needs an old JAX; the venv (VENV, default .build/bench-venv) is made with pins that install
# on this machine. The data are Float32 in the files; they are read as float32 and widened to
# float64, exactly as the Swift code does.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.build/bench-venv}
fixtures=Tests/MIEstimatorsTests/Fixtures
scripts/make-bench-venv.sh "$venv"
"$venv/bin/python" - "$fixtures" <<'PY'
import glob, os, sys
import numpy as np
from bmi.estimators import KSGEnsembleFirstEstimator

fixtures = sys.argv[1]
rows = []
for path in sorted(glob.glob(os.path.join(fixtures, "ksg-*.tsv"))):
    if path.endswith("ksg-bmi.tsv"):
        continue
    meta = open(path).readline().split()
    dx = int(next(p for p in meta if p.startswith("dx=")).split("=")[1])
    data = np.loadtxt(path, comments="#", dtype=np.float32).astype(np.float64)
    x, y = data[:, :dx], data[:, dx:]
    for ks in [(5,), (10,), (5, 10)]:
        mi = KSGEnsembleFirstEstimator(neighborhoods=ks).estimate(x, y)
        rows.append((os.path.basename(path), ",".join(map(str, ks)), repr(float(mi))))
with open(os.path.join(fixtures, "ksg-bmi.tsv"), "w") as f:
    f.write("# BMI KSGEnsembleFirstEstimator (benchmark-mi) on the files beside this one; scripts/make-ksg-fixtures.sh\n")
    f.write("file\tk\tmi\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print(open(os.path.join(fixtures, "ksg-bmi.tsv")).read())
PY
