#!/usr/bin/env bash
# The end-to-end scenarios against a real cluster (kind, minikube, or any other), as a user runs
# them. It cannot run on the development machines (no cluster there); it is kept correct by reading
# and shellcheck. The in-process suite (e2e/src/test/.../scenario) checks the same behaviour.
#
# Usage, from the repository root, with kubectl pointing at the cluster:
#   e2e/real-cluster.sh              # build both images, load them into kind, install, check
#   LOAD=minikube e2e/real-cluster.sh
#   LOAD=none REGISTRY=ghcr.io/me e2e/real-cluster.sh   # images pushed by you beforehand
#
# Images: docker build --target engine -t shadowflow/engine:e2e .
#         docker build --target operator -t shadowflow/operator:e2e .
#   then `kind load docker-image IMAGE` or `minikube image load IMAGE` (done here for LOAD=kind or
#   LOAD=minikube).
#
# The chart (helm/shadowflow) is relied on for these values: operator.image.repository/tag,
# engine.image.repository/tag (the operator passes the engine image to its Jobs), and
# database.bundled.enabled=true (a PostgreSQL in the release namespace, whose Secret
# database.engineSecretName the chart writes there; the scenarios run in that namespace).
# Needs: kubectl, helm 3, docker (unless LOAD=none), jq, and Java 17 with Maven (for the CLI's
# hashes).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
namespace="${NAMESPACE:-shadowflow-e2e}"
tag="${TAG:-e2e}"
registry="${REGISTRY:-shadowflow}"
load="${LOAD:-kind}"
timeout="${TIMEOUT:-180s}"
engine_image="$registry/engine"
operator_image="$registry/operator"

log() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'FAILED: %s\n' "$*" >&2
  exit 1
}
jsonpath() { kubectl -n "$namespace" get "$1" "$2" -o "jsonpath=$3"; }

# kubectl wait on a jsonpath value (kubectl 1.23+ understands --for=jsonpath).
wait_for() {
  local resource="$1" expression="$2" value="$3"
  kubectl -n "$namespace" wait "$resource" --for="jsonpath=$expression=$value" \
    --timeout="$timeout" >/dev/null || fail "$resource: $expression never became $value"
}

expect_equal() {
  [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# The hash an uninterrupted run of a manifest gives in the scenarios' namespace, from the CLI of
# this checkout. The namespace is part of the run id, which the hash covers, and the manifests
# name none: the CLI would take "default".
cli_hash() {
  local placed
  placed="$(mktemp "${TMPDIR:-/tmp}/shadowflow-e2e.XXXXXX")"
  sed "s/^  name: .*/&\
  namespace: $namespace/" "$1" >"$placed"
  "$root/shadowflow" run "$placed" --in-memory --output json | jq -r .workflow_hash
  rm -f "$placed"
}

# Applies a copy of the hello example named NAME (each scenario has a Workflow of its own), waits
# until it is in its sleep step, and prints the copy's path.
start_copy() {
  local name="$1" manifest
  manifest="$(mktemp "${TMPDIR:-/tmp}/shadowflow-e2e.XXXXXX")"
  # Only metadata.name sits two spaces in: the steps name themselves inline.
  sed "s/^  name: .*/  name: $name/" "$root/examples/hello-workflow.yaml" >"$manifest"
  kubectl -n "$namespace" apply -f "$manifest" >&2
  wait_for "wf/$name" '{.status.lastCheckpoint.step}' label
  echo "$manifest"
}

# Waits until Workflow NAME succeeds, and checks its hash against the CLI's for MANIFEST.
expect_success() {
  local name="$1" manifest="$2"
  wait_for "wf/$name" '{.status.phase}' Succeeded
  expect_equal "$(jsonpath wf "$name" '{.status.workflowHash}')" "$(cli_hash "$manifest")" \
    "$name's hash"
}

build_images() {
  [ "$load" = none ] && return
  log "building images $engine_image:$tag and $operator_image:$tag"
  docker build --target engine -t "$engine_image:$tag" "$root"
  docker build --target operator -t "$operator_image:$tag" "$root"
  for image in "$engine_image:$tag" "$operator_image:$tag"; do
    case "$load" in
      kind) kind load docker-image "$image" ;;
      minikube) minikube image load "$image" ;;
      *) fail "LOAD must be kind, minikube or none" ;;
    esac
  done
}

install_chart() {
  log "installing the chart into namespace $namespace"
  helm upgrade --install shadowflow "$root/helm/shadowflow" \
    --namespace "$namespace" --create-namespace --wait --timeout 5m \
    --set operator.image.repository="$operator_image" --set operator.image.tag="$tag" \
    --set engine.image.repository="$engine_image" --set engine.image.tag="$tag" \
    --set database.bundled.enabled=true
}

# 1. An example Workflow succeeds with the hash the CLI prints for it.
scenario_example_succeeds() {
  log "1. examples/hello-workflow.yaml succeeds with the CLI's hash"
  kubectl -n "$namespace" apply -f "$root/examples/hello-workflow.yaml"
  expect_success hello "$root/examples/hello-workflow.yaml"
}

# 2. Scale to zero mid-run suspends it; scaling back resumes it to the same hash.
scenario_scale_to_zero_and_back() {
  log "2. kubectl scale --replicas=0 suspends a run, --replicas=1 resumes it"
  local manifest
  manifest="$(start_copy pausing)"
  kubectl -n "$namespace" scale wf pausing --replicas=0
  wait_for wf/pausing '{.status.phase}' Suspended
  kubectl -n "$namespace" wait pods -l shadowflow.io/workflow=pausing --for=delete \
    --timeout="$timeout"
  kubectl -n "$namespace" scale wf pausing --replicas=1
  expect_success pausing "$manifest"
}

# 3. Every run of the namespace stops at once, and nothing is lost.
scenario_scale_namespace() {
  log "3. kubectl scale wf,sr --all --replicas=0 stops every run in the namespace"
  local manifest
  manifest="$(start_copy everyone)"
  kubectl -n "$namespace" scale wf,sr --all --replicas=0
  kubectl -n "$namespace" wait pods -l app.kubernetes.io/managed-by=shadowflow-operator \
    --for=delete --timeout=30s
  kubectl -n "$namespace" scale wf,sr --all --replicas=1
  expect_success everyone "$manifest"
}

# 4. A ShadowRun on 3 workers finds the example deterministic.
scenario_shadow_run() {
  log "4. a ShadowRun on 3 workers: 0 mismatches, Deterministic=True"
  kubectl -n "$namespace" apply -f "$root/examples/hello-shadowrun.yaml"
  wait_for sr/hello-shadow '{.status.phase}' Succeeded
  expect_equal "$(jsonpath sr hello-shadow '{.status.mismatches}')" 0 "mismatches"
  expect_equal \
    "$(jsonpath sr hello-shadow '{.status.conditions[?(@.type=="Deterministic")].status}')" \
    True "Deterministic"
}

# 5. The operator restarted mid-run makes no second Job.
scenario_operator_restart() {
  log "5. the operator restarted mid-run: one Job, the right hash"
  local manifest
  manifest="$(start_copy restarted)"
  kubectl -n "$namespace" rollout restart deployment -l app.kubernetes.io/name=shadowflow
  kubectl -n "$namespace" rollout status deployment -l app.kubernetes.io/name=shadowflow \
    --timeout="$timeout"
  expect_success restarted "$manifest"
  expect_equal "$(kubectl -n "$namespace" get jobs -l shadowflow.io/workflow=restarted -o name |
    wc -l | tr -d ' ')" 1 "Jobs of restarted"
}

# 6. An engine killed mid-step: the Job's next pod resumes from the checkpoint.
scenario_engine_killed() {
  log "6. the engine pod deleted with no grace mid-step resumes in the next pod"
  local manifest pod
  manifest="$(start_copy killed)"
  pod="$(kubectl -n "$namespace" get pods -l shadowflow.io/workflow=killed -o name | head -n1)"
  kubectl -n "$namespace" delete "$pod" --grace-period=0 --force
  expect_success killed "$manifest"
  # The deleted pod's log is gone with it: what is left is the next pod's.
  kubectl -n "$namespace" logs -l shadowflow.io/workflow=killed --tail=-1 |
    grep -q 'from checkpoint' || fail "the next pod of killed did not resume from a checkpoint"
}

# 7. Bad input: the schema rejects one manifest, the operator another; the rest runs on.
scenario_bad_input() {
  log "7. a manifest the schema rejects, and one only the operator can judge"
  local out
  if out="$(kubectl -n "$namespace" apply -f - 2>&1 <<'EOF'
apiVersion: shadowflow.io/v1alpha1
kind: Workflow
metadata: {name: broken}
spec: {seed: lots, steps: []}
EOF
  )"; then
    fail "a Workflow without type was accepted"
  fi
  grep -q 'spec.type: Required value' <<<"$out" || fail "unclear rejection: $out"
  kubectl -n "$namespace" apply -f - <<'EOF'
apiVersion: shadowflow.io/v1alpha1
kind: Workflow
metadata: {name: uncompilable}
spec:
  type: broken
  steps:
    - {name: total, kind: transform, expr: 'input.qty *'}
EOF
  wait_for wf/uncompilable '{.status.phase}' Failed
  expect_equal "$(jsonpath wf uncompilable '{.status.conditions[?(@.type=="Valid")].status}')" \
    False "Valid condition"
  expect_equal "$(jsonpath wf hello '{.status.phase}')" Succeeded "hello, untouched"
}

# 8. The restart annotation makes a new run from the named step.
scenario_restart_from_step() {
  log "8. restart from a step"
  local before
  before="$(jsonpath wf hello '{.status.runId}')"
  kubectl -n "$namespace" annotate wf hello shadowflow.io/restart-from-step=label
  kubectl -n "$namespace" wait wf/hello --for="jsonpath={.metadata.annotations.shadowflow\.io/run-lineage}=restart/$before/label" \
    --timeout="$timeout" >/dev/null || fail "no restart lineage"
  wait_for wf/hello '{.status.phase}' Succeeded
  [ "$(jsonpath wf hello '{.status.runId}')" != "$before" ] || fail "the run id did not change"
}

cd "$root"
build_images
install_chart
scenario_example_succeeds
scenario_scale_to_zero_and_back
scenario_scale_namespace
scenario_shadow_run
scenario_operator_restart
scenario_engine_killed
scenario_bad_input
scenario_restart_from_step
log "all scenarios passed; remove with: helm uninstall shadowflow -n $namespace"
