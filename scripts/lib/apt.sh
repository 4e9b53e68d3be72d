# shellcheck shell=bash
# Sourced by the other libraries: installs Debian packages a fresh machine may lack. CI runs as
# root; elsewhere sudo asks.
apt_install() { # package...
  local as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing $*: install it with your package manager (this script knows apt-get)" >&2
    return 1
  fi
  echo "installing $* from Debian's packages..." >&2
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
