#!/usr/bin/env bash
# cli_reproduce.sh POLARCAD WORKDIR: scripts/reproduce end to end with a tiny network (VGG16 at
# 1/16 width, 48 x 48 input) on a 30-case cohort, a few seconds a fold:
#   - --max-minutes stops between folds, and a rerun continues where it stopped;
#   - the folds it ran are byte-identical to one plain `polarcad cv` run of the same options;
#   - every fold leaves one times.csv line, the merge writes the report;
#   - --table fills the measured row and leaves the others empty with the reason;
#   - scripts/train-default trains, exports the smallest file whose calls agree with fp32 and
#     ships it where it is told, a model predict reads.
set -u
polarcad=$1 work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
. "$(dirname "$0")/cli_expect.sh"
repro="$(dirname "$0")/../../scripts/reproduce"
d=$work
export SOURCE_DATE_EPOCH=1700000000
tiny="--augment 20 --epochs 1 --batch 8 --input 48x48 --width-mult 0.0625"
r=(python3 "$repro" --polarcad "$polarcad" --results "$d/res" --cohort "$d/coh" --cases 30 --threads 1)
exp=$d/res/t2-acnac-vgg16-4

expect 0 "stopping before t2-acnac-vgg16-4 fold 2" -- "${r[@]}" t2-acnac-vgg16-4 --extra "$tiny" --max-minutes 0.0001
check "--max-minutes ran one fold, then stopped" -- bash -c '[ -s "$1/fold-01.csv" ] && [ ! -e "$1/fold-02.csv" ]' _ "$exp"
expect 0 "t2-acnac-vgg16-4 fold 10 done" -- "${r[@]}" t2-acnac-vgg16-4 --extra "$tiny"
check "times.csv has a line per fold" -- bash -c '[ "$(tail -n +2 "$1/times.csv" | wc -l)" = 10 ]' _ "$exp"
check "the merge wrote the report" -- test -s "$exp/report.json" -a -s "$exp/report.md" -a -s "$exp/roc.svg"
check "no checkpoint is left" -- bash -c '! ls "$1" | grep -q ckpt' _ "$exp"
expect 0 "" -- "$polarcad" cv --data "$d/coh/manifest.csv" --out "$d/plain" --folds 10 --threads 1 --quiet \
  --dataset acnac --arch vgg16 --trainable 4 $tiny
for k in 01 05 10; do
  check "fold-$k.csv: the same bytes as a plain cv run" -- cmp "$exp/fold-$k.csv" "$d/plain/fold-$k.csv"
done
expect 0 " 0/10 folds" -- "${r[@]}" --list
expect 0 "t2-acnac-vgg16-4                 table 2     10/10 folds" -- "${r[@]}" --list
expect 2 "no experiment t9-none" -- "${r[@]}" t9-none

printf '# results\n<!-- reproduce:table2 -->\nstale\n<!-- /reproduce:table2 -->\n<!-- reproduce:table2s -->\n<!-- /reproduce:table2s -->\n<!-- reproduce:table4 -->\n<!-- /reproduce:table4 -->\n<!-- reproduce:table4s -->\n<!-- /reproduce:table4s -->\n<!-- reproduce:tablebase -->\n<!-- /reproduce:tablebase -->\n<!-- reproduce:images -->\n<!-- /reproduce:images -->\n' >"$d/doc.md"
# Two folds of a row made on different draws of its base (their config lines' weights tags).
mkdir -p "$d/res/t4-acnac-vgg16-12"
for k in 1 2; do
  sed "/^# config:/s/ weights=[^ ]*/ weights=b.pcm:0000000$k/" "$exp/fold-0$k.csv" >"$d/res/t4-acnac-vgg16-12/fold-0$k.csv"
done
expect 0 "tables rewritten" -- "${r[@]}" --table --doc "$d/doc.md"
check "--table: a row whose folds ran on different bases says so" -- grep -Fq \
  '| `t4-acnac-vgg16-12` | 47.22 / 50.65 / 39.06 | | | | | | not measured: 2/10 folds run (0 min so far), on different draws of its base (00000001: fold 1; 00000002: fold 2), which cv --merge refuses to mix |' \
  "$d/doc.md"
check "--table replaced the old block" -- bash -c '! grep -q stale "$1"' _ "$d/doc.md"
check "--table: the measured row has figures and a wall time" -- \
  grep -Eq '^\| `t2-acnac-vgg16-4` \| 74.53 / 75.00 / 73.43 \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| 0\.[0-9]{3} \(' "$d/doc.md"
check "--table: the measured row says how the CNN compares with the baseline" -- \
  grep -Eq '^\| `t2-acnac-vgg16-4` .*\| 0\.[0-9]{3}; CNN [+-][0-9.]+ \([+-][0-9.]+ to [+-][0-9.]+\) \|' "$d/doc.md"
check "--table: a row never run stays empty and says why" -- \
  grep -Fq '| `t4-acnac-vgg16-8` | 62.03 / 61.84 / 62.50 | | | | | | not measured: 0/10 folds run' "$d/doc.md"
check "--table: the base rows, not run, say so" -- \
  grep -Fq '| `base-acnac-vgg16-4-150-synthetic` | n/a | | | | | | not measured: 0/10 folds run' "$d/doc.md"
check "--table: the synthetic-base configuration's ACNAC VGG16-4 row is the base comparison's (b), in Tables 2 and 4" -- \
  test "$(grep -cF '| `base-acnac-vgg16-4-150-synthetic` | 74.53 / 75.00 / 73.43 | | | | | | not measured' "$d/doc.md")" = 2
check "--table: what the images allow (two readers who see every drawn defect)" -- \
  test "$(grep -cE '^\| a reader who sees every defect drawn .* \(all 30 cases: [0-9]+ consistent' "$d/doc.md")" = 2
check "--table: CNN and baseline on the consistent cases" -- \
  grep -Eq '^\| `t2-acnac-vgg16-4` \| 0\.[0-9]{3} \(.*\| [+-]0\.[0-9]{3} \(.*p = [0-9.]+ \| ([0-9.]+ / [0-9.]+ \(n = [0-9]+\)|n/a) \| .* \|$' "$d/doc.md"
check "--table: the Semi-Q rows come from the same folds" -- grep -Eq '^\| Semi-Q \(NAC\) \(same folds\) \| 64.81' "$d/doc.md"
# A row whose done folds name another base than the one here: no fold of it starts (it would
# be refused at the merge after its whole run), and the message says which tags differ.
mkdir -p "$d/pre" "$d/res/t4-acnac-vgg16-12-synthetic"
cp "$polarcad" "$d/pre/base-150x150.pcm"   # any file: only its tag is read before a fold starts
sed "/^# config:/s/ weights=[^ ]*/ weights=base-150x150.pcm:00000001/" "$exp/fold-01.csv" \
  >"$d/res/t4-acnac-vgg16-12-synthetic/fold-01.csv"
expect 0 "skipping t4-acnac-vgg16-12-synthetic: its done folds used the base tagged 00000001, and" -- \
  env PC_REPRODUCE_PRETRAIN="$d/pre" "${r[@]}" t4-acnac-vgg16-12-synthetic
check "no fold of that row started" -- bash -c '[ "$(ls "$1")" = fold-01.csv ]' _ "$d/res/t4-acnac-vgg16-12-synthetic"
rm -r "$d/res/t4-acnac-vgg16-12-synthetic"
echo "no markers" >"$d/bad.md"
expect 1 "has no <!-- reproduce:table2 -->" -- "${r[@]}" --table --doc "$d/bad.md"

# ---- scripts/train-default -------------------------------------------------------------------
td=(env PC_POLARCAD="$polarcad" PC_TRAIN_DEFAULT_OUT="$d/ship/model.pcm" PC_TRAIN_DEFAULT_WORK="$d/td"
    PC_TRAIN_DEFAULT_EXPERIMENT=t2-acnac-vgg16-4 PC_TRAIN_DEFAULT_RESULTS="$d/res"
    PC_TRAIN_DEFAULT_CASES=20 PC_TRAIN_DEFAULT_EXTRA="--augment 20 --epochs 1 --batch 8 --width-mult 0.0625 --quiet"
    bash "$(dirname "$0")/../../scripts/train-default" --threads 1)
expect 0 "train-default: shipped $d/ship/model.pcm (int8" -- "${td[@]}"
check "the shipped model carries its configuration's CV figures" -- \
  grep -aqE '"cv": \{"experiment": "t2-acnac-vgg16-4", "folds": 10, "cases": 30, .*"auc": 0\.[0-9]+' "$d/ship/model.pcm"
check "no temporary file is left beside the shipped model" -- bash -c '[ "$(ls "$1")" = model.pcm ]' _ "$d/ship"
s=$d/coh/c0001
expect 0 "P(CAD)" -- "$polarcad" predict --model "$d/ship/model.pcm" --study "$s/stress_nac.png" "$s/rest_nac.png" \
  "$s/stress_ac.png" "$s/rest_ac.png"
expect 2 "unknown option '--fast'" -- "${td[@]}" --fast

# ---- scripts/robustness: the shipped model on other renderings of one new cohort -------------
rb=(python3 "$(dirname "$0")/../../scripts/robustness" --polarcad "$polarcad" --model "$d/ship/model.pcm" --cases 10
    --threads 1 --out "$d/rob" --work "$d/robw" --cv-predictions "$exp/predictions.csv")
expect 0 "| reference: as in training" -- "${rb[@]}"
check "robustness: a row per rendering, paired against the reference" -- \
  test "$(grep -cE '^\| [a-z0-9-]+: .*\| [+-]0\.[0-9]{3} \([+-][0-9.]+ to [+-][0-9.]+\), p = ' <<<"$out")" = 12
check "robustness: the same patients in every rendering" -- \
  bash -c 'for f in "$1"/*.csv; do cut -d, -f1,2 "$f" | cmp -s - <(cut -d, -f1,2 "$1/reference.csv") || exit 1; done' _ "$d/rob"
check "robustness: maps in another table read both ways, the same patients" -- \
  bash -c 'cmp -s <(cut -d, -f1,2 "$1/gray.csv") <(cut -d, -f1,2 "$1/gray-as-is.csv") && grep -qF "; \`--no-redraw\`" <<<"$2"' _ "$d/rob" "$out"
check "robustness: the other seed against the CV figures" -- grep -qF "against the cross-validated AUC" <<<"$out"
printf '<!-- robustness:table -->\nold\n<!-- /robustness:table -->\n' >"$d/rob.md"
expect 0 "rewrote the robustness table" -- "${rb[@]}" --table --doc "$d/rob.md"
check "robustness --table: the table replaced the old text" -- bash -c '! grep -q old "$1" && grep -q "capture-small" "$1"' _ "$d/rob.md"
finish cli_reproduce
