#!/usr/bin/env bash
# Runs the interop suite: builds the server, starts it on a free loopback port
# (and a TLS port with its self-signed certificate), drives it with the Python
# (grpcio) and Node (@grpc/grpc-js) suites and with
# buf curl (server reflection only), stops it, and ends with one line:
# "interop: N passed, M failed".
# Prerequisites: bash tests/interop/install.sh
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../suite_support.sh
source "$here/../suite_support.sh"
root="$(cd "$here/../.." && pwd)"
generated="$here/generated"
python=/usr/bin/python3
grpc_python_plugin=/usr/bin/grpc_python_plugin

passed=0
failed=0
server_pid=""
work="$(mktemp -d)"

finish() {
  local status=$?
  stop_server "$server_pid"
  rm -rf "$work"
  echo "interop: $passed passed, $failed failed"
  if ((failed > 0)); then exit 1; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# Stops the run before any suite ran; counts as one failure so the summary says so.
setup_failed() {
  echo "interop: setup failed: $*" >&2
  failed=$((failed + 1))
  exit 1
}

started=$SECONDS
mkdir -p "$generated"

# ---- prerequisites -------------------------------------------------------
for tool in dotnet node protoc "$python" "$grpc_python_plugin"; do
  command -v "$tool" >/dev/null 2>&1 || setup_failed "'$tool' not found; run tests/interop/install.sh"
done
[[ -d "$here/node/node_modules/@grpc/grpc-js" ]] || setup_failed "node packages missing; run tests/interop/install.sh"
[[ -x "$here/buf/node_modules/.bin/buf" ]] || setup_failed "buf (npm @bufbuild/buf) missing; run tests/interop/install.sh"

# ---- build the server ----------------------------------------------------
build_server_release "$root" "$generated"

# ---- Python stubs from our protos ---------------------------------------
echo "== generating Python stubs"
wkt_dir=""
for candidate in /usr/include /usr/local/include; do
  if [[ -f "$candidate/google/protobuf/descriptor.proto" ]]; then wkt_dir="$candidate"; break; fi
done
[[ -n "$wkt_dir" ]] || setup_failed "google/protobuf/*.proto not found (Debian package libprotobuf-dev); run tests/interop/install.sh"
rm -rf "$generated/python"
mkdir -p "$generated/python"
(
  cd "$root/protos" &&
    protoc -I. -I"$here/protos" -I"$wkt_dir" \
      --plugin=protoc-gen-grpc_python="$grpc_python_plugin" \
      --python_out="$generated/python" --grpc_python_out="$generated/python" \
      google/api/*.proto google/rpc/status.proto \
      google/longrunning/operations.proto \
      longrunning/emulator/v1/operations_emulator.proto \
      longrunning/emulator/v1/emulator_control.proto \
      grpc/health/v1/health.proto
) || setup_failed "protoc failed"

# ---- start the server ----------------------------------------------------
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port="$(free_port)"
tls_port="$(free_port)"
address="127.0.0.1:$port"
# TLS with the server's own certificate, trusted by the TLS suites through its PEM.
tls_address="127.0.0.1:$tls_port"
tls_pem="$work/tls/localhost.pem"
echo "== starting server on $address and $tls_address (TLS) (log: tests/interop/generated/server.log)"
(cd "$root" && exec dotnet "$server_dll" --port "$port" --tls-port "$tls_port" --tls-self-signed true --tls-dir "$work/tls") >"$generated/server.log" 2>&1 &
server_pid=$!

ready=0
for _ in $(seq 1 600); do
  kill -0 "$server_pid" 2>/dev/null || break
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
if ((ready == 0)); then
  tail -n 30 "$generated/server.log" >&2
  setup_failed "server did not accept connections on $address within 60 s"
fi

# ---- Python suite --------------------------------------------------------
echo "== Python suite (grpcio $("$python" -c 'import grpc; print(grpc.__version__)'))"
(cd "$here/python" && LRS_ADDRESS="$address" LRS_TLS_ADDRESS="$tls_address" LRS_TLS_PEM="$tls_pem" timeout 300 "$python" -m unittest -v) 2>&1 | tee "$work/python.txt"
py_rc=${PIPESTATUS[0]}
py_total="$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "$work/python.txt" | tail -n 1)"
py_failed=0
py_skipped=0
if [[ -z "$py_total" ]]; then
  py_total=0
  py_failed=1
  echo "python: no test summary (suite did not run to completion)"
else
  summary="$(grep -E '^(OK|FAILED)' "$work/python.txt" | tail -n 1)"
  for key in failures errors unexpected\ successes; do
    n="$(sed -n "s/.*[(, ]$key=\([0-9]*\).*/\1/p" <<<"$summary")"
    py_failed=$((py_failed + ${n:-0}))
  done
  for key in skipped expected\ failures; do
    n="$(sed -n "s/.*[(, ]$key=\([0-9]*\).*/\1/p" <<<"$summary")"
    py_skipped=$((py_skipped + ${n:-0}))
  done
  if ((py_rc != 0 && py_failed == 0)); then py_failed=1; fi
fi
py_passed=$((py_total - py_failed - py_skipped))
((py_passed < 0)) && py_passed=0
echo "python: $py_passed passed, $py_failed failed"
passed=$((passed + py_passed))
failed=$((failed + py_failed))

# ---- Node suite ----------------------------------------------------------
echo "== Node suite (@grpc/grpc-js $(cd "$here/node" && node -p 'require("@grpc/grpc-js/package.json").version'), node $(node --version))"
LRS_ADDRESS="$address" LRS_TLS_ADDRESS="$tls_address" LRS_TLS_PEM="$tls_pem" run_node_suite node "$here/node" "$work/node.tap"
node_pass=$tap_pass
node_fail=$tap_fail
echo "node: $node_pass passed, $node_fail failed"
passed=$((passed + node_pass))
failed=$((failed + node_fail))

# ---- shell check scripts: buf curl (reflection only) and plain curl -------
# Each prints "ok - <name>" or "not ok - <name>" per check.
run_checks() { # label script
  local label=$1 script=$2 log rc pass fail
  log="$work/$label.txt"
  echo "== $label ($(basename "$script"))"
  LRS_ADDRESS="$address" LRS_PROTOS="$root/protos" timeout 600 bash "$script" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  pass="$(grep -c '^ok - ' "$log")"
  fail="$(grep -c '^not ok - ' "$log")"
  if ((rc != 0 && fail == 0)); then fail=1; fi
  echo "$label: $pass passed, $fail failed"
  passed=$((passed + pass))
  failed=$((failed + fail))
}

echo "buf $("$here/buf/node_modules/.bin/buf" --version)"
run_checks buf "$here/buf/curl_checks.sh"
for script in "$here"/curl/*_checks.sh; do
  [[ -e "$script" ]] || continue
  run_checks "curl-$(basename "$script" _checks.sh)" "$script"
done

echo "== finished in $((SECONDS - started)) s"
