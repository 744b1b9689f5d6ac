# cli_expect.sh: the assertions of the command-line tests (sourced by tests/c/cli_*.sh).
#   expect EXIT_CODE TEXT -- command...   the command exits with EXIT_CODE and prints TEXT
#   check DESCRIPTION -- test...          the test command succeeds
#   fail MESSAGE                          records a failure
#   finish NAME                           prints the tally; returns non-zero on any failure
failures=0 checks=0
fail() { failures=$((failures + 1)); echo "FAIL: $*"; }
expect() {
  local code=$1 text=$2; shift 3
  checks=$((checks + 1))
  out=$("$@" 2>&1); got=$?
  if [ "$got" != "$code" ] || ! grep -qF -- "$text" <<<"$out"; then
    fail "$* -> exit $got (want $code), output: $out (want '$text')"
  fi
}
check() {
  local what=$1; shift 2
  checks=$((checks + 1))
  "$@" || fail "$what"
}
finish() {
  echo "$1: $checks checks, $failures failed"
  [ "$checks" -gt 0 ] && [ "$failures" = 0 ]
}
