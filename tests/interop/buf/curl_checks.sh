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

# gRPC-Web and Connect: the same calls with other protocols and transports. Each
# pass starts its own operation over gRPC, then gets and cancels it with the
# flags given (buf's default protocol is Connect; without --http2-prior-knowledge
# buf speaks HTTP/1.1 to an http:// address).
start_for() {
  buf_curl -d "{\"parent\": \"$parent\", \"operation_id\": \"$1\", \"script\": {\"duration\": \"600s\"}}" \
    "$base/longrunning.emulator.v1.OperationsEmulator/StartOperation" >/dev/null
}

get_over() {
  local op="$parent/operations/$1"
  shift
  start_for "${op##*/}" || return 1
  timeout 60 "$buf" curl "$@" -d "{\"name\": \"$op\"}" "$base/google.longrunning.Operations/GetOperation" | tee /dev/stderr |
    expect_json "d['name'] == '$op' and not d.get('done')"
}

cancel_over() {
  local op="$parent/operations/$1"
  shift
  start_for "${op##*/}" || return 1
  timeout 60 "$buf" curl "$@" -d "{\"name\": \"$op\"}" "$base/google.longrunning.Operations/CancelOperation" | tee /dev/stderr |
    expect_json "d == {}" || return 1
  buf_curl -d "{\"name\": \"$op\"}" "$base/google.longrunning.Operations/GetOperation" | expect_json "d['done'] and d['error']['code'] == 1"
}

connect_list_services() {
  local listed
  listed="$(timeout 60 "$buf" curl --http2-prior-knowledge --list-services "$base")" || return 1
  echo "$listed"
  grep -qx google.longrunning.Operations <<<"$listed"
}

# gRPC-Web text by hand: a base64 body, a base64 answer ending in the 0x80 trailers frame.
grpc_web_text_with_curl() {
  local request reply
  request="$("$python" -c 'import base64, struct, sys; m = b"\x0a" + bytes([len(sys.argv[1])]) + sys.argv[1].encode(); print(base64.b64encode(b"\x00" + struct.pack(">I", len(m)) + m).decode())' "$parent/operations/curl-web")"
  reply="$(timeout 60 curl -sS -X POST -H 'content-type: application/grpc-web-text' -H 'x-grpc-web: 1' --data "$request" \
    "$base/google.longrunning.Operations/GetOperation" -D -)" || return 1
  echo "$reply"
  grep -qi '^content-type: application/grpc-web-text' <<<"$reply" && grep -qi '^grpc-status: 5' <<<"$reply"
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
check "buf curl --protocol grpcweb (HTTP/2) GetOperation" get_over web-h2-get --protocol grpcweb --http2-prior-knowledge
check "buf curl --protocol grpcweb (HTTP/2) CancelOperation" cancel_over web-h2-cancel --protocol grpcweb --http2-prior-knowledge
check "buf curl --protocol grpcweb (HTTP/1.1) GetOperation" get_over web-h1-get --protocol grpcweb
check "buf curl --protocol grpcweb (HTTP/1.1) CancelOperation" cancel_over web-h1-cancel --protocol grpcweb
check "buf curl Connect (default protocol) --list-services" connect_list_services
check "buf curl Connect (default protocol) GetOperation" get_over connect-h2-get --http2-prior-knowledge
check "buf curl Connect (default protocol) CancelOperation" cancel_over connect-h2-cancel --http2-prior-knowledge
check "buf curl Connect (HTTP/1.1, --schema protos) GetOperation" get_over connect-h1-get --schema "${LRS_PROTOS:?LRS_PROTOS is not set}"
check "buf curl Connect (HTTP/1.1, --schema protos) CancelOperation" cancel_over connect-h1-cancel --schema "$LRS_PROTOS"
check "curl gRPC-Web text GetOperation of an unknown name is NOT_FOUND" grpc_web_text_with_curl

((failures == 0))
