#!/usr/bin/env bash
# Operator benchmark: creates N Workflows (default 1000) at once against the Fabric8 mock API server
# and the real PostgreSQL, and prints the time until every one has its engine Job and a status,
# reconciles per second, and the heap. Usage: scripts/bench-operator.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
mvn -B -q -pl operator -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="operator/target/test-classes:operator/target/classes:$(cat operator/target/bench-classpath.txt)"
java -Xmx1g -cp "$classpath" io.shadowflow.operator.bench.OperatorBenchmark "${1:-1000}"
