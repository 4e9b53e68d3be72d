#!/usr/bin/env bash
# Java steps against CEL, same process: the reference workflow with its transforms written as Java
# steps next to its CEL version, in-memory workflow runs per second (twice each, alternating), then
# replays per second from golden records held in memory. [SECONDS] per measurement (default 10).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/bench.sh
source "$root/scripts/lib/bench.sh"
engine_bench_ready "$root"
java -XX:+UseParallelGC -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$(engine_classpath "$root")" \
  io.shadowflow.engine.bench.JavaStepBenchmark "$root/examples/reference-workflow.yaml" "${1:-10}"
