#!/usr/bin/env bash
# cli_bad_corpus.sh POLARCAD REPO WORKDIR: the bad-input corpus through the command-line tool.
#
# Every row of tests/data/bad/expected.tsv goes through its door: an image as the one map of
# `preprocess`, a manifest to `normals`, a normal database to `score`, "twice" as two maps of
# one study; a file the model loader must refuse ("model") to both `predict` and `export`,
# a valid model file that cannot predict on the paper's montages ("predict") to `predict`.
# Each must exit with the table's code and, when it fails, print a message that names the
# file and contains the table's fragment, and write nothing (its output folder stays
# empty). Two inputs too big to commit are made here: a manifest of 10^5 rows and one with
# a 10^5-byte field.
set -u
polarcad=$1 repo=$2 work=$3
bad=$repo/tests/data/bad samples=$repo/web/samples/normal
rm -rf "$work" && mkdir -p "$work/out"
maps=("$samples/stress_nac.png" "$samples/rest_nac.png" "$samples/stress_ac.png" "$samples/rest_ac.png")

{
  echo 'case_id,label,stress_nac,rest_nac,stress_ac,rest_ac'
  awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "c%06d,0,a.png,b.png,c.png,d.png\n", i; print "c000007,1,a,b,c,d" }'
} > "$work/rows-100000.csv"
{
  echo 'case_id,label,stress_nac,rest_nac,stress_ac,rest_ac'
  printf 'c1,0,%s,b,c,d\n' "$(head -c 100000 /dev/zero | tr '\0' x)"
} > "$work/long-field.csv"
extra=$(printf '%s\tmanifest\t1\t%s\n' "$work/rows-100000.csv" " line 100002: case_id 'c000007' already used on line 8" \
        "$work/long-field.csv" ": File name too long")

pass=0 fail=0
while IFS=$'\t' read -r file door code fragment; do
  case $file in '#'*|'') continue ;; esac
  path=$file
  [ "${file#/}" = "$file" ] && path=$bad/$file
  out=$work/out
  case $door in
    image) "$polarcad" preprocess --study "$path" - - - --out "$out/tiles" >/dev/null 2>"$work/err" ;;
    twice) "$polarcad" preprocess --study "$path" "$path" - - --out "$out/tiles" >/dev/null 2>"$work/err" ;;
    manifest) "$polarcad" normals --data "$path" --out "$out/normals.db" >/dev/null 2>"$work/err" ;;
    normals) "$polarcad" score --study "${maps[@]}" --normals "$path" --json >/dev/null 2>"$work/err" ;;
    predict) "$polarcad" predict --model "$path" --study "${maps[@]}" --gradcam "$out/gradcam" >/dev/null 2>"$work/err" ;;
    model)
      # Both commands that read a model file; the exit code and message checked are export's,
      # and predict's must be the same (its message with its own command name).
      "$polarcad" predict --model "$path" --study "${maps[@]}" --gradcam "$out/gradcam" >/dev/null 2>"$work/err.predict"
      predict_rc=$?
      "$polarcad" export --model "$path" --dtype fp16 --out "$out/small.pcm" >/dev/null 2>"$work/err" ;;
    *) echo "FAIL $file: unknown door '$door'"; fail=$((fail + 1)); continue ;;
  esac
  rc=$? msg=$(cat "$work/err") why=""
  [ "$rc" = "$code" ] || why="exit $rc, expected $code"
  if [ "$door" = model ]; then
    [ "$predict_rc" = "$code" ] || why="${why:+$why; }predict exit $predict_rc, expected $code"
    [ "$(cat "$work/err.predict")" = "${msg/#polarcad export:/polarcad predict:}" ] ||
      why="${why:+$why; }predict said '$(cat "$work/err.predict")'"
  fi
  if [ "$code" != 0 ]; then
    case $msg in *"$path"*) ;; *) why="${why:+$why; }the message does not name the file" ;; esac
    case $msg in *"$fragment"*) ;; *) why="${why:+$why; }the message lacks '$fragment'" ;; esac
    [ -z "$(ls -A "$out")" ] || why="${why:+$why; }it wrote $(ls -A "$out" | head -n 1)"
  fi
  rm -rf "${out:?}"/*
  if [ -n "$why" ]; then
    echo "FAIL $file ($door): $why"$'\n'"     message: $msg"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done < <(cat "$bad/expected.tsv"; echo "$extra")
echo "cli_bad_corpus: $pass of $((pass + fail)) inputs as expected"
[ "$fail" = 0 ]
