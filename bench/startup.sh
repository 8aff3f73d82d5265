#!/usr/bin/env bash
# Start-up time (see bench/README.md): from starting the process to the first call
# that succeeds (REST GET /emulator/v1/clock answering 200), median of BENCH_STARTUP_RUNS
# (5), for the built server (dotnet LongRunningService.dll), the installed .NET tool
# (lro-emulator, packed and installed as README's quick start says) and, for scale,
# the bare Kestrel ceiling app. Prints a Markdown table, also bench/results/startup.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
RUNS=${BENCH_STARTUP_RUNS:-5}
RESULTS=$ROOT/bench/results
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lrs-startup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '== %s\n' "$*" >&2; }

log "building the server and the ceiling (Release), packing and installing the tool"
for project in src/LongRunningService bench/Ceiling; do
    dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
done
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/longrunningservice.tool{,.any,.linux-x64}
dotnet pack src/LongRunningService -c Release -o "$WORK/packages" -nologo -v quiet >"$WORK/pack.log" 2>&1 || { tail -n 30 "$WORK/pack.log" >&2; exit 1; }
dotnet tool install LongRunningService.Tool --tool-path "$WORK/tools" --add-source "$WORK/packages" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; exit 1; }

measure() { # label path command...
    local label=$1
    shift
    log "$label"
    read -r median low high < <(python3 bench/startup_time.py "$RUNS" "$@")
    printf '| %s | %s | %s–%s |\n' "$label" "$median" "$low" "$high"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "| Start to first successful call | median ms | min–max ms |"
    echo "|---|---:|---:|"
    measure "Built server, \`dotnet LongRunningService.dll\`" /emulator/v1/clock \
        dotnet "$ROOT/src/LongRunningService/bin/Release/net10.0/LongRunningService.dll" --port '{port}'
    measure "Installed tool, \`lro-emulator\`" /emulator/v1/clock \
        "$WORK/tools/lro-emulator" --port '{port}'
    measure "Bare Kestrel (the ceiling app)" /v1/any \
        dotnet "$ROOT/bench/Ceiling/bin/Release/net10.0/Ceiling.dll" --port 0 --rest-port '{port}'
} | tee "$WORK/startup.md"
echo
echo "Median of $RUNS runs each (after one unmeasured run); load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)." | tee -a "$WORK/startup.md"
mkdir -p "$RESULTS"
cp "$WORK/startup.md" "$RESULTS/startup.md"
