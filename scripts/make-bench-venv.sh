#!/usr/bin/env bash
# Makes (once) the Python venv with the peer estimators used by the KSG fixtures and benchmark:
# BMI (benchmark-mi, which needs an old JAX: these pins install on Python 3.11 here), scikit-learn,
# ennemi and infomeasure. Usage: make-bench-venv.sh VENV_DIR
set -euo pipefail
venv=${1:?usage: make-bench-venv.sh VENV_DIR}
pins="jax==0.4.23 jaxlib==0.4.23 numpy==1.26.4 scipy==1.11.4 tensorflow-probability==0.20.1 equinox==0.10.11 optax==0.1.9 pydantic==1.10.27 pandas==1.5.3"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import bmi, sklearn, ennemi, infomeasure' 2>/dev/null; then exit 0; fi
echo "make-bench-venv: installing the peers into $venv (a few minutes)" >&2
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
# shellcheck disable=SC2086
"$venv/bin/pip" install -q $pins
# shellcheck disable=SC2086
"$venv/bin/pip" install -q benchmark-mi scikit-learn ennemi infomeasure $pins
