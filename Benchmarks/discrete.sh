#!/usr/bin/env bash
# Discrete and mixed data against exact MI: mi-sample mixed --levels 5 (discrete X, continuous Y;
# truth 1.0549) and mi-sample categorical --levels 4 --eps 0.3 (truth 0.4458), seeds 1-5, n = 100 ... 10^4;
# MSE and bias of ross, ksg-mixed, discrete and ksg (a method that refuses a family is left out).
# Ours only: no peer is run here. `make bench-discrete`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
echo "# family n method mse bias data_sets; $(date -u +%Y-%m-%d)"
for fam in "mixed --levels 5" "categorical --levels 4 --eps 0.3"; do
  for n in ${SIZES:-100 500 2000 10000}; do
    for s in 1 2 3 4 5; do
      "$bin/mi-sample" $fam -n "$n" --seed "$s" | "$bin/mi-estimate" --method ross,ksg-mixed,discrete,ksg 2>/dev/null |
        awk -F'\t' -v f="${fam%% *}" -v n="$n" 'NR > 1 && $3 != "" { print f "\t" n "\t" $2 "\t" $3 - $7 }' || true
    done
  done
done | awk -F'\t' '
  { k = $1 "\t" $2 "\t" $3; se[k] += $4 * $4; b[k] += $4; c[k]++; if (!(k in seen)) { seen[k] = 1; o[++m] = k } }
  END { for (i = 1; i <= m; i++) { k = o[i]; printf "%s\t%.4f\t%+.4f\t%d\n", k, se[k] / c[k], b[k] / c[k], c[k] } }'
