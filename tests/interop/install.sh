#!/usr/bin/env bash
# Installs what the interop suite needs on Debian 12 (run as root).
# Safe to run again: it only installs what is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# libprotobuf-dev carries the google/protobuf/*.proto well-known types that
# Debian's protoc needs as imports (protobuf-compiler ships only the binary).
packages=(python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc libprotobuf-dev)
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed$'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "install: apt packages missing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "install: apt packages already present"
fi

echo "install: node packages (npm ci)"
(cd "$here/node" && npm ci --no-audit --no-fund)

# buf curl for the reflection checks; the npm package carries buf's native binary.
echo "install: buf (npm ci)"
(cd "$here/buf" && npm ci --no-audit --no-fund)

echo "install: done"
