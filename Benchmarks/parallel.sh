#!/usr/bin/env bash
# GNU parallel over a record stream: 10,000 meta data sets (COUNT=), text and binary; the rows of the
# pieces must equal the serial run's (all columns but seconds), and the wall times of serial
# mi-estimate (--threads 1 and 2), of parallel -j2 --pipe (the stream through parallel's pipe) and of
# parallel -j2 --pipepart (a file, cut in place) are printed, with serial --threads 2 over each.
# METHOD= (default ksg).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
export PATH="$bin:$PATH"
count=${COUNT:-10000}
method=${METHOD:-ksg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
keep() { cut -f1-7,9; }
echo "# GNU parallel $(parallel --version | head -1 | awk '{print $3}'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf 'format\tdatasets\tbytes\tserial_t1_s\tserial_t2_s\tpipe_j2_s\tpipepart_j2_s\tt2_over_pipe\tt2_over_pipepart\tequal\n'
for format in tsv bin; do
  mi-sample meta --count "$count" --seed 1 --format "$format" > "$tmp/stream"
  t0=$(now); mi-estimate --method "$method" --threads 1 --no-header "$tmp/stream" 2>/dev/null | keep > "$tmp/s1" || true
  t1=$(now); mi-estimate --method "$method" --threads 2 --no-header "$tmp/stream" 2>/dev/null | keep > "$tmp/s2" || true
  t2=$(now)
  parallel --will-cite -j2 --pipe --block 2M --recend '\n' --recstart '#%mi v1 ' -k mi-estimate --method "$method" --threads 1 --no-header \
    < "$tmp/stream" 2>/dev/null | keep > "$tmp/p" || true
  t3=$(now)
  parallel --will-cite -j2 --pipepart -a "$tmp/stream" --block -4 --recend '\n' --recstart '#%mi v1 ' -k \
    mi-estimate --method "$method" --threads 1 --no-header 2>/dev/null | keep > "$tmp/pp" || true
  t4=$(now)
  equal=no; cmp -s "$tmp/s1" "$tmp/p" && cmp -s "$tmp/s2" "$tmp/p" && cmp -s "$tmp/s1" "$tmp/pp" && equal=yes
  awk -v f="$format" -v c="$count" -v b="$(wc -c < "$tmp/stream")" -v a="$t0" -v b1="$t1" -v b2="$t2" -v b3="$t3" -v b4="$t4" -v e="$equal" \
    'BEGIN { s1 = b1 - a; s2 = b2 - b1; p = b3 - b2; q = b4 - b3
             printf "%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\n", f, c, b, s1, s2, p, q, s2 / p, s2 / q, e }'
done
