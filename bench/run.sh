#!/usr/bin/env bash
# Measures LongRunningService (see bench/README.md):
#   - unary GetOperation, CancelOperation and StartOperation (create) over gRPC with h2load, against
#     the real server on the store BENCH_STORE names (memory, or sqlite in a temporary --data-dir);
#   - the same load against bench/Ceiling, a bare Kestrel HTTP/2 app returning a fixed
#     gRPC response of the same size, measured in the same run, interleaved;
#   - REST: GET of the same operation and POST :cancel of the running one with wrk over
#     HTTP/1.1 keep-alive, beside the ceiling's HTTP/1.1 endpoint returning a fixed JSON
#     body of the same size, in the same rounds;
#   - managed heap held by 1,000,000 finished operations (the Benchmarks `memory` command),
#     and by 1,000,000 running ones with the time of one clock advance past all their
#     timers (the `running` command).
# Prints a Markdown table and writes it to bench/results/latest.md.
#
# Usage: bash bench/run.sh
# Knobs (environment): BENCH_REQUESTS (200000 per measured run), BENCH_CLIENTS (16),
#   BENCH_STREAMS (8 concurrent streams per client), BENCH_RUNS (5 rounds, the median is kept),
#   BENCH_FILL (100000 finished operations in the registry while measuring),
#   BENCH_MEMORY_OPS (1000000), BENCH_JOBS (20000), BENCH_JOBS_WORKERS (32), BENCH_JOBS_SAMPLES (1000),
#   BENCH_MICRO (1 to also run the BenchmarkDotNet suite, ~15 min),
#   BENCH_REST_SECONDS (10 per wrk run), BENCH_REST_CONNECTIONS (16 keep-alive connections),
#   BENCH_STORE (memory, sqlite, or postgres: a throwaway cluster in a temporary folder, and a second
#   server on it that the cancel latency reads from), BENCH_CREATE_REQUESTS (20000 per measured run),
#   BENCH_SERVER_DLL (another build of the server to measure, e.g. an older commit's, for a before/after).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

REQUESTS=${BENCH_REQUESTS:-200000}
CLIENTS=${BENCH_CLIENTS:-16}
STREAMS=${BENCH_STREAMS:-8}
RUNS=${BENCH_RUNS:-5}
FILL=${BENCH_FILL:-100000}
MEMORY_OPS=${BENCH_MEMORY_OPS:-1000000}
REST_SECONDS=${BENCH_REST_SECONDS:-10}
REST_CONNECTIONS=${BENCH_REST_CONNECTIONS:-16}
RUNNING_POOL=1000
JOBS=${BENCH_JOBS:-20000}
JOBS_WORKERS=${BENCH_JOBS_WORKERS:-32}
JOBS_SAMPLES=${BENCH_JOBS_SAMPLES:-1000}
STORE=${BENCH_STORE:-memory}
CREATE_REQUESTS=${BENCH_CREATE_REQUESTS:-20000}

RESULTS=$ROOT/bench/results
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lrs-bench.XXXXXX")
SERVER_DLL=${BENCH_SERVER_DLL:-$ROOT/src/LongRunningService/bin/Release/net10.0/LongRunningService.dll}
CEILING_DLL=$ROOT/bench/Ceiling/bin/Release/net10.0/Ceiling.dll
BENCH_DLL=$ROOT/bench/LongRunningService.Benchmarks/bin/Release/net10.0/LongRunningService.Benchmarks.dll

GET_PATH=/google.longrunning.Operations/GetOperation
CANCEL_PATH=/google.longrunning.Operations/CancelOperation
START_PATH=/longrunning.emulator.v1.OperationsEmulator/StartOperation
BATCH_PATH=/longrunning.emulator.v1.OperationsEmulator/BatchStartOperations
# The same operations at Google's REST paths (see bench/LongRunningService.Benchmarks/BenchNames.cs).
REST_GET_PATH=/v1/projects/bench/locations/us-central1/operations/bench-get
REST_CANCEL_PATH=/v1/projects/bench/locations/us-central1/operations/bench-cancel:cancel

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# Only the processes this script started are stopped, by their PIDs.
SERVER_PID=
CEILING_PID=
SECOND_PID=
cleanup() {
    local pid
    for pid in $SERVER_PID $CEILING_PID $SECOND_PID; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if declare -F stop_postgres >/dev/null; then stop_postgres; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SECONDS=0

# --- (a) tools --------------------------------------------------------------
if ! command -v h2load >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1 || ! command -v wrk >/dev/null 2>&1; then
    log "installing nghttp2-client (h2load), wrk and curl"
    [[ $(id -u) -eq 0 ]] || die "h2load or wrk is missing and installing them needs root: apt-get install nghttp2-client wrk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client wrk curl >/dev/null
fi
command -v h2load >/dev/null || die "h2load is still missing after apt-get"
command -v wrk >/dev/null || die "wrk is still missing after apt-get"

# --- (b) build --------------------------------------------------------------
log "building server, ceiling and benchmarks (Release)"
for project in src/LongRunningService bench/Ceiling bench/LongRunningService.Benchmarks; do
    dotnet build "$project" -c Release -nologo >"$WORK/build.log" 2>&1 \
        || { grep -E 'error|Error' "$WORK/build.log" >&2 || cat "$WORK/build.log" >&2; die "build of $project failed"; }
done

# --- (c) start both servers on free loopback ports ---------------------------
# Each prints its bound address once listening; that line gives the port.
wait_for_port() { # name pid logfile -> port
    local name=$1 pid=$2 logfile=$3 port=
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || { cat "$logfile" >&2; die "$name exited during start-up"; }
        port=$(grep -oE 'istening on http://127\.0\.0\.1:[0-9]+' "$logfile" | head -1 | grep -oE '[0-9]+$' || true)
        [[ -n $port ]] && { echo "$port"; return 0; }
        sleep 0.1
    done
    cat "$logfile" >&2
    die "$name did not start listening within 30 s"
}

# A throwaway PostgreSQL cluster for BENCH_STORE=postgres (start_postgres, stop_postgres).
source "$ROOT/tests/postgres/cluster.sh"

case $STORE in
    memory) STORE_ARGS=() ;;
    sqlite) STORE_ARGS=(--data-dir "$WORK/data") ;;
    postgres)
        start_postgres "$(mktemp -d "${TMPDIR:-/tmp}/lrs-bench-pg.XXXXXX")" "$WORK/postgres.log" || die "PostgreSQL did not start"
        STORE_ARGS=(--postgres "$PG_CONNECTION") ;;
    *) die "BENCH_STORE must be memory, sqlite or postgres, not '$STORE'" ;;
esac

log "starting the server ($STORE store) and the ceiling"
# Room for every operation the runs create, so that none of the targets is evicted.
dotnet "$SERVER_DLL" --port 0 --max-operations $((FILL + RUNNING_POOL + 10000 + CREATE_REQUESTS * (RUNS + 1))) "${STORE_ARGS[@]}" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:LongRunningService=Information --Logging:LogLevel:LongRunningService.Calls=Warning \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
dotnet "$CEILING_DLL" --port 0 --rest-port 0 >"$WORK/ceiling.log" 2>&1 &
CEILING_PID=$!
SERVER_PORT=$(wait_for_port server "$SERVER_PID" "$WORK/server.log")
CEILING_PORT=$(wait_for_port ceiling "$CEILING_PID" "$WORK/ceiling.log")
SERVER=http://127.0.0.1:$SERVER_PORT
CEILING=http://127.0.0.1:$CEILING_PORT
# The ceiling prints its HTTP/1.1 address on the line after the HTTP/2 one.
CEILING_REST_PORT=
for _ in $(seq 1 50); do
    CEILING_REST_PORT=$(grep -oE 'REST on http://127\.0\.0\.1:[0-9]+' "$WORK/ceiling.log" | head -1 | grep -oE '[0-9]+$' || true)
    [[ -n $CEILING_REST_PORT ]] && break
    sleep 0.1
done
[[ -n $CEILING_REST_PORT ]] || die "the ceiling printed no REST address"
CEILING_REST=http://127.0.0.1:$CEILING_REST_PORT

# --- (d) request bodies, seed operations, check every call returns OK ---------
dotnet "$BENCH_DLL" frames "$WORK/frames" --fill "$FILL" --running "$RUNNING_POOL" >/dev/null
F=$WORK/frames

# One gRPC call with curl; fails unless grpc-status is 0. Prints the response body size.
grpc_call() { # url body-file name
    local url=$1 body=$2 name=$3 status
    curl -sS --http2-prior-knowledge --max-time 120 \
        -H 'content-type: application/grpc' -H 'te: trailers' \
        --data-binary @"$body" -o "$WORK/$name.body" -v "$url" 2>"$WORK/$name.trace" \
        || { cat "$WORK/$name.trace" >&2; die "$name: curl failed"; }
    # Trailers (or headers, for a trailers-only error) carry grpc-status.
    status=$(tr -d '\r' <"$WORK/$name.trace" | grep -E '^< grpc-status:' | tail -1 | awk '{print $3}')
    if [[ $status != 0 ]]; then
        tr -d '\r' <"$WORK/$name.trace" | grep -E '^< (HTTP|grpc-)' >&2 || true
        die "$name: expected grpc-status 0, got '${status:-none}'"
    fi
    stat -c %s "$WORK/$name.body"
}

log "seeding: 1 finished + 1 running target, $FILL finished and $RUNNING_POOL running operations"
grpc_call "$SERVER$START_PATH" "$F/start-done.bin" seed-get >/dev/null
grpc_call "$SERVER$START_PATH" "$F/start.bin" seed-cancel >/dev/null
if ((FILL > 0)); then grpc_call "$SERVER$BATCH_PATH" "$F/batch.bin" seed-fill >/dev/null; fi
grpc_call "$SERVER$BATCH_PATH" "$F/batch-running.bin" seed-running >/dev/null

GET_BYTES=$(grpc_call "$SERVER$GET_PATH" "$F/get.bin" check-get)
CREATE_BYTES=$(grpc_call "$SERVER$START_PATH" "$F/create.bin" check-create)
CANCEL_BYTES=$(grpc_call "$SERVER$CANCEL_PATH" "$F/cancel.bin" check-cancel)
CEILING_BYTES=$(grpc_call "$CEILING$GET_PATH" "$F/get.bin" check-ceiling)
# The ceiling stands in for GetOperation only if its answer is about as big (timestamps
# make the real one vary by a few bytes).
if ((CEILING_BYTES * 10 < GET_BYTES * 9 || CEILING_BYTES * 10 > GET_BYTES * 11)); then
    log "warning: ceiling body is $CEILING_BYTES bytes, GetOperation's is $GET_BYTES: regenerate bench/Ceiling's message"
fi

# One REST call with curl over HTTP/1.1; fails unless the status is 200. Prints the body size.
rest_call() { # method url name
    local method=$1 url=$2 name=$3 status
    status=$(curl -sS --http1.1 --max-time 30 -X "$method" -H 'content-type: application/json' \
        $([[ $method == POST ]] && echo --data-binary '{}') -o "$WORK/$name.body" -w '%{http_code}' "$url") \
        || die "$name: curl failed"
    [[ $status == 200 ]] || { cat "$WORK/$name.body" >&2; die "$name: expected HTTP 200, got $status"; }
    stat -c %s "$WORK/$name.body"
}

REST_GET_BYTES=$(rest_call GET "$SERVER$REST_GET_PATH" check-rest-get)
REST_CANCEL_BYTES=$(rest_call POST "$SERVER$REST_CANCEL_PATH" check-rest-cancel)
REST_CEILING_BYTES=$(rest_call GET "$CEILING_REST$REST_GET_PATH" check-rest-ceiling)
[[ $(cat "$WORK/check-rest-cancel.body") == '{}' ]] || die "REST :cancel answered $(cat "$WORK/check-rest-cancel.body"), expected {}"
if ((REST_CEILING_BYTES * 10 < REST_GET_BYTES * 9 || REST_CEILING_BYTES * 10 > REST_GET_BYTES * 11)); then
    log "warning: REST ceiling body is $REST_CEILING_BYTES bytes, REST GET's is $REST_GET_BYTES: regenerate bench/Ceiling/FixedJsonResponse.cs"
fi
# wrk posts :cancel with a JSON body of {} (what Google's REST clients send for an empty request).
cat >"$WORK/cancel.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
LUA

# --- (e) load ------------------------------------------------------------------
# One h2load run; fails unless every stream got HTTP 200 and a body of the
# expected size (a gRPC error would come back trailers-only, with no body).
# An expected size of ~N allows each body N ± 8 bytes (created operations' IDs and times vary).
# Prints: req/s mean_ms p50_ms p99_ms
h2load_run() { # name url body-file expected-body-bytes requests
    local name=$1 url=$2 body=$3 expect=$4 requests=$5 out=$WORK/$1.h2load
    h2load -n "$requests" -c "$CLIENTS" -m "$STREAMS" -t 1 \
        -H 'content-type: application/grpc' -H 'te: trailers' \
        -d "$body" --log-file="$WORK/$name.latency" "$url" >"$out" 2>&1 \
        || { cat "$out" >&2; die "$name: h2load failed"; }
    awk -v n="$requests" -v expect="$expect" -v name="$name" '
        /^finished in/        { rps = $4 }
        /^requests:/          { ok = ($8 == n && $10 == 0 && $12 == 0 && $14 == 0) }
        /^status codes:/      { two = $3 + 0 }
        /^traffic:/           { d = $(NF-1); gsub(/[()]/, "", d); data = d + 0 }   # "... 19.07MB (20000000) data"
        /^time for request:/  { mean = $6 }
        END {
            if (!ok || two != n) { printf "%s: not all %d requests succeeded\n", name, n > "/dev/stderr"; exit 1 }
            slack = 0
            if (expect ~ /^~/) { expect = substr(expect, 2) + 0; slack = 8 * n }
            if (data < n * expect - slack || data > n * expect + slack) { printf "%s: %d response bytes, expected %d x %d; some calls failed\n", name, data, n, expect > "/dev/stderr"; exit 1 }
            unit = mean; sub(/[0-9.]+/, "", unit); value = mean + 0
            if (unit == "us") value /= 1000; else if (unit == "s") value *= 1000
            printf "%s %.3f\n", rps, value
        }' "$out" >"$WORK/$name.summary" || { cat "$out" >&2; die "$name: bad run"; }
    # Percentiles from the per-request log (3rd column: microseconds to the end of the response).
    local p50 p99
    read -r p50 p99 < <(cut -f3 "$WORK/$name.latency" | sort -n | awk '
        { v[NR] = $1 }
        END { i50 = int(NR * 0.50 + 0.5); i99 = int(NR * 0.99 + 0.5); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
              printf "%.3f %.3f\n", v[i50] / 1000, v[i99] / 1000 }')
    echo "$(cat "$WORK/$name.summary") $p50 $p99"
}

# One wrk run over HTTP/1.1 keep-alive connections; fails on any socket error or
# non-2xx answer. Prints: req/s mean_ms p50_ms p99_ms (the same columns as h2load_run).
wrk_run() { # name url [lua-script]
    local name=$1 url=$2 script=${3:-} out=$WORK/$1.wrk
    wrk -t 1 -c "$REST_CONNECTIONS" -d "${REST_SECONDS}s" --latency ${script:+-s "$script"} "$url" >"$out" 2>&1 \
        || { cat "$out" >&2; die "$name: wrk failed"; }
    awk -v name="$name" '
        function ms(v,   unit) { unit = v; sub(/[0-9.]+/, "", unit); v += 0
                                 return unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v }
        /^ +Latency +[0-9]/    { mean = ms($2) }
        /^ +50% /              { p50 = ms($2) }
        /^ +99% /              { p99 = ms($2) }
        /^Requests\/sec:/      { rps = $2 }
        /requests in/          { n = $1 }
        /Non-2xx or 3xx/       { bad = $NF }
        /Socket errors:/       { errors = $0 }
        END {
            if (bad > 0 || errors != "" || n == 0) { printf "%s: %s non-2xx answers, %s\n", name, bad + 0, errors > "/dev/stderr"; exit 1 }
            printf "%s %.3f %.3f %.3f\n", rps, mean, p50, p99
        }' "$out" || { cat "$out" >&2; die "$name: bad run"; }
}

# Median of the runs by req/s; that run's latencies go with it. Prints: rps mean p50 p99 min max
median_of() { # file with one "rps mean p50 p99" line per run
    sort -n -k1,1 "$1" | awk '{ line[NR] = $0; rps[NR] = $1 }
        END { m = int((NR + 1) / 2); printf "%s %s %s\n", line[m], rps[1], rps[NR] }'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "warm-up (not recorded); load average before: $LOAD_BEFORE"
h2load_run warm-get "$SERVER$GET_PATH" "$F/get.bin" "$GET_BYTES" $((REQUESTS / 2)) >/dev/null
h2load_run warm-cancel "$SERVER$CANCEL_PATH" "$F/cancel.bin" "$CANCEL_BYTES" $((REQUESTS / 2)) >/dev/null
h2load_run warm-create "$SERVER$START_PATH" "$F/create.bin" "~$CREATE_BYTES" $((CREATE_REQUESTS / 4)) >/dev/null
h2load_run warm-ceiling "$CEILING$GET_PATH" "$F/get.bin" "$CEILING_BYTES" $((REQUESTS / 2)) >/dev/null
wrk_run warm-rest-get "$SERVER$REST_GET_PATH" >/dev/null
wrk_run warm-rest-cancel "$SERVER$REST_CANCEL_PATH" "$WORK/cancel.lua" >/dev/null
wrk_run warm-rest-ceiling "$CEILING_REST$REST_GET_PATH" >/dev/null

: >"$WORK/get.runs"; : >"$WORK/cancel.runs"; : >"$WORK/ceiling.runs"; : >"$WORK/create.runs"
: >"$WORK/rest-get.runs"; : >"$WORK/rest-cancel.runs"; : >"$WORK/rest-ceiling.runs"
for run in $(seq 1 "$RUNS"); do
    # Interleaved, so drift in the machine's load hits every target alike.
    log "run $run/$RUNS: GetOperation, CancelOperation, ceiling ($REQUESTS requests each, $CLIENTS clients x $STREAMS streams)"
    h2load_run "get-$run" "$SERVER$GET_PATH" "$F/get.bin" "$GET_BYTES" "$REQUESTS" >>"$WORK/get.runs"
    h2load_run "cancel-$run" "$SERVER$CANCEL_PATH" "$F/cancel.bin" "$CANCEL_BYTES" "$REQUESTS" >>"$WORK/cancel.runs"
    h2load_run "ceiling-$run" "$CEILING$GET_PATH" "$F/get.bin" "$CEILING_BYTES" "$REQUESTS" >>"$WORK/ceiling.runs"
    h2load_run "create-$run" "$SERVER$START_PATH" "$F/create.bin" "~$CREATE_BYTES" "$CREATE_REQUESTS" >>"$WORK/create.runs"
    log "run $run/$RUNS: REST GET, REST :cancel, REST ceiling (wrk, ${REST_SECONDS} s each, $REST_CONNECTIONS connections)"
    wrk_run "rest-get-$run" "$SERVER$REST_GET_PATH" >>"$WORK/rest-get.runs"
    wrk_run "rest-cancel-$run" "$SERVER$REST_CANCEL_PATH" "$WORK/cancel.lua" >>"$WORK/rest-cancel.runs"
    wrk_run "rest-ceiling-$run" "$CEILING_REST$REST_GET_PATH" >>"$WORK/rest-ceiling.runs"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Bytes the server allocates per call: the runtime's allocation counter on /metrics, read around one more
# run of each (the scrape itself allocates a few kilobytes, nothing against the run's total).
allocated() { curl -sS --max-time 30 "$SERVER/metrics" | awk '$1 == "dotnet_gc_heap_total_allocated_bytes_total" { printf "%.0f", $2 }'; }
log "allocations: one more GetOperation run and REST GET run, allocated bytes read from /metrics around each"
before=$(allocated)
h2load_run alloc-get "$SERVER$GET_PATH" "$F/get.bin" "$GET_BYTES" "$REQUESTS" >/dev/null
GET_ALLOC=$(awk -v a="$before" -v b="$(allocated)" -v n="$REQUESTS" 'BEGIN { printf "%.0f", (b - a) / n }')
before=$(allocated)
wrk_run alloc-rest-get "$SERVER$REST_GET_PATH" >/dev/null
REST_CALLS=$(awk '/requests in/ { print $1 }' "$WORK/alloc-rest-get.wrk")
RGET_ALLOC=$(awk -v a="$before" -v b="$(allocated)" -v n="$REST_CALLS" 'BEGIN { printf "%.0f", (b - a) / n }')
[[ -n $GET_ALLOC && -n $RGET_ALLOC ]] || die "no allocation figures: /metrics lacks dotnet_gc_heap_total_allocated_bytes_total"

# The Cancel load must have hit a running operation (its script ignores cancellation for an hour).
grpc_call "$SERVER$GET_PATH" "$F/get-cancel.bin" recheck-cancel >/dev/null
STATE=$(dotnet "$BENCH_DLL" inspect "$WORK/recheck-cancel.body")
[[ $STATE == done=false* ]] || die "the cancel target is no longer running: $STATE"
SERVER_RSS_MIB=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")

# Vertex jobs: created and cancelled per second, and Cancel -> CANCELLED latency (default script, no cancel delay).
# On PostgreSQL the latency is read from a second server on the same database: Cancel on one, CANCELLED on the other.
READ_FROM=()
CANCEL_READER="GetPipelineJob"
if [[ $STORE == postgres ]]; then
    dotnet "$SERVER_DLL" --port 0 "${STORE_ARGS[@]}" --Logging:LogLevel:Default=Warning >"$WORK/second.log" 2>&1 &
    SECOND_PID=$!
    READ_FROM=(--read-from "127.0.0.1:$(wait_for_port "second server" "$SECOND_PID" "$WORK/second.log")")
    CANCEL_READER="GetPipelineJob on a second server"
fi
log "jobs: $JOBS pipeline jobs created and cancelled ($JOBS_WORKERS loops), then $JOBS_SAMPLES cancel latencies"
dotnet "$BENCH_DLL" jobs "127.0.0.1:$SERVER_PORT" --jobs "$JOBS" --workers "$JOBS_WORKERS" --latency-samples "$JOBS_SAMPLES" "${READ_FROM[@]}" \
    >"$WORK/jobs.out" || { cat "$WORK/jobs.out" >&2; die "jobs command failed"; }
jobs_figure() { grep -E "^$1=" "$WORK/jobs.out" | cut -d= -f2; }
JOBS_RPS=$(jobs_figure jobs_per_second)
CANCEL_P50=$(jobs_figure cancel_to_cancelled_p50_ms)
CANCEL_P90=$(jobs_figure cancel_to_cancelled_p90_ms)
CANCEL_P99=$(jobs_figure cancel_to_cancelled_p99_ms)
CANCEL_VERDICT=$(awk -v p="$CANCEL_P50" 'BEGIN { print (p < 5 ? "meets" : "misses") }')

read -r GET_RPS GET_MEAN GET_P50 GET_P99 GET_MIN GET_MAX < <(median_of "$WORK/get.runs")
read -r CAN_RPS CAN_MEAN CAN_P50 CAN_P99 CAN_MIN CAN_MAX < <(median_of "$WORK/cancel.runs")
read -r CEIL_RPS CEIL_MEAN CEIL_P50 CEIL_P99 CEIL_MIN CEIL_MAX < <(median_of "$WORK/ceiling.runs")
read -r CRE_RPS CRE_MEAN CRE_P50 CRE_P99 CRE_MIN CRE_MAX < <(median_of "$WORK/create.runs")
CRE_PCT=$(awk -v a="$CRE_RPS" -v b="$CEIL_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
GET_PCT=$(awk -v a="$GET_RPS" -v b="$CEIL_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
# Each round's GetOperation and ceiling runs are back to back, so their ratio drifts less
# with the machine's load than the medians do; the median of those ratios is shown too.
ROUND_PCTS=$(paste -d' ' "$WORK/get.runs" "$WORK/ceiling.runs" | awk '{ printf "%s%.0f%%", (NR > 1 ? ", " : ""), 100 * $1 / $5 }')
ROUND_PCT_MEDIAN=$(paste -d' ' "$WORK/get.runs" "$WORK/ceiling.runs" | awk '{ print 100 * $1 / $5 }' | sort -n \
    | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
CAN_PCT=$(awk -v a="$CAN_RPS" -v b="$CEIL_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
GET_VERDICT=$(awk -v p="$GET_PCT" 'BEGIN { print (p >= 70 ? "meets" : "misses") }')

read -r RGET_RPS RGET_MEAN RGET_P50 RGET_P99 RGET_MIN RGET_MAX < <(median_of "$WORK/rest-get.runs")
read -r RCAN_RPS RCAN_MEAN RCAN_P50 RCAN_P99 RCAN_MIN RCAN_MAX < <(median_of "$WORK/rest-cancel.runs")
read -r RCEIL_RPS RCEIL_MEAN RCEIL_P50 RCEIL_P99 RCEIL_MIN RCEIL_MAX < <(median_of "$WORK/rest-ceiling.runs")
RGET_PCT=$(awk -v a="$RGET_RPS" -v b="$RCEIL_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
RCAN_PCT=$(awk -v a="$RCAN_RPS" -v b="$RCEIL_RPS" 'BEGIN { printf "%.1f", 100 * a / b }')
REST_ROUND_PCTS=$(paste -d' ' "$WORK/rest-get.runs" "$WORK/rest-ceiling.runs" | awk '{ printf "%s%.0f%%", (NR > 1 ? ", " : ""), 100 * $1 / $5 }')
REST_ROUND_PCT_MEDIAN=$(paste -d' ' "$WORK/rest-get.runs" "$WORK/rest-ceiling.runs" | awk '{ print 100 * $1 / $5 }' | sort -n \
    | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
RGET_VERDICT=$(awk -v p="$RGET_PCT" 'BEGIN { print (p >= 70 ? "meets" : "misses") }')

kill "$SERVER_PID" "$CEILING_PID" $SECOND_PID 2>/dev/null || true
wait "$SERVER_PID" "$CEILING_PID" $SECOND_PID 2>/dev/null || true
SERVER_PID= CEILING_PID= SECOND_PID=

# --- (f) memory ------------------------------------------------------------
log "memory: $MEMORY_OPS finished operations in the registry"
dotnet "$BENCH_DLL" memory --count "$MEMORY_OPS" >"$WORK/memory.out" || { cat "$WORK/memory.out" >&2; die "memory command failed"; }
# One figure of a command's output: figure FILE KEY reads "<command>: KEY=value".
figure() { grep -E "^[a-z]+: $2=" "$1" | cut -d= -f2; }
mem() { figure "$WORK/memory.out" "$1"; }
MEM_AFTER_MIB=$(mem heap_after_mib)
MEM_PER_OP=$(mem bytes_per_operation)
MEM_HELD=$(mem held_bytes)
MEM_RESULT=$(mem result)
MEM_FILL_MS=$(mem fill_ms)

log "memory: $MEMORY_OPS running operations, then one clock advance past all their timers"
dotnet "$BENCH_DLL" running --count "$MEMORY_OPS" >"$WORK/running.out" || { cat "$WORK/running.out" >&2; die "running command failed"; }
RUN_AFTER_MIB=$(figure "$WORK/running.out" heap_after_mib)
RUN_PER_OP=$(figure "$WORK/running.out" bytes_per_operation)
RUN_ADVANCE_MS=$(figure "$WORK/running.out" advance_ms)
RUN_ADVANCE_CPU_MS=$(figure "$WORK/running.out" advance_cpu_ms)

if [[ ${BENCH_MICRO:-0} == 1 ]]; then
    log "micro-benchmarks (BenchmarkDotNet); reports in bench/results/micro"
    dotnet "$BENCH_DLL" micro --filter '*' --join
fi

# --- (g) report --------------------------------------------------------------
# Whole numbers with thin groups of three, e.g. 123 456 (mawk has no %' flag).
fmt_rps() { printf '%.0f' "$1" | sed -E ':a; s/([0-9])([0-9]{3})($| )/\1 \2\3/; ta'; }
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo none)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mkdir -p "$RESULTS"
REPORT=$RESULTS/latest.md
{
    echo "# LongRunningService bench — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores ($CPU), .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }'), $(h2load --version | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)."
    echo "Client and server share the cores. Commit $COMMIT (working tree as built). Load average before/after: $LOAD_BEFORE / $LOAD_AFTER."
    echo "Load: h2load -t 1 -c $CLIENTS -m $STREAMS, $REQUESTS requests per run (gRPC), and wrk -t 1 -c $REST_CONNECTIONS -d ${REST_SECONDS}s"
    echo "over HTTP/1.1 keep-alive (REST); median of $RUNS interleaved rounds after a warm-up;"
    echo "the registry holds $FILL finished + $((RUNNING_POOL + 1)) running operations besides the GET target."
    echo "Store: **$STORE**. StartOperation runs $CREATE_REQUESTS requests per run, each creating an operation with an empty script (done at once)."
    echo
    echo "| Target | req/s (median) | req/s min–max | mean ms | p50 ms | p99 ms | response body | % of ceiling |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    echo "| GetOperation | $(fmt_rps "$GET_RPS") | $(fmt_rps "$GET_MIN")–$(fmt_rps "$GET_MAX") | $GET_MEAN | $GET_P50 | $GET_P99 | $GET_BYTES B | $GET_PCT% |"
    echo "| CancelOperation (running op) | $(fmt_rps "$CAN_RPS") | $(fmt_rps "$CAN_MIN")–$(fmt_rps "$CAN_MAX") | $CAN_MEAN | $CAN_P50 | $CAN_P99 | $CANCEL_BYTES B | $CAN_PCT% |"
    echo "| StartOperation (create, done at once) | $(fmt_rps "$CRE_RPS") | $(fmt_rps "$CRE_MIN")–$(fmt_rps "$CRE_MAX") | $CRE_MEAN | $CRE_P50 | $CRE_P99 | ~$CREATE_BYTES B | $CRE_PCT% |"
    echo "| Ceiling (bare Kestrel HTTP/2) | $(fmt_rps "$CEIL_RPS") | $(fmt_rps "$CEIL_MIN")–$(fmt_rps "$CEIL_MAX") | $CEIL_MEAN | $CEIL_P50 | $CEIL_P99 | $CEILING_BYTES B | 100% |"
    echo "| REST GET operation (HTTP/1.1) | $(fmt_rps "$RGET_RPS") | $(fmt_rps "$RGET_MIN")–$(fmt_rps "$RGET_MAX") | $RGET_MEAN | $RGET_P50 | $RGET_P99 | $REST_GET_BYTES B | $RGET_PCT% |"
    echo "| REST POST :cancel (running op) | $(fmt_rps "$RCAN_RPS") | $(fmt_rps "$RCAN_MIN")–$(fmt_rps "$RCAN_MAX") | $RCAN_MEAN | $RCAN_P50 | $RCAN_P99 | $REST_CANCEL_BYTES B | $RCAN_PCT% |"
    echo "| REST ceiling (bare Kestrel HTTP/1.1 JSON) | $(fmt_rps "$RCEIL_RPS") | $(fmt_rps "$RCEIL_MIN")–$(fmt_rps "$RCEIL_MAX") | $RCEIL_MEAN | $RCEIL_P50 | $RCEIL_P99 | $REST_CEILING_BYTES B | 100% |"
    echo
    echo "GetOperation reaches $GET_PCT% of the ceiling (ratio of the medians; target ≥ 70%: $GET_VERDICT)."
    echo "Per round (GetOperation / ceiling run just after it): $ROUND_PCTS; median $ROUND_PCT_MEDIAN%."
    echo "REST rows are % of the REST ceiling. REST GET reaches $RGET_PCT% of it (ratio of the medians; target ≥ 70%: $RGET_VERDICT)."
    echo "Allocated by the server per call: gRPC GetOperation $GET_ALLOC B, REST GET $RGET_ALLOC B."
    echo "Per round (REST GET / REST ceiling in the same round): $REST_ROUND_PCTS; median $REST_ROUND_PCT_MEDIAN%."
    echo "Server RSS after the load: $SERVER_RSS_MIB MiB."
    echo
    echo "| Vertex jobs (gRPC, PipelineService v1) | Value |"
    echo "|---|---:|"
    echo "| Pipeline jobs created and cancelled per second ($JOBS jobs, $JOBS_WORKERS concurrent loops) | $(fmt_rps "$JOBS_RPS") |"
    echo "| Cancel returned → $CANCEL_READER reads CANCELLED, p50 / p90 / p99 ($JOBS_SAMPLES jobs, one at a time) | $CANCEL_P50 / $CANCEL_P90 / $CANCEL_P99 ms |"
    echo "| Target p50 < 5 ms | $CANCEL_VERDICT |"
    echo
    echo "| Memory | Value |"
    echo "|---|---:|"
    echo "| Finished operations held | $(fmt_rps "$MEMORY_OPS") |"
    echo "| Managed heap after (GC.GetTotalMemory) | $MEM_AFTER_MIB MiB |"
    echo "| Held by the operations | $(fmt_rps "$MEM_HELD") B |"
    echo "| Bytes per operation | $MEM_PER_OP |"
    echo "| Budget < 1 GiB | $MEM_RESULT |"
    echo "| Time to add them (BatchStartOperations handler) | $MEM_FILL_MS ms |"
    echo "| Running operations held (one-hour scripts, paused clock) | $(fmt_rps "$MEMORY_OPS") |"
    echo "| Managed heap after, running | $RUN_AFTER_MIB MiB |"
    echo "| Bytes per running operation (target: at most twice a finished one) | $RUN_PER_OP |"
    echo "| One AdvanceClock past all their timers, wall / CPU (target < 2 s) | $RUN_ADVANCE_MS / $RUN_ADVANCE_CPU_MS ms |"
    echo
    echo "Whole run: ${SECONDS} s."
} >"$REPORT"
cat "$REPORT"
log "written to ${REPORT#"$ROOT"/}"
