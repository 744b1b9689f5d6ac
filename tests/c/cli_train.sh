#!/usr/bin/env bash
# cli_train.sh POLARCAD WORKDIR: `polarcad train` and `polarcad cv` end to end on a 20-case
# synthetic cohort with a tiny network (VGG16 at 1/16 width, 48 x 48 input), a few seconds:
#   - K `cv --fold k` runs write byte-identical fold files to one `cv` run, and a rerun skips done folds;
#   - a fold on 2 threads gives the same bytes as on 1, and whichever sgemm OpenBLAS would pick;
#   - the fold file's header and rows follow the contract (cmd_cv.c);
#   - bad input: unreadable images, a missing map, --fold out of range, --weights of another
#     architecture or input size, a checkpoint of another configuration, a full disk.
. "$(dirname "$0")/train_fixture.sh" "$1" "$2"
tiny="--data $d/coh/manifest.csv --augment 40 --epochs 2 --batch 8 --input 48x48 --width-mult 0.0625 --threads 1"

# ---- cv: one run against three --fold runs -------------------------------------------------
expect 0 "" -- "$polarcad" cv $tiny --folds 3 --out "$d/all" --quiet
check "a plain cv run that finishes every fold writes the report" -- test -s "$d/all/report.md" -a -s "$d/all/roc.svg"
check "the report says the base is not ImageNet-pretrained and the network reduced" -- bash -c '
  grep -q "^- Network: vgg16 with its top 4 conv layers.*\*\*not ImageNet-pretrained\*\*.*input resized to 48x48.*0.0625 x the channels of vgg16\*\*: a reduced test network" "$1"' _ "$d/all/report.md"
for k in 1 2 3; do
  expect 0 "fold" -- "$polarcad" cv $tiny --folds 3 --fold $k --out "$d/each" --quiet
done
for k in 01 02 03; do
  check "fold-$k.csv identical from one cv run and from --fold runs" -- cmp "$d/all/fold-$k.csv" "$d/each/fold-$k.csv"
done
# The --fold runs merged: the same results, byte for byte, as the one cv run.
expect 0 "wrote $d/each/report.md" -- "$polarcad" cv --merge "$d/each" --data "$d/coh/manifest.csv"
for f in report.md report.json predictions.csv roc.svg calibration.svg; do
  check "$f identical from one cv run and from merged --fold runs" -- cmp "$d/all/$f" "$d/each/$f"
done
# The thread count does not change a result: fold 2 on 2 threads gives fold 2's bytes on 1.
expect 0 "fold" -- "$polarcad" cv ${tiny% --threads 1} --threads 2 --folds 3 --fold 2 --out "$d/two" --quiet
check "fold-02.csv identical with --threads 1 and --threads 2" -- cmp "$d/all/fold-02.csv" "$d/two/fold-02.csv"
# Nor does the CPU model: OpenBLAS picks its sgemm by it (OPENBLAS_CORETYPE says which), and
# the engine's automatic choice must not depend on that, or a base made on one machine is not
# the base another makes from the same recipe. Prescott's kernels run on any x86-64.
OPENBLAS_CORETYPE=Prescott expect 0 "fold" -- "$polarcad" cv $tiny --folds 3 --fold 2 --out "$d/cpu" --quiet
check "fold-02.csv identical whichever sgemm OpenBLAS would pick for the CPU" -- cmp "$d/all/fold-02.csv" "$d/cpu/fold-02.csv"
# And across machines: these bytes came out of an AVX-512 EPYC and an AVX2-only one
# (2026-12-03), in the native and the ASan builds. If they change, either a change altered
# the training arithmetic (say so in its commit and put the new md5 here), or this CPU makes
# other bits, and then docs/results.md's runs are not reproducible on it to the bit: report it.
check "fold-02.csv has the bytes every machine seen so far makes (md5 83af8038...)" -- bash -c '
  sum=$(md5sum <"$1" | cut -c1-32)
  [ "$sum" = 83af8038f009e56557b6b8a54265fd43 ] ||
  { echo "fold-02.csv md5 $sum on $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2)"; exit 1; }' _ "$d/all/fold-02.csv"
# The folds at once, as GNU parallel runs them: they share DIR (made by whichever comes first).
for k in 1 2 3; do "$polarcad" cv $tiny --folds 3 --fold $k --out "$d/par" --quiet >/dev/null 2>&1 & done
wait
check "three --fold runs at once on one new DIR give the same fold files" -- \
  bash -c 'for k in 01 02 03; do cmp "$1/fold-$k.csv" "$2/fold-$k.csv" || exit 1; done' _ "$d/all" "$d/par"
check "the fold files hold every case once" -- \
  bash -c '[ "$(cat "$1"/fold-0?.csv | grep -c "^c0")" = 20 ]' _ "$d/all"
check "fold header and columns follow the contract" -- bash -c '
  f=$1/fold-02.csv
  [ "$(sed -n 1p "$f")" = "# polarcad cv fold 2 of 3" ] &&
  sed -n 2p "$f" | grep -Eq "^# config: manifest_crc32=[0-9a-f]{8} cases=20 dataset=acnac arch=vgg16 trainable=4 augment=40 epochs=2 batch=8 lr=0.0001 seed=1 weights=none input=48x48 width_mult=0.0625$" &&
  [ "$(sed -n 3p "$f")" = "case_id,label,fold,p_cad" ] &&
  sed -n "4,\$p" "$f" | grep -Evq "^c[0-9]{4},[01],2,[01]\.[0-9]{9}$" && exit 1 || true' _ "$d/all"
check "no checkpoint or temporary file is left in the experiment folder" -- \
  bash -c '! ls "$1" | grep -Eq "ckpt|tmp"' _ "$d/all"
check "every fold has its log" -- bash -c 'ls "$1"/fold-0[123].log >/dev/null' _ "$d/all"
expect 0 "fold 2 of 3 already done, skipped" -- "$polarcad" cv $tiny --folds 3 --out "$d/all"
expect 1 "belongs to another experiment" -- "$polarcad" cv $tiny --folds 3 --out "$d/all" --lr 0.001 --quiet
# A fold file damaged after it was written (here a row's probability overwritten) is not taken
# as done, nor trained over: the run stops and names the line.
cp -r "$d/all" "$d/damaged" && sed -i '5s/,[01]\.[0-9]*$/,1.5/' "$d/damaged/fold-02.csv"
expect 1 "fold-02.csv line 5: p_cad" -- "$polarcad" cv $tiny --folds 3 --out "$d/damaged" --quiet
check "the damaged fold file is left as it was" -- grep -q ",1.5$" "$d/damaged/fold-02.csv"
expect 2 "--data manifest.csv" -- "$polarcad" cv --merge "$d/all"
expect 2 "--fold must be a whole number from 1 to 3" -- "$polarcad" cv $tiny --folds 3 --fold 4 --out "$d/x"
expect 2 "--fold must be a whole number from 1 to 3" -- "$polarcad" cv $tiny --folds 3 --fold 0 --out "$d/x"

# ---- train ----------------------------------------------------------------------------------
expect 0 "NOT ImageNet-pretrained" -- "$polarcad" train $tiny --out "$d/m.pcm"
check "the model records how it was trained" -- bash -c 'grep -aq "\"synthetic\": true" "$1" &&
  grep -aq "\"manifest_crc32\": \"" "$1" && grep -aq "\"augment\": 40" "$1"' _ "$d/m.pcm"
expect 0 "trained vgg16-4" -- "$polarcad" train $tiny --weights "$d/m.pcm" --out "$d/m2.pcm" --quiet
expect 0 "block3_conv4, block4_conv4 and block5_conv4 as the identity" -- "$polarcad" train $tiny --arch vgg19 \
  --weights "$d/m.pcm" --out "$d/m19.pcm"
expect 1 "is a vgg19, this training builds a vgg16 (a vgg16 base can start a vgg19, not the other way round)" -- \
  "$polarcad" train $tiny --weights "$d/m19.pcm" --out "$d/x.pcm"
# A base made for another input size serves as well: only the conv layers come from it.
expect 0 "trained vgg16-4" -- "$polarcad" train $tiny --input 64x64 --weights "$d/m.pcm" --out "$d/m64.pcm" --quiet
expect 1 "missing.pcm" -- "$polarcad" train $tiny --weights "$d/missing.pcm" --out "$d/x.pcm"
# A base is named by its content's CRC-32 (the checksum the model file stores at its end),
# not by the whole file's, which is the CRC residue 2144df1c for every model file.
expect 0 "fold" -- "$polarcad" cv $tiny --weights "$d/m.pcm" --folds 3 --fold 1 --out "$d/w" --quiet
stored=$(python3 -c 'import sys, zlib; d = open(sys.argv[1], "rb").read(); print("%08x" % zlib.crc32(d[:-4]))' "$d/m.pcm")
check "the fold names its base by the model file's stored checksum ($stored)" -- \
  grep -q "^# config: .* weights=m.pcm:$stored input=48x48 " "$d/w/fold-01.csv"
check "two different model files get different names" -- bash -c '[ "$1" != "2144df1c" ] &&
  "$2" cv $3 --weights "$4" --folds 3 --fold 1 --out "$5" --quiet >/dev/null 2>&1 &&
  ! grep -q "weights=m2.pcm:$1 " "$5/fold-01.csv" && grep -q "weights=m2.pcm:" "$5/fold-01.csv"' _ \
  "$stored" "$polarcad" "$tiny" "$d/m2.pcm" "$d/w-m2"
# A fold run alone beside folds of another base stops before training, naming the fold it
# would not merge with (the merge would refuse it hours later), and writes nothing.
expect 1 "fold 2 was not run: it would not merge with $d/w/fold-01.csv" -- \
  "$polarcad" cv $tiny --weights "$d/m2.pcm" --folds 3 --fold 2 --out "$d/w" --quiet
check "nothing was written for the refused fold" -- bash -c '! ls "$1" | grep -q "fold-02"' _ "$d/w"
# A fold written before that (weights=NAME:2144df1c, which named no file) still counts as
# done for a base of the same file name, said so; of another name it is another experiment.
mkdir -p "$d/legacy"
sed "2s/weights=m.pcm:$stored/weights=m.pcm:2144df1c/" "$d/w/fold-01.csv" >"$d/legacy/fold-01.csv"
expect 0 "names its base by an older checksum that names no file (weights=m.pcm:2144df1c); taken as this run's m.pcm:$stored" -- \
  "$polarcad" cv $tiny --weights "$d/m.pcm" --folds 3 --fold 1 --out "$d/legacy" --quiet
check "the legacy fold was kept, not trained again" -- bash -c 'grep -q "weights=m.pcm:2144df1c" "$1"' _ "$d/legacy/fold-01.csv"
cp "$d/m.pcm" "$d/other.pcm"
expect 1 "belongs to another experiment" -- "$polarcad" cv $tiny --weights "$d/other.pcm" --folds 3 --fold 1 --out "$d/legacy" --quiet
"$polarcad" train $tiny --checkpoint "$d/ck" --out "$d/c.pcm" --quiet >/dev/null
expect 1 "was written by another configuration" -- "$polarcad" train $tiny --lr 0.001 --checkpoint "$d/ck" \
  --resume --out "$d/x.pcm"
expect 2 "--resume needs --checkpoint" -- "$polarcad" train $tiny --resume --out "$d/x.pcm"

# ---- bad images -------------------------------------------------------------------------------
cp -r "$d/coh" "$d/bad"
printf 'not an image' >"$d/bad/c0005/stress_ac.png"
expect 1 "case c0005 (manifest line 6): $d/bad/c0005/stress_ac.png" -- \
  "$polarcad" train ${tiny/$d\/coh/$d/bad} --out "$d/x.pcm"
rm "$d/bad/c0005/stress_ac.png"
expect 1 "case c0005: stress_ac file $d/bad/c0005/stress_ac.png: No such file" -- "$polarcad" cv ${tiny/$d\/coh/$d/bad} --folds 3 --out "$d/badcv"
check "failed runs leave no model file" -- bash -c '! [ -e "$1/x.pcm" ]' _ "$d"

# ---- a full disk while writing a checkpoint: a 1 MB tmpfs (needs root and mount rights) -------
mkdir -p "$d/full"
if mount -t tmpfs -o size=1m tmpfs "$d/full" 2>/dev/null; then
  expect 1 "No space left on device" -- "$polarcad" train $tiny --checkpoint "$d/full/ck" --out "$d/x.pcm"
  check "the full disk holds no half-written checkpoint" -- bash -c '! ls -A "$1/ck" | grep -q .' _ "$d/full"
  umount "$d/full"
else
  echo "note: cannot mount a tmpfs here; the full-disk check is left out"
fi
finish cli_train
