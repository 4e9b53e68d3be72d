#!/usr/bin/env bash
# Parked-runs benchmark: N Workflows (default 1000) each parked on a signal at once, then N Signals.
# Prints the time until all are Waiting with no engine Job and no engine running, then, while they
# idle, reconciles per second, the operator's CPU and its heap after a full GC; then the time until
# all have Succeeded after the Signals, and the signal-to-wake latency (p50, p95). The operator runs
# in a JVM of its own capped at OPERATOR_HEAP (default 256m), with the real PostgreSQL; engine Jobs
# run on threads of the benchmark's JVM (a stand-in kubelet), not a JVM each.
# Usage: scripts/bench-parked.sh [N] [OPERATOR_HEAP]
# BENCH_JAVA_OPTS adds JVM flags to the benchmark: -Didle.seconds=60 (the idle window, one resync
# period of the operator), -Dpark.after=0s (the operator's --engine-park-after), -Dengine.threads=4
# (engines at once), -Dstall.seconds=180 (give up when nothing moved that long), -Dverify.sample=100
# (runs whose hash is checked against shadowflow run).
# SHADOWFLOW_PG_PORT=5433 runs it on a throwaway PostgreSQL of its own, away from other tests.
# OPERATOR_JAVA_OPTS adds JVM flags to the operator, e.g. -XX:StartFlightRecording=filename=op.jfr
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
# shellcheck source=scripts/lib/bench.sh
source "$root/scripts/lib/bench.sh"
classpath="$(e2e_bench_classpath "$root")"
log="$root/e2e/target/bench-parked.log"
echo "operator log: $log"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
java ${BENCH_JAVA_OPTS:-} -Xmx4g -cp "$classpath" io.shadowflow.e2e.bench.ParkedBenchmark \
  "${1:-1000}" "${2:-256m}" "$log"
