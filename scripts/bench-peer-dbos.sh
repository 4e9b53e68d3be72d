#!/usr/bin/env bash
# The reference workflow on DBOS Transact for Java, as a peer of scripts/bench-durable.sh: the same
# five steps, each checkpointed to the same PostgreSQL, with the same number of concurrent
# workflows. Prints one line of workflows/s and steps/s. The project is bench/dbos-peer, outside
# the main build.
#   usage: scripts/bench-peer-dbos.sh [CLIENTS] [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
clients=${1:-8}
seconds=${2:-10}
schema="dbos_peer_$$"
project=bench/dbos-peer
jar="$project/target/dbos-peer.jar"

# Build only when a source is newer than the jar: the first build downloads DBOS from Maven Central.
if [ ! -f "$jar" ] || [ -n "$(find "$project/pom.xml" "$project/src" -newer "$jar" -print -quit)" ]; then
  mvn -B -q -f "$project/pom.xml" package
fi

# DBOS's migrations create its schema. This run's own schema is dropped after it, as
# bench-durable.sh does, so that no run measures on the rows of the one before. No EXIT trap:
# ensure_postgres may have set one to stop a throwaway server.
status=0
java -jar "$jar" "$SHADOWFLOW_TEST_JDBC_URL" "$clients" "$seconds" "$schema" || status=$?
PGOPTIONS="-c client_min_messages=warning" psql -q -c "DROP SCHEMA IF EXISTS $schema CASCADE"
exit "$status"
