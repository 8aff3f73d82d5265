#!/usr/bin/env bash
# Sourced: start_postgres DIR LOG starts a throwaway PostgreSQL cluster in DIR (made here, owned by
# the postgres user when root: PostgreSQL refuses to run as root) on a free loopback port, with
# PostgreSQL's default durability, and sets PG_CONNECTION; stop_postgres stops it and removes DIR.
PG_DIR=
PG_AS=()

start_postgres() { # dir log
  PG_DIR=$1
  PG_BIN=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")
  if [[ ! -x $PG_BIN/initdb ]]; then
    echo "PostgreSQL's programs are missing: bash tests/postgres/install.sh" >&2
    return 1
  fi
  mkdir -p "$PG_DIR"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U lrs --auth=trust -E UTF8 --locale=C >"$2" 2>&1 || { cat "$2" >&2; return 1; }
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >>"$2" 2>&1 \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_CONNECTION="Host=127.0.0.1;Port=$port;Username=lrs;Database=postgres"
}

stop_postgres() {
  [[ -n $PG_DIR ]] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}
