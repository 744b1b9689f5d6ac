#!/usr/bin/env bash
# torch_parity.sh TEST_BINARY SOURCE_DIR small|full WORKDIR: C writes our model file and the
# inputs, PyTorch (Debian's python3-torch, /usr/bin/python3) computes the float64 reference
# from them, C compares. Exits 77 (SKIP) when torch is not installed, never passes silently.
set -u
bin=$1 src=$2 mode=$3 work=$4
py=/usr/bin/python3
"$py" -c 'import torch, numpy' 2>/dev/null || { echo "SKIP: /usr/bin/python3 has no torch (apt-get install python3-torch)"; exit 77; }
rm -rf "$work" && mkdir -p "$work" || exit 1
"$bin" write "$mode" "$work" && "$py" "$src/tests/ref/vgg_torch.py" "$mode" "$work" && "$bin" check "$mode" "$work"
