# Sourced by the benchmarks that run ennemi and infomeasure beside ours: the pinned peers from PyPI in
# a venv ($VENV, default .build/cmi-venv), made on first use; `peer_python` runs its interpreter.
venv=${VENV:-.build/cmi-venv}
if ! [ -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import ennemi, infomeasure' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q ennemi==1.5.0 infomeasure==0.6.3 numpy==2.4.6 scipy==1.17.1
fi
peer_python() { "$venv/bin/python" "$@"; }
