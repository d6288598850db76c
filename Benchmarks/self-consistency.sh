#!/usr/bin/env bash
# MINDE's self-consistency tests for every method (mi-sample derive): on each source data set, the
# estimate on the source, on its independent copy (Y shuffled; want 0), on its processed copy
# (Y' = [Y, Y^3]; want the source's estimate) and on its additive copy (two halves side by side; want
# twice the source's estimate, at n/2 rows and twice the dimensions). Prints one row per source and
# method: the true MI, the four estimates, and the three errors (indep, proc - src, add - 2 src); an
# empty cell: the method gave no estimate there (gc, for one, refuses [Y, Y^3]: the two rank alike).
# Sources: a 1 x 1 Gaussian (rho 0.6), a 3 x 3 sparse Gaussian, and BMI's 1v1 bimodal task, n = $N
# (default 5000). METHODS (default every estimator; MINDE and the critics take seconds to minutes per
# estimate). `make bench-self-consistency`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$(swift build -c release --show-bin-path)}
n=${N:-5000}
methods=${METHODS:-ksg,cca,gc,kde,mist,mienf,minde-c,minde-j,minde-c-sigma,minde-j-sigma,mine,infonce,nwj,dv,smile}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin/mi-sample" gauss -d 1 --rho 0.6 -n "$n" --seed 1 > "$tmp/src-1.tsv"
"$bin/mi-sample" gauss -d 3 --structure sparse --pairs 2 -n "$n" --seed 2 > "$tmp/src-2.tsv"
"$bin/mi-sample" bmi 1v1-bimodal-0.75 -n "$n" --seed 3 > "$tmp/src-3.tsv"
echo "# source method true_mi src indep proc add err_indep err_proc err_add; n = $n; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
for s in 1 2 3; do
  src="$tmp/src-$s.tsv"
  for t in independence processing additivity; do "$bin/mi-sample" derive "$t" --seed "$s" "$src" > "$tmp/$s-$t.tsv"; done
  # One mi-estimate per file, every method: name method mi ... (the mi column is the 3rd).
  for f in "$src" "$tmp/$s-independence.tsv" "$tmp/$s-processing.tsv" "$tmp/$s-additivity.tsv"; do
    "$bin/mi-estimate" --method "$methods" --no-header --threads 1 "$f" 2>/dev/null | cut -f1-3,7 || true
  done | awk -F'\t' '
    { kind = ($1 ~ /-independence$/) ? "i" : ($1 ~ /-processing$/) ? "p" : ($1 ~ /-additivity$/) ? "a" : "s"
      if (kind == "s") { name = $1; truth[$2] = $4 } ; v[$2, kind] = $3; if (!($2 in seen)) { seen[$2] = 1; order[++m] = $2 } }
    END { for (i = 1; i <= m; i++) { k = order[i]
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s", name, k, truth[k], v[k, "s"], v[k, "i"], v[k, "p"], v[k, "a"]
      if (v[k, "s"] != "" && v[k, "i"] != "" && v[k, "p"] != "" && v[k, "a"] != "")
        printf "\t%+.3f\t%+.3f\t%+.3f\n", v[k, "i"], v[k, "p"] - v[k, "s"], v[k, "a"] - 2 * v[k, "s"]
      else printf "\t\t\t\n" } }'
done
