# shellcheck shell=bash
# Sourced by the engine's benchmarks: the engine built from the current sources, the machine the
# figures come from, and the class path to run a benchmark's main class on.

engine_bench_ready() { # root
  "$1/shadowflow" --version >/dev/null # builds the engine when its sources changed
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

engine_classpath() { # root
  echo "$1/engine/target/classes:$(cat "$1/engine/target/classpath.txt")"
}
