#!/usr/bin/env bash
# PyTorch for the training benchmark: Debian's python3-torch (run with /usr/bin/python3) and the
# threaded OpenBLAS. Without libopenblas0-pthread Debian's torch falls back to the reference BLAS,
# about 6x slower, which would flatter nn-lang's ratios.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" python3-torch libopenblas0-pthread
