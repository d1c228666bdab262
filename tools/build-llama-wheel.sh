#!/usr/bin/env bash
# Build llama-cpp-python once per machine and keep the wheel: PyPI ships it only as source, and compiling
# llama.cpp takes 5-20 minutes on 2 cores. Later installs (new venvs, `make clean`) take the cached wheel.
#   usage: tools/build-llama-wheel.sh <pip> <wheelhouse> [requirement]
set -euo pipefail
PIP=$1
WHEELHOUSE=$2
REQ=${3:-llama-cpp-python==0.3.36}
VERSION=${REQ#*==}
mkdir -p "$WHEELHOUSE"
if ls "$WHEELHOUSE"/llama_cpp_python-"$VERSION"-*.whl >/dev/null 2>&1; then
    echo "llama-cpp-python $VERSION: using the wheel built earlier in $WHEELHOUSE"
    exit 0
fi
echo "llama-cpp-python $VERSION: compiling llama.cpp once for this machine (5-20 min; the wheel is kept in $WHEELHOUSE)"
LOG=$(mktemp)
start=$(date +%s)
# GGML_NATIVE=OFF: no -march=native, so the cached wheel also runs on sibling machines (AVX2 still used).
# Progress: ninja prints [n/total] for each compiled file; show it on one line.
{ CMAKE_ARGS="-DGGML_NATIVE=OFF" "$PIP" wheel -v --no-deps -w "$WHEELHOUSE" "$REQ" 2>&1; echo $? > "$LOG.rc"; } \
    | tee "$LOG" | { stdbuf -oL grep -oE '^\s*\[[0-9]+/[0-9]+\]' || true; } | while read -r step; do
        printf '\r  compiling %s  %ds ' "$step" $(( $(date +%s) - start ))
    done
if [ "$(cat "$LOG.rc")" != 0 ]; then
    echo; echo "llama-cpp-python build failed; the last lines of its log ($LOG):"; tail -30 "$LOG"; exit 1
fi
ls "$WHEELHOUSE"/llama_cpp_python-"$VERSION"-*.whl >/dev/null 2>&1 || { echo; tail -30 "$LOG"; exit 1; }
echo; echo "llama-cpp-python $VERSION built in $(( $(date +%s) - start )) s"
rm -f "$LOG" "$LOG.rc"
