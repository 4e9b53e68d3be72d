# shellcheck shell=bash
# Sourced by the other libraries: installs Debian packages a fresh machine may lack. CI runs as
# root; elsewhere sudo asks.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The package lists are refreshed once per script, before its first install or download.
apt_update_once() {
  [ -n "${SHADOWFLOW_APT_UPDATED:-}" ] && return 0
  as_root apt-get update -qq && SHADOWFLOW_APT_UPDATED=1
}

apt_install() { # package...
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing $*: install it with your package manager (this script knows apt-get)" >&2
    return 1
  fi
  echo "installing $* from Debian's packages..." >&2
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
