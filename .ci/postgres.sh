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
