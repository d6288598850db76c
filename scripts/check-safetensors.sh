#!/usr/bin/env bash
# Opens a checkpoint's weights.safetensors, written by our code, with the reference Python library
# (safetensors + numpy in a venv under .build/): every tensor must load, with F32 dtype, and the names
# and shapes must agree with the header we wrote. Not part of `make test` (needs PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/safetensors-venv
if ! "$venv/bin/python" -c "import safetensors, numpy" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q safetensors numpy
fi
swift build -c release --product bench-core >/dev/null
bin=$(swift build -c release --show-bin-path)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin/bench-core" --write-checkpoint "$tmp/model.tar"
tar -xf "$tmp/model.tar" -C "$tmp"
"$venv/bin/python" - "$tmp" <<'PY'
import json, struct, sys
import numpy as np
from safetensors.numpy import load_file
d = sys.argv[1]
for name in ["weights.safetensors", "optimizer.safetensors"]:
    path = f"{d}/{name}"
    tensors = load_file(path)
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    assert set(tensors) == set(header), (set(tensors) ^ set(header))
    for k, t in tensors.items():
        assert t.dtype == np.float32 and list(t.shape) == header[k]["shape"], k
        assert np.isfinite(t).all(), k
    print(f"{name}: {len(tensors)} tensors, {sum(t.size for t in tensors.values())} values: ok")
manifest = json.load(open(f"{d}/manifest.json"))
w = load_file(f"{d}/weights.safetensors")
assert w["encoder.0.mab0.attention.q.weight"].shape == (64, 64)
o = load_file(f"{d}/optimizer.safetensors")
for k, t in w.items():   # Adam state for every parameter, shaped like it
    assert o[k + ".exp_avg"].shape == t.shape and o[k + ".exp_avg_sq"].shape == t.shape, k
    assert (o[k + ".exp_avg_sq"] >= 0).all(), k
print(f"manifest format {manifest['format']} version {manifest['formatVersion']}: ok")
PY
