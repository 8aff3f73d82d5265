#!/usr/bin/env bash
# Runs the robustness suite: builds the server and the suite (Release), starts the
# server on a free loopback port, attacks it (see tests/robustness/README.md), checks
# it is still alive, stops it, and ends with one line: "robustness: N passed, M failed".
# Usage: bash tests/robustness/run.sh [--long] [--seed N] [--fuzz N]
#   Default: under 2 minutes once built. --long: 50,000 fuzz cases and a longer ledger.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../suite_support.sh
source "$here/../suite_support.sh"
root="$(cd "$here/../.." && pwd)"
out="$here/generated"
mkdir -p "$out"
server_pid=""
passed=0
failed=0
summary_printed=0

finish() {
  local status=$?
  stop_server "$server_pid"
  if ((summary_printed == 0)); then
    echo "robustness: $passed passed, $failed failed"
  fi
  if ((failed > 0)); then exit 1; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

setup_failed() {
  echo "robustness: setup failed: $*" >&2
  failed=$((failed + 1))
  exit 1
}

echo "== building server and suite (Release)"
if ! dotnet build "$root/src/LongRunningService" -c Release -nologo -v quiet >"$out/build.log" 2>&1 ||
  ! dotnet build "$here/Robustness.csproj" -c Release -nologo -v quiet >>"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log" >&2
  setup_failed "build failed (full log: tests/robustness/generated/build.log)"
fi
server_dll="$root/src/LongRunningService/bin/Release/net10.0/LongRunningService.dll"
suite_dll="$here/bin/Release/net10.0/Robustness.dll"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null)"
[[ -n "$port" ]] || port=$((20000 + RANDOM % 20000))
echo "== starting server on 127.0.0.1:$port (log: tests/robustness/generated/server.log)"
# Bounded so fuzzed calls stay cheap: WaitOperation holds a call 2 s at most, a batch starts 10,000 at most.
(cd "$root" && exec dotnet "$server_dll" --port "$port" --max-wait 00:00:02 --log-level Warning \
  --Emulator:MaxBatchSize=10000) >"$out/server.log" 2>&1 &
server_pid=$!

ready=0
for _ in $(seq 1 600); do
  kill -0 "$server_pid" 2>/dev/null || break
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
((ready == 1)) || { tail -n 30 "$out/server.log" >&2; setup_failed "server did not accept connections within 60 s"; }

echo "== robustness suite"
timeout 900 dotnet "$suite_dll" --address "http://127.0.0.1:$port" --protos "$root/protos" --server-dll "$server_dll" "$@" | tee "$out/suite.log"
suite_rc=${PIPESTATUS[0]}
summary="$(grep -E '^robustness: [0-9]+ passed, [0-9]+ failed' "$out/suite.log" | tail -n 1)"
passed="$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+')"
failed="$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+')"
passed=${passed:-0}
failed=${failed:-0}

# The server must have survived everything.
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "not ok - the server process is gone (crashed); last log lines:"
  tail -n 20 "$out/server.log"
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi
if [[ -z "$summary" ]] || { ((suite_rc != 0)) && ((failed == 0)); }; then
  echo "not ok - the suite did not run to completion (exit code $suite_rc)"
  failed=$((failed + 1))
fi
echo "robustness: the server logged $(grep -cE '^fail: |^crit: ' "$out/server.log") errors"
echo "robustness: $passed passed, $failed failed"
summary_printed=1
