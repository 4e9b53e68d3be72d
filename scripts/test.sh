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
if ! mvn -B verify "$@"; then
  # A forked test JVM that died shows in Maven's output only as "VM crash or System.exit called?";
  # Surefire's dump files beside the reports say what the fork saw last.
  find . -path '*/target/surefire-reports/*.dump*' -newer pom.xml -print0 |
    while IFS= read -r -d '' dump; do
      echo "==> $dump (last 60 lines)"
      tail -n 60 "$dump"
    done
  exit 1
fi
