# Sourced by the test and benchmark scripts: makes sure a PostgreSQL answers and exports
# SHADOWFLOW_TEST_JDBC_URL (and PGHOST/PGPORT/PGUSER/PGDATABASE for psql and pgbench).

pg_answers() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

install_postgres_server() {
  if ! command -v pg_config >/dev/null 2>&1 || [ ! -x "$(pg_config --bindir)/initdb" ]; then
    echo "installing PostgreSQL from Debian's packages..." >&2
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
  fi
}

# A throwaway server in a temporary folder, run by the postgres user (never by root).
start_throwaway_postgres() {
  local port=$1 bindir data log as_postgres=()
  install_postgres_server
  bindir="$(pg_config --bindir)"
  [ -x "$bindir/initdb" ] || bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
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
