#!/usr/bin/env bash
# cli_cv_report.sh POLARCAD MAKE_SEMIQ_COHORT MAKE_FOLD_FILES WORKDIR: `polarcad cv --merge`
# end to end: fold files with a known P(CAD) give the expected tables, the report is
# byte-identical on a rerun, and every merge fault is refused with a message naming the file.
set -u
polarcad=$1 make_cohort=$2 make_folds=$3 work=$4
rm -rf "$work" && mkdir -p "$work/run" && "$make_cohort" "$work/cohort" 24 >/dev/null || exit 1
. "$(dirname "$0")/cli_expect.sh"
m=$work/cohort/manifest.csv run=$work/run
"$make_folds" "$m" "$run" 3 1 || exit 1

expect 0 "--merge DIR --data manifest.csv" -- "$polarcad" cv --help
expect 0 "the CNN does not beat the baseline" -- "$polarcad" cv --merge "$run" --data "$m"
for f in predictions.csv report.md report.json roc.svg calibration.svg; do
  check "$f written" -- test -s "$run/$f"
done
# The expected CNN figures, counted here from the manifest's labels and the helper's P(CAD) rule
# (rounded as the fold files print it, %.9f, so ties are ties here too).
expected=$(awk -F, 'NR > 1 { l = $2; if (l == 1) { p = (cad++ % 4 == 3) ? 0.35 : 0.55 + 0.4 * ((NR - 2) % 5) / 4 }
                              else { p = (nocad++ % 3 == 2) ? 0.6 : 0.05 + 0.4 * ((NR - 2) % 5) / 4 }
                     p = sprintf("%.9f", p) + 0; lab[NR] = l; pr[NR] = p; c = p >= 0.5; tp += l && c; fn += l && !c; fp += !l && c; tn += !l && !c }
  END { for (i in lab) if (lab[i]) for (j in lab) if (!lab[j]) s += pr[i] > pr[j] ? 1 : pr[i] == pr[j] ? 0.5 : 0
        printf "%.3f (", s / ((tp + fn) * (fp + tn)); printf "| %d | %d | %d | %d |\n", tp, fn, fp, tn }' "$m")
auc=${expected%%|*} counts="|${expected#*|}"
check "CNN row: AUC $auc and counts $counts" -- bash -c "grep '^| CNN | measured' '$run/report.md' | grep -qF -- '$auc' &&
  grep '^| CNN | measured' '$run/report.md' | grep -qF -- '$counts'"
check "pooled confusion matrix table" -- grep -q "^| called CAD | [0-9]* (TP) | [0-9]* (FP) |" "$run/report.md"
check "paper rows labelled" -- grep -q "^| VGG16-4, acnac | paper, its own patients (Tables 2-3) | 74.53 | 75.00 | 73.43 |" "$run/report.md"
check "Semi-Q paper row" -- grep -q "^| Semi-Q (NAC) | paper, its own patients (Tables 2-3) | 64.81 | 72.37 | 46.88 |" "$run/report.md"
check "mean +- SD rows" -- test "$(grep -c '^| mean ± SD' "$run/report.md")" = 4
check "the not-a-diagnostic-device line" -- grep -q "not a diagnostic device" "$run/report.md"
check "not synthetic" -- grep -q "not recognised as polarcad's synthetic cohort" "$run/report.md"
check "predictions.csv: header and 24 cases" -- bash -c "head -1 '$run/predictions.csv' | grep -qx 'case_id,fold,label,p_cad,cnn_call,semiq_nac_call,semiq_ac_call,logreg_p,logreg_call' && test \$(wc -l < '$run/predictions.csv') = 25"
check "predictions.csv carries the fold files' P(CAD)" -- bash -c "diff <(tail -q -n +4 '$run'/fold-*.csv | cut -d, -f1,4 | sort) <(tail -n +2 '$run/predictions.csv' | cut -d, -f1,4 | sort)"
if [ -x /usr/bin/python3 ]; then
  check "report.json is valid JSON" -- /usr/bin/python3 -m json.tool "$run/report.json" /dev/null
fi
check "roc.svg draws the curves and the paper's points" -- bash -c "grep -c '<polyline' '$run/roc.svg' | grep -qx 2 && grep -q 'paper, its own patients' '$run/roc.svg'"
# Byte-identical on a rerun.
mkdir -p "$work/first" && cp "$run"/report.* "$run"/*.svg "$run/predictions.csv" "$work/first/"
expect 0 "" -- "$polarcad" cv --merge "$run" --data "$m" --quiet
for f in predictions.csv report.md report.json roc.svg calibration.svg; do
  check "$f byte-identical on rerun" -- cmp -s "$run/$f" "$work/first/$f"
done
# The Semi-Q options reach the report (cv --merge and cv take them; a bad one is refused at once).
expect 0 "" -- "$polarcad" cv --merge "$run" --data "$m" --quiet --paper-nac 9,3
check "--paper-nac reaches the report" -- grep -qF "the paper's rule SSS > 9 and SDS > 3" "$run/report.md"
check "--paper-nac changes the Semi-Q calls" -- bash -c "! cmp -s '$run/predictions.csv' '$work/first/predictions.csv'"
expect 2 "paper-nac" -- "$polarcad" cv --merge "$run" --data "$m" --paper-nac x
expect 2 "paper-nac" -- "$polarcad" cv --data "$m" --out "$work/never" --paper-nac x
check "a bad Semi-Q option stops cv before any fold" -- test ! -e "$work/never"
expect 0 "" -- "$polarcad" cv --merge "$run" --data "$m" --quiet
check "default rule again" -- grep -qF "the paper's rule SSS > 3 and SDS > 1" "$run/report.md"
# Synthetic data is said so.
touch "$work/cohort/truth.csv"
expect 0 "" -- "$polarcad" cv --merge "$run" --data "$m" --quiet
check "synthetic data is said so" -- grep -q "\*\*Synthetic data\*\*" "$run/report.md"
rm "$work/cohort/truth.csv"

# Merge faults: a fresh copy of the fold files for each, one change, a clear message.
fault() {   # fault WANT_TEXT COMMANDS: runs COMMANDS in a copy of the fold folder, then merges it
  local want=$1 d=$work/fault; shift
  rm -rf "$d" && mkdir -p "$d" && cp "$run"/fold-*.csv "$d/" && (cd "$d" && eval "$*")
  expect 1 "$want" -- "$polarcad" cv --merge "$d" --data "${manifest:-$m}" --quiet
  check "nothing written after: $want" -- test ! -e "$d/report.md"
}
fault "fold 3 of 3 is missing (no fold-03.csv" "rm fold-03.csv"
fault "fold-2.csv line 1: fold 2 again (also in $work/fault/fold-02.csv)" "cp fold-02.csv fold-2.csv"
fault "fold-02.csv line 2: config differs from $work/fault/fold-01.csv's ('trainable=8' vs 'trainable=4')" \
  "sed -i 's/trainable=4/trainable=8/' fold-02.csv"
cp "$m" "$work/cohort/changed.csv" && echo >> "$work/cohort/changed.csv"
manifest=$work/cohort/changed.csv fault "but $work/cohort/changed.csv has" "true"
manifest=$work/cohort/changed.csv fault "the folds were run on a manifest with CRC-32" "true"
fault "fold-02.csv line 4: case 'c0000' again (already in $work/fault/fold-01.csv line 4)" \
  "{ head -n 3 fold-02.csv; sed -n 4p fold-01.csv | sed 's/,1,0\./,2,0./'; tail -n +4 fold-02.csv; } > x && mv x fold-02.csv"
fault "fold-01.csv line 4: case 'c0000' has label 1, but $m line 2 says 0" "sed -i '4s/^c0000,0,/c0000,1,/' fold-01.csv"
fault "fold-01.csv line 4: case 'c0000' is in fold 1, but the stratified folds of this seed put it in fold" \
  "sed -i 's/seed=1 /seed=2 /' fold-0*.csv"
fault "is in no fold file" "sed -i '5d' fold-03.csv"
fault "fold-01.csv line 1: expected '# polarcad cv fold K of N'" "sed -i '1s/.*/# something else/' fold-01.csv"
expect 1 "no fold result files (fold-KK.csv)" -- "$polarcad" cv --merge "$work/cohort" --data "$m"
expect 2 "--data manifest.csv" -- "$polarcad" cv --merge "$run"
expect 2 "unknown option '--bogus'" -- "$polarcad" cv --merge "$run" --bogus
finish cli_cv_report
