#!/usr/bin/env bash
# Regenerates the conditional-MI fixtures: data files Tests/MIEstimatorsTests/Fixtures/cmi-*.tsv (from
# mi-sample cmi) and cmi-ennemi.tsv, ennemi's Frenzel-Pompe estimate_mi(y, x, cond=z, k=K) on each. The
# Swift tests compare KSG-CMI with the max norm against it. Conventions: ennemi's preprocess (unit
# variance plus noise) is off and the columns are standardized here as ours are (population std), so
# the neighbourhoods are the same; ennemi counts within eps - 1e-12, we count strictly below eps.
# ennemi's digamma is an expansion (off by 1.2e-5 at 2, 5e-7 at 3, 1e-8 at 5): the column cmi_exact_psi
# is ennemi's algorithm (its trees and counts) with scipy's exact digamma, which ours must match.
# The data are Float32 in the files; they are read as float32 and widened to float64, as in Swift.
# VENV (default .build/cmi-venv) gets the pinned peers.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.build/cmi-venv}
fixtures=Tests/MIEstimatorsTests/Fixtures
pins="ennemi==1.5.0 numpy==2.4.6 scipy==1.17.1"
if ! [ -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import ennemi' 2>/dev/null; then
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q $pins
fi
bin=$(swift build -c release --show-bin-path)
"$bin/mi-sample" cmi --structure fork --rho 0.5 -n 400 --seed 1 > "$fixtures/cmi-fork-1-1-1.tsv"
"$bin/mi-sample" cmi --structure collider --rho 0 --dz 3 -n 600 --seed 2 > "$fixtures/cmi-collider-1-1-3.tsv"
"$venv/bin/python" - "$fixtures" <<'PY'
import glob, os, sys
import numpy as np
import ennemi
import ennemi._entropy_estimators as ee
from scipy.special import digamma

fixtures = sys.argv[1]
rows = []
for path in sorted(glob.glob(os.path.join(fixtures, "cmi-*.tsv"))):
    if path.endswith("cmi-ennemi.tsv"):
        continue
    meta = dict(p.split("=", 1) for p in open(path).readline().split()[2:])
    dx, dy, dz = int(meta["dx"]), int(meta["dy"]), int(meta["dz"])
    a = np.loadtxt(path, comments="#", dtype=np.float32).astype(np.float64)
    a = (a - a.mean(axis=0)) / a.std(axis=0)
    x, y, z = a[:, :dx], a[:, dx:dx + dy], a[:, dx + dy:]
    for k in (3, 5):
        # ennemi takes one-dimensional x and y: for dx = dy = 1 only.
        if dx == 1 and dy == 1:
            mi = ennemi.estimate_mi(y[:, 0], x[:, 0], k=k, cond=z, preprocess=False)
            published = ee._psi
            ee._psi = lambda v: digamma(np.asarray(v, dtype=np.float64))
            exact = ee._estimate_conditional_mi(x[:, 0], y[:, 0], z, k=k)
            ee._psi = published
            rows.append((os.path.basename(path), str(k), repr(float(np.asarray(mi).ravel()[0])), repr(float(exact))))
with open(os.path.join(fixtures, "cmi-ennemi.tsv"), "w") as f:
    f.write("# ennemi 1.5.0: estimate_mi(y, x, k=K, cond=z, preprocess=False) on standardized columns (scripts/make-cmi-fixtures.sh)\n")
    f.write("file\tk\tcmi\tcmi_exact_psi\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
PY
echo "make-cmi-fixtures: wrote $fixtures/cmi-ennemi.tsv"
