#!/usr/bin/env bash
# Installs what the browser suite needs on Debian 12 (run as root): Debian's
# chromium, and playwright-core with the gRPC client from the lockfile.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! dpkg -s chromium 2>/dev/null | grep -q '^Status: install ok installed$'; then
  echo "install: apt package missing: chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium
else
  echo "install: chromium already present"
fi

echo "install: node packages (npm ci)"
(cd "$here" && npm ci --no-audit --no-fund)
echo "install: done"
