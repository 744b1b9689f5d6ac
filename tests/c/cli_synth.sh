#!/usr/bin/env bash
# cli_synth.sh POLARCAD WORKDIR: `polarcad synth` end to end: messages and exit codes for
# bad arguments, nothing left behind on failure, byte-identical cohorts for the same seed
# whatever the number of threads, the gallery.
set -u
polarcad=$1 work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
d=$work
. "$(dirname "$0")/cli_expect.sh"
hash_tree() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1); }

expect 0 "--out DIR" -- "$polarcad" synth --help
expect 2 "exactly one of --out DIR or --gallery" -- "$polarcad" synth
expect 2 "--cases must be a whole number from 1" -- "$polarcad" synth --out "$d/x" --cases 0
expect 2 "--cases must be a whole number from 1" -- "$polarcad" synth --out "$d/x" --cases -3
expect 2 "unknown --colormap 'jet'" -- "$polarcad" synth --out "$d/x" --colormap jet
expect 2 "thermal" -- "$polarcad" synth --out "$d/x" --colormap jet
expect 2 "--format must be png or jpg" -- "$polarcad" synth --out "$d/x" --format gif
expect 2 "--jpeg-quality must be" -- "$polarcad" synth --out "$d/x" --jpeg-quality 0
expect 2 "--size must be" -- "$polarcad" synth --out "$d/x" --size 10
expect 2 "--prevalence must be" -- "$polarcad" synth --out "$d/x" --prevalence 1.2
expect 2 "--seed must be" -- "$polarcad" synth --out "$d/x" --seed -1
expect 2 "unknown option" -- "$polarcad" synth --out "$d/x" --colour red
mkdir -p "$d/full" && echo keep > "$d/full/notes.txt"
expect 1 "exists and is not empty" -- "$polarcad" synth --out "$d/full" --cases 2
echo text > "$d/file.txt"
expect 1 "exists and is not a folder" -- "$polarcad" synth --out "$d/file.txt" --cases 2
expect 1 "file.txt/cohort: Not a directory" -- "$polarcad" synth --out "$d/file.txt/cohort" --cases 2
expect 1 "cannot create a temporary folder" -- "$polarcad" synth --out "$d/no/such/parent/cohort" --cases 2
checks=$((checks + 1))
if [ -e "$d/x" ] || [ "$(cat "$d/full/notes.txt")" != keep ] || [ "$(ls "$d/full")" != notes.txt ] ||
   find "$d" -name '*.tmp-*' | grep -q .; then fail "a failed run left something behind"; fi

# Determinism: same seed -> identical bytes with 1 or 2 threads; another seed differs.
expect 0 "6 synthetic studies" -- "$polarcad" synth --out "$d/a" --cases 6 --seed 5 --threads 1
expect 0 "6 synthetic studies" -- "$polarcad" synth --out "$d/b/" --cases 6 --seed 5 --threads 2
expect 0 "not a diagnostic device" -- "$polarcad" synth --out "$d/c" --cases 6 --seed 6
checks=$((checks + 3))
[ "$(hash_tree "$d/a")" = "$(hash_tree "$d/b")" ] || fail "same seed gave different files"
[ "$(hash_tree "$d/a")" != "$(hash_tree "$d/c")" ] || fail "another seed gave the same files"
[ "$(wc -l < "$d/a/manifest.csv")" = 7 ] && [ "$(wc -l < "$d/a/truth.csv")" = 7 ] &&
  [ "$(find "$d/a" -name '*.png' | wc -l)" = 24 ] && [ "$(wc -l < "$d/a/segments.csv")" = 409 ] ||
  fail "cohort a has the wrong number of rows or images"
checks=$((checks + 1))
head -1 "$d/a/manifest.csv" | grep -q '^case_id,label,stress_nac,rest_nac,stress_ac,rest_ac,sex' ||
  fail "manifest header: $(head -1 "$d/a/manifest.csv")"

# An existing empty folder is fine; JPEG screenshots with mixed tables and layouts.
mkdir -p "$d/empty"
expect 0 "3 synthetic studies" -- "$polarcad" synth --out "$d/empty" --cases 3 --format jpg --jpeg-quality 70 \
  --style screenshot --colormap mixed --layout mixed --size 120
checks=$((checks + 1))
[ "$(find "$d/empty" -name '*.jpg' | wc -l)" = 12 ] && grep -q ',screenshot$' "$d/empty/manifest.csv" ||
  fail "screenshot cohort incomplete"

expect 0 "4 synthetic studies" -- "$polarcad" synth --gallery "$d/gallery.png" --cases 4 --seed 3
expect 1 "must end in .png" -- "$polarcad" synth --gallery "$d/gallery.gif" --cases 2
checks=$((checks + 1))
[ "$(od -An -tx1 -N4 "$d/gallery.png" | tr -d ' ')" = 89504e47 ] || fail "gallery is not a PNG"
checks=$((checks + 1))
find "$d" -name '*.tmp-*' | grep -q . && fail "temporary folders left behind"

finish cli_synth
