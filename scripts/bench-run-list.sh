#!/usr/bin/env bash
# The runs list's latency: N runs (default 100,000) in PostgreSQL, then the time to the first page
# (one namespace, all, filtered) and to the 100th (through its page tokens). Prints median and p95.
# Uses the PostgreSQL on 127.0.0.1:5432 when one answers, otherwise starts a throwaway one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
# shellcheck source=scripts/lib/bench.sh
source "$root/scripts/lib/bench.sh"
engine_bench_ready "$root"
java -cp "$(engine_classpath "$root")" \
  io.shadowflow.engine.bench.RunListBenchmark "$SHADOWFLOW_TEST_JDBC_URL" "${1:-100000}"
