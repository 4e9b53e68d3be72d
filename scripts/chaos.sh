#!/usr/bin/env bash
# The crash harness, long: ROUNDS runs of a workflow with http calls and timers, each struck at a
# random moment by a SIGKILL of the engine, a SIGKILL of a throwaway PostgreSQL (postmaster and
# backends; never the server on 5432) or a second engine on the same run. Prints each round and
# the count of promises broken (lost or changed committed steps, committed calls made again, runs
# that did not succeed, hash drift); exits non-zero if any was. The test suite runs 9 rounds.
#   usage: scripts/chaos.sh [ROUNDS] [SEED]     (SEED replays an earlier session's blows)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds=${1:-60}
seed=${2:-$(date +%s%3N)}
log="$(mktemp)"
mvn -B -pl engine -am test -Dtest=ChaosTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.rounds="$rounds" -Dchaos.seed="$seed" >"$log" 2>&1
status=$?
# Each round's line and the summary; Maven's own output only when it failed.
grep -E '^(chaos:|round )' "$log"
if [ "$status" -ne 0 ]; then
  grep -E 'ERROR|FAIL' "$log" | head -40
  echo "full log: $log"
else
  rm -f "$log"
fi
exit "$status"
