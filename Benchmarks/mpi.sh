#!/usr/bin/env bash
# mi-train steps per second: one process with --threads 1 and 2, and mpirun -np 1 and 2 (--threads 1
# per rank), the default MIST architecture at --max-dim 32, batch 32 (STEPS= per run, default 20);
# then the communication per step (the gradient: parameters × 4 bytes, gathered from every rank)
# and a paper estimate of the exchange time on 10 Gb/s links at 8 and 64 machines.
set -euo pipefail
cd "$(dirname "$0")/.."
MI_MPI=1 swift build -c release --product mi-train > /dev/null
bin=$(MI_MPI=1 swift build -c release --show-bin-path)
export PATH="$bin:$PATH"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
steps=${STEPS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
common=(--steps "$steps" --batch 32 --max-dim 32 --d 1,32 --n 10,500 --eval-every 100000 --eval-repeats 1 --seed 3 --checkpoint-every 100000)
now() { date +%s.%N; }
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(mpirun --version | head -1)"
printf 'run\tsteps\tseconds\tsteps_per_s\n'
run() {
  local label=$1; shift
  rm -f "$tmp/m.tar"
  local t0; t0=$(now)
  "$@" -o "$tmp/m.tar" "${common[@]}" > /dev/null
  awk -v l="$label" -v s="$steps" -v a="$t0" -v b="$(now)" 'BEGIN { printf "%s\t%d\t%.1f\t%.3f\n", l, s, b - a, s / (b - a) }'
}
run "threads1" mi-train --threads 1
run "threads2" mi-train --threads 2
run "mpi_np1" mpirun -np 1 mi-train --threads 1
run "mpi_np2" mpirun -np 2 mi-train --threads 1
params=$(tar -xOf "$tmp/m.tar" manifest.json | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["training"]["parameters"]))')
python3 - "$params" <<'PY'
import sys
p = int(sys.argv[1]); grad = p * 4
print(f"# parameters {p}; gradient {grad / 1e6:.2f} MB per rank per step")
for ranks in (8, 64):
    # All-gather: every rank receives the other ranks' gradients, (R - 1) x grad bytes, at 10 Gb/s.
    recv = (ranks - 1) * grad
    print(f"# {ranks} machines: each receives {recv / 1e6:.1f} MB per step, {recv * 8 / 10e9 * 1e3:.1f} ms at 10 Gb/s "
          f"(ring all-reduce instead: 2 x grad = {2 * grad / 1e6:.2f} MB, {2 * grad * 8 / 10e9 * 1e3:.2f} ms)")
PY
