#!/usr/bin/env bash
# cli_normals_default.sh POLARCAD MODEL_DIR WORKDIR: the low-likelihood population, the
# vendor-style normal database built from it, the shipped default and where the CLI finds
# it, Semi-Q both ways, and the generator's model versions end to end.
set -u
polarcad=$1 model=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
d=$work
. "$(dirname "$0")/cli_expect.sh"
col() { head -1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1; }   # column number of a header name

# The low-likelihood population: every label 0, men and women 50/50, no excluded finding.
expect 0 "20 no CAD), seed 11, model version 2, low-likelihood population" -- \
  "$polarcad" synth --out "$d/ll" --population low-likelihood --cases 20 --seed 11
t=$d/ll/truth.csv
check "20 cases" -- test "$(tail -n +2 "$t" | wc -l)" = 20
check "10 men and 10 women" -- test "$(cut -d, -f3 "$t" | grep -c '^M$')-$(cut -d, -f3 "$t" | grep -c '^F$')" = 10-10
for name in label prior_mi diseased_vessels left_main lbbb microvascular hypertrophy; do
  check "$name is 0 in every case" -- test "$(tail -n +2 "$t" | cut -d, -f"$(col "$t" "$name")" | sort -u)" = 0
done
for v in lad lcx rca; do
  check "no $v lesion" -- test "$(tail -n +2 "$t" | cut -d, -f"$(col "$t" "${v}_lesion")" | sort -u)" = none
done
check "prior_revasc none" -- test "$(tail -n +2 "$t" | cut -d, -f"$(col "$t" prior_revasc)" | sort -u)" = none
check "manifest labels 0" -- test "$(tail -n +2 "$d/ll/manifest.csv" | cut -d, -f2 | sort -u)" = 0
expect 2 "--population low-likelihood needs --model-version 2" -- \
  "$polarcad" synth --out "$d/x" --population low-likelihood --model-version 1
expect 2 "--prevalence does not go with --population low-likelihood" -- \
  "$polarcad" synth --out "$d/x" --population low-likelihood --prevalence 0.5
expect 2 "--population must be referred or low-likelihood" -- "$polarcad" synth --out "$d/x" --population all
expect 2 "--model-version must be a whole number from 1 to 2" -- "$polarcad" synth --out "$d/x" --model-version 3

# The database built from it.
expect 0 "wrote $d/ll.db: 20 normal studies (10 men, 10 women)" -- \
  "$polarcad" normals --data "$d/ll/manifest.csv" --out "$d/ll.db"
# The shipped database is exactly what model/README-normals.md says makes it.
"$polarcad" synth --out "$d/ll80" --population low-likelihood --cases 80 --seed 4040 --model-version 2 >/dev/null &&
  "$polarcad" normals --data "$d/ll80/manifest.csv" --out "$d/ll80.db" >/dev/null 2>&1
check "model/normals-low-likelihood.db rebuilds byte for byte" -- cmp -s "$d/ll80.db" "$model/normals-low-likelihood.db"

# score --study without --normals uses the shipped database and says so.
s=$d/ll/c0001
study="$s/stress_nac.png $s/rest_nac.png $s/stress_ac.png $s/rest_ac.png"
expect 0 "the shipped default: vendor-style normal limits" -- "$polarcad" score --study $study --sex M
expect 0 "normals-low-likelihood.db" -- "$polarcad" score --study $study
expect 0 '"normals_default": true' -- "$polarcad" score --study $study --json
expect 0 '"normals_default": false' -- "$polarcad" score --study $study --json --normals "$d/ll.db"
# Where it is found: POLARCAD_MODEL_DIR alone when set; else beside the executable.
expect 1 "the shipped normal database was not found (looked in $d/none/normals-low-likelihood.db" -- \
  env POLARCAD_MODEL_DIR="$d/none" "$polarcad" score --study $study
mkdir -p "$d/env" && cp "$d/ll.db" "$d/env/normals-low-likelihood.db"
expect 0 "normal database $d/env/normals-low-likelihood.db" -- env POLARCAD_MODEL_DIR="$d/env" "$polarcad" score --study $study
mkdir -p "$d/inst/bin" "$d/inst/model" && cp "$polarcad" "$d/inst/bin/polarcad" && cp "$d/ll.db" "$d/inst/model/normals-low-likelihood.db"
# (named by its real path: inst/model/, not inst/bin/../model/)
expect 0 "normal database $(realpath "$d")/inst/model/normals-low-likelihood.db" -- "$d/inst/bin/polarcad" score --study $study
rm "$d/inst/model/normals-low-likelihood.db"
expect 1 "{model,../model,../../model,../share/polarcad}/normals-low-likelihood.db" -- "$d/inst/bin/polarcad" score --study $study

# score --data both ways: vendor-style rows beside the training-fold ones, and in scores.csv.
"$polarcad" synth --out "$d/ref" --cases 24 --seed 12 >/dev/null
expect 0 "Semi-Q (NAC)                 vendor-style normals" -- \
  "$polarcad" score --data "$d/ref/manifest.csv" --folds 3 --out "$d/scores.csv"
expect 0 "Semi-Q (AC)                  training-fold normals" -- "$polarcad" score --data "$d/ref/manifest.csv" --folds 3
expect 0 "vendor-style normals: $d/ll.db (20 low-likelihood normals: 10 men, 10 women)" -- \
  "$polarcad" score --data "$d/ref/manifest.csv" --folds 3 --normals "$d/ll.db"
check "scores.csv has the vendor columns" -- grep -q ",vendor_nac_sss,vendor_nac_srs,vendor_nac_sds" "$d/scores.csv"
expect 0 "vendor-style normal database: not found" -- \
  env POLARCAD_MODEL_DIR="$d/none" "$polarcad" score --data "$d/ref/manifest.csv" --folds 3
expect 1 "no/such.db" -- "$polarcad" score --data "$d/ref/manifest.csv" --folds 3 --normals "$d/no/such.db"

# Model versions: version 1 and 2 each byte-identical for a seed, and different from each other.
hash_tree() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1); }
for v in 1 2; do
  "$polarcad" synth --out "$d/v$v-a" --cases 4 --seed 9 --model-version "$v" --threads 1 >/dev/null
  "$polarcad" synth --out "$d/v$v-b" --cases 4 --seed 9 --model-version "$v" --threads 2 >/dev/null
  check "version $v: same seed, same bytes" -- test "$(hash_tree "$d/v$v-a")" = "$(hash_tree "$d/v$v-b")"
  check "version $v in truth.csv" -- test "$(tail -n +2 "$d/v$v-a/truth.csv" | awk -F, '{print $NF}' | sort -u)" = "$v"
done
check "versions 1 and 2 differ" -- test "$(hash_tree "$d/v1-a")" != "$(hash_tree "$d/v2-a")"
expect 0 "4 synthetic studies" -- "$polarcad" synth --gallery "$d/g.png" --cases 4 --population low-likelihood

finish cli_normals_default
