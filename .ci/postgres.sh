# A throw-away PostgreSQL server for the test suite: installed from Debian's packages when missing,
# initialised in a temporary folder, listening on 127.0.0.1 only, trusted local connections.
PG_PORT="${PG_PORT:-54329}"

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

start_postgres() {
  if [ -z "$(pg_bin)" ]; then
    echo "installing PostgreSQL from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local bin
  bin="$(pg_bin)"
  PG_DATA="$(mktemp -d /tmp/grassroots-pg.XXXXXX)"
  chown postgres:postgres "$PG_DATA"
  runuser -u postgres -- "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c max_connections=300 -c fsync=off" start >/dev/null
  export POSTGRES_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
}

# A primary and a streaming standby of it (pg_basebackup -R), each in a folder of <dir>, listening on
# 127.0.0.1 at the two ports given: the read-replica test starts and stops its own pair
# (test/postgres/read-replica.test.ts), with the binaries start_postgres installed.
#   start_replicated_postgres <dir> <primary port> <standby port>;  stop_replicated_postgres <dir>
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_replicated_postgres() {
  local dir="$1" primary_port="$2" standby_port="$3" bin
  bin="$(pg_bin)"
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed: start_postgres (bash .ci/run) installs it from Debian's packages" >&2
    return 1
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  local settings="-c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c max_connections=100"
  as_postgres "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null || return 1
  as_postgres "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w \
    -o "$settings -p $primary_port -c wal_level=replica -c max_wal_senders=4" start >/dev/null || return 1
  as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/standby" -R -X stream -c fast || return 1
  as_postgres "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w \
    -o "$settings -p $standby_port -c hot_standby=on" start >/dev/null
}

stop_replicated_postgres() {
  local dir="$1" bin
  bin="$(pg_bin)"
  for server in standby primary; do
    [ -d "$dir/$server" ] && as_postgres "$bin/pg_ctl" -D "$dir/$server" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$dir"
}
