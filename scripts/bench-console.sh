#!/usr/bin/env bash
# The console's figures: the first page of the runs list over 100,000 runs (over HTTP), and a run
# of 10,000 steps opened cold in headless Chromium until its step list is drawn. Uses the
# PostgreSQL on 127.0.0.1:5432 when one answers, otherwise starts a throwaway one; installs
# chromium and chromedriver when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
# shellcheck source=scripts/lib/tools.sh
source "$root/scripts/lib/tools.sh"
ensure_chromium || exit 2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
classpath="$root/console/target/bench-classpath.txt"
(cd "$root" && mvn -B -q -pl console -am install -DskipTests -Dspotless.check.skip=true \
  && mvn -B -q -pl console test-compile dependency:build-classpath \
       -Dmdep.includeScope=test -Dmdep.outputFile="$classpath")
cd "$root/console"
SHADOWFLOW_TEST_JDBC_URL="$SHADOWFLOW_TEST_JDBC_URL" \
  java -cp "target/test-classes:target/classes:$(cat "$classpath")" \
  io.shadowflow.console.ConsoleBenchmark
