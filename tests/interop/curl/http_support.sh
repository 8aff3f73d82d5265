# Sourced by the curl check scripts that call REST paths: sets $base (http://host:port,
# from LRS_ADDRESS), $python, a scratch folder $work removed on exit, and the files
# $out, $body and $headers there.

python=/usr/bin/python3
base="http://${LRS_ADDRESS:?LRS_ADDRESS is not set (expected host:port of the server)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/out"
body="$work/body"
headers="$work/headers"

# call EXPECTED_STATUS METHOD PATH [curl args...]: the body goes to $body, headers to
# $headers; fails (printing both) unless the HTTP status is the expected one.
call() {
  local expected="$1" method="$2" path="$3" status
  shift 3
  status="$(curl -sS --max-time 30 -X "$method" -D "$headers" -o "$body" -w '%{http_code}' "$@" "$base$path")" || return 1
  if [[ "$status" != "$expected" ]]; then
    echo "$method $path: HTTP $status, expected $expected"
    cat "$body"
    return 1
  fi
}

# expect_json EXPRESSION: the JSON in $body, as d, makes the Python expression true.
expect_json() {
  "$python" - "$1" "$body" <<'EOF' || { echo "expected: $1"; echo "got: $(cat "$body")"; return 1; }
import json, sys
with open(sys.argv[2], encoding="utf-8") as f:
    d = json.load(f)
sys.exit(0 if eval(sys.argv[1]) else 1)
EOF
}

# expect_header NAME VALUE-REGEX: a response header in $headers matches.
expect_header() {
  tr -d '\r' <"$headers" | grep -qiE "^$1: $2\$" || { echo "header $1 does not match $2:"; cat "$headers"; return 1; }
}
