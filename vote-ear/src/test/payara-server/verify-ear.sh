#!/usr/bin/env bash
# Deploys vote.ear on a full Payara Server 6 and does over HTTP what a user does, then undeploys
# and stops the server again - always, also when a step fails (trap on EXIT).
#
#   verify-ear.sh --payara-home DIR --ear FILE --work-dir DIR [--port-base N]
#                 [--unpack-started FILE --unpack-marker FILE]
#
#   --payara-home     the unpacked distribution (the directory holding bin/asadmin and glassfish/)
#   --ear             the EAR to deploy
#   --work-dir        scratch space: the domain (a fresh copy of domain1 each run), its logs, the H2
#                     database, curl's files. Wiped at the start of each run.
#   --port-base N     every server port is N + an offset (admin N+48, HTTP N+80, ...; see
#                     loopback-domain.py). Default 30000, away from Payara's defaults (8080, 4848)
#                     so a Payara Micro started by other tests does not clash.
#   --unpack-started  a file holding the epoch time in ns taken just before Maven unpacked the
#   --unpack-marker   distribution, and maven-dependency-plugin's marker file for that unpack;
#                     used only to report how long the unzip took.
#
# Database: with VOTE_TEST_DB_URL set (and VOTE_TEST_DB_USER / VOTE_TEST_DB_PASSWORD) the server
# uses that PostgreSQL database; otherwise the application's embedded H2 file database, kept
# under --work-dir. URL and user reach the server as JVM options in domain.xml; the password as
# the environment variable VOTE_DB_PASSWORD of the server process, so it is on no command line.
#
# Every listener is made loopback-only in domain.xml before the first start, and the script
# fails if the running server listens on anything else. Exit status 0 only if every check passed.
# The last line is always "ear checks: N passed, M failed".
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PAYARA_HOME=
EAR=
WORK_DIR=
PORT_BASE=30000
UNPACK_STARTED=
UNPACK_MARKER=
START_TIMEOUT=${EAR_START_TIMEOUT:-420}
DEPLOY_TIMEOUT=${EAR_DEPLOY_TIMEOUT:-420}
READY_TIMEOUT=${EAR_READY_TIMEOUT:-180}
STOP_TIMEOUT=${EAR_STOP_TIMEOUT:-180}
HTTP_TIMEOUT=30
APP_NAME=vote
DOMAIN=domain1

while [ $# -gt 0 ]; do
    case "$1" in
        --payara-home) PAYARA_HOME=$2; shift 2 ;;
        --ear) EAR=$2; shift 2 ;;
        --work-dir) WORK_DIR=$2; shift 2 ;;
        --port-base) PORT_BASE=$2; shift 2 ;;
        --unpack-started) UNPACK_STARTED=$2; shift 2 ;;
        --unpack-marker) UNPACK_MARKER=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "verify-ear.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

script_started=$(date +%s%N)
passed=0
failed=0
skipped=0
started=false
deployed=false
server_pid=
rss_after_deploy=
SERVER_LOG=
declare -a timing_names=()
declare -a timing_values=()

log() { printf '[ear %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
pass() { passed=$((passed + 1)); printf '[ear] PASS     %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf '[ear] FAIL     %s%s\n' "$1" "${2:+: $2}"; }
skip() { skipped=$((skipped + 1)); printf '[ear] SKIPPED  %s%s\n' "$1" "${2:+ ($2)}"; }
now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
record_timing() { timing_names+=("$1"); timing_values+=("$2"); log "$1 took $2 s"; }

summary() {
    echo
    echo "---- timings (s) ----"
    local i
    for i in "${!timing_names[@]}"; do
        printf '  %-28s %8s\n' "${timing_names[$i]}" "${timing_values[$i]}"
    done
    printf '  %-28s %8s\n' "whole script" "$(seconds_since "$script_started")"
    [ -n "$rss_after_deploy" ] && echo "server RSS after deploy: $rss_after_deploy"
    [ "$skipped" -gt 0 ] && echo "skipped steps: $skipped (see SKIPPED lines above)"
    echo "ear checks: $passed passed, $failed failed"
}

# A fatal problem: the steps after it cannot run. The EXIT trap still undeploys and stops.
abort() {
    fail "$1" "${2:-}"
    if [ -n "${SERVER_LOG:-}" ] && [ -f "$SERVER_LOG" ]; then
        echo "---- last lines of $SERVER_LOG ----"
        tail -n 60 "$SERVER_LOG"
        echo "----"
    fi
    exit 1
}

# ---------------------------------------------------------------------------------------------
# Clean up whatever happens: undeploy, stop the domain, make sure our server process is gone.
# ---------------------------------------------------------------------------------------------
ASADMIN_REMOTE=()   # set once the admin port is known

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "$failed" -gt 0 ] && [ -f "$SERVER_LOG" ]; then
        echo "---- SEVERE entries in $SERVER_LOG (first 60 lines) ----"
        grep -A 12 '\[SEVERE\]' "$SERVER_LOG" | head -n 60
        echo "----"
    fi
    if [ "$deployed" = true ]; then
        local t
        t=$(now_ns)
        if timeout 180 "${ASADMIN_REMOTE[@]}" undeploy "$APP_NAME" > "$WORK_DIR/undeploy.log" 2>&1; then
            pass "undeploy"
        else
            fail "undeploy" "$(tail -n 3 "$WORK_DIR/undeploy.log" | tr '\n' ' ')"
        fi
        record_timing "undeploy" "$(seconds_since "$t")"
    elif [ "$deployed" = attempted ]; then
        # The deployment failed or timed out: remove whatever may be left, without counting it.
        timeout 180 "${ASADMIN_REMOTE[@]}" undeploy "$APP_NAME" > "$WORK_DIR/undeploy.log" 2>&1 || true
    fi
    if $started; then
        local t
        t=$(now_ns)
        if timeout "$STOP_TIMEOUT" env HOME="$HOME_FOR_ASADMIN" "$ASADMIN" stop-domain --domaindir "$DOMAIN_DIR" "$DOMAIN" \
                > "$WORK_DIR/stop-domain.log" 2>&1; then
            pass "stop-domain"
        else
            fail "stop-domain" "$(tail -n 3 "$WORK_DIR/stop-domain.log" | tr '\n' ' ')"
        fi
        # Only ever the one process this script started, by its id.
        if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
            local i
            for i in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
            if kill -0 "$server_pid" 2>/dev/null; then
                fail "server process gone after stop-domain" "pid $server_pid still alive, killing it"
                kill "$server_pid" 2>/dev/null; sleep 5
                kill -9 "$server_pid" 2>/dev/null
            fi
        fi
        record_timing "stop-domain" "$(seconds_since "$t")"
    fi
    summary
    if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then
        exit 1
    fi
    exit 0
}
trap cleanup EXIT
trap 'fail "interrupted by a signal" "cleaning up"; exit 130' INT TERM

[ -n "$PAYARA_HOME" ] && [ -n "$EAR" ] && [ -n "$WORK_DIR" ] || {
    echo "usage: verify-ear.sh --payara-home DIR --ear FILE --work-dir DIR [--port-base N]" >&2
    exit 2
}
for tool in java curl python3 ss awk sed grep timeout; do
    command -v "$tool" >/dev/null || { echo "verify-ear.sh: $tool is required" >&2; exit 2; }
done
[ -f "$EAR" ] || abort "EAR present" "$EAR does not exist (build first: ./mvnw -B install -DskipTests)"
[ -x "$PAYARA_HOME/bin/asadmin" ] || abort "Payara Server present" "no $PAYARA_HOME/bin/asadmin"

PAYARA_HOME=$(cd "$PAYARA_HOME" && pwd)
EAR=$(cd "$(dirname "$EAR")" && pwd)/$(basename "$EAR")
mkdir -p "$WORK_DIR"
WORK_DIR=$(cd "$WORK_DIR" && pwd)
ASADMIN="$PAYARA_HOME/bin/asadmin"
DOMAIN_DIR="$WORK_DIR/domains"
DOMAIN_HOME="$DOMAIN_DIR/$DOMAIN"
SERVER_LOG="$DOMAIN_HOME/logs/server.log"   # kept after the run: CI can upload it
H2_DIR="$WORK_DIR/h2-data"
HTTP_DIR="$WORK_DIR/http"
# asadmin keeps a cache and login tokens under the home directory; keep them in the work dir.
export HOME_FOR_ASADMIN="$WORK_DIR/asadmin-home"

if [ -n "$UNPACK_STARTED" ] && [ -s "$UNPACK_STARTED" ] && [ -n "$UNPACK_MARKER" ] && [ -f "$UNPACK_MARKER" ]; then
    # Maven noted the time just before maven-dependency-plugin:unpack, which writes its marker
    # file when it has unpacked; an older marker means it found the distribution already there.
    # The marker's mtime is set to the zip's, so its ctime (change time) is the one to read.
    unpack_started=$(tr -dc 0-9 < "$UNPACK_STARTED")
    unpack_done=$(stat -c %.9Z "$UNPACK_MARKER" | tr -dc 0-9)
    if [ "$unpack_done" -ge "$unpack_started" ]; then
        record_timing "unzip (Maven unpack)" "$(awk -v a="$unpack_started" -v b="$unpack_done" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
    else
        log "unzip: the distribution was already unpacked under $(dirname "$PAYARA_HOME") (reused)"
        record_timing "unzip (reused)" "0.0"
    fi
fi


# ---------------------------------------------------------------------------------------------
# A fresh domain, loopback-only, on our own ports, with the test's JVM options - before its first start.
# ---------------------------------------------------------------------------------------------
log "work dir $WORK_DIR (fresh domain copy, H2 data, logs)"
t=$(now_ns)
rm -rf "$DOMAIN_DIR" "$H2_DIR" "$HTTP_DIR" "$HOME_FOR_ASADMIN"
mkdir -p "$DOMAIN_DIR" "$H2_DIR" "$HTTP_DIR" "$HOME_FOR_ASADMIN"
template="$PAYARA_HOME/glassfish/domains/domain1"
[ -f "$template/config/domain.xml" ] || abort "domain template" "no $template/config/domain.xml"
cp -a "$template" "$DOMAIN_HOME"
# In case the distribution's domain1 was ever started: drop its runtime state.
rm -rf "$DOMAIN_HOME"/{osgi-cache,generated,applications,session-store} "$DOMAIN_HOME"/config/pid* "$DOMAIN_HOME"/logs/*

jvm_options=(
    "-Dvote.password.iterations=1024"
    "-Dvote.data.dir=$H2_DIR"
)
server_env=()
if [ -n "${VOTE_TEST_DB_URL:-}" ]; then
    db_kind="PostgreSQL ($VOTE_TEST_DB_URL)"
    jvm_options+=("-Dvote.db.url=$VOTE_TEST_DB_URL")
    [ -n "${VOTE_TEST_DB_USER:-}" ] && jvm_options+=("-Dvote.db.user=$VOTE_TEST_DB_USER")
    [ -n "${VOTE_TEST_DB_PASSWORD:-}" ] && server_env+=("VOTE_DB_PASSWORD=$VOTE_TEST_DB_PASSWORD")
else
    db_kind="H2 (file database under $H2_DIR)"
fi
log "database: $db_kind"

editor_args=()
for option in "${jvm_options[@]}"; do editor_args+=("--jvm-option=$option"); done
if ! ports_out=$(python3 "$SCRIPT_DIR/loopback-domain.py" "$DOMAIN_HOME/config/domain.xml" \
        --port-base "$PORT_BASE" "${editor_args[@]}"); then
    abort "domain.xml made loopback-only"
fi
pass "domain.xml made loopback-only (every listener 127.0.0.1, phone home off, ports from $PORT_BASE)"
while IFS='=' read -r name value; do
    case "$name" in [A-Z_]*) printf -v "$name" '%s' "$value" ;; esac
done <<< "$ports_out"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
ASADMIN_REMOTE=(env HOME="$HOME_FOR_ASADMIN" "$ASADMIN" --host 127.0.0.1 --port "$ADMIN_PORT" --user admin --interactive=false)
record_timing "prepare domain" "$(seconds_since "$t")"

# Every port the server will open must be free: fail clearly instead of half-starting.
busy=
for port in $ADMIN_PORT $HTTP_PORT $HTTPS_PORT $IIOP_PORT $IIOP_SSL_PORT $IIOP_MUTUALAUTH_PORT \
            $JMS_PORT $JMX_PORT $HAZELCAST_DAS_PORT; do
    if [ -n "$(ss -Hltn "sport = :$port")" ]; then busy="$busy $port"; fi
done
[ -z "$busy" ] || abort "ports free" "already in use:$busy (another server running? choose another -Dvote.ear.port.base)"
pass "ports free (admin $ADMIN_PORT, HTTP $HTTP_PORT, HTTPS $HTTPS_PORT, ...)"

# ---------------------------------------------------------------------------------------------
# Start the domain and deploy the EAR.
# ---------------------------------------------------------------------------------------------
log "starting the domain (admin port $ADMIN_PORT, HTTP port $HTTP_PORT)"
t=$(now_ns)
started=true
if ! timeout "$START_TIMEOUT" env HOME="$HOME_FOR_ASADMIN" "${server_env[@]}" \
        "$ASADMIN" start-domain --domaindir "$DOMAIN_DIR" "$DOMAIN" > "$WORK_DIR/start-domain.log" 2>&1; then
    cat "$WORK_DIR/start-domain.log"
    server_pid=$(cat "$DOMAIN_HOME/config/pid" 2>/dev/null)
    abort "start-domain" "see $WORK_DIR/start-domain.log and $SERVER_LOG"
fi
record_timing "start-domain" "$(seconds_since "$t")"
server_pid=$(cat "$DOMAIN_HOME/config/pid" 2>/dev/null)
[ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null || abort "server process running" "no live pid in $DOMAIN_HOME/config/pid"
pass "start-domain (server pid $server_pid)"

log "deploying $EAR"
t=$(now_ns)
deployed=attempted
if ! timeout "$DEPLOY_TIMEOUT" "${ASADMIN_REMOTE[@]}" deploy --name "$APP_NAME" "$EAR" > "$WORK_DIR/deploy.log" 2>&1; then
    cat "$WORK_DIR/deploy.log"
    abort "deploy" "see $WORK_DIR/deploy.log and $SERVER_LOG"
fi
deployed=true
record_timing "deploy" "$(seconds_since "$t")"
pass "deploy $(basename "$EAR") as '$APP_NAME'"
rss_after_deploy=$(awk '/^VmRSS/ { printf "%d MB (%s kB)", $2 / 1024, $2 }' "/proc/$server_pid/status" 2>/dev/null)
log "server RSS after deploy: ${rss_after_deploy:-unknown}; working directory $(readlink "/proc/$server_pid/cwd" 2>/dev/null)"

# ---------------------------------------------------------------------------------------------
# What a user does, over HTTP.
# ---------------------------------------------------------------------------------------------
tests_started=$(now_ns)

# http METHOD PATH OUTFILE [curl args...] -> prints the status code (000 when no answer)
http() {
    local method=$1 path=$2 out=$3
    shift 3
    curl --noproxy '*' -sS -o "$out" -D "$out.headers" -w '%{http_code}' -X "$method" \
        --connect-timeout 5 --max-time "$HTTP_TIMEOUT" -H 'Accept-Language: en' "$@" \
        "$BASE_URL$path" 2>>"$HTTP_DIR/curl-errors.log" || true
}
header() { grep -i "^$2:" "$1.headers" | tail -n 1 | cut -d' ' -f2- | tr -d '\r'; }
viewstate() { sed -n 's/.*name="jakarta\.faces\.ViewState"[^>]*value="\([^"]*\)".*/\1/p' "$1" | head -n 1; }
form_action() { sed -n "s/.*<form id=\"$2\"[^>]*action=\"\([^\"]*\)\".*/\1/p" "$1" | head -n 1 | sed 's/&amp;/\&/g'; }
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }
poll_total() {   # poll_total QUESTION -> totalVotes of that poll, from the JSON list
    local out="$HTTP_DIR/polls-total.json"
    [ "$(http GET '/api/v1/polls?status=all&size=100' "$out")" = 200 ] || { echo "?"; return; }
    json "$out" "[p['totalVotes'] for p in d['items'] if p['question'] == '''$1'''][0]"
}

# 1. Readiness, with the database check, within a bounded time.
log "waiting for $BASE_URL/health/ready (at most ${READY_TIMEOUT}s)"
deadline=$(( $(date +%s) + READY_TIMEOUT ))
code=000
while [ "$(date +%s)" -lt "$deadline" ]; do
    code=$(http GET /health/ready "$HTTP_DIR/ready.json")
    [ "$code" = 200 ] && break
    sleep 2
done
if [ "$code" = 200 ] && grep -q '"status":"UP"' "$HTTP_DIR/ready.json" && grep -q '"database"' "$HTTP_DIR/ready.json"; then
    pass "GET /health/ready is 200 UP with the database check ($(cat "$HTTP_DIR/ready.json"))"
else
    fail "GET /health/ready" "HTTP $code $(head -c 300 "$HTTP_DIR/ready.json" 2>/dev/null)"
fi

# 2. The JSON API lists the seeded polls.
code=$(http GET '/api/v1/polls?status=all' "$HTTP_DIR/polls.json")
if [ "$code" = 200 ] && grep -q 'Best programming language?' "$HTTP_DIR/polls.json" \
        && grep -q 'Favorite web framework?' "$HTTP_DIR/polls.json" \
        && [ "$(json "$HTTP_DIR/polls.json" "d['totalItems'] >= 2 and all('options' in p for p in d['items'])")" = True ]; then
    pass "GET /api/v1/polls?status=all lists the seeded polls"
else
    fail "GET /api/v1/polls?status=all" "HTTP $code $(head -c 300 "$HTTP_DIR/polls.json" 2>/dev/null)"
fi
poll_id=$(json "$HTTP_DIR/polls.json" "[p['id'] for p in d['items'] if p['question'] == 'Best programming language?'][0]")
poll_id=${poll_id:-1}
votes_before=$(poll_total 'Best programming language?')

# MicroProfile OpenAPI of the full server describes the application's API.
code=$(http GET /openapi "$HTTP_DIR/openapi.yaml")
if [ "$code" = 200 ] && grep -q '/api/v1/polls' "$HTTP_DIR/openapi.yaml"; then
    pass "GET /openapi describes /api/v1/polls"
else
    fail "GET /openapi" "HTTP $code"
fi

# 3. The home page (context root /) lists the open polls.
code=$(http GET / "$HTTP_DIR/home.html")
if [ "$code" = 200 ] && grep -q 'Best programming language?' "$HTTP_DIR/home.html" && grep -q 'Favorite web framework?' "$HTTP_DIR/home.html"; then
    pass "GET / (Faces home page at context root /) lists the open polls"
else
    fail "GET /" "HTTP $code"
fi

# 4. The Faces journey: register, sign in (a wrong password first), vote, see the vote counted.
user="ear-$(date +%s)-$RANDOM"
password="pw-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
jar="$HTTP_DIR/faces-cookies.txt"
faces() { http "$@" -b "$jar" -c "$jar"; }

code=$(faces GET /register.xhtml "$HTTP_DIR/register.html")
state=$(viewstate "$HTTP_DIR/register.html")
action=$(form_action "$HTTP_DIR/register.html" register)
if [ "$code" = 200 ] && [ -n "$state" ] && [ -n "$action" ]; then
    code=$(faces POST "$action" "$HTTP_DIR/register-post.html" \
        --data-urlencode "register=register" --data-urlencode "register:username=$user" \
        --data-urlencode "register:password=$password" --data-urlencode "register:submit=Create account" \
        --data-urlencode "jakarta.faces.ViewState=$state")
    location=$(header "$HTTP_DIR/register-post.html" Location)
    if [ "$code" = 302 ] && [[ "$location" == *login.xhtml* ]]; then
        pass "register form: account '$user' created (302 to the sign-in page)"
    else
        fail "register form" "HTTP $code Location '$location' $(grep -o 'class="field-error"[^<]*<[^<]*' "$HTTP_DIR/register-post.html" | head -n 2)"
    fi
else
    fail "GET /register.xhtml" "HTTP $code, ViewState '${state}', action '${action}'"
fi

login_form() {   # login_form USER PASSWORD OUTFILE -> status of the POST
    local page="$3.form.html" state action
    faces GET /login.xhtml "$page" > /dev/null
    state=$(viewstate "$page")
    action=$(form_action "$page" login)
    [ -n "$state" ] && [ -n "$action" ] || { echo "no-form"; return; }
    faces POST "$action" "$3" \
        --data-urlencode "login=login" --data-urlencode "login:username=$1" \
        --data-urlencode "login:password=$2" --data-urlencode "login:submit=Sign in" \
        --data-urlencode "jakarta.faces.ViewState=$state"
}

code=$(login_form "$user" "wrong-$password" "$HTTP_DIR/login-wrong.html")
if [ "$code" = 200 ] && grep -q 'Wrong username or password' "$HTTP_DIR/login-wrong.html"; then
    pass "login form: a wrong password is refused"
else
    fail "login form with a wrong password" "HTTP $code"
fi

code=$(login_form "$user" "$password" "$HTTP_DIR/login.html")
location=$(header "$HTTP_DIR/login.html" Location)
faces GET / "$HTTP_DIR/home-signed-in.html" > /dev/null
if [ "$code" = 302 ] && grep -q "Signed in as <strong>$user</strong>" "$HTTP_DIR/home-signed-in.html"; then
    pass "login form: signed in as '$user' (302 to '$location', session cookie kept)"
else
    fail "login form" "HTTP $code Location '$location'"
fi

code=$(faces GET "/poll.xhtml?id=$poll_id" "$HTTP_DIR/poll.html")
state=$(viewstate "$HTTP_DIR/poll.html")
action=$(form_action "$HTTP_DIR/poll.html" vote)
option=$(sed -n 's/.*<input type="radio" name="vote:option"[^>]*value="\([^"]*\)".*/\1/p' "$HTTP_DIR/poll.html" | head -n 1)
if [ "$code" = 200 ] && [ -n "$state" ] && [ -n "$action" ] && [ -n "$option" ]; then
    code=$(faces POST "$action" "$HTTP_DIR/vote-post.html" \
        --data-urlencode "vote=vote" --data-urlencode "vote:option=$option" \
        --data-urlencode "vote:submit=Vote" --data-urlencode "jakarta.faces.ViewState=$state")
    location=$(header "$HTTP_DIR/vote-post.html" Location)
    # Follow the redirect as a browser does: the confirmation travels with it (?notice=...).
    faces GET "/${location#*://*/}" "$HTTP_DIR/poll-after.html" > /dev/null
    if [ "$code" = 302 ] && grep -q 'id="myVote"' "$HTTP_DIR/poll-after.html" && grep -q 'was counted' "$HTTP_DIR/poll-after.html"; then
        pass "vote form: the vote on poll $poll_id (option $option) was counted and is shown as mine"
    else
        fail "vote form" "HTTP $code Location '$location'"
    fi
else
    fail "GET /poll.xhtml?id=$poll_id with the vote form" "HTTP $code, ViewState '$state', action '$action', option '$option'"
fi
votes_after=$(poll_total 'Best programming language?')
if [[ "$votes_before" =~ ^[0-9]+$ ]] && [ "$votes_after" = "$((votes_before + 1))" ]; then
    pass "the JSON API counts the Faces vote (totalVotes $votes_before -> $votes_after)"
else
    fail "the JSON API counts the Faces vote" "totalVotes before '$votes_before', after '$votes_after'"
fi

# 5. The same journey through the JSON API (issue "API"); skipped, clearly, until it answers.
api_user="ear-api-$(date +%s)-$RANDOM"
api_password="pw-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
code=$(http POST /api/v1/accounts "$HTTP_DIR/api-account.json" -H 'Content-Type: application/json' \
    --data "{\"username\":\"$api_user\",\"password\":\"$api_password\"}")
if [ "$code" = 404 ] || [ "$code" = 405 ]; then
    echo "[ear] API not available yet: POST /api/v1/accounts answered $code"
    for step in "POST /api/v1/accounts" "POST /api/v1/auth/token" "POST /api/v1/polls/$poll_id/votes" "GET /api/v1/polls/$poll_id/results"; do
        skip "$step" "API not available yet"
    done
else
    if [ "$code" = 201 ]; then
        pass "POST /api/v1/accounts creates '$api_user' (201)"
    else
        fail "POST /api/v1/accounts" "HTTP $code $(head -c 300 "$HTTP_DIR/api-account.json")"
    fi
    code=$(http POST /api/v1/auth/token "$HTTP_DIR/api-token.json" -H 'Content-Type: application/json' \
        --data "{\"username\":\"$api_user\",\"password\":\"$api_password\"}")
    token=$(json "$HTTP_DIR/api-token.json" "d['access_token']")
    if [ "$code" = 200 ] && [ -n "$token" ] \
            && [ "$(json "$HTTP_DIR/api-token.json" "d['token_type'] == 'Bearer' and int(d['expires_in']) > 0")" = True ]; then
        pass "POST /api/v1/auth/token issues a Bearer token"
    else
        fail "POST /api/v1/auth/token" "HTTP $code $(head -c 300 "$HTTP_DIR/api-token.json")"
    fi
    api_option=$(json "$HTTP_DIR/polls.json" "[p['options'][-1]['id'] for p in d['items'] if p['id'] == $poll_id][0]")
    code=$(http GET "/api/v1/polls/$poll_id/results" "$HTTP_DIR/api-results-before.json")
    api_before=$(json "$HTTP_DIR/api-results-before.json" "d['totalVotes']")
    code=$(http POST "/api/v1/polls/$poll_id/votes" "$HTTP_DIR/api-vote.json" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $token" --data "{\"optionId\":${api_option:-0}}")
    if [ "$code" = 201 ]; then
        pass "POST /api/v1/polls/$poll_id/votes with the Bearer token (201)"
    else
        fail "POST /api/v1/polls/$poll_id/votes" "HTTP $code $(head -c 300 "$HTTP_DIR/api-vote.json")"
    fi
    code=$(http GET "/api/v1/polls/$poll_id/results" "$HTTP_DIR/api-results.json")
    api_after=$(json "$HTTP_DIR/api-results.json" "d['totalVotes']")
    if [ "$code" = 200 ] && [[ "$api_before" =~ ^[0-9]+$ ]] && [ "$api_after" = "$((api_before + 1))" ]; then
        pass "GET /api/v1/polls/$poll_id/results counts the API vote (totalVotes $api_before -> $api_after)"
    else
        fail "GET /api/v1/polls/$poll_id/results" "HTTP $code, totalVotes before '$api_before', after '$api_after'"
    fi
fi

# 6. The database is the one we asked for.
if [ -n "${VOTE_TEST_DB_URL:-}" ]; then
    if ls "$H2_DIR"/vote*.db > /dev/null 2>&1; then
        fail "data lives in PostgreSQL" "an H2 file appeared in $H2_DIR"
    else
        pass "data lives in PostgreSQL (no H2 file under $H2_DIR)"
    fi
else
    if ls "$H2_DIR"/vote*.mv.db > /dev/null 2>&1; then
        pass "data lives in the H2 file under $H2_DIR (-Dvote.data.dir honoured)"
    else
        fail "data lives in the H2 file under $H2_DIR" "no vote*.mv.db there"
    fi
fi
record_timing "HTTP checks" "$(seconds_since "$tests_started")"

# 7. Nothing of the server listens beyond loopback.
sockets=$(ss -Hltunp | grep "pid=$server_pid,")
echo "[ear] listening sockets of the server (pid $server_pid):"
echo "$sockets" | awk '{ print "         " $1, $5 }'
exposed=$(echo "$sockets" | awk '$5 !~ /^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):[0-9]+$/ { print $1, $5 }')
if [ -z "$sockets" ]; then
    fail "server listens on loopback only" "no listening socket found for pid $server_pid"
elif [ -n "$exposed" ]; then
    fail "server listens on loopback only" "non-loopback: $(echo "$exposed" | tr '\n' ' ')"
else
    pass "server listens on loopback only ($(echo "$sockets" | wc -l) sockets, all 127.0.0.1)"
fi

# The EXIT trap undeploys, stops, prints the timings and the final line.
