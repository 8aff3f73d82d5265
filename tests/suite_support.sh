# Shell helpers shared by the suites' run.sh scripts (sourced, not run).

# Stops a server this script started: TERM, up to 5 s to shut down gracefully, then KILL.
stop_server() { # pid
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# Reads a node --test TAP report into tap_pass and tap_fail (cancelled tests count
# as failed). A missing summary, or a failing exit code with no failed test, is one failure.
node_tap_counts() { # label tap-file exit-code
  local label=$1 tap=$2 rc=$3 cancelled
  tap_pass="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  tap_fail="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  cancelled="$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  if [[ -z "$tap_pass" || -z "$tap_fail" ]]; then
    tap_pass=0
    tap_fail=1
    echo "$label: no test summary (suite did not run to completion)"
  else
    tap_fail=$((tap_fail + ${cancelled:-0}))
    if ((rc != 0 && tap_fail == 0)); then tap_fail=1; fi
  fi
}

# Builds the server (Release) into server_dll; on failure shows the log's end and
# calls the suite's setup_failed. The log goes to <generated>/build.log.
build_server_release() { # root generated
  local root=$1 generated=$2
  echo "== building server (Release)"
  if ! dotnet build "$root/src/LongRunningService" -c Release -nologo -v quiet >"$generated/build.log" 2>&1; then
    tail -n 40 "$generated/build.log" >&2
    setup_failed "server build failed (full log: ${generated#"$root"/}/build.log)"
  fi
  server_dll="$root/src/LongRunningService/bin/Release/net10.0/LongRunningService.dll"
  [[ -f "$server_dll" ]] || setup_failed "server assembly not found at src/LongRunningService/bin/Release/net10.0"
}

# Runs a folder's *.test.mjs with node --test (spec report on stdout, TAP into a file),
# then reads its counts into tap_pass and tap_fail. The caller sets the suite's
# environment on the call (LRS_ADDRESS=... run_node_suite ...).
run_node_suite() { # label folder tap-file [node --test options...]
  local label=$1 folder=$2 tap=$3 rc
  shift 3
  (
    cd "$folder" && timeout 300 node --test --test-timeout=60000 "$@" \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$tap" \
      ./*.test.mjs
  ) 2>&1
  rc=$?
  node_tap_counts "$label" "$tap" "$rc"
}
