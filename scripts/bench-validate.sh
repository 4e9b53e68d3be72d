#!/usr/bin/env bash
# Manifests validated per second in one JVM (reader, compiler and CRD bounds, as `validate` does):
# over examples/ by default, or over the files and folders given (a corpus of generated manifests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/shadowflow" --version >/dev/null # builds the engine when its sources changed
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # examples/, then a generated corpus: the reference example with one hostile value each.
  corpus="$(mktemp -d)"
  trap 'rm -rf "$corpus"' EXIT
  i=0
  for value in '&a x' '*a' '!!binary aGk=' '.inf' '1e400' '"x"' '[[[[[[1]]]]]]' '~' '0s' \
    "$(printf '9%.0s' {1..400})" "$(printf '1s%.0s' {1..40})" '{a: 1, a: 2}'; do
    sed "s|^  seed: .*|  seed: 1\n  input: {v: $value}|" "$root/examples/reference-workflow.yaml" \
      >"$corpus/hostile-$i.yaml"
    i=$((i + 1))
  done
  targets=("$root/examples" "$corpus")
fi
java -cp "$root/engine/target/classes:$(cat "$root/engine/target/classpath.txt")" \
  io.shadowflow.engine.bench.ValidateBenchmark "${targets[@]}"
