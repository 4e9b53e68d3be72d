# shellcheck shell=bash
# Sourced by the test and benchmark scripts: makes sure a PostgreSQL answers and exports
# SHADOWFLOW_TEST_JDBC_URL (and PGHOST/PGPORT/PGUSER/PGDATABASE for psql and pgbench).

# shellcheck source=scripts/lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

pg_answers() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

install_postgres_server() {
  if ! command -v pg_config >/dev/null 2>&1 || [ ! -x "$(pg_config --bindir)/initdb" ]; then
    # Debian's package would create and, under systemd, start a cluster of its own on port 5432,
    # taking the port the throwaway server needs: only the server binaries are wanted here.
    as_root mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" |
      as_root tee /etc/postgresql-common/createcluster.d/shadowflow.conf >/dev/null
    apt_install postgresql
  fi
}

# A throwaway server in a temporary folder, run by the postgres user (never by root), stopped and
# removed when the calling script exits.
start_throwaway_postgres() {
  local port=$1 bindir data log stop as_postgres=()
  install_postgres_server
  bindir="$(pg_config --bindir)"
  [ -x "$bindir/initdb" ] || bindir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  data="$(mktemp -d /tmp/shadowflow-pg.XXXXXX)"
  log="$data.log"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$data"
    touch "$log" && chown postgres "$log"
    as_postgres=(runuser -u postgres --)
  fi
  "${as_postgres[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust >/dev/null
  "${as_postgres[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w \
    -o "-h 127.0.0.1 -p $port -k /tmp -c max_connections=200 -c fsync=on" start >/dev/null
  stop="$(printf '%q ' "${as_postgres[@]}" "$bindir/pg_ctl" -D "$data" -m fast stop)"
  # shellcheck disable=SC2064 # the paths are fixed now, on purpose
  trap "$stop >/dev/null 2>&1; rm -rf $(printf '%q %q' "$data" "$log")" EXIT
  "${as_postgres[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres test
  echo "started a throwaway PostgreSQL on 127.0.0.1:$port (data in $data)" >&2
}

ensure_postgres() {
  local port=${SHADOWFLOW_PG_PORT:-5432}
  if ! pg_answers 127.0.0.1 "$port"; then
    start_throwaway_postgres "$port"
  fi
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=test
  SHADOWFLOW_TEST_JDBC_URL="${SHADOWFLOW_TEST_JDBC_URL:-jdbc:postgresql://127.0.0.1:$port/test?user=postgres}"
  export SHADOWFLOW_TEST_JDBC_URL
}
