#!/usr/bin/env bash
# Regenerates the CRD YAML from the classes in crds/ and copies it to crds/generated and to the
# chart's crds/, where it is committed (CrdYamlIsCurrentTest and ChartFilesTest fail while they
# differ).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -pl crds process-classes
rm -f crds/generated/*.yml
cp crds/target/classes/META-INF/fabric8/*.yml crds/generated/
rm -f helm/shadowflow/crds/*.yml
cp crds/generated/*.yml helm/shadowflow/crds/
ls crds/generated
