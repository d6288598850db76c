#!/usr/bin/env bash
# Makes sure .build/torch-venv has PyTorch CPU (the peer of bench-core and bench-flow). The CPU wheel
# from the machine's pip find-links directory is preferred over PyPI's much larger CUDA build.
# Prints the venv's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/torch-venv  # not bench-venv: that one pins numpy for BMI's JAX
if ! "$venv/bin/python" -c "import torch" 2>/dev/null; then
  python3 -m venv "$venv"
  links=$(pip config get global.find-links 2>/dev/null || true)
  wheel=$(ls "${links:-/nonexistent}"/torch-*+cpu-*.whl 2>/dev/null | sort | tail -n 1 || true)
  if [ -n "$wheel" ]; then
    # The local CPU wheel (its dependencies from the index): pin its version so pip takes it.
    version=$(basename "$wheel" | cut -d- -f2)
    "$venv/bin/pip" install -q --find-links "$links" "torch==$version" numpy >&2
  else
    "$venv/bin/pip" install -q torch numpy >&2
  fi
fi
echo "$venv"
