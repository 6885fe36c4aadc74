#!/usr/bin/env bash
# A throw-away PostgreSQL for the server tests (docs/sync.md, "Tests").
#   start  installs the Debian package if initdb is missing, initdb's a cluster into a temp folder as
#          the postgres user, starts it on 127.0.0.1 and a Unix socket at a free port, creates the
#          database gryt, and prints   export GRYT_TEST_POSTGRES='Host=…'   (eval it; also in $dir/env)
#   env    prints that line again for a running cluster
#   stop   stops the cluster and removes its folder
# The folder is $GRYT_POSTGRES_DIR, else /tmp/gryt-postgres.
set -euo pipefail
dir=${GRYT_POSTGRES_DIR:-/tmp/gryt-postgres}
cmd=${1:-}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

case "$cmd" in
  start)
    if [ -f "$dir/env" ] && [ -f "$dir/data/postmaster.pid" ] && kill -0 "$(head -n 1 "$dir/data/postmaster.pid")" 2>/dev/null; then
      cat "$dir/env"; exit 0
    fi
    if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/initdb" ]; then
      echo "postgres.sh: installing postgresql with apt-get" >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
    fi
    bin=$(bin_dir)
    rm -rf "$dir"; mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    port=""
    for candidate in $(shuf -i 20000-60000 -n 50); do
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
    done
    [ -n "$port" ] || { echo "postgres.sh: no free port found" >&2; exit 5; }
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 5; }
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -h 127.0.0.1 -c fsync=off -c max_connections=200" start >&2 \
      || { cat "$dir/server.log" >&2; exit 5; }
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres gryt
    echo "export GRYT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=gryt'" > "$dir/env"
    cat "$dir/env"
    ;;
  env)
    [ -f "$dir/env" ] || { echo "postgres.sh: not started ($dir/env missing)" >&2; exit 3; }
    cat "$dir/env"
    ;;
  stop)
    bin=$(bin_dir)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/postgres.sh start|env|stop" >&2; exit 2
    ;;
esac
