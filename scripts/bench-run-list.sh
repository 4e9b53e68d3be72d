#!/usr/bin/env bash
# The runs list's latency: N runs (default 100,000) in PostgreSQL, then the time to the first page
# (one namespace, all, filtered) and to the 100th (through its page tokens). Prints median and p95.
# Uses the PostgreSQL on 127.0.0.1:5432 when one answers, otherwise starts a throwaway one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
"$root/shadowflow" --version >/dev/null # builds the engine when its sources changed
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$root/engine/target/classes:$(cat "$root/engine/target/classpath.txt")" \
  io.shadowflow.engine.bench.RunListBenchmark "$SHADOWFLOW_TEST_JDBC_URL" "${1:-100000}"
