#!/usr/bin/env bash
# Runs the browser suite: builds the server, starts it twice on free loopback
# ports (without a token, and with one), drives the page at /emulator/ in
# Debian's chromium through playwright-core, saves screenshots into
# docs/screenshots, stops the servers, and ends with one line:
# "browser: N passed, M failed".
# Prerequisites: bash tests/browser/install.sh
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../suite_support.sh
source "$here/../suite_support.sh"
root="$(cd "$here/../.." && pwd)"
generated="$here/generated"
chromium="${LRS_CHROMIUM:-/usr/bin/chromium}"

passed=0
failed=0
pids=()
work="$(mktemp -d)"

finish() {
  local status=$?
  for pid in "${pids[@]}"; do
    stop_server "$pid"
  done
  rm -rf "$work"
  echo "browser: $passed passed, $failed failed"
  if ((failed > 0)); then exit 1; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

setup_failed() {
  echo "browser: setup failed: $*" >&2
  failed=$((failed + 1))
  exit 1
}

mkdir -p "$generated"
for tool in dotnet node "$chromium"; do
  command -v "$tool" >/dev/null 2>&1 || setup_failed "'$tool' not found; run tests/browser/install.sh"
done
[[ -d "$here/node_modules/playwright-core" ]] || setup_failed "node packages missing; run tests/browser/install.sh"

build_server_release "$root" "$generated"

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

# Starts the server from another folder than the repository, so the page is
# served from the assembly, not from files next to it. Prints host:port.
start_server() { # log, extra args...
  local log=$1 port
  shift
  port="$(free_port)"
  (cd "$work" && exec dotnet "$server_dll" --port "$port" "$@") >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    kill -0 "${pids[-1]}" 2>/dev/null || break
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      address="127.0.0.1:$port"
      return 0
    fi
    sleep 0.1
  done
  tail -n 30 "$log" >&2
  setup_failed "server did not accept connections on port $port within 60 s"
}

token="browser-$RANDOM$RANDOM"
start_server "$generated/server.log"
open_address=$address
start_server "$generated/server-token.log" --auth-token "$token"
token_address=$address
echo "== servers on $open_address and $token_address (with a token); $("$chromium" --version 2>/dev/null)"

LRS_ADDRESS="$open_address" LRS_AUTH_ADDRESS="$token_address" LRS_AUTH_TOKEN="$token" \
  LRS_CHROMIUM="$chromium" LRS_SCREENSHOTS="$root/docs/screenshots" \
  run_node_suite browser "$here" "$work/browser.tap" --test-concurrency=1
passed=$tap_pass
failed=$tap_fail
