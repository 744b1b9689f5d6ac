#!/usr/bin/env bash
# cli_predict.sh POLARCAD MAKE_SEMIQ_COHORT MAKE_TEST_MODEL WORKDIR: predict and export end to
# end on random-init models: outputs, provenance and disclaimer lines, exit codes, messages
# naming the problem (wrong dataset or input size, foreign model files, missing maps,
# unreadable images), nothing half-written.
set -u
polarcad=$1 make_cohort=$2 make_model=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && "$make_cohort" "$work/cohort" 15 || exit 1
. "$(dirname "$0")/cli_expect.sh"
c=$work/cohort m=$work/cohort/manifest.csv
s=$c/c0001
study="$s/stress_nac.jpg $s/rest_nac.jpg $s/stress_ac.jpg $s/rest_ac.jpg"
meta='{"trained_on": "nothing: random initialisation (a test model)", "seed": 3}'
"$make_model" "$work/acnac.pcm" acnac 300 300 0.0625 3 "$meta" || exit 1
"$make_model" "$work/ac.pcm" ac 150 300 0.0625 4 || exit 1
"$make_model" "$work/free.pcm" none 150 300 0.0625 5 || exit 1
"$make_model" "$work/224.pcm" none 224 224 0.0625 6 || exit 1
"$make_model" "$work/224acnac.pcm" acnac 224 224 0.0625 6 || exit 1
# Models as `polarcad train --input HxW` writes them (its metadata's source): the montage is resized.
"$make_model" "$work/150acnac.pcm" acnac 150 150 0.0625 7 '{"source": "polarcad train", "trained_on": "a test"}' || exit 1
"$make_model" "$work/150ac.pcm" ac 150 150 0.0625 7 '{"source": "polarcad train", "trained_on": "a test"}' || exit 1

expect 0 "--gradcam DIR" -- "$polarcad" predict --help
expect 0 "--dtype fp16|int8" -- "$polarcad" export --help
expect 0 "predict" -- "$polarcad" --help

# One study: the call, the territories, what the model was trained on, the disclaimer.
expect 0 "P(CAD) = " -- "$polarcad" predict --model "$work/acnac.pcm" --study $study
expect 0 "not a calibrated probability at another prevalence" -- "$polarcad" predict --model "$work/acnac.pcm" \
  --study $study
check "text: trained on" -- grep -qF "trained on: nothing: random initialisation (a test model)" <<<"$out"
check "text: territory table" -- grep -qE "^  study +[0-9.]+% +[0-9.]+% +[0-9.]+%" <<<"$out"
check "text: top territory" -- grep -qE "top territory: (LAD|LCx|RCA)" <<<"$out"
check "text: disclaimer" -- grep -qF "not a diagnostic device" <<<"$out"
expect 0 '"p_cad": ' -- "$polarcad" predict --model "$work/acnac.pcm" --study $study --json
if [ -x /usr/bin/python3 ]; then
  check "--json is valid JSON with shares summing to 1" -- /usr/bin/python3 -c '
import json, sys
d = json.loads(sys.argv[1])
t = d["gradcam"]["territories"]
assert abs(sum(t.values()) - 1) < 1e-3 or d["gradcam"]["mass"] == 0, t
assert len(d["gradcam"]["maps"]) == 4 and "not a diagnostic device" in d["disclaimer"]
assert d["trained_on"].startswith("trained on: nothing")
assert d["warnings"] == [], d["warnings"]' "$out"
fi
# A study whose discs are cut off by the window edge: each map's warning, text and JSON.
"$polarcad" synth --out "$work/cut" --cases 1 --seed 5 --style screenshot --capture cut >/dev/null
cut="$work/cut/c0001/stress_nac.png $work/cut/c0001/rest_nac.png $work/cut/c0001/stress_ac.png $work/cut/c0001/rest_ac.png"
expect 0 "  warning: $work/cut/c0001/rest_nac.png: part of the disc is outside the image" -- \
  "$polarcad" predict --model "$work/acnac.pcm" --study $cut
expect 0 '"warnings": ["'"$work"'/cut/c0001/stress_nac.png: part of the disc is outside the image' -- \
  "$polarcad" predict --model "$work/acnac.pcm" --study $cut --json
expect 0 "training data: not recorded in the model file" -- "$polarcad" predict --model "$work/ac.pcm" \
  --study - - "$s/stress_ac.jpg" "$s/rest_ac.jpg"
check "ac model: two maps" -- test "$(grep -cE '^  (stress|rest)_ac ' <<<"$out")" = 4

# --gradcam: one picture per map, the folder complete or absent.
expect 0 "wrote the Grad-CAM pictures to $work/gc" -- "$polarcad" predict --model "$work/acnac.pcm" --study $study \
  --gradcam "$work/gc"
check "four Grad-CAM PNGs" -- test -s "$work/gc/stress_nac.png" -a -s "$work/gc/rest_ac.png"
expect 1 "already exists" -- "$polarcad" predict --model "$work/acnac.pcm" --study $study --gradcam "$work/gc"
expect 1 "no polar map found" -- "$polarcad" predict --model "$work/acnac.pcm" --study "$c/blank.png" \
  "$s/rest_nac.jpg" "$s/stress_ac.jpg" "$s/rest_ac.jpg" --gradcam "$work/gc2"
check "no folder after a failure" -- test ! -e "$work/gc2"
check "no temporary folders left" -- test -z "$(ls "$work" | grep tmp)"

# Scores beside the prediction.
"$polarcad" normals --data "$m" --out "$work/normals.db" >/dev/null || fail "normals"
expect 0 "Semi-quantitative scores (normal database" -- "$polarcad" predict --model "$work/acnac.pcm" --study $study \
  --normals "$work/normals.db" --sex M
check "NAC and AC scores" -- grep -qE "^  AC +SSS [0-9]+" <<<"$out"
expect 0 '"semiq_ac": {"sss": ' -- "$polarcad" predict --model "$work/ac.pcm" --study $study \
  --normals "$work/normals.db" --json

# A data set.
expect 0 "15 cases of $m" -- "$polarcad" predict --model "$work/acnac.pcm" --data "$m" --out "$work/pred.csv"
check "predictions.csv: header and 15 rows" -- test "$(wc -l < "$work/pred.csv")" = 16
check "predictions.csv columns" -- grep -q "^case_id,label,p_cad,class,top_territory,lad,lcx,rca$" "$work/pred.csv"
check "predictions.csv rows" -- grep -qE "^c0001,1,0\.[0-9]{6},(cad|no_cad),(LAD|LCx|RCA)?,[0-9.]+,[0-9.]+,[0-9.]+$" "$work/pred.csv"
check "data: trained on and disclaimer" -- grep -qF "trained on: nothing" <<<"$out"
sed 's#c0002/rest_ac.jpg#blank.png#' "$m" > "$c/blank.csv"
expect 1 "case c0002 (manifest line 4): $c/blank.png: no polar map found" -- "$polarcad" predict \
  --model "$work/acnac.pcm" --data "$c/blank.csv" --out "$work/bad.csv"
check "no predictions file after a failure" -- test ! -e "$work/bad.csv"
# --skip-unreadable: the unreadable case gets an error row, the others are predicted.
expect 0 "1 of them unreadable and skipped" -- "$polarcad" predict --model "$work/acnac.pcm" --data "$c/blank.csv" \
  --out "$work/skip.csv" --skip-unreadable
check "skip: stderr names the case" -- grep -qF "skipped (unreadable): case c0002 (manifest line 4)" <<<"$out"
check "skip: header with the error column" -- grep -q "^case_id,label,p_cad,class,top_territory,lad,lcx,rca,error$" \
  "$work/skip.csv"
check "skip: header and 15 rows" -- test "$(wc -l < "$work/skip.csv")" = 16
check "skip: the error row" -- grep -qE '^c0002,1,,unreadable,,,,,"case c0002 \(manifest line 4\): .*no polar map found' \
  "$work/skip.csv"
check "skip: a good row, error empty" -- grep -qE "^c0001,1,0\.[0-9]{6},(cad|no_cad),(LAD|LCx|RCA)?,[0-9.]+,[0-9.]+,[0-9.]+,$" \
  "$work/skip.csv"
sed 's#/rest_ac.jpg#/../blank.png#' "$m" > "$c/allblank.csv"
expect 1 "none of the 15 cases of $c/allblank.csv could be read" -- "$polarcad" predict --model "$work/acnac.pcm" \
  --data "$c/allblank.csv" --out "$work/none.csv" --skip-unreadable
check "skip: nothing written when no case could be read" -- test ! -e "$work/none.csv"
expect 2 "go with --data" -- "$polarcad" predict --model "$work/acnac.pcm" --study $study --skip-unreadable
# An AC-only manifest (no NAC columns) is enough for an ac model, not for an acnac one.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
         { print $col["case_id"] "," $col["label"] "," $col["stress_ac"] "," $col["rest_ac"] }' "$m" > "$c/ac-only.csv"
expect 0 "15 cases of $c/ac-only.csv" -- "$polarcad" predict --model "$work/ac.pcm" --data "$c/ac-only.csv" \
  --out "$work/ac-only.csv"
check "ac-only: 15 rows" -- test "$(wc -l < "$work/ac-only.csv")" = 16
expect 1 "the header lacks the column 'stress_nac'" -- "$polarcad" predict --model "$work/acnac.pcm" \
  --data "$c/ac-only.csv" --out "$work/ac-only2.csv"

# The model and the maps must fit each other.
expect 2 "the acnac model needs the stress_ac map, which was not given" -- "$polarcad" predict \
  --model "$work/acnac.pcm" --study "$s/stress_nac.jpg" "$s/rest_nac.jpg" - "$s/rest_ac.jpg"
expect 1 "is a model for the acnac dataset, not ac" -- "$polarcad" predict --model "$work/acnac.pcm" --dataset ac \
  --study $study
expect 2 "fits both ac and nac; say which dataset it is for (acnac, ac or nac) with --dataset" -- "$polarcad" predict --model "$work/free.pcm" --study $study
expect 0 "P(CAD) = " -- "$polarcad" predict --model "$work/free.pcm" --dataset nac --study $study
expect 1 "takes 224 x 224 images, but the acnac montage is 300 x 300: a model for another input size" -- \
  "$polarcad" predict --model "$work/224acnac.pcm" --study $study
expect 1 "takes 224 x 224 images, which is no dataset's montage (acnac 300 x 300, ac 150 x 300, nac 150 x 300)" -- \
  "$polarcad" predict --model "$work/224.pcm" --study $study
expect 0 "acnac 150 x 150: the montage resized to it, as in training" -- "$polarcad" predict \
  --model "$work/150acnac.pcm" --study $study
check "resized: the territory table" -- grep -qE "^  study +[0-9.]+% +[0-9.]+% +[0-9.]+%" <<<"$out"
expect 0 "wrote the Grad-CAM pictures" -- "$polarcad" predict --model "$work/150acnac.pcm" --study $study \
  --gradcam "$work/gc150"
check "resized: Grad-CAM pictures at the montage's tile size" -- test -s "$work/gc150/rest_ac.png"
expect 1 "takes 150 x 150 images, but the ac montage is 150 x 300: a model for another input size" -- \
  "$polarcad" predict --model "$work/150ac.pcm" --study - - "$s/stress_ac.jpg" "$s/rest_ac.jpg"
expect 1 "takes 224 x 224 images, but the ac montage is 150 x 300" -- "$polarcad" predict --model "$work/224.pcm" \
  --dataset ac --study $study

# Files from elsewhere, unreadable images.
expect 1 "not a polarcad model file (it is a PNG image)" -- "$polarcad" predict --model "$c/blank.png" --study $study
printf '\x08\x07\x12\x07pytorch\x1a\x052.1.0' > "$work/model.onnx"
expect 1 "it looks like an ONNX model" -- "$polarcad" predict --model "$work/model.onnx" --study $study
expect 1 "it is a polarcad normal database" -- "$polarcad" predict --model "$work/normals.db" --study $study
head -c 5000 "$work/acnac.pcm" > "$work/cut.pcm"
expect 1 "truncated" -- "$polarcad" predict --model "$work/cut.pcm" --study $study
expect 1 "$work/none.pcm" -- "$polarcad" predict --model "$work/none.pcm" --study $study
expect 1 "$c/notes.txt: not a PNG, JPEG or BMP image" -- "$polarcad" predict --model "$work/acnac.pcm" \
  --study "$c/notes.txt" "$s/rest_nac.jpg" "$s/stress_ac.jpg" "$s/rest_ac.jpg"
expect 1 "$s/nothere.jpg" -- "$polarcad" predict --model "$work/acnac.pcm" \
  --study "$s/nothere.jpg" "$s/rest_nac.jpg" "$s/stress_ac.jpg" "$s/rest_ac.jpg"
# A model whose metadata lists the colour tables it was trained on warns on a study in another.
"$make_model" "$work/graytrained.pcm" acnac 300 300 0.0625 3 '{"trained_on": "a test", "colormaps": ["gray", "siemens"]}' || exit 1
out=$("$polarcad" predict --model "$work/graytrained.pcm" --study $study --no-normals 2>&1)
check "colour table not trained on: a warning" -- grep -qE "^warning: the maps are in the [a-z]+ colour table, but this model was trained on maps in gray, siemens only" <<<"$out"
out=$("$polarcad" predict --model "$work/graytrained.pcm" --study $study --no-normals --json 2>&1)
check "colour table not trained on: in the JSON warnings" -- grep -qE '"warnings": \["the maps are in the [a-z]+ colour table, but' <<<"$out"
check "colour table not trained on: the maps were drawn again in the model's first table" -- \
  grep -qF 'drawn again in gray, colour by colour' <<<"$out"
check "colour table not trained on: the JSON names the table the network read" -- grep -qF '"network_colormap": "gray"' <<<"$out"
redrawn=$(grep -oE '"p_cad": [0-9.]+' <<<"$out")
out=$("$polarcad" predict --model "$work/graytrained.pcm" --study $study --no-normals --json --no-redraw 2>&1)
check "--no-redraw: read as it is, and the warning says what that means" -- \
  grep -qE '"warnings": \["the maps are in the [a-z]+ colour table, but .*its output may mean nothing here' <<<"$out"
check "--no-redraw: the network read the study's own table" -- bash -c '! grep -qF "\"network_colormap\": \"gray\"" <<<"$1"' _ "$out"
check "--no-redraw: another input, another P(CAD)" -- test "$redrawn" != "$(grep -oE '"p_cad": [0-9.]+' <<<"$out")"
# The Grad-CAM pictures lie over the tiles the network read: the redrawn ones, unless told not to.
expect 0 "wrote the Grad-CAM pictures" -- "$polarcad" predict --model "$work/graytrained.pcm" --study $study \
  --no-normals --gradcam "$work/gc-redrawn"
expect 0 "wrote the Grad-CAM pictures" -- "$polarcad" predict --model "$work/graytrained.pcm" --study $study \
  --no-normals --no-redraw --gradcam "$work/gc-as-is"
# Its left half is the tile as the network read it: grey (r = g = b) when drawn again in gray
# (but for the disc's anti-aliased rim, about 1% of its pixels, which the redraw leaves).
grey_share='from PIL import Image; import sys
im = Image.open(sys.argv[1]).convert("RGB"); w, h = im.size
px = [im.getpixel((x, y)) for y in range(40, h - 40) for x in range(20, w // 2 - 20)]
disc = [p for p in px if max(p) > 40]
print(round(sum(p[0] == p[1] == p[2] for p in disc) / len(disc), 2))'
check "redrawn: the Grad-CAM picture shows the tile drawn again in gray" -- \
  awk -v f="$(/usr/bin/python3 -c "$grey_share" "$work/gc-redrawn/rest_ac.png")" 'BEGIN { exit !(f > 0.95) }'
check "--no-redraw: the Grad-CAM picture shows the study's own colours" -- \
  awk -v f="$(/usr/bin/python3 -c "$grey_share" "$work/gc-as-is/rest_ac.png")" 'BEGIN { exit !(f < 0.05) }'
"$make_model" "$work/alltrained.pcm" acnac 300 300 0.0625 3 \
  '{"trained_on": "a test", "colormaps": ["gray", "thermal", "cool", "cequal", "siemens", "spet"]}' || exit 1
out=$("$polarcad" predict --model "$work/alltrained.pcm" --study $study --no-normals 2>&1)
check "colour table trained on: no warning" -- bash -c '! grep -q "colour table, but" <<<"$1"' _ "$out"
out=$("$polarcad" predict --model "$work/graytrained.pcm" --data "$m" --out "$work/gray.csv" 2>&1)
check "--data: the cases in another colour table counted" -- grep -qE "^warning: [0-9]+ of them are in a colour table this model was not trained on \(the first, c0" <<<"$out"

# Without --model: the shipped model and normal database, found in $POLARCAD_MODEL_DIR (cli/shipped.h).
mkdir -p "$work/shipped-none" "$work/shipped"
POLARCAD_MODEL_DIR=$work/shipped-none expect 1 "the shipped model was not found (looked in $work/shipped-none/model.pcm" \
  -- "$polarcad" predict --study $study
cp "$work/acnac.pcm" "$work/shipped/model.pcm"
"$polarcad" normals --data "$m" --out "$work/shipped/normals-low-likelihood.db" >/dev/null || fail "shipped normals"
out=$(POLARCAD_MODEL_DIR=$work/shipped "$polarcad" predict --study $study 2>&1)
check "shipped: its model" -- grep -qF "model: $work/shipped/model.pcm" <<<"$out"
check "shipped: its normals" -- grep -qF "normal database $work/shipped/normals-low-likelihood.db" <<<"$out"
check "shipped: scores" -- grep -qE "^  NAC  SSS [0-9]+" <<<"$out"
out=$(POLARCAD_MODEL_DIR=$work/shipped "$polarcad" predict --study $study --no-normals 2>&1)
check "--no-normals: a call, no scores" -- bash -c 'grep -qF "P(CAD) = " <<<"$1" && ! grep -q "SSS" <<<"$1"' _ "$out"
rm "$work/shipped/normals-low-likelihood.db"
out=$(POLARCAD_MODEL_DIR=$work/shipped "$polarcad" predict --study $study 2>&1)
check "shipped normals missing: said, still a call" -- bash -c 'grep -qF "the shipped one was not found" <<<"$1" && grep -qF "P(CAD) = " <<<"$1"' _ "$out"
expect 2 "contradict" -- "$polarcad" predict --model "$work/acnac.pcm" --study $study --normals x --no-normals
expect 2 "needs either --study" -- "$polarcad" predict --model "$work/acnac.pcm"
expect 2 "--study needs 4 maps" -- "$polarcad" predict --model "$work/acnac.pcm" --study "$s/stress_nac.jpg"
expect 2 "--data takes --out FILE.csv" -- "$polarcad" predict --model "$work/acnac.pcm" --data "$m"

# export: smaller files the same loader reads, the metadata kept, the cost measured.
expect 0 "weights fp16" -- "$polarcad" export --model "$work/acnac.pcm" --dtype fp16 --out "$work/half.pcm"
expect 0 "weights int8" -- "$polarcad" export --model "$work/acnac.pcm" --dtype int8 --out "$work/q.pcm" \
  --check-data "$m"
check "check-data: largest change" -- grep -qE "largest \|P\(CAD\) change\| [0-9.e+-]+ \(case c[0-9]+\)" <<<"$out"
check "check-data: calls" -- grep -qE "calls \(P\(CAD\) > 0.5\) that change: [0-9]+ of 15" <<<"$out"
check "int8 under 40% of fp32" -- test $(( $(stat -c %s "$work/q.pcm") * 10 )) -lt $(( $(stat -c %s "$work/acnac.pcm") * 4 ))
check "fp16 under 60% of fp32" -- test $(( $(stat -c %s "$work/half.pcm") * 10 )) -lt $(( $(stat -c %s "$work/acnac.pcm") * 6 ))
expect 0 "weights stored as int8" -- "$polarcad" predict --model "$work/q.pcm" --study $study
check "exported model keeps its metadata" -- grep -qF "trained on: nothing: random initialisation" <<<"$out"
expect 2 "--dtype must be fp16, int8 or fp32" -- "$polarcad" export --model "$work/acnac.pcm" --dtype fp8 --out "$work/x.pcm"
expect 1 "it is a PNG image" -- "$polarcad" export --model "$c/blank.png" --dtype int8 --out "$work/x.pcm"
expect 1 "$work/no/such/x.pcm" -- "$polarcad" export --model "$work/acnac.pcm" --dtype int8 --out "$work/no/such/x.pcm"
# --set-metadata KEY=FILE: one top-level key set (the page reads "cv"), the rest kept; a bad value writes nothing.
printf '{"experiment": "t", "auc": 0.75,\n "folds": 10}\n' >"$work/cv.json"
expect 0 "weights fp16" -- "$polarcad" export --model "$work/acnac.pcm" --dtype fp16 --out "$work/cv1.pcm" \
  --set-metadata "cv=$work/cv.json"
printf '{"auc": 0.5}' >"$work/cv2.json"
expect 0 "weights fp16" -- "$polarcad" export --model "$work/cv1.pcm" --dtype fp16 --out "$work/cv2.pcm" \
  --set-metadata "cv=$work/cv2.json"
check "--set-metadata replaces the key, keeps the rest" -- bash -c \
  'grep -aqF "\"seed\": 3, \"cv\": {\"auc\": 0.5}}" "$1" && test "$(grep -ac "\"cv\"" "$1")" = 1' _ "$work/cv2.pcm"
printf '{"auc": ' >"$work/cvbad.json"
expect 1 "metadata key 'cv': the value is not one JSON value" -- "$polarcad" export --model "$work/acnac.pcm" \
  --dtype fp16 --out "$work/x.pcm" --set-metadata "cv=$work/cvbad.json"
expect 2 "--set-metadata needs KEY=FILE" -- "$polarcad" export --model "$work/acnac.pcm" --dtype fp16 \
  --out "$work/x.pcm" --set-metadata cv
check "nothing written after failed exports" -- test ! -e "$work/x.pcm" -a -z "$(ls "$work" | grep -E 'tmp|\.pcm\.')"

finish cli_predict
