#!/usr/bin/env bash
# Plain curl against the REST transcoding at Google's documented paths: the
# emulator's operations (start, get, list, :wait, :cancel, delete), Vertex AI
# pipeline jobs and their operations under /v1/ and /ui/, Google's error
# envelope, system parameters and gzip. Each check prints "ok - <name>" or
# "not ok - <name>" (then what went wrong); run.sh counts them.
# Everything lives under projects/curl-rest-<random>, apart from other suites.
# Usage: LRS_ADDRESS=127.0.0.1:7470 bash tests/interop/curl/rest_checks.sh
set -uo pipefail

parent="projects/curl-rest-$RANDOM$RANDOM/locations/us-central1"
failures=0

# shellcheck source=../check.sh
source "$(dirname "${BASH_SOURCE[0]}")/../check.sh"

# shellcheck source=http_support.sh
source "$(dirname "${BASH_SOURCE[0]}")/http_support.sh"

start_operation() { # operation-id script-json
  call 200 POST /emulator/v1/operations:start -H 'content-type: application/json' \
    -d "{\"parent\": \"$parent\", \"operationId\": \"$1\", \"script\": $2}"
}

# ---- emulator operations ------------------------------------------------------

start_running() {
  start_operation running '{"duration": "3600s"}' || return 1
  expect_json "d['name'] == '$parent/operations/running' and 'done' not in d" || return 1
  start_operation second '{"duration": "3600s"}' || return 1
  start_operation quick '{"duration": "0.3s"}'
}

get_operation() {
  call 200 GET "/v1/$parent/operations/running" || return 1
  expect_json "d['name'] == '$parent/operations/running' and d['metadata']['@type'].endswith('ScriptedOperationMetadata')" || return 1
  expect_header content-type 'application/json; charset=UTF-8'
}

get_operation_ui() {
  call 200 GET "/ui/$parent/operations/running" || return 1
  expect_json "d['name'] == '$parent/operations/running'"
}

list_with_filter_and_page_size() {
  call 200 GET "/v1/$parent/operations?filter=done%3Dfalse&pageSize=1" || return 1
  expect_json "len(d['operations']) == 1 and d['nextPageToken']" || return 1
  local first token
  first="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["operations"][0]["name"])' "$body")"
  token="$("$python" -c 'import json, sys, urllib.parse; print(urllib.parse.quote(json.load(open(sys.argv[1]))["nextPageToken"]))' "$body")"
  call 200 GET "/v1/$parent/operations?filter=done%3Dfalse&pageSize=1&pageToken=$token" || return 1
  expect_json "len(d['operations']) == 1 and d['operations'][0]['name'] != '$first' and not d['operations'][0].get('done')"
}

wait_times_out_on_running() {
  call 200 POST "/v1/$parent/operations/running:wait?timeout=0.2s" || return 1
  expect_json "d['name'] == '$parent/operations/running' and not d.get('done')"
}

wait_until_done() {
  call 200 POST "/v1/$parent/operations/quick:wait?timeout=20s" || return 1
  expect_json "d['done'] is True and d['response']['@type'] == 'type.googleapis.com/google.protobuf.Empty'"
}

cancel_with_empty_body() {
  call 200 POST "/v1/$parent/operations/running:cancel" || return 1
  expect_json "d == {}" || return 1
  call 200 POST "/v1/$parent/operations/running:wait?timeout=20s" || return 1
  expect_json "d['done'] is True and d['error']['code'] == 1"
}

delete_operation() {
  call 200 DELETE "/v1/$parent/operations/running" || return 1
  expect_json "d == {}" || return 1
  call 404 GET "/v1/$parent/operations/running"
}

# ---- Vertex AI pipeline jobs -------------------------------------------------------

create_pipeline_job() {
  call 200 POST "/v1/$parent/pipelineJobs?pipelineJobId=curl-job" -H 'content-type: application/json' \
    -d '{"displayName": "curl job", "labels": {"team": "curl", "emulator-duration": "1h"}}' || return 1
  expect_json "d['name'] == '$parent/pipelineJobs/curl-job' and d['state'] in ('PIPELINE_STATE_QUEUED', 'PIPELINE_STATE_PENDING', 'PIPELINE_STATE_RUNNING') and d['labels']['team'] == 'curl'" || return 1
  call 200 POST "/v1/$parent/pipelineJobs?pipelineJobId=curl-other" -H 'content-type: application/json' \
    -d '{"displayName": "other", "labels": {"team": "other", "emulator-duration": "0ms"}}'
}

# The requests Google's Python SDK sends in REST mode (transport="rest" with an http:// api_endpoint):
# numeric enums asked for in $alt, its client header, the job as the body, then :cancel with none.
python_sdk_rest_requests() {
  local sdk=(-H 'content-type: application/json' -H 'x-goog-api-client: gl-python/3.11.2 rest/2.19.0 gapic/1.71.0')
  call 200 POST "/v1/$parent/pipelineJobs?pipelineJobId=from-python&\$alt=json;enum-encoding=int" "${sdk[@]}" \
    -d '{"displayName": "from-python", "labels": {"emulator-duration": "1h"}}' || return 1
  expect_json "d['name'] == '$parent/pipelineJobs/from-python' and d['state'] in (1, 2, 3)" || return 1
  [[ "$(tail -c 1 "$body" | od -An -c | tr -d ' ')" == '\n' ]] || { echo "the JSON does not end with a newline"; return 1; }
  call 200 POST "/v1/$parent/pipelineJobs/from-python:cancel?\$alt=json;enum-encoding=int" "${sdk[@]}" || return 1
  expect_json "d == {}" || return 1
  call 200 GET "/v1/$parent/pipelineJobs/from-python?\$alt=json;enum-encoding=int" "${sdk[@]}" || return 1
  expect_json "d['state'] in (6, 7)"
}

get_pipeline_job() {
  call 200 GET "/v1/$parent/pipelineJobs/curl-job" || return 1
  expect_json "d['name'] == '$parent/pipelineJobs/curl-job' and d['displayName'] == 'curl job'" || return 1
  call 200 GET "/v1beta1/$parent/pipelineJobs/curl-job" || return 1
  expect_json "d['name'] == '$parent/pipelineJobs/curl-job'"
}

list_pipeline_jobs_with_filter() {
  call 200 GET "/v1/$parent/pipelineJobs?filter=labels.team%3D%22curl%22" || return 1
  expect_json "[j['name'] for j in d['pipelineJobs']] == ['$parent/pipelineJobs/curl-job']"
}

numeric_enums_when_asked() {
  call 200 GET "/v1/$parent/pipelineJobs/curl-job?\$alt=json;enum-encoding=int" || return 1
  # PIPELINE_STATE_QUEUED..RUNNING are 1..3.
  expect_json "d['state'] in (1, 2, 3)" || return 1
  call 200 GET "/v1/$parent/pipelineJobs/curl-job?alt=json" || return 1
  expect_json "isinstance(d['state'], str)"
}

cancel_pipeline_job() {
  call 200 POST "/v1/$parent/pipelineJobs/curl-job:cancel" || return 1
  expect_json "d == {}" || return 1
  call 200 GET "/v1/$parent/pipelineJobs/curl-job" || return 1
  expect_json "d['state'] in ('PIPELINE_STATE_CANCELLING', 'PIPELINE_STATE_CANCELLED')" || return 1
  local state=
  for _ in $(seq 1 100); do
    call 200 GET "/v1/$parent/pipelineJobs/curl-job" || return 1
    state="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["state"])' "$body")"
    [[ "$state" == PIPELINE_STATE_CANCELLED ]] && break
    sleep 0.1
  done
  expect_json "d['state'] == 'PIPELINE_STATE_CANCELLED' and d['error']['code'] == 1"
}

delete_operation_at_ui_and_v1() {
  call 200 DELETE "/v1/$parent/pipelineJobs/curl-other" || return 1
  expect_json "d['name'].startswith('$parent/operations/') and d['metadata']['@type'] == 'type.googleapis.com/google.cloud.aiplatform.v1.DeleteOperationMetadata'" || return 1
  local name
  name="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["name"])' "$body")"
  call 200 POST "/ui/$name:wait?timeout=20s" || return 1
  expect_json "d['name'] == '$name' and d['done'] is True" || return 1
  call 200 GET "/v1/$name" || return 1
  expect_json "d['name'] == '$name' and d['done'] is True" || return 1
  call 200 GET "/ui/$parent/operations" || return 1
  expect_json "'$name' in [o['name'] for o in d['operations']]" || return 1
  call 404 GET "/v1/$parent/pipelineJobs/curl-other"
}

# ---- errors, system parameters, compression ---------------------------------------

error_not_found() {
  call 404 GET "/v1/$parent/operations/no-such-operation" || return 1
  expect_json "d['error']['code'] == 404 and d['error']['status'] == 'NOT_FOUND' and 'no-such-operation' in d['error']['message']" || return 1
  expect_header content-type 'application/json; charset=UTF-8'
}

error_bad_json() {
  call 400 POST /emulator/v1/operations:start -H 'content-type: application/json' -d '{"parent": ' || return 1
  expect_json "d['error']['status'] == 'INVALID_ARGUMENT' and d['error']['message'].startswith('Invalid JSON payload received.')" || return 1
  call 400 POST /emulator/v1/operations:start -H 'content-type: application/json' -d '{"parnt": "x"}' || return 1
  expect_json "d['error']['status'] == 'INVALID_ARGUMENT' and 'parnt' in d['error']['message']"
}

error_unknown_query_parameter() {
  call 400 GET "/v1/$parent/operations/second?colour=blue" || return 1
  expect_json "d['error']['status'] == 'INVALID_ARGUMENT' and 'colour' in d['error']['message'] and d['error']['details'][0]['fieldViolations'][0]['field'] == 'colour'"
}

system_parameters_accepted() {
  call 200 GET "/v1/$parent/operations/second?key=abc&quotaUser=me&prettyPrint=false&\$.xgafv=2" || return 1
  expect_json "d['name'] == '$parent/operations/second'"
}

gzip_when_asked() {
  local i
  for i in 1 2 3 4 5 6; do
    start_operation "gz-$i" '{"duration": "3600s"}' || return 1
  done
  call 200 GET "/v1/$parent/operations" -H 'accept-encoding: gzip' || return 1
  expect_header content-encoding gzip || return 1
  gzip -dc <"$body" >"$work/plain" && mv "$work/plain" "$body" || { echo "body is not gzip"; return 1; }
  expect_json "len(d['operations']) >= 6" || return 1
  call 200 GET "/v1/$parent/operations" || return 1
  ! tr -d '\r' <"$headers" | grep -qi '^content-encoding:' || { echo "compressed without Accept-Encoding"; return 1; }
}

check "emulator: POST /emulator/v1/operations:start starts operations under the parent" start_running
check "GET /v1/{name=projects/*/locations/*/operations/*} reads an operation" get_operation
check "GET /ui/{name=...operations/*} reads the same operation" get_operation_ui
check "GET /v1/{name}/operations with filter and pageSize pages through" list_with_filter_and_page_size
check "POST :wait?timeout= returns the running operation when the timeout passes" wait_times_out_on_running
check "POST :wait returns the operation once done" wait_until_done
check "POST :cancel with an empty body answers {}; the operation ends CANCELLED (code 1)" cancel_with_empty_body
check "DELETE an operation answers {}; then it is 404" delete_operation
check "Vertex: POST /v1/{parent}/pipelineJobs?pipelineJobId= creates a job" create_pipeline_job
check "Vertex: GET a pipeline job at /v1/ and /v1beta1/" get_pipeline_job
check "Vertex: the Python SDK's REST requests create and cancel a job; JSON ends with a newline" python_sdk_rest_requests
check "Vertex: list pipeline jobs with a label filter" list_pipeline_jobs_with_filter
check "\$alt=json;enum-encoding=int gives numeric enums; alt=json names" numeric_enums_when_asked
check "Vertex: POST :cancel answers {}; the job goes CANCELLING then CANCELLED" cancel_pipeline_job
check "Vertex: delete's operation is read at /ui/ and /v1/ paths and listed" delete_operation_at_ui_and_v1
check "unknown operation: 404 with Google's error envelope, status NOT_FOUND" error_not_found
check "bad JSON and unknown body fields: 400 INVALID_ARGUMENT naming the problem" error_bad_json
check "unknown query parameter: 400 naming it in a BadRequest field violation" error_unknown_query_parameter
check "system parameters (key, quotaUser, prettyPrint, \$.xgafv) are accepted" system_parameters_accepted
check "gzip when Accept-Encoding asks for it, identity otherwise" gzip_when_asked

exit $((failures > 0))
