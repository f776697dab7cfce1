#!/usr/bin/env bash
# npm run notebook [-- EXTRA JUPYTER ARGS]
#
# Opens notebooks/main_demo.ipynb in Jupyter with the project's TypeScript
# kernel (tslab). On first use (or when the project has moved) it registers
# the kernel spec inside the project, in .jupyter/, and builds dist/ when it is
# missing or older than src/. Set NOTEBOOK_APP=notebook|lab to choose the
# front end (default: JupyterLab when installed, else the classic Notebook).
#
# npm run notebook -- execute [NOTEBOOK.ipynb ...]
#
# Runs notebooks headless instead (default: notebooks/main_demo.ipynb) with
# `jupyter nbconvert --execute` on the tslab kernel, as the tests do, and
# writes each executed copy to results/executed/. A cell error fails it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
KERNEL_DIR="$ROOT/.jupyter/share/jupyter"
TSLAB="$ROOT/node_modules/.bin/tslab"

say() { printf '%s\n' "$*" >&2; }
no_jupyter() {
  say "Jupyter was not found: $1"
  say ""
  say "Install it from your system's packages, for example on Debian/Ubuntu:"
  say "    sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient"
  say "or with pip (any OS):"
  say "    python3 -m pip install --user notebook        # or: jupyterlab"
  say "then run 'npm run notebook' again."
  exit 1
}

if [ ! -x "$TSLAB" ]; then
  say "node_modules/.bin/tslab is missing: run 'npm ci' (or 'npm install') first."
  exit 1
fi

# The front end.
app=${NOTEBOOK_APP:-}
execute=""
if [ "${1:-}" = "execute" ]; then
  execute=1; shift; app=nbconvert
fi
if [ -z "$app" ]; then
  if command -v jupyter-lab >/dev/null 2>&1; then app=lab
  elif command -v jupyter-notebook >/dev/null 2>&1; then app=notebook
  else no_jupyter "neither 'jupyter-lab' nor 'jupyter-notebook' is on PATH."
  fi
fi
command -v "jupyter-$app" >/dev/null 2>&1 || no_jupyter "'jupyter-$app' is not on PATH."

# A Python that has jupyter_client (tslab's kernel-spec installer needs it):
# the one Jupyter itself runs on first, then the system's.
python=""
jupyter_python=$(head -n 1 "$(command -v "jupyter-$app")" | sed -n 's/^#! *\([^ ]*\).*/\1/p')
for candidate in ${PYTHON:-} "$jupyter_python" /usr/bin/python3 python3; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c "import jupyter_client" >/dev/null 2>&1; then python=$candidate; break; fi
done
[ -n "$python" ] || no_jupyter "no Python on this machine imports jupyter_client."

# The kernel spec, inside the project (absolute path to this checkout's tslab).
spec="$KERNEL_DIR/kernels/tslab/kernel.json"
if [ ! -f "$spec" ] || ! grep -qF "\"$TSLAB\"" "$spec"; then
  say "Registering the tslab kernel in .jupyter/ (Python: $python)"
  "$TSLAB" install --python="$python" --binary="$TSLAB" --prefix="$ROOT/.jupyter" >&2
fi

# The library the notebook imports.
if [ ! -f dist/index.js ] || [ -n "$(find src -newer dist/index.js -name '*.ts' -print -quit)" ]; then
  say "Building dist/ (npm run build)"
  npm run -s build
fi

export JUPYTER_PATH="$KERNEL_DIR${JUPYTER_PATH:+:$JUPYTER_PATH}"
if [ -n "$execute" ]; then
  [ $# -gt 0 ] || set -- notebooks/main_demo.ipynb
  for nb in "$@"; do
    say "Executing $nb (kernel: tslab) into results/executed/"
    # the notebook's folder is the kernel's working folder, as in Jupyter
    jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=tslab \
      --ExecutePreprocessor.timeout=1800 --output-dir "$ROOT/results/executed" "$nb"
  done
  exit 0
fi
say "Opening notebooks/main_demo.ipynb in Jupyter $app (kernel: TypeScript / tslab). Stop with Ctrl-C."
exec "jupyter-$app" "$@" notebooks/main_demo.ipynb
