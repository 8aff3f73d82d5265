#!/usr/bin/env bash
# Installs PostgreSQL's server programs on Debian 12 (run as root) for the
# tests that start throwaway clusters of their own (Debian's cluster is not
# used). Safe to run again: nothing happens when initdb is there.
set -euo pipefail

initdb() { compgen -G '/usr/lib/postgresql/*/bin/initdb' || true; }

if [ -z "$(initdb)" ]; then
  echo "install: PostgreSQL's initdb missing; installing Debian's postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
fi
echo "install: PostgreSQL programs in $(dirname "$(initdb | sort -V | tail -n 1)")"
