#!/usr/bin/env bash
# Plain curl against Cloud Optimization and Route Optimization at their
# documented REST paths: Cloud Optimization's operations read and cancelled at
# /v1/{name=projects/*/operations/*} (its REST reference's empty-body :cancel),
# Route Optimization's four RPCs (with :OptimizeToursUri's capital O), which API
# answers a shared path, and a Vertex AI list that leaves the optimization
# operations out. Each check prints "ok - <name>" or "not ok - <name>" (then what
# went wrong); run.sh counts them.
# Usage: LRS_ADDRESS=127.0.0.1:7470 bash tests/interop/curl/optimization_checks.sh
set -uo pipefail

project="projects/curl-opt-$RANDOM$RANDOM"
location="$project/locations/global"
batch='{"modelConfigs": [{"inputConfig": {"gcsSource": {"uri": "gs://b/in.json"}, "dataFormat": "JSON"}, "outputConfig": {"gcsDestination": {"uri": "gs://b/out.json"}, "dataFormat": "JSON"}}]}'
failures=0

# shellcheck source=../check.sh
source "$(dirname "${BASH_SOURCE[0]}")/../check.sh"

# shellcheck source=http_support.sh
source "$(dirname "${BASH_SOURCE[0]}")/http_support.sh"

name_of_body() {
  "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["name"])' "$body"
}

# wait_done NAME: polls GET /v1/NAME until the operation is done (at most 10 s); its JSON is left in $body.
wait_done() {
  for _ in $(seq 1 100); do
    call 200 GET "/v1/$1" || return 1
    expect_json "d.get('done') is True" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "operation $1 not done within 10 s"
  cat "$body"
  return 1
}

# ---- Cloud Optimization ----------------------------------------------------------

cloud_cancel_empty_body() {
  call 200 POST "/v1/$project:batchOptimizeTours" -H 'content-type: application/json' -d "$batch" || return 1
  expect_json "d['metadata']['@type'] == 'type.googleapis.com/google.cloud.optimization.v1.AsyncModelMetadata' and d['metadata']['state'] == 'RUNNING'" || return 1
  local name
  name="$(name_of_body)"
  [[ "$name" == "$project/operations/"* ]] || { echo "name $name is not under $project/operations"; return 1; }
  call 200 GET "/v1/$name" || return 1
  expect_json "d['name'] == '$name' and not d.get('done')" || return 1
  # The REST reference's cancel: POST with an empty body, no content type.
  call 200 POST "/v1/$name:cancel" -H 'Content-Length: 0' || return 1
  expect_json "d == {}" || return 1
  wait_done "$name" || return 1
  expect_json "d['error']['code'] == 1 and d['metadata']['state'] == 'CANCELLED'"
}

cloud_cancel_json_body() {
  call 200 POST "/v1/$project:batchOptimizeTours" -H 'content-type: application/json' -d "$batch" || return 1
  local name
  name="$(name_of_body)"
  call 200 POST "/v1/$name:cancel" -H 'content-type: application/json' -d '{}' || return 1
  expect_json "d == {}" || return 1
  wait_done "$name" || return 1
  expect_json "d['error']['code'] == 1"
}

cloud_cancel_unknown_and_malformed() {
  call 404 POST "/v1/$project/operations/no-such-operation:cancel" -H 'Content-Length: 0' || return 1
  expect_json "d['error']['status'] == 'NOT_FOUND' and 'no-such-operation' in d['error']['message']" || return 1
  call 400 POST "/v1/$project/operations/bad%20id:cancel" -H 'Content-Length: 0' || return 1
  expect_json "d['error']['status'] == 'INVALID_ARGUMENT'"
}

# ---- Route Optimization ----------------------------------------------------------

route_optimize_tours() {
  call 200 POST "/v1/$location:optimizeTours" -H 'content-type: application/json' \
    -d '{"label": "monday", "model": {"shipments": [{"deliveries": [{"arrivalLocation": {"latitude": 48.86, "longitude": 2.35}}]}], "vehicles": [{}]}}' || return 1
  expect_json "d['requestLabel'] == 'monday' and 'metrics' in d and len(d.get('routes', [])) + len(d.get('skippedShipments', [])) >= 1"
}

route_batch_is_route_optimization() {
  call 200 POST "/v1/$location:batchOptimizeTours" -H 'content-type: application/json' -d "$batch" || return 1
  expect_json "d['name'].startswith('$location/operations/') and d['metadata']['@type'] == 'type.googleapis.com/google.maps.routeoptimization.v1.BatchOptimizeToursMetadata'" || return 1
  local name
  name="$(name_of_body)"
  call 200 POST "/v1/$name:cancel" || return 1
  wait_done "$name" || return 1
  expect_json "d['error']['code'] == 1"
}

route_long_running() {
  call 200 POST "/v1/$location:optimizeToursLongRunning" -H 'content-type: application/json' \
    -d '{"model": {"shipments": [{"deliveries": [{"arrivalLocation": {"latitude": 48.86, "longitude": 2.35}}]}], "vehicles": [{"startLocation": {"latitude": 48.85, "longitude": 2.34}}]}}' || return 1
  expect_json "d['metadata']['@type'] == 'type.googleapis.com/google.maps.routeoptimization.v1.OptimizeToursLongRunningMetadata'" || return 1
  wait_done "$(name_of_body)" || return 1
  expect_json "d['response']['@type'] == 'type.googleapis.com/google.maps.routeoptimization.v1.OptimizeToursResponse'"
}

route_uri_capital_o() {
  local uris='{"input": {"uri": "gs://b/in.json"}, "output": {"uri": "gs://b/out.json"}}'
  call 404 POST "/v1/$location:optimizeToursUri" -H 'content-type: application/json' -d "$uris" || return 1
  call 200 POST "/v1/$location:OptimizeToursUri" -H 'content-type: application/json' -d "$uris" || return 1
  wait_done "$(name_of_body)" || return 1
  expect_json "d['response']['output']['uri'] == 'gs://b/out.json'"
}

vertex_list_leaves_optimization_out() {
  call 200 GET "/ui/$location/operations" || return 1
  expect_json "d.get('operations', []) == []" || return 1
  call 200 GET "/v1/$location/operations" || return 1
  expect_json "d.get('operations', []) == []"
}

# The cancellation checks run on a paused clock, so the 2-second operations cannot end on their own first
# on a busy machine; the clock runs again for the checks that wait for a result.
set_clock() {
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"mode\": \"$1\"}" "$base/emulator/v1/clock:update"
}
trap 'set_clock RUNNING' EXIT
set_clock PAUSED

check "Cloud Optimization: POST /v1/{parent=projects/*}:batchOptimizeTours starts its operation; GET reads it; :cancel with an empty body answers {} and it ends CANCELLED (code 1)" cloud_cancel_empty_body
check "Cloud Optimization: :cancel with {} answers {}" cloud_cancel_json_body
check "Cloud Optimization: :cancel of an unknown operation is 404, of a malformed name 400" cloud_cancel_unknown_and_malformed
check "Route Optimization: POST /v1/{parent=projects/*/locations/*}:optimizeTours answers a solution" route_optimize_tours
check "Route Optimization answers the shared :batchOptimizeTours under locations; :cancel ends it with code 1" route_batch_is_route_optimization
set_clock RUNNING
check "Route Optimization: :optimizeToursLongRunning ends with an OptimizeToursResponse" route_long_running
check "Route Optimization: :OptimizeToursUri (capital O) works, :optimizeToursUri is 404" route_uri_capital_o
check "Vertex AI lists at /ui/ and /v1/ leave the optimization operations under the same parent out" vertex_list_leaves_optimization_out

exit $((failures > 0))
