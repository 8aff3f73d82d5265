# Sourced by the shell check scripts. check LABEL COMMAND...: runs the command
# with its output in $out (a file the script made), prints "ok - LABEL" or
# "not ok - LABEL" and the output indented, and counts failures in $failures.
check() {
  local label="$1"
  shift
  if "$@" >"$out" 2>&1; then
    echo "ok - $label"
  else
    echo "not ok - $label"
    sed 's/^/    /' "$out"
    failures=$((failures + 1))
  fi
}
