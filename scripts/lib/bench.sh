# shellcheck shell=bash
# Sourced by the benchmarks: the engine built from the current sources, the machine the figures
# come from, and the class paths to run an engine or e2e benchmark's main class on.

engine_bench_ready() { # root
  "$1/shadowflow" --version >/dev/null # builds the engine when its sources changed
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

engine_classpath() { # root
  echo "$1/engine/target/classes:$(cat "$1/engine/target/classpath.txt")"
}

e2e_bench_classpath() { # root; builds the e2e module's test classes first
  mvn -B -q -f "$1/pom.xml" -pl e2e -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2 # stdout is the path
  echo "$1/e2e/target/test-classes:$1/e2e/target/classes:$(cat "$1/e2e/target/bench-classpath.txt")"
}
