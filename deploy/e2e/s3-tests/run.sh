#!/usr/bin/env bash
# Runs the pinned copy of ceph/s3-tests (upstream/, commit in upstream/COMMIT) against the system that
# deploy/local/up.sh started, as three accounts of its own (the suite's main, alt and tenant users: tests
# that list every bucket of a user expect to find only their own), made through the Edge API once.
# excluded.txt and known-failing.txt hold the suite to our scope (see edge_s3tests.py). Results:
# .run/s3-tests/results.xml (JUnit) and summary.json (counts per file). Extra arguments go to pytest,
# e.g. `deploy/e2e/s3-tests/run.sh -k multipart`; without them every line of both lists must match a test.
source "$(dirname "${BASH_SOURCE[0]}")/../../local/lib.sh"
SUITE_DIR="$ROOT_DIR/deploy/e2e/s3-tests"
WORK="$RUN_DIR/s3-tests"
[[ -f "$RUN_DIR/env" ]] || die "start the system first: deploy/local/up.sh"
source "$RUN_DIR/env"
mkdir -p "$WORK"

# One account per suite user, with an access key: ids, tokens and keys kept in $WORK (mode 600).
edge_api() { # method path token [json-body] -> status; body in $WORK/api.out
  curl -sS -o "$WORK/api.out" -w '%{http_code}' -X "$1" "$EDGE_API_URL$2" -H "Authorization: Bearer $3" \
    ${4:+-H 'Content-Type: application/json' -d "$4"}
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/api.out" "$1"; }
ensure_user() { # role -> sets USER_ID USER_KEY USER_SECRET
  local file="$WORK/$1.user" id token status
  if [[ ! -s "$file" ]]; then
    id="s3t-$1-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    status=$(edge_api POST /api/storage/admin/accounts "$EDGE_TOKEN" "{\"id\":\"$id\"}")
    [[ "$status" == 201 ]] || die "creating account $id: the Edge API answered $status: $(cat "$WORK/api.out")"
    token=$(field token)
    status=$(edge_api POST /api/storage/keys "$token" '{"name":"s3-tests"}')
    [[ "$status" == 201 ]] || die "creating a key for $id: the Edge API answered $status: $(cat "$WORK/api.out")"
    (umask 077; printf '%s\n%s\n%s\n' "$id" "$(field accessKeyId)" "$(field secretAccessKey)" > "$file")
  fi
  USER_ID=$(sed -n 1p "$file"); USER_KEY=$(sed -n 2p "$file"); USER_SECRET=$(sed -n 3p "$file")
}
ensure_user main; MAIN_ID=$USER_ID MAIN_KEY=$USER_KEY MAIN_SECRET=$USER_SECRET
ensure_user alt; ALT_ID=$USER_ID ALT_KEY=$USER_KEY ALT_SECRET=$USER_SECRET
ensure_user tenant; TENANT_ID=$USER_ID TENANT_KEY=$USER_KEY TENANT_SECRET=$USER_SECRET
rm -f "$WORK/api.out"

# The suite imports munch, isodate and pytz; Debian packages them. They are linked into a folder of
# their own so the rest of Debian's Python packages never shadow the interpreter's boto3.
mkdir -p "$WORK/pylib"
declare -A package_of=([munch]=python3-munch [isodate]=python3-isodate [pytz]=python3-tz)
missing=()
for module in "${!package_of[@]}"; do
  [[ -d "/usr/lib/python3/dist-packages/$module" ]] || missing+=("${package_of[$module]}")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# munch looks up its own distribution at import time: link its metadata too.
for module in "${!package_of[@]}"; do
  for path in /usr/lib/python3/dist-packages/"$module" /usr/lib/python3/dist-packages/"$module"-*-info; do
    ln -sfn "$path" "$WORK/pylib/$(basename "$path")"
  done
done

endpoint=${EDGE_S3_ENDPOINT#http://}
cat > "$WORK/s3tests.conf" <<CONF
[DEFAULT]
host = ${endpoint%:*}
port = ${endpoint##*:}
is_secure = False
ssl_verify = False

[fixtures]
bucket prefix = s3t-{random}-

[s3 main]
display_name = $MAIN_ID
user_id = $MAIN_ID
email = $MAIN_ID@example.com
access_key = $MAIN_KEY
secret_key = $MAIN_SECRET
api_name = ${AWS_REGION:-us-east-1}

[s3 alt]
display_name = $ALT_ID
user_id = $ALT_ID
email = $ALT_ID@example.com
access_key = $ALT_KEY
secret_key = $ALT_SECRET

[s3 tenant]
display_name = $TENANT_ID
user_id = $TENANT_ID
email = $TENANT_ID@example.com
tenant = $TENANT_ID
access_key = $TENANT_KEY
secret_key = $TENANT_SECRET

# IAM is out of scope (its tests are excluded); the suite reads these sections all the same.
[iam]
display_name = $ALT_ID
user_id = $ALT_ID
email = $ALT_ID@example.com
access_key = $ALT_KEY
secret_key = $ALT_SECRET

[iam root]
user_id = $MAIN_ID
email = $MAIN_ID@example.com
access_key = $MAIN_KEY
secret_key = $MAIN_SECRET

[iam alt root]
user_id = $ALT_ID
email = $ALT_ID@example.com
access_key = $ALT_KEY
secret_key = $ALT_SECRET
CONF
chmod 600 "$WORK/s3tests.conf"

full=()
(($# == 0)) && full=(--edge-full-run)
log "ceph/s3-tests $(cat "$SUITE_DIR/upstream/COMMIT") against $EDGE_S3_ENDPOINT"
cd "$SUITE_DIR/upstream"
rc=0
S3TEST_CONF="$WORK/s3tests.conf" PYTHONPATH="$WORK/pylib:$SUITE_DIR" \
  python3 -m pytest -q -p no:cacheprovider -p edge_s3tests -rfE --tb=line \
  --junitxml="$WORK/results.xml" --edge-summary="$WORK/summary.json" "${full[@]}" \
  s3tests/functional/test_s3.py s3tests/functional/test_headers.py "$@" || rc=$?
cat "$WORK/summary.json" >&2
exit $rc
