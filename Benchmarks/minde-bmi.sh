#!/usr/bin/env bash
# Accuracy of the trained estimators on BMI's v1 tasks with dx, dy <= 10 (mi-sample bmi; TASKS
# overrides the list), seeds $SEEDS (default 1 2 3), n in $SIZES (default 1000 5000 10000): MAE and
# MSE against the true MI per method and n, for minde-c, minde-j and their sigma variants, mine,
# infonce, nwj, dv, smile beside ksg, cca, mienf and the default MIST (METHODS overrides). BMI's own
# MINE, InfoNCE, NWJ and DV (its defaults) run on the same files (PEERS=0 skips them; they come from
# PyPI into a venv, scripts/make-bench-venv.sh). Every file is estimated once by every method, one
# thread each: at the defaults this is many CPU hours (MINDE takes about a minute per file); the
# reduced runs set SIZES, SEEDS, TASKS and METHODS. RAW=file keeps every estimate's error (n, method,
# error, file, seconds), written as each estimate is made; run again with the same RAW, the script
# makes only the estimates that file does not yet hold (the files are the same bytes for a seed), so
# the whole grid can be run in pieces across sessions. OPTIONS are passed to every mi-estimate (e.g.
# OPTIONS="--critic-patience 2"; use another RAW file for them). PER_TASK=1 adds the mean error per
# task, n and method. SUMMARY_ONLY=1 makes no file and no estimate: it prints the tables of what RAW
# holds for the files this run names (a grid still in progress). `make bench-minde-bmi`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$(swift build -c release --show-bin-path)}
methods=${METHODS:-minde-c,minde-j,minde-c-sigma,minde-j-sigma,mine,infonce,nwj,dv,smile,ksg,cca,mienf,mist}
tasks=${TASKS:-$("$bin/mi-sample" list --skip-mixtures | awk -F'\t' '$1 == "bmi" && $3 <= 10 && $4 <= 10 && $7 ~ /v1/ { print $2 }')}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
raw=${RAW:-$tmp/errors.tsv}
touch "$raw"
files=()
for n in ${SIZES:-1000 5000 10000}; do
  for t in $tasks; do
    for s in ${SEEDS:-1 2 3}; do
      f="$tmp/$t-n$n-s$s.tsv"
      [ "${SUMMARY_ONLY:-0}" != 0 ] || "$bin/mi-sample" bmi "$t" -n "$n" --seed "$s" > "$f"
      files+=("$f")
    done
  done
done
echo "# n method mae mse files failed (NaN); $(wc -w <<< "$tasks") tasks, seeds ${SEEDS:-1 2 3}; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
[ "${SUMMARY_ONLY:-0}" != 0 ] || {
  for f in "${files[@]}"; do
    base=$(basename "$f" .tsv)
    # The methods this file has no row for yet in RAW.
    todo=$(awk -F'\t' -v f="$base" -v m="$methods" 'BEGIN { n = split(m, want, ",") } NF == 5 && $4 == f { have[$2] = 1 }
      END { s = ""; for (i = 1; i <= n; i++) if (!(want[i] in have)) s = s (s == "" ? "" : ",") want[i]; print s }' "$raw")
    [ -n "$todo" ] || continue
    # shellcheck disable=SC2086
    "$bin/mi-estimate" --method "$todo" --threads 1 --no-header ${OPTIONS:-} "$f" 2>>"$tmp/stderr" | awk -F'\t' -v f="$base" '{ print $4 "\t" $2 "\t" ($3 == "" ? "nan" : $3 - $7) "\t" f "\t" $8; fflush() }' || true
  done
  if [ "${PEERS:-1}" != 0 ]; then
    venv=${VENV:-.build/bench-venv}
    scripts/make-bench-venv.sh "$venv"
    "$venv/bin/python" - "$raw" "${files[@]}" <<'PY' 2>>"$tmp/stderr"
import contextlib, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np
from bmi.estimators import MINEEstimator, InfoNCEEstimator, NWJEstimator, DonskerVaradhanEstimator
# (file, estimator) pairs RAW already holds are not estimated again.
done = {(f[3], f[1]) for f in (line.rstrip("\n").split("\t") for line in open(sys.argv[1])) if len(f) == 5}
for path in sys.argv[2:]:
    base = path.rsplit("/", 1)[-1][:-4]
    meta = dict(p.split("=", 1) for p in open(path).readline().split()[2:])
    a = np.loadtxt(path, comments="#", ndmin=2)
    dx = int(meta["dx"]); x, y = a[:, :dx], a[:, dx:]
    for name, est in (("bmi-mine", MINEEstimator()), ("bmi-infonce", InfoNCEEstimator()),
                      ("bmi-nwj", NWJEstimator()), ("bmi-dv", DonskerVaradhanEstimator())):
        if (base, name) in done:
            continue
        start = time.perf_counter()
        try:
            # BMI prints its training warnings on standard output; they belong on standard error.
            with contextlib.redirect_stdout(sys.stderr):
                v = float(est.estimate(x, y))
        except Exception:
            v = float("nan")
        # NaN (BMI gives it when n/2 is below its batch of 256) is counted as a failure.
        err = v - float(meta["true_mi"]) if np.isfinite(v) else "nan"
        print(f"{len(x)}\t{name}\t{err}\t{base}\t{time.perf_counter() - start:.3f}", flush=True)
PY
  fi
} >> "$raw"
# This run's files and methods only, and well-formed lines only (RAW files written before BMI's
# warnings were sent to standard error hold them too).
for f in "${files[@]}"; do basename "$f" .tsv; done > "$tmp/names"
wanted=$methods
[ "${PEERS:-1}" = 0 ] || wanted="$wanted,bmi-mine,bmi-infonce,bmi-nwj,bmi-dv"
awk -F'\t' -v m="$wanted" 'BEGIN { split(m, w, ","); for (i in w) want[w[i]] = 1 }
  FNR == NR { mine[$1] = 1; next } NF == 5 && $1 ~ /^[0-9]+$/ && ($4 in mine) && ($2 in want) { k = $1 "\t" $2; if ($3 == "nan") { bad[k]++; c[k] += 0; next }
    ae[k] += ($3 < 0 ? -$3 : $3); se[k] += $3 * $3; c[k]++ }
  END { for (k in c) printf "%s\t%s\t%s\t%d\t%d\n", k, c[k] ? sprintf("%.4f", ae[k] / c[k]) : "-", c[k] ? sprintf("%.4f", se[k] / c[k]) : "-", c[k], bad[k] }' "$tmp/names" "$raw" |
  sort -t$'\t' -k1,1n -k3,3g
echo "# files: ${#files[@]}; failed: an estimate not made (ours: said on stderr; BMI's: NaN), left out of MAE and MSE"
if [ "${PEERS:-1}" != 0 ]; then
  # Our critics against BMI's, file by file, over the files where BMI's made an estimate: refused =
  # ours made none there (a held-out bound below -0.5); then MAE of each, the mean of |ours| - |BMI's|
  # with its standard error, and the files where ours is closer.
  echo "# n critic files refused ours_mae bmi_mae mean(|ours|-|bmi|) se ours_closer"
  awk -F'\t' 'FNR == NR { mine[$1] = 1; next } NF == 5 && $1 ~ /^[0-9]+$/ && ($4 in mine) { e[$1, $2, $4] = $3; seen[$1, $4] = 1 }
    END {
      split("dv infonce mine nwj", cs, " ")
      for (k in seen) { split(k, p, SUBSEP); n = p[1]; f = p[2]; sizes[n] = 1
        for (i = 1; i <= 4; i++) { c = cs[i]; b = e[n, "bmi-" c, f]; o = e[n, c, f]
          if (b == "" || b == "nan" || o == "") continue
          if (o == "nan") { refused[n, c]++; continue }
          ao = o < 0 ? -o : o; ab = b < 0 ? -b : b; d = ao - ab
          m[n, c]++; so[n, c] += ao; sb[n, c] += ab; sd[n, c] += d; sdd[n, c] += d * d; if (ao < ab) closer[n, c]++ } }
      for (n in sizes) for (i = 1; i <= 4; i++) { c = cs[i]; k = m[n, c]; if (!k) continue
        mean = sd[n, c] / k; var = k > 1 ? (sdd[n, c] - k * mean * mean) / (k - 1) : 0
        printf "%s\t%s\t%d\t%d\t%.3f\t%.3f\t%+.3f\t%.3f\t%d/%d\n", n, c, k + refused[n, c], refused[n, c], so[n, c] / k, sb[n, c] / k, mean, sqrt(var / k), closer[n, c], k }
    }' "$tmp/names" "$raw" | sort -t$'\t' -k1,1n -k2,2
fi
if [ "${PER_TASK:-0}" != 0 ]; then
  # Mean error (nats) per task, n and method over this run's seeds, one row per task and n.
  awk -F'\t' -v m="$wanted" 'BEGIN { k = split(m, w, ","); printf "task\tn"; for (i = 1; i <= k; i++) printf "\t%s", w[i]; print "" }
    FNR == NR { mine[$1] = 1; next } NF == 5 && $1 ~ /^[0-9]+$/ && ($4 in mine) && $3 != "nan" {
      t = $4; sub(/-n[0-9]+-s[0-9]+$/, "", t); r = t "\t" $1; rows[r] = 1; s[r, $2] += $3; c[r, $2]++ }
    END { for (r in rows) { printf "%s", r; for (i = 1; i <= k; i++) printf "\t%s", c[r, w[i]] ? sprintf("%+.3f", s[r, w[i]] / c[r, w[i]]) : "-"; print "" } }' "$tmp/names" "$raw" |
    sort -t$'\t' -k2,2n -k1,1
fi
