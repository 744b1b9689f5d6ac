#!/usr/bin/env bash
# cli_train_kill.sh POLARCAD WORKDIR: kill `polarcad train` with SIGKILL at random moments,
# resume each time, and show that the final model file is byte-identical to an uninterrupted
# run's (same seed, same thread count), that no kill leaves a model file or a broken
# checkpoint behind, and that SIGTERM and a full disk lose no training progress either.
# A tiny network (VGG16 at 1/16 width, 48 x 48) on a 20-case cohort: about 3 s a run.
. "$(dirname "$0")/train_fixture.sh" "$1" "$2"
opts="--data $d/coh/manifest.csv --augment 160 --epochs 10 --batch 8 --input 48x48 --width-mult 0.0625 --threads 1 --quiet"
start=$(date +%s.%N)
"$polarcad" train $opts --out "$d/ref.pcm" >/dev/null || { echo "reference run failed"; exit 1; }
run_s=$(echo "$(date +%s.%N) - $start" | bc)
echo "uninterrupted run: ${run_s} s"

seed=${PC_KILL_SEED:-$$}
RANDOM=$seed
echo "kill points from seed $seed (PC_KILL_SEED=$seed reproduces them)"
kills=0
for attempt in $(seq 1 20); do
  # A random moment within the run's length (frozen pass, epochs, checkpoint writes alike).
  delay=$(echo "scale=3; $run_s * (50 + $((RANDOM % 700))) / 1000" | bc)
  "$polarcad" train $opts --checkpoint "$d/ck" --resume --out "$d/out.pcm" >/dev/null 2>"$d/err.txt" &
  pid=$!
  sleep "$delay"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  rc=$?
  if [ $rc = 137 ]; then
    kills=$((kills + 1))
    check "a killed run leaves no model file (kill $kills at ${delay} s)" -- bash -c '! [ -e "$1" ]' _ "$d/out.pcm"
  elif [ $rc = 0 ]; then
    [ $kills -ge 3 ] && break
    rm -rf "$d/ck" "$d/out.pcm"   # finished before enough kills (a quieter moment): start over
    kills=0
  else
    fail "resumed run exited $rc: $(cat "$d/err.txt")"
    break
  fi
  [ $kills -ge 5 ] && break
done
check "at least 3 kills happened ($kills)" -- test "$kills" -ge 3
# Finish (resuming from whatever the last kill left).
expect 0 "" -- "$polarcad" train $opts --checkpoint "$d/ck" --resume --out "$d/out.pcm"
check "after $kills kills and resumes the model file is byte-identical to the uninterrupted run's" -- \
  cmp "$d/ref.pcm" "$d/out.pcm"
check "no temporary file is left in the checkpoint folder" -- bash -c '! ls "$1" | grep -q tmp' _ "$d/ck"

# SIGTERM mid-training: a checkpoint is written at that point and the resume ends identical.
rm -rf "$d/ck2" "$d/out2.pcm"
"$polarcad" train $opts --checkpoint "$d/ck2" --out "$d/out2.pcm" >/dev/null 2>"$d/term.txt" &
pid=$!
# After the first epoch's checkpoint, so the signal lands inside training (mid-epoch). Up to
# 2 min: under ASan on a loaded machine the first epoch has taken more than 20 s.
for _ in $(seq 1 2400); do [ -e "$d/ck2/checkpoint.pcc" ] && break; sleep 0.05; done
sleep 0.05
kill -TERM $pid
wait $pid
rc=$?
if [ $rc = 0 ]; then
  echo "note: the SIGTERM came after the run ended; nothing to check"
else
  check "SIGTERM: exit 1 with a message" -- bash -c '[ "$1" = 1 ] && grep -q "interrupted after" "$2"' _ $rc "$d/term.txt"
  check "SIGTERM: no model file" -- bash -c '! [ -e "$1" ]' _ "$d/out2.pcm"
  expect 0 "(resumed)" -- "$polarcad" train $opts --checkpoint "$d/ck2" --resume --out "$d/out2.pcm"
  check "SIGTERM + resume: byte-identical model" -- cmp "$d/ref.pcm" "$d/out2.pcm"
fi

# A disk that fills up after the first checkpoint: the run fails naming the problem, the
# checkpoint of the last good epoch stays whole, and resuming from it elsewhere loses nothing.
mkdir -p "$d/full"
if mount -t tmpfs -o size=3m tmpfs "$d/full" 2>/dev/null; then
  expect 1 "No space left on device" -- "$polarcad" train $opts --checkpoint "$d/full/ck" --out "$d/out3.pcm"
  mkdir -p "$d/ck3" && cp "$d/full/ck/checkpoint.pcc" "$d/ck3/" 2>/dev/null
  check "the full disk left exactly one whole checkpoint" -- bash -c '[ "$(ls "$1")" = checkpoint.pcc ]' _ "$d/full/ck"
  umount "$d/full"
  expect 0 "(resumed)" -- "$polarcad" train $opts --checkpoint "$d/ck3" --resume --out "$d/out3.pcm"
  check "full disk + resume elsewhere: byte-identical model" -- cmp "$d/ref.pcm" "$d/out3.pcm"
else
  echo "note: cannot mount a tmpfs here; the full-disk check is left out"
fi
finish cli_train_kill
