#!/usr/bin/env bash
# Manifests validated per second in one JVM (reader, compiler and CRD bounds, as `validate` does):
# over examples/ by default, or over the files and folders given (a corpus of generated manifests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/bench.sh
source "$root/scripts/lib/bench.sh"
engine_bench_ready "$root"
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
java -cp "$(engine_classpath "$root")" \
  io.shadowflow.engine.bench.ValidateBenchmark "${targets[@]}"
