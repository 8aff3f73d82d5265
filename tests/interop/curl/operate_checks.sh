#!/usr/bin/env bash
# Debugging and operating, from outside: /metrics and /healthz on the running
# server, --help and a refused setting on the built binary, and a second server
# started with --auth-token, probed with curl and buf curl. Each check prints
# "ok - <name>" or "not ok - <name>" (then what went wrong); run.sh counts them.
# Usage: LRS_ADDRESS=127.0.0.1:7470 LRS_PROTOS=protos bash tests/interop/curl/operate_checks.sh
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
buf="$here/../buf/node_modules/.bin/buf"
server_dll="$root/src/LongRunningService/bin/Release/net10.0/LongRunningService.dll"
base="http://${LRS_ADDRESS:?LRS_ADDRESS is not set (expected host:port of the server)}"
out="$(mktemp)"
log="$(mktemp)"
secured_pid=""
trap 'rm -f "$out" "$log"; [[ -n "$secured_pid" ]] && kill "$secured_pid" 2>/dev/null' EXIT
failures=0

# shellcheck source=../check.sh
source "$here/../check.sh"

metrics_after_a_rest_call() {
  curl -s -o /dev/null "$base/v1/operations/curl-metrics-nope"
  local headers body
  headers="$(curl -fsS -D - -o /dev/null "$base/metrics")" || return 1
  body="$(curl -fsS "$base/metrics")" || return 1
  grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' <<<"$headers" || { echo "$headers"; return 1; }
  grep -q '^# TYPE longrunning_calls_total counter$' <<<"$body" || { echo "$body"; return 1; }
  grep -q '^# TYPE longrunning_call_duration_seconds histogram$' <<<"$body" || { echo "$body"; return 1; }
  grep -Eq '^longrunning_calls_total\{method="/google.longrunning.Operations/GetOperation",protocol="rest",status="NOT_FOUND"\} [1-9]' <<<"$body" \
    || { echo "$body"; return 1; }
  grep -Eq '^longrunning_call_duration_seconds_bucket\{.*le="\+Inf"\} [1-9]' <<<"$body" || { echo "$body"; return 1; }
  grep -Eq '^longrunning_registry_capacity [0-9]+$' <<<"$body" || { echo "$body"; return 1; }
}

help_exits_zero() {
  local text
  text="$(cd "$root" && timeout 60 dotnet "$server_dll" --help)" || return 1
  for expected in '--port <number>' 'env Server__Port, default 7470' '--auth-token <text>' '--otlp-endpoint <text>' '--log-level <'; do
    grep -qF -- "$expected" <<<"$text" || { echo "missing: $expected"; echo "$text"; return 1; }
  done
}

bad_port_exits_two() {
  local rc
  (cd "$root" && timeout 60 dotnet "$server_dll" --port abc) >"$log" 2>&1
  rc=$?
  cat "$log"
  [[ $rc -eq 2 ]] && grep -qF "Invalid Server:Port (--port, env Server__Port): 'abc' is not a whole number." "$log" && ! grep -q '   at ' "$log"
}

check "GET /metrics: Prometheus text with the call just made" metrics_after_a_rest_call
check "GET /healthz: SERVING" bash -c "[[ \"\$(curl -fsS '$base/healthz')\" == SERVING ]]"
check "--help lists the options and exits 0" help_exits_zero
check "--port abc stops start-up with exit code 2, naming Server:Port" bad_port_exits_two

# ---- a second server, with a shared secret ---------------------------------
token="interop-$RANDOM$RANDOM"
(cd "$root" && exec dotnet "$server_dll" --port 0 --auth-token "$token") >"$log" 2>&1 &
secured_pid=$!
secured=""
for _ in $(seq 1 300); do
  secured="$(grep -oE 'Listening on http://[0-9.]+:[0-9]+' "$log" | head -1 | sed 's|Listening on ||')"
  [[ -n "$secured" ]] && break
  sleep 0.1
done

if [[ -z "$secured" ]]; then
  echo "not ok - secured server started"
  sed 's/^/    /' "$log"
  exit 1
fi

rest_refused() {
  local body status
  body="$(curl -s -w '\n%{http_code}' "$secured/v1/operations/x")"
  status="${body##*$'\n'}"
  body="${body%$'\n'*}"
  echo "$status $body"
  [[ "$status" == 401 ]] && grep -q '"code":401' <<<"$body" && grep -q '"status":"UNAUTHENTICATED"' <<<"$body"
}

rest_with() { # expects 404 NOT_FOUND: past the check, into the method
  local status
  status="$(curl -s -o /dev/null -w '%{http_code}' "$@")"
  echo "$status"
  [[ "$status" == 404 ]]
}

grpc_refused() {
  local reply
  reply="$(timeout 60 "$buf" curl --http2-prior-knowledge --protocol grpc --schema "$LRS_PROTOS" \
    -d '{"name": "operations/x"}' "$secured/google.longrunning.Operations/GetOperation" 2>&1)"
  echo "$reply"
  grep -q 'unauthenticated' <<<"$reply"
}

check "token: REST without it gets 401 UNAUTHENTICATED" rest_refused
check "token: REST with ?key= is let through" rest_with "$secured/v1/operations/x?key=$token"
check "token: REST with x-goog-api-key is let through" rest_with -H "x-goog-api-key: $token" "$secured/v1/operations/x"
check "token: gRPC without it ends unauthenticated" grpc_refused
check "token: reflection with a bearer token lists services" bash -c \
  "timeout 60 '$buf' curl --http2-prior-knowledge --protocol grpc --reflect-header 'authorization: Bearer $token' --list-services '$secured' | grep -qx google.longrunning.Operations"
check "token: /healthz stays open" bash -c "[[ \"\$(curl -fsS '$secured/healthz')\" == SERVING ]]"

exit $((failures > 0))
