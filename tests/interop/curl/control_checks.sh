#!/usr/bin/env bash
# Plain curl against the emulator control plane over REST (/emulator/v1/...)
# and the Operations REST paths of Vertex AI's service config: the paused
# clock, a fault rule, the call journal, state export and a project reset.
# Each check prints "ok - <name>" or "not ok - <name>" (then what went wrong).
# The clock is server-wide: it is set running in real time again on exit.
# Usage: LRS_ADDRESS=127.0.0.1:7470 bash tests/interop/curl/control_checks.sh
set -uo pipefail

python=/usr/bin/python3
base="http://${LRS_ADDRESS:?LRS_ADDRESS is not set (expected host:port of the server)}"
out="$(mktemp)"
body="$(mktemp)"
project="curl-control-$$-$RANDOM"
parent="projects/$project/locations/us-central1"
name="$parent/operations/op-1"
get_method="google.longrunning.Operations/GetOperation"
failures=0

restore() {
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"mode": "RUNNING", "scale": 1}' "$base/emulator/v1/clock:update"
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"project\": \"$project\"}" "$base/emulator/v1:reset"
  rm -f "$out" "$body"
}
trap restore EXIT

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../check.sh
source "$here/../check.sh"

# rest METHOD PATH [JSON]: the reply body goes to $body; prints the HTTP status.
rest() {
  local method=$1 path=$2 data=${3-}
  if [[ -n "$data" ]]; then
    curl -s -o "$body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' -d "$data" "$base$path"
  else
    curl -s -o "$body" -w '%{http_code}' -X "$method" "$base$path"
  fi
}

# expect STATUS EXPRESSION: the last reply had this HTTP status and its JSON, as d, makes the expression true.
expect() {
  local status=$1 expression=$2 actual=$3
  cat "$body"
  echo
  [[ "$actual" == "$status" ]] || { echo "HTTP $actual, expected $status"; return 1; }
  "$python" -c 'import json, sys; d = json.load(open(sys.argv[2])); sys.exit(0 if eval(sys.argv[1]) else 1)' "$expression" "$body"
}

pause_clock() {
  expect 200 "d['mode'] == 'PAUSED'" "$(rest POST /emulator/v1/clock:update '{"mode": "PAUSED"}')"
}

start_ten_minute_operation() {
  expect 200 "d['name'] == '$name' and not d.get('done')" \
    "$(rest POST /emulator/v1/operations:start "{\"parent\": \"$parent\", \"operationId\": \"op-1\", \"script\": {\"duration\": \"600s\"}}")" || return 1
  expect 200 "not d.get('done')" "$(rest GET "/v1/$name")"
}

advance_ten_minutes() {
  expect 200 "d['mode'] == 'PAUSED'" "$(rest POST /emulator/v1/clock:advance '{"duration": "600s"}')" || return 1
  expect 200 "d['done'] and d['response']['@type'] == 'type.googleapis.com/google.protobuf.Empty'" "$(rest GET "/v1/$name")"
}

fault_fails_next_two() {
  expect 200 "d['name'].startswith('faultRules/') and d['count'] == 2" "$(rest POST /emulator/v1/faultRules \
    "{\"method\": \"$get_method\", \"resourcePattern\": \"$name\", \"count\": 2, \"status\": {\"code\": 14, \"message\": \"injected\"}}")" || return 1
  rule="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["name"])' "$body")"
  expect 503 "d['error']['status'] == 'UNAVAILABLE' and d['error']['message'] == 'injected'" "$(rest GET "/v1/$name")" || return 1
  expect 503 "d['error']['status'] == 'UNAVAILABLE'" "$(rest GET "/v1/$name")" || return 1
  expect 200 "d['done']" "$(rest GET "/v1/$name")" || return 1
  expect 200 "d == {}" "$(rest DELETE "/emulator/v1/$rule")"
}

journal_shows_attempts() {
  expect 200 "[c.get('statusCode', 0) for c in d['calls']][-3:] == [14, 14, 0] and all(c['protocol'] == 'rest' for c in d['calls'])" \
    "$(rest GET "/emulator/v1/calls?method=$get_method&resource=$name")"
}

export_project_state() {
  expect 200 "[o['name'] for o in d['operations']] == ['$name'] and 'jobs' not in d" "$(rest GET "/emulator/v1/state?project=$project")"
}

latency_profiles() {
  expect 200 "[p['name'] for p in d['latencyProfiles']][:3] == ['instant', 'fast', 'realistic']" "$(rest GET /emulator/v1/latencyProfiles)"
}

reset_project() {
  expect 200 "d['operationsRemoved'] == 1" "$(rest POST /emulator/v1:reset "{\"project\": \"$project\"}")" || return 1
  expect 404 "d['error']['status'] == 'NOT_FOUND'" "$(rest GET "/v1/$name")"
}

resume_clock() {
  expect 200 "d['mode'] == 'RUNNING' and d['scale'] == 1" "$(rest POST /emulator/v1/clock:update '{"mode": "RUNNING", "scale": 1}')"
}

check "curl POST /emulator/v1/clock:update pauses the clock" pause_clock
check "curl start a 10-minute operation; GET shows it not done" start_ten_minute_operation
check "curl POST /emulator/v1/clock:advance 600s; GET shows it done" advance_ten_minutes
check "curl fault rule fails the next 2 GetOperation with 503 UNAVAILABLE, then 200" fault_fails_next_two
check "curl GET /emulator/v1/calls shows the 3 attempts" journal_shows_attempts
check "curl GET /emulator/v1/state?project= exports the project's operation" export_project_state
check "curl GET /emulator/v1/latencyProfiles lists the presets" latency_profiles
check "curl POST /emulator/v1:reset of the project drops its operation" reset_project
check "curl clock set running in real time again" resume_clock

((failures == 0))
