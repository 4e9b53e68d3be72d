#!/usr/bin/env bash
# The whole test suite. Uses the PostgreSQL on 127.0.0.1:5432 when one answers; otherwise starts a
# throwaway server (Debian's package, installed if missing) as the postgres user, never as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
# shellcheck source=scripts/lib/tools.sh
source "$root/scripts/lib/tools.sh"

ensure_postgres
ensure_tools
export SHADOWFLOW_TEST_JDBC_URL PATH
echo "tests use PostgreSQL at $SHADOWFLOW_TEST_JDBC_URL"
mvn -B verify "$@"
