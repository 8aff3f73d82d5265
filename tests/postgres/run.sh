#!/usr/bin/env bash
# The robustness suite's 64-client ledger spread over two servers on one PostgreSQL database:
# a throwaway cluster, two servers on it, the even clients on one and the odd ones on the other;
# afterwards every operation and job is accounted for and none finished twice.
# Ends with one line: "postgres: N passed, M failed". Needs tests/postgres/install.sh.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../suite_support.sh
source "$here/../suite_support.sh"
# shellcheck source=cluster.sh
source "$here/cluster.sh"
out="$here/generated"
mkdir -p "$out"
first_pid=""
second_pid=""
passed=0
failed=0

finish() {
  stop_server "$first_pid"
  stop_server "$second_pid"
  stop_postgres
  echo "postgres: $passed passed, $failed failed"
  ((failed == 0))
}
trap finish EXIT

echo "== building server and robustness suite (Release)"
if ! dotnet build "$root/src/LongRunningService" -c Release -nologo -v quiet >"$out/build.log" 2>&1 ||
  ! dotnet build "$root/tests/robustness/Robustness.csproj" -c Release -nologo -v quiet >>"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log" >&2
  failed=1
  exit 1
fi
server_dll="$root/src/LongRunningService/bin/Release/net10.0/LongRunningService.dll"

echo "== PostgreSQL cluster"
start_postgres "$(mktemp -d "${TMPDIR:-/tmp}/lrs-ledger-pg.XXXXXX")" "$out/postgres.log" || { failed=1; exit 1; }

start_one() { # name -> $started_port, $started_pid (run in this shell, so the server is its child)
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$root" && exec dotnet "$server_dll" --port "$port" --max-wait 00:00:02 --log-level Warning --postgres "$PG_CONNECTION") >"$out/$1.log" 2>&1 &
  started_pid=$!
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then started_port=$port; return 0; fi
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$out/$1.log" >&2
  return 1
}

started_pid=""
start_one first; rc=$?; first_pid=$started_pid; first_port=${started_port:-}
((rc == 0)) || { failed=1; exit 1; }
start_one second; rc=$?; second_pid=$started_pid; second_port=$started_port
((rc == 0)) || { failed=1; exit 1; }

echo "== ledger on two servers (127.0.0.1:$first_port, 127.0.0.1:$second_port)"
timeout 600 dotnet "$root/tests/robustness/bin/Release/net10.0/Robustness.dll" --only ledger \
  --address "http://127.0.0.1:$first_port" --second-address "http://127.0.0.1:$second_port" \
  --protos "$root/protos" "$@" | tee "$out/ledger.log"
suite_rc=${PIPESTATUS[0]}
summary="$(grep -E '^robustness: [0-9]+ passed, [0-9]+ failed' "$out/ledger.log" | tail -n 1)"
passed=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
if [[ -z "$summary" ]] || { ((suite_rc != 0)) && ((failed == 0)); }; then
  echo "not ok - the ledger did not run to completion (exit code $suite_rc)"
  failed=$((failed + 1))
fi
for name in first second; do
  echo "postgres: the $name server logged $(grep -cE '^fail: |^crit: ' "$out/$name.log") errors"
done
