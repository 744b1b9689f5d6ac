# train_fixture.sh POLARCAD WORKDIR (sourced by cli_train.sh and cli_train_kill.sh): a fresh
# WORKDIR as $d, the assertions of cli_expect.sh, a fixed model date (SOURCE_DATE_EPOCH, so
# model files compare byte for byte) and a 20-case synthetic cohort in $d/coh.
set -u
polarcad=$1 work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
. "$(dirname "${BASH_SOURCE[0]}")/cli_expect.sh"
d=$work
export SOURCE_DATE_EPOCH=1700000000
"$polarcad" synth --out "$d/coh" --cases 20 --size 96 --threads 2 >/dev/null || { echo "synth failed"; exit 1; }
