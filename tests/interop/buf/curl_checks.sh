#!/usr/bin/env bash
# buf curl against a running LongRunningService with server reflection as the
# only schema source: no .proto file is given to buf. Each check prints
# "ok - <name>" or "not ok - <name>" (then what buf said); run.sh counts them.
# Usage: LRS_ADDRESS=127.0.0.1:7470 bash tests/interop/buf/curl_checks.sh
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
buf="$here/node_modules/.bin/buf"
python=/usr/bin/python3
base="http://${LRS_ADDRESS:?LRS_ADDRESS is not set (expected host:port of the server)}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
failures=0

# Cleartext gRPC needs HTTP/2 with prior knowledge; buf curl speaks Connect by default.
buf_curl() {
  timeout 60 "$buf" curl --http2-prior-knowledge --protocol grpc "$@"
}

# shellcheck source=../check.sh
source "$here/../check.sh"

# expect_json EXPRESSION: the JSON on stdin, as d, makes the Python expression true.
expect_json() {
  "$python" -c 'import json, sys; d = json.load(sys.stdin); sys.exit(0 if eval(sys.argv[1]) else 1)' "$1"
}

list_services() {
  local listed
  listed="$(buf_curl --reflect-protocol "$1" --list-services "$base")" || return 1
  echo "$listed"
  for service in google.longrunning.Operations longrunning.emulator.v1.OperationsEmulator \
    grpc.health.v1.Health grpc.reflection.v1.ServerReflection grpc.reflection.v1alpha.ServerReflection; do
    grep -qx "$service" <<<"$listed" || { echo "missing: $service"; return 1; }
  done
}

# buf curl has no describe; listing the methods needs every file of every service.
describe_operations() {
  local listed
  listed="$(buf_curl --list-methods "$base")" || return 1
  echo "$listed"
  for method in ListOperations GetOperation DeleteOperation CancelOperation WaitOperation; do
    grep -qx "google.longrunning.Operations/$method" <<<"$listed" || { echo "missing: $method"; return 1; }
  done
}

get_unknown_operation() {
  local reply status
  reply="$(buf_curl -d '{"name": "operations/buf-nope"}' "$base/google.longrunning.Operations/GetOperation" 2>&1)"
  status=$?
  echo "$reply"
  # buf curl exits with the gRPC code shifted left three bits: NOT_FOUND (5) gives 40.
  ((status == 40)) || { echo "exit status $status, expected 40"; return 1; }
  grep -qF "Operation 'operations/buf-nope' was not found." <<<"$reply"
}

# The Any response makes buf resolve google.protobuf.StringValue through reflection too.
start_operation() {
  buf_curl -d "{\"parent\": \"$parent\", \"operation_id\": \"op-1\", \"script\": {\"duration\": \"600s\",
      \"response\": {\"@type\": \"type.googleapis.com/google.protobuf.StringValue\", \"value\": \"done\"}}}" \
    "$base/longrunning.emulator.v1.OperationsEmulator/StartOperation" | tee /dev/stderr |
    expect_json "d['name'] == '$name' and not d.get('done')"
}

get_operation() {
  buf_curl -d "{\"name\": \"$name\"}" "$base/google.longrunning.Operations/GetOperation" | tee /dev/stderr |
    expect_json "d['name'] == '$name' and d['metadata']['@type'].endswith('/longrunning.emulator.v1.ScriptedOperationMetadata')"
}

cancel_operation() {
  buf_curl -d "{\"name\": \"$name\"}" "$base/google.longrunning.Operations/CancelOperation" | tee /dev/stderr |
    expect_json "d == {}" || return 1
  buf_curl -d "{\"name\": \"$name\"}" "$base/google.longrunning.Operations/GetOperation" | tee /dev/stderr |
    expect_json "d['done'] and d['error']['code'] == 1"
}

health_check() {
  buf_curl -d '{"service": "google.longrunning.Operations"}' "$base/grpc.health.v1.Health/Check" | tee /dev/stderr |
    expect_json "d == {'status': 'SERVING'}"
}

parent="projects/buf-$$-$RANDOM/locations/l"
name="$parent/operations/op-1"

check "buf curl --list-services (reflection v1)" list_services grpc-v1
check "buf curl --list-services (reflection v1alpha)" list_services grpc-v1alpha
check "buf curl --list-methods shows google.longrunning.Operations" describe_operations
check "buf curl GetOperation of an unknown name is NOT_FOUND" get_unknown_operation
check "buf curl StartOperation with an Any response" start_operation
check "buf curl GetOperation" get_operation
check "buf curl CancelOperation, then GetOperation shows CANCELLED" cancel_operation
check "buf curl grpc.health.v1.Health/Check" health_check

((failures == 0))
