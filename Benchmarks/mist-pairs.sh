#!/usr/bin/env bash
# --pairs screening on a 100-column table (n = 1000): 50 independent N(0, 1) columns and 50 in ten
# groups of five sharing a latent (pairwise ρ = 0.5 inside a group, so MI = −½ log(1 − ρ²) = 0.1438;
# every other pair 0). The default (the built-in model, or POINT=), KSG (k = 5) and GC on the same table,
# whole-process time beside the accuracy. Prints Markdown.
#
#   Benchmarks/mist-pairs.sh            POINT=models/other.tar Benchmarks/mist-pairs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
export PATH="$bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/table.tsv" <<'PY'
import math, random, sys
random.seed(20261201)
n = 1000
cols = [f"i{k}" for k in range(50)] + [f"g{g}_{k}" for g in range(10) for k in range(5)]
with open(sys.argv[1], "w") as f:
    f.write("\t".join(cols) + "\n")
    for _ in range(n):
        row = [random.gauss(0, 1) for _ in range(50)]
        for g in range(10):
            z = random.gauss(0, 1)
            row += [math.sqrt(0.5) * z + math.sqrt(0.5) * random.gauss(0, 1) for _ in range(5)]
        f.write("\t".join(f"{v:.6f}" for v in row) + "\n")
PY
model=()
[ -z "${POINT:-}" ] || model=(--model "$POINT")
echo "| method | independent pairs: mean | max | dependent pairs (truth 0.144): mean | MSE all pairs | seconds |"
echo "|---|---|---|---|---|---|"
for method in default ksg gc; do
  args=(); [ "$method" = default ] && args=("${model[@]}") || args=(--method "$method")
  start=$(date +%s.%N)
  mi-estimate --pairs "${args[@]}" "$work/table.tsv" > "$work/$method.tsv"
  end=$(date +%s.%N)
  awk -F'\t' -v M="$method" -v T="$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" '
    NR == 1 { next }
    {
      gi = ($1 ~ /^g/) ? substr($1, 1, index($1, "_") - 1) : "a" $1
      gj = ($2 ~ /^g/) ? substr($2, 1, index($2, "_") - 1) : "b" $2
      truth = (gi == gj) ? 0.14384103622589 : 0
      d = $3 - truth; se += d * d; cnt++
      if (truth == 0) { z += $3; nz++; if ($3 > mx) mx = $3 } else { p += $3; np++ }
    }
    END { printf "| %s | %.4f | %.4f | %.4f | %.5f | %.2f |\n", M, z / nz, mx, p / np, se / cnt, T }' "$work/$method.tsv"
done
echo
echo "4,950 pairs; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); default: ${POINT:-the built-in model}."
