#!/usr/bin/env pwsh
# Thin wrapper over the dotnet commands, for PowerShell users.
#   ./build.ps1 restore | build | test | bench | run
param(
    [ValidateSet('restore', 'build', 'test', 'bench', 'run')]
    [string] $Target = 'build',
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Target) {
    'restore' { dotnet restore LongRunningService.sln }
    'build' { dotnet build LongRunningService.sln -c $Configuration }
    'test' { dotnet test LongRunningService.sln -c $Configuration }
    'bench' { bash bench/run.sh }
    'run' { dotnet run --project src/LongRunningService -c $Configuration }
}
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
