#!/usr/bin/env bash
# The tool suite: packs the server as a .NET tool and installs it the way README's
# quick start says, starts lro-emulator on a free loopback port, runs the quick
# start's curl, Node and Python examples against it, calls a REST path that only
# a service config binds, stops it, then starts it with a self-signed certificate
# and runs README's TLS curl line. Prints "ok - NAME" or "not ok - NAME"
# per check and ends with one line: "tool: N passed, M failed".
# Prerequisites: bash tests/interop/install.sh (Node packages, python3, curl).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
readme="$root/README.md" python=/usr/bin/python3
work="$(mktemp -d)" tool_pid="" passed=0 failed=0

finish() {
  if [[ -n "$tool_pid" ]] && kill -0 "$tool_pid" 2>/dev/null; then
    kill -9 "$tool_pid" 2>/dev/null
    wait "$tool_pid" 2>/dev/null
  fi
  rm -rf "$work"
  echo "tool: $passed passed, $failed failed"
  if ((failed > 0)); then exit 1; fi
  exit 0
}
trap finish EXIT
trap 'exit 130' INT TERM

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }

# check NAME COMMAND...: runs the command, its output indented, and counts it.
check() {
  local name=$1
  shift
  if "$@" >"$work/check.log" 2>&1; then
    ok "$name"
  else
    sed 's/^/    /' "$work/check.log" | tail -n 40
    not_ok "$name"
  fi
}

# The README's quick-start block NAME, written to a file.
block() { "$python" "$here/readme_block.py" "$readme" "$1" >"$work/$1.block" && echo "$work/$1.block"; }

# ---- install: the README's commands as written, from the repository root ----
cd "$root" || exit 1
tool_block="$(block tool)" || { not_ok "README has the tool's quick start"; exit 1; }
install_commands="$(grep -v 'lro-emulator' "$tool_block")"
start_command="$(grep -E '^[^#]*lro-emulator' "$tool_block" | sed 's/[[:space:]]*#.*$//')"
[[ -n "$install_commands" && -n "$start_command" ]] || { not_ok "README's tool block packs, installs and starts lro-emulator"; exit 1; }

# A package of the same version already in the NuGet cache would be installed
# instead of the one just packed, and the tool path must not hold the tool yet.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/longrunningservice.tool{,.any,.linux-x64} artifacts/tools
echo "== packing and installing: $(tr '\n' ';' <<<"$install_commands")"
started=$SECONDS
check "dotnet pack and dotnet tool install, as README says" bash -euo pipefail -c "$install_commands"
echo "   ($((SECONDS - started)) s)"
# On Linux x64 the tool comes from its ReadyToRun package, not the portable one.
if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
  check "dotnet tool install picks the linux-x64 package" test -d "$(ls -d artifacts/tools/.store/longrunningservice.tool/*/ 2>/dev/null | head -n 1)longrunningservice.tool.linux-x64"
fi
[[ -x "$start_command" ]] || { not_ok "the installed tool is at $start_command"; exit 1; }

check "lro-emulator --help lists the options and exits 0" bash -c "'$root/$start_command' --help | grep -q -- '--port'"

# ---- start it -----------------------------------------------------------------
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
echo "== starting $start_command --port $port"
(cd "$work" && exec "$root/$start_command" --port "$port") >"$work/tool.log" 2>&1 &
tool_pid=$!
ready=0
for _ in $(seq 1 600); do
  kill -0 "$tool_pid" 2>/dev/null || break
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
if ((ready == 0)); then
  tail -n 30 "$work/tool.log"
  not_ok "lro-emulator answers /healthz within 60 s"
  exit 1
fi
ok "lro-emulator answers /healthz (started from another folder)"

# ---- the quick start's examples, with the port the tool listens on ------------
# run_example NAME EXTENSION COMMAND...: runs COMMAND on the block, written to a file with
# the tool's port for 7470; the output must end as the block's last comment says.
run_example() {
  local name=$1 extension=$2 script
  shift 2
  script="$work/$name.$extension"
  block "$name" >/dev/null || return 1
  sed "s/7470/$port/g" "$work/$name.block" >"$script"
  (timeout 60 "$@" "$script" >"$work/$name.out" 2>&1) || { cat "$work/$name.out"; return 1; }
  "$python" "$here/expect_output.py" "$work/$name.block" "$work/$name.out"
}

check "README quick start: curl (REST)" run_example curl sh bash -euo pipefail

# Node resolves imports from the script's folder: the interop suite's packages serve.
node_modules="$root/tests/interop/node/node_modules"
if [[ -d "$node_modules/@grpc/grpc-js" && -d "$node_modules/@grpc/proto-loader" ]]; then
  ln -sfn "$node_modules" "$work/node_modules"
  check "README quick start: Node (gRPC)" run_example node mjs node
else
  not_ok "README quick start: Node (gRPC): @grpc/grpc-js missing; run tests/interop/install.sh"
fi

check "README quick start: Python (REST)" run_example python py "$python"

# A path that only config/aiplatform_v1.yaml binds: the tool found its service configs.
check "REST GET /ui/…/operations, bound by a service config in the package" \
  bash -c "curl -fsS 'http://127.0.0.1:$port/ui/projects/demo/locations/us-central1/operations' | grep -q 'operations'"

# ---- stop it --------------------------------------------------------------------
kill -TERM "$tool_pid"
stopped=0
for _ in $(seq 1 100); do
  kill -0 "$tool_pid" 2>/dev/null || { stopped=1; break; }
  sleep 0.1
done
if ((stopped == 1)); then
  wait "$tool_pid"
  status=$?
  tool_pid=""
  if ((status == 0)); then ok "lro-emulator stops on SIGTERM with exit code 0"; else not_ok "lro-emulator stops on SIGTERM with exit code 0 (got $status)"; fi
else
  not_ok "lro-emulator stops within 10 s of SIGTERM"
fi

# ---- TLS, as README's "TLS for clients that insist on it" shows -----------------
# A self-signed certificate made at start in --tls-dir, its PEM announced on stdout, then
# README's curl line, trusting that PEM alone, over https on the port after the cleartext one.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
(cd "$work" && exec "$root/$start_command" --port "$port" --tls-self-signed --tls-dir .tls) >"$work/tls.log" 2>&1 &
tool_pid=$!
for _ in $(seq 1 600); do
  kill -0 "$tool_pid" 2>/dev/null || break
  grep -q 'TLS certificate to trust (PEM)' "$work/tls.log" && break
  sleep 0.1
done
check "README TLS: --tls-self-signed --tls-dir .tls announces the PEM it wrote there" \
  bash -c "grep -F 'TLS certificate to trust (PEM): $work/.tls/localhost.pem' '$work/tls.log' && test -s '$work/.tls/localhost.pem'"
tls_curl="$(grep -oE 'curl --cacert \.tls/localhost\.pem https://localhost:7471/healthz' "$readme" | head -n 1)"
check "README TLS: $tls_curl" \
  bash -c "cd '$work' && [[ -n '$tls_curl' ]] && ${tls_curl/7471/$((port + 1))} -fsS"
kill -TERM "$tool_pid" 2>/dev/null
wait "$tool_pid" 2>/dev/null
tool_pid=""
