#!/usr/bin/env bash
# Operator benchmark: creates N Workflows (default 1000) at once against the dev control plane's API
# server, with the operator in a JVM of its own capped at OPERATOR_HEAP (default 256m) and the real
# PostgreSQL, and prints the time until every one has its engine Job and a status, reconciles per
# second, the operator's heap after a full GC, and each process's CPU time.
# Usage: scripts/bench-operator.sh [N] [OPERATOR_HEAP]
# OPERATOR_JAVA_OPTS adds JVM flags to the operator, e.g. -XX:StartFlightRecording=filename=op.jfr
# BENCH_JAVA_OPTS adds JVM flags to the benchmark, e.g. -Dhistogram.lines=60 for more of the
# operator's largest classes (default 12).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
# shellcheck source=scripts/lib/bench.sh
source "$root/scripts/lib/bench.sh"
classpath="$(e2e_bench_classpath "$root")"
log="$root/e2e/target/bench-operator.log"
echo "operator log: $log"
java ${BENCH_JAVA_OPTS:-} -Xmx2g -cp "$classpath" io.shadowflow.e2e.bench.OperatorBenchmark "${1:-1000}" "${2:-256m}" "$log"
