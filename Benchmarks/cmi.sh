#!/usr/bin/env bash
# Conditional MI against its peers on the same files (mi-sample cmi, fork, dx = dy = 1):
# 1. speed: seconds per call of KSG-CMI, k = 3, max norm (ennemi's convention), for n = 1e3, 1e4, 1e5
#    and dz = 1, 3: ours (mi-estimate --method ksg -k 3 --norm max, the estimator's own time from the
#    `seconds` column, on both cores and pinned to one), ennemi's estimate_mi(y, x, cond=z, k=3)
#    and infomeasure's conditional_mutual_information(approach="ksg", k=3), best of 5 (one call at
#    n = 1e5; a peer's call is stopped after PEER_TIMEOUT seconds, default 600);
# 2. accuracy: MSE and bias against the exact CMI over 5 seeds at n = 100, 500, 2000, 10^4 and
#    dz = 1, 3, 10, for ours (ksg, cca, gc) and the two peers.
# Peers come from PyPI into a venv (VENV, default .build/cmi-venv). Run on a quiet machine: `make bench-cmi`.
# PARTS="speed" or "accuracy" runs one part; SPEED_SIZES and ACCURACY_SIZES change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
source Benchmarks/peer-venv.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
peers() {  # FILE... : name file seconds estimate, per peer
  peer_python - "$@" <<'PY' 2>/dev/null
import os, signal, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np
import ennemi, infomeasure
def load(path):
    meta = dict(p.split("=", 1) for p in open(path).readline().split()[2:])
    dx, dy = int(meta["dx"]), int(meta["dy"])
    a = np.loadtxt(path, comments="#", dtype=np.float32).astype(np.float64)
    return a[:, :dx], a[:, dx:dx + dy], a[:, dx + dy:]
calls = {
    "ennemi": lambda x, y, z: float(np.asarray(ennemi.estimate_mi(y[:, 0], x[:, 0], k=3, cond=z)).ravel()[0]),
    "infomeasure": lambda x, y, z: float(infomeasure.conditional_mutual_information(x, y, cond=z, approach="ksg", k=3)),
}
repeat = int(os.environ.get("REPEAT", "5"))
# A call taking longer than PEER_TIMEOUT seconds (default 600) is stopped and reported as such.
limit = int(os.environ.get("PEER_TIMEOUT", "600"))
class Timeout(Exception):
    pass
def alarm(*_):
    raise Timeout()
signal.signal(signal.SIGALRM, alarm)
for name, f in calls.items():
    for path in sys.argv[1:]:
        x, y, z = load(path)
        best, mi = float("inf"), float("nan")
        try:
            for _ in range(1 if len(x) >= 100000 else repeat):
                signal.alarm(limit)
                t0 = time.perf_counter(); mi = f(x, y, z); best = min(best, time.perf_counter() - t0)
                signal.alarm(0)
        except Timeout:
            print(f"{name}\t{os.path.basename(path)}\t>{limit}\tnan", flush=True)
            continue
        print(f"{name}\t{os.path.basename(path)}\t{best:.6f}\t{mi}", flush=True)
PY
}
ours() {  # METHOD FILE [CORES] : best of 5 estimator seconds, and the estimate (CORES: taskset's list)
  local best="" mi="" s m pin=()
  [ -z "${3:-}" ] || pin=(taskset -c "$3")
  for _ in 1 2 3 4 5; do
    read -r s m < <("${pin[@]}" "$bin/mi-estimate" --method "$1" -k 3 --norm max "$2" | awk -F'\t' 'NR == 2 { print $8, $3 }')
    mi=$m
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$best $mi"
}

parts=${PARTS:-speed accuracy}
if [[ " $parts " == *" speed "* ]]; then
echo "# KSG-CMI speed, k = 3, max norm; mi-sample cmi --structure fork --seed 1; seconds per call"
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
files=()
for dz in 1 3; do
  for n in ${SPEED_SIZES:-1000 10000 100000}; do
    f="$tmp/speed-dz$dz-n$n.tsv"
    "$bin/mi-sample" cmi --structure fork --dz "$dz" -n "$n" --seed 1 > "$f"
    files+=("$f")
  done
done
{
  for f in "${files[@]}"; do
    read -r s m < <(ours ksg "$f"); printf 'ours\t%s\t%s\t%s\n' "$(basename "$f")" "$s" "$m"
    read -r s m < <(ours ksg "$f" 0); printf 'ours1\t%s\t%s\t%s\n' "$(basename "$f")" "$s" "$m"
  done
  peers "${files[@]}"
} > "$tmp/speed.tsv"
# ours: both cores; ours_1core: pinned to one (the peers run one estimate on one thread). A peer
# stopped by PEER_TIMEOUT shows ">seconds".
printf 'dz\tn\tours\tours_1core\tennemi\tinfomeasure\tfastest_peer/ours\tfastest_peer/ours_1core\tcmi_ours\tcmi_ennemi\n'
for f in "${files[@]}"; do
  b=$(basename "$f")
  awk -F'\t' -v b="$b" '
    $2 == b { t[$1] = $3; v[$1] = $4 }
    END {
      split(b, p, /[-.]/); dz = substr(p[2], 3); n = substr(p[3], 2)
      fast = t["ennemi"]; if (t["infomeasure"] != "" && t["infomeasure"] !~ /^>/ && (fast == "" || t["infomeasure"] < fast)) fast = t["infomeasure"]
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%.6f\t%.6f\n", dz, n, t["ours"], t["ours1"], t["ennemi"], t["infomeasure"], fast / t["ours"], fast / t["ours1"], v["ours"], v["ennemi"]
    }' "$tmp/speed.tsv"
done

fi
[[ " $parts " == *" accuracy "* ]] || exit 0
echo
echo "# CMI accuracy against the exact value: mi-sample cmi --structure fork --rho 0.5, seeds 1-5; MSE (bias)"
afiles=()
for dz in 1 3 10; do
  for n in ${ACCURACY_SIZES:-100 500 2000 10000}; do
    for seed in 1 2 3 4 5; do
      f="$tmp/acc-dz$dz-n$n-s$seed.tsv"
      "$bin/mi-sample" cmi --structure fork --dz "$dz" -n "$n" --seed "$seed" > "$f"
      afiles+=("$f")
    done
  done
done
{
  for f in "${afiles[@]}"; do
    truth=$(head -1 "$f" | tr ' ' '\n' | sed -n 's/^true_mi=//p')
    "$bin/mi-estimate" --method ksg,cca,gc -k 3 --norm max "$f" | awk -F'\t' -v b="$(basename "$f")" -v t="$truth" 'NR > 1 { print $2 "\t" b "\t" $3 "\t" t }'
  done
  REPEAT=1 peers "${afiles[@]}" | while IFS=$'\t' read -r name b _ mi; do
    printf '%s\t%s\t%s\t%s\n' "$name" "$b" "$mi" "$(head -1 "$tmp/$b" | tr ' ' '\n' | sed -n 's/^true_mi=//p')"
  done
} > "$tmp/accuracy.tsv"
awk -F'\t' '
  { split($2, p, /[-.]/); key = substr(p[2], 3) "\t" substr(p[3], 2); e = $3 - $4; se[$1, key] += e * e; b[$1, key] += e; c[$1, key]++
    if (!(key in seen)) { seen[key] = 1; keys[++nk] = key } }
  END {
    split("ksg cca gc ennemi infomeasure", m, " ")
    printf "dz\tn"; for (i = 1; i <= 5; i++) printf "\t%s", m[i]; printf "\n"
    for (j = 1; j <= nk; j++) {
      printf "%s", keys[j]
      for (i = 1; i <= 5; i++) { k = m[i] SUBSEP keys[j]; if (c[k]) printf "\t%.4f (%+.3f)", se[k] / c[k], b[k] / c[k]; else printf "\t-" }
      printf "\n"
    }
  }' "$tmp/accuracy.tsv"
