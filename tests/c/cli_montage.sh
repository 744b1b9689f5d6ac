#!/usr/bin/env bash
# cli_montage.sh POLARCAD MAKE_TEST_IMAGES WORKDIR: the montage command end to end.
set -u
polarcad=$1 make_images=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && "$make_images" "$work" || exit 1
. "$(dirname "$0")/cli_expect.sh"
d=$work
expect 0 "not a diagnostic device" -- "$polarcad" --help
expect 0 "polarcad 0." -- "$polarcad" --version
expect 2 "unknown command" -- "$polarcad" frobnicate
expect 0 "--stress-nac" -- "$polarcad" montage --help
expect 0 "300 x 300" -- "$polarcad" montage --stress-nac $d/stress_nac.png --rest-nac $d/rest_nac.png \
  --stress-ac $d/stress_ac.jpg --rest-ac $d/rest_ac.jpg --out $d/m.png
expect 0 "150 x 300" -- "$polarcad" montage --dataset=ac --stress-ac $d/stress_ac.jpg --rest-ac $d/rest_ac.jpg \
  --out $d/ac.jpg
expect 2 "needs the rest_nac map" -- "$polarcad" montage --stress-nac $d/stress_nac.png \
  --stress-ac $d/stress_ac.jpg --rest-ac $d/rest_ac.jpg --out $d/x.png
expect 2 "unknown dataset" -- "$polarcad" montage --dataset both --out $d/x.png
expect 2 "unknown option" -- "$polarcad" montage --colour red
expect 1 "missing.png" -- "$polarcad" montage --stress-nac $d/missing.png --rest-nac $d/rest_nac.png \
  --stress-ac $d/stress_ac.jpg --rest-ac $d/rest_ac.jpg --out $d/x.png
expect 1 "truncated.png: corrupt or truncated PNG" -- "$polarcad" montage --stress-nac $d/truncated.png \
  --rest-nac $d/rest_nac.png --stress-ac $d/stress_ac.jpg --rest-ac $d/rest_ac.jpg --out $d/x.png
expect 1 "notes.txt: not a PNG, JPEG or BMP image" -- "$polarcad" montage --stress-nac $d/notes.txt \
  --rest-nac $d/rest_nac.png --stress-ac $d/stress_ac.jpg --rest-ac $d/rest_ac.jpg --out $d/x.png
expect 1 "cannot write" -- "$polarcad" montage --stress-nac $d/stress_nac.png --rest-nac $d/rest_nac.png \
  --stress-ac $d/stress_ac.jpg --rest-ac $d/rest_ac.jpg --out $d/no/such/folder/x.png
# Failures leave no output and no temporary files behind.
check "failures leave no output and no temporary files" -- \
  bash -c '! [ -e "$1/x.png" ] && ! ls "$1" | grep -q "\.tmp-"' _ "$d"
# The written montage decodes to the right size (PNG header: width, height at bytes 16..23).
checks=$((checks + 1))
size=$(od -An -tu1 -j16 -N8 "$d/m.png" | tr -s ' ')
[ "$size" = " 0 0 1 44 0 0 1 44" ] || fail "m.png header $size"
finish cli_montage
