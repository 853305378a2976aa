#!/usr/bin/env bash
# The benchmark of issue 7 in one command (see PERFORMANCE.md):
#
#   vote-web/src/load/run-benchmark.sh                    # embedded H2, 20 s a scenario
#   vote-web/src/load/run-benchmark.sh --db postgresql    # local PostgreSQL 15 (run as root)
#   vote-web/src/load/run-benchmark.sh --ci               # CI size: 25 s of load on H2, with the checks
#
# It builds the WAR, starts it on Payara Micro on 127.0.0.1 (or uses --base-url's server),
# measures the ceilings (pgbench running what one vote does, on a scratch database, before the
# server starts and again after the measured pass; a trivial JAX-RS endpoint), runs the Gatling
# simulations (vote storm, readers, browser-like voter, sign-in), checks every acknowledged vote
# against the database and the API, and writes vote-web/target/load/summary.md with the figures
# and ratios. Exit status 0 only when every simulation ran without a failed request and no
# acknowledged vote was lost.
#
# Options:
#   --db h2|postgresql   database of the server it starts (default h2)
#   --seconds N          length of each measured phase (default 20)
#   --connections N      concurrent API connections (default 64)
#   --voters N           accounts seeded for the vote storm, one vote each (default 40000)
#   --warmup N           length of each phase of a warm-up pass (default 20; 0: none). The
#                        same simulations run unmeasured first, so the figures are those of a
#                        server whose JIT has compiled its hot code, not of its first minutes
#   --warmup-passes N    at most this many warm-up passes (default 4). Another pass runs while
#                        the JIT compilers took 10 % or more of the server's CPU in the last one:
#                        Payara's request path is large enough that C2 needs minutes of CPU
#                        (PERFORMANCE.md section 15). With --base-url, one pass (its JIT is not
#                        visible from here)
#   --lead-in N          at most this many seconds of unmeasured requests before the first
#                        measured phase of each simulation (default 60; 0: none). Each simulation
#                        is a fresh Gatling JVM whose own JIT is cold: the lead-in ends once the
#                        generator's compilers took under 10 % of its CPU for 2 s, as the warm-up
#                        passes wait for the server's
#   --ci                 CI size: 5 s phases (vote storm, 3 reader phases, browser voters), no
#                        warm-up, a 1 s lead-in, no sign-in and no ceilings, 3000 voters
#   --jvm-options "..."  JVM options of the server (default: see SERVER_JVM below)
#   --base-url URL       benchmark a server that is already running; then also give
#   --jdbc-url URL --jdbc-user U --jdbc-password P --admin-user U --admin-password P
#                        (its database, for seeding voters and counting votes, and an admin)
#   --port N             port of the server it starts (default 18080)
#   --only a,b           run only these simulations (ping, vote-storm, readers, browser-voter, sign-in)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
OUT="$ROOT/vote-web/target/load"
DB=h2
SECONDS_PER_PHASE=20
CONNECTIONS=64
VOTERS=40000
CI=false
ONLY=""
PORT=18080
BASE_URL=""
JDBC_URL="" JDBC_USER="" JDBC_PASSWORD=""
ADMIN_USER=bench-admin ADMIN_PASSWORD=""
# The container image's JVM settings for a 1 GiB task (PERFORMANCE.md explains each): full tiered
# JIT (C1-only code signs tokens and hashes passwords ~10x slower) and the non-blocking DRBG as the
# default SecureRandom (Payara draws two random UUIDs per request).
SERVER_JVM="-Xms384m -Xmx384m -XX:+UseSerialGC -XX:MetaspaceSize=96m -XX:MaxMetaspaceSize=256m -XX:SurvivorRatio=4 -XX:TargetSurvivorRatio=80 -Xss512k -Djava.security.egd=file:/dev/./urandom"
WARMUP_SECONDS=20
WARMUP_PASSES=4
LEAD_IN_SECONDS=60
JIT_SETTLED_PERCENT=10
PGBENCH_CLIENTS=32
STARTUP_TIMEOUT=120

while [ $# -gt 0 ]; do
    case "$1" in
        --db) DB="$2"; shift ;;
        --seconds) SECONDS_PER_PHASE="$2"; shift ;;
        --connections) CONNECTIONS="$2"; shift ;;
        --voters) VOTERS="$2"; shift ;;
        --warmup) WARMUP_SECONDS="$2"; shift ;;
        --warmup-passes) WARMUP_PASSES="$2"; shift ;;
        --lead-in) LEAD_IN_SECONDS="$2"; shift ;;
        --ci) CI=true ;;
        --jvm-options) SERVER_JVM="$2"; shift ;;
        --base-url) BASE_URL="$2"; shift ;;
        --jdbc-url) JDBC_URL="$2"; shift ;;
        --jdbc-user) JDBC_USER="$2"; shift ;;
        --jdbc-password) JDBC_PASSWORD="$2"; shift ;;
        --admin-user) ADMIN_USER="$2"; shift ;;
        --admin-password) ADMIN_PASSWORD="$2"; shift ;;
        --port) PORT="$2"; shift ;;
        --only) ONLY="$2"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if $CI; then
    SECONDS_PER_PHASE=5
    WARMUP_SECONDS=0
    LEAD_IN_SECONDS=1
    VOTERS=3000
fi
case "$DB" in h2|postgresql) ;; *) echo "--db must be h2 or postgresql" >&2; exit 2 ;; esac

SERVER_PID=""
SAMPLER_PID=""
PG_DATABASES=()
cleanup() {
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    for database in "${PG_DATABASES[@]}"; do
        as_postgres psql -X -q -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
as_postgres() { runuser -u postgres -- "$@"; }
random_secret() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }

rm -rf "$OUT" "$ROOT/vote-web/target/gatling"
mkdir -p "$OUT"
chmod 700 "$OUT"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "memory: $(free -m | awk '/Mem:/ {print $2}') MiB"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "postgresql: $(psql --version 2>/dev/null || echo none)"
    echo "database: $DB"
    echo "seconds per phase: $SECONDS_PER_PHASE, warm-up seconds per phase: $WARMUP_SECONDS (at most $WARMUP_PASSES passes), generator lead-in: at most $LEAD_IN_SECONDS s, connections: $CONNECTIONS, ci: $CI"
    echo "server jvm: $SERVER_JVM"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

log "building the WAR"
"$ROOT/mvnw" -B -q -Pload -pl vote-web -am package -DskipTests

# ---------------------------------------------------------------- PostgreSQL
PG_PASSWORD=""
pg_ready() {
    if ! as_postgres pg_isready -q -h /var/run/postgresql; then
        log "starting PostgreSQL 15 main"
        pg_ctlcluster 15 main start
    fi
}
pg_fresh_database() {  # name: a new empty database owned by vote_bench
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 OWNER vote_bench" >/dev/null
    PG_DATABASES+=("$1")
}
if [ "$DB" = postgresql ]; then
    pg_ready
    PG_PASSWORD="$(random_secret)"
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -v pw="$PG_PASSWORD" >/dev/null <<'SQL'
SELECT 'CREATE ROLE vote_bench LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vote_bench') \gexec
ALTER ROLE vote_bench LOGIN PASSWORD :'pw';
SQL
fi

# ---------------------------------------------------------------- ceiling 1: PostgreSQL's rate for one vote's SQL
# Measured twice, before the server starts and again after the measured pass, on the same scratch
# database: on a shared VM pgbench's rate has halved from one run to the next (PERFORMANCE.md,
# section 40), and a ratio to a ceiling measured twenty minutes before the votes would hide such
# a change within a run.
PGBENCH_TPS=""
PGBENCH_TPS_AFTER=""
pgbench_ceiling() {  # output file: prints pgbench's transactions/s
    PGPASSWORD="$PG_PASSWORD" pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j 2 -T "$SECONDS_PER_PHASE" -h 127.0.0.1 \
        -U vote_bench -f "$ROOT/vote-web/src/load/pgbench/vote.sql" vote_bench_pgbench > "$1" 2>&1 || {
        cat "$1" >&2; echo "pgbench failed" >&2; return 1; }
    sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$1" | tail -1
}
if [ "$DB" = postgresql ] && ! $CI; then
    log "ceiling: pgbench, what one vote does, on a scratch database"
    pg_fresh_database vote_bench_pgbench
    export PGPASSWORD="$PG_PASSWORD"
    for migration in "$ROOT"/vote-ejb/src/main/resources/db/migration/V*.sql; do
        psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U vote_bench -d vote_bench_pgbench -f "$migration" >/dev/null
    done
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U vote_bench -d vote_bench_pgbench -f "$ROOT/vote-web/src/load/pgbench/seed.sql" >/dev/null
    unset PGPASSWORD
    PGBENCH_TPS="$(pgbench_ceiling "$OUT/pgbench.txt")"
    log "pgbench: $PGBENCH_TPS vote transactions/s ($PGBENCH_CLIENTS clients)"
fi

# ---------------------------------------------------------------- the server
if [ -z "$BASE_URL" ]; then
    BASE_URL="http://127.0.0.1:$PORT"
    ADMIN_PASSWORD="$(random_secret)"
    SERVER_DIR="$OUT/server"
    mkdir -p "$SERVER_DIR"
    # A copy: the build may rewrite target/vote.war while this server runs.
    cp "$ROOT/vote-web/target/vote.war" "$SERVER_DIR/vote.war"
    if [ "$DB" = postgresql ]; then
        pg_fresh_database vote_bench
        JDBC_URL="jdbc:postgresql://127.0.0.1:5432/vote_bench"
        JDBC_USER=vote_bench
        JDBC_PASSWORD="$PG_PASSWORD"
    else
        # AUTO_SERVER: the harness opens the same file database to seed voters and count votes
        # (H2 refuses it together with DB_CLOSE_ON_EXIT=FALSE; this server is stopped by the harness).
        JDBC_URL="jdbc:h2:file:$SERVER_DIR/data/vote;AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000"
        JDBC_USER=sa
        JDBC_PASSWORD=""
    fi
    # Started the way the container image starts it (docker/Dockerfile), so that the start-up
    # measured here is the image's: docker/prepare-runtime.sh unpacks the runtime with its
    # launcher and writes the class-data sharing archive in a warm-up start, then puts the
    # runtime directory back as unpacked, so the measured start is a first start.
    RUNTIME_DIR="$SERVER_DIR/micro-root"
    ARCHIVE="$SERVER_DIR/vote.jsa"
    SERVER_ARGS=(--deploy "$SERVER_DIR/vote.war" --contextroot / --port "$PORT" --nohazelcast --disablephonehome
        --prebootcommandfile "$ROOT/vote-web/src/main/payara/loopback.asadmin")
    log "preparing the runtime directory and the class-data sharing archive (a warm-up start)"
    WARMUP_JVM_OPTIONS="$SERVER_JVM -Dvote.benchmark.ping=true" sh "$ROOT/docker/prepare-runtime.sh" \
        "$ROOT/vote-web/target/payara-micro.jar" "$RUNTIME_DIR" "$ARCHIVE" "${SERVER_ARGS[@]}"
    log "starting Payara Micro on $BASE_URL ($DB)"
    started=$(date +%s%N)
    # shellcheck disable=SC2086 # SERVER_JVM is a list of options
    VOTE_DB_URL="$JDBC_URL" VOTE_DB_USER="$JDBC_USER" VOTE_DB_PASSWORD="$JDBC_PASSWORD" \
    VOTE_ADMIN_USER="$ADMIN_USER" VOTE_ADMIN_PASSWORD="$ADMIN_PASSWORD" VOTE_DATA_DIR="$SERVER_DIR/data" \
        java $SERVER_JVM -Dh2.bindAddress=127.0.0.1 -Dvote.benchmark.ping=true -XX:SharedArchiveFile="$ARCHIVE" \
        -jar "$RUNTIME_DIR/launch-micro.jar" "${SERVER_ARGS[@]}" \
        > "$SERVER_DIR/server.log" 2>&1 &
    SERVER_PID=$!
    deadline=$(( $(date +%s) + STARTUP_TIMEOUT ))
    until curl -fs -o /dev/null "$BASE_URL/health/ready"; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
            tail -40 "$SERVER_DIR/server.log"; echo "the server did not become ready" >&2; exit 1
        fi
        sleep 0.2
    done
    STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
    echo "startup to ready: ${STARTUP_MS} ms" >> "$OUT/machine.txt"
    # A JVM that cannot use the archive (a class path at another path, other jars) warns once and
    # starts without it, ~30 % slower (PERFORMANCE.md, section 39): say which start this was.
    if grep -q "$ARCHIVE" "/proc/$SERVER_PID/maps"; then
        echo "class-data sharing archive: mapped" >> "$OUT/machine.txt"
    else
        echo "class-data sharing archive: NOT mapped, the start-up above was measured without it" >> "$OUT/machine.txt"
    fi
    echo "rss after start: $(( $(ps -o rss= -p "$SERVER_PID") / 1024 )) MiB" >> "$OUT/machine.txt"
    log "ready after ${STARTUP_MS} ms"
    # Memory under load: RSS every 2 s, heap in use every 10 s (jcmd starts a JVM each time, too
    # dear to run more often on 2 cores; the last heap figure is repeated in between).
    (
        heap=0
        tick=0
        while kill -0 "$SERVER_PID" 2>/dev/null; do
            rss=$(ps -o rss= -p "$SERVER_PID" 2>/dev/null | tr -d ' ')
            if [ $((tick % 5)) -eq 0 ]; then
                heap=$(jcmd "$SERVER_PID" GC.heap_info 2>/dev/null | awk '/total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); s+=v}} END {print s+0}')
            fi
            echo "$(date +%s) ${rss:-0} ${heap:-0}"
            tick=$((tick + 1))
            sleep 2
        done
    ) > "$OUT/memory.log" &
    SAMPLER_PID=$!
elif [ -z "$JDBC_URL" ] || [ -z "$ADMIN_PASSWORD" ]; then
    echo "--base-url needs --jdbc-url (and user/password) and --admin-password" >&2; exit 2
fi

# ---------------------------------------------------------------- Gatling
SKIPS=()
if $CI; then
    ONLY="${ONLY:-vote-storm,readers,browser-voter}"
fi
if [ -n "$ONLY" ]; then
    for simulation in ping vote-storm readers browser-voter sign-in; do
        case ",$ONLY," in *",$simulation,"*) ;; *) SKIPS+=("-Dvote.load.skip.$simulation=true") ;; esac
    done
fi
run_gatling() {  # seconds, output dir, log file: one pass of the selected simulations
    "$ROOT/mvnw" -B -Pload -pl vote-web -am verify -DskipTests \
        -Dvote.load.baseUrl="$BASE_URL" -Dvote.load.seconds="$1" -Dvote.load.leadInSeconds="$LEAD_IN_SECONDS" \
        -Dvote.load.connections="$CONNECTIONS" -Dvote.load.voters="$VOTERS" \
        -Dvote.load.jdbcUrl="$JDBC_URL" -Dvote.load.jdbcUser="$JDBC_USER" -Dvote.load.jdbcPassword="$JDBC_PASSWORD" \
        -Dvote.load.adminUser="$ADMIN_USER" -Dvote.load.adminPassword="$ADMIN_PASSWORD" \
        -Dvote.load.out="$2" "${SKIPS[@]}" > "$3" 2>&1
}
jit_cpu() {  # CPU-seconds the server's JIT compiler threads have used so far
    ps -L -o time=,comm= -p "$SERVER_PID" | awk '/Compiler/ {split($1,t,":"); s+=t[1]*3600+t[2]*60+t[3]} END {print s+0}'
}
server_cpu() {  # CPU-seconds the whole server has used so far
    awk '{print int(($14 + $15) / 100)}' "/proc/$SERVER_PID/stat"
}
jit_state() {  # what the server's JIT still has to do, and the CPU its compiler threads used so far
    [ -n "$SERVER_PID" ] || { echo "server not started here"; return; }
    queued=$(jcmd "$SERVER_PID" Compiler.queue 2>/dev/null | grep -c '^[0-9]' || true)
    echo "$queued methods queued for compilation, $(jit_cpu) CPU-s spent by the JIT compilers"
}
if [ "$WARMUP_SECONDS" -gt 0 ]; then
    # Unmeasured but checked: a warm-up that loses a vote fails the run like a measured pass.
    # The queue of methods waiting for the JIT is no sign of a settled server (it is short while
    # new code keeps turning hot); the compilers' share of the server's CPU is: passes repeat
    # until it falls under JIT_SETTLED_PERCENT.
    pass=1
    while :; do
        log "warm-up pass $pass (at most $WARMUP_PASSES): the same simulations, ${WARMUP_SECONDS} s a phase (JIT: $(jit_state))"
        pass_dir="$OUT/warmup/pass-$pass"
        mkdir -p "$pass_dir"
        pass_started=$(date +%s)
        [ -n "$SERVER_PID" ] && { jit_before=$(jit_cpu); server_before=$(server_cpu); }
        if ! run_gatling "$WARMUP_SECONDS" "$pass_dir" "$pass_dir/gatling.log"; then
            tail -60 "$pass_dir/gatling.log"; echo "the warm-up pass failed" >&2; exit 1
        fi
        for check in "$pass_dir"/*-check.json; do
            [ -f "$check" ] || continue
            python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["passed"] else 1)' "$check" || {
                cat "$check"; echo "the warm-up's vote check failed: $check" >&2; exit 1; }
        done
        # Kept beside the run's own reports, so that what the warm-up changed can be read off.
        if [ -d "$ROOT/vote-web/target/gatling" ]; then
            mv "$ROOT/vote-web/target/gatling" "$pass_dir/reports"
        fi
        echo "warm-up pass $pass rates: $(python3 "$ROOT/vote-web/src/load/summarize.py" --gatling "$pass_dir/reports" --pass-seconds "$WARMUP_SECONDS")" >> "$OUT/machine.txt"
        [ -n "$SERVER_PID" ] || break
        server_used=$(( $(server_cpu) - server_before ))
        jit_percent=$(( 100 * ($(jit_cpu) - jit_before) / (server_used > 0 ? server_used : 1) ))
        echo "warm-up pass $pass: $(( $(date +%s) - pass_started )) s, the server used ${server_used} CPU-s, its JIT compilers ${jit_percent} % of them" >> "$OUT/machine.txt"
        [ "$jit_percent" -ge "$JIT_SETTLED_PERCENT" ] && [ "$pass" -lt "$WARMUP_PASSES" ] || break
        pass=$((pass + 1))
    done
fi
echo "jit before the measured pass: $(jit_state)" >> "$OUT/machine.txt"
log "running the Gatling simulations (JIT: $(jit_state))"
gatling_status=0
run_gatling "$SECONDS_PER_PHASE" "$OUT" "$OUT/gatling.log" || gatling_status=$?
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
if [ "$gatling_status" -ne 0 ]; then
    tail -60 "$OUT/gatling.log"
fi
[ -n "$SERVER_PID" ] && jcmd "$SERVER_PID" GC.heap_info > "$OUT/heap-after.txt" 2>/dev/null || true
if [ -n "$PGBENCH_TPS" ]; then
    # The seed's 500,000 voters cover both runs: each transaction takes a voter the first did not.
    PGBENCH_TPS_AFTER="$(pgbench_ceiling "$OUT/pgbench-after.txt")"
    log "pgbench again, after the measured pass: $PGBENCH_TPS_AFTER vote transactions/s"
fi

# ---------------------------------------------------------------- chart images
# Gatling draws its charts with JavaScript; a headless Chromium (Debian package chromium), when
# present, renders each report's first page to a PNG for PERFORMANCE.md.
if command -v chromium >/dev/null 2>&1; then
    mkdir -p "$OUT/charts"
    for report in "$ROOT"/vote-web/target/gatling/*/; do
        [ -f "$report/index.html" ] || continue
        name="$(basename "$report" | sed 's/-[0-9]*$//')"
        profile="$(mktemp -d)"
        timeout 60 chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
            --disable-background-networking --disable-component-update --disable-sync --no-first-run \
            --user-data-dir="$profile" --hide-scrollbars --window-size=1400,3000 --virtual-time-budget=5000 \
            --screenshot="$OUT/charts/$name.png" "file://${report}index.html" >/dev/null 2>&1 || true
        rm -rf "$profile"
    done
fi

# ---------------------------------------------------------------- summary and verdict
summary_status=0
python3 "$ROOT/vote-web/src/load/summarize.py" --out "$OUT" --gatling "$ROOT/vote-web/target/gatling" \
    --pgbench-tps "${PGBENCH_TPS:-}" --pgbench-tps-after "${PGBENCH_TPS_AFTER:-}" --only "$ONLY" || summary_status=$?
cat "$OUT/summary.md"
if [ "$gatling_status" -ne 0 ] || [ "$summary_status" -ne 0 ]; then
    log "FAILED (gatling exit $gatling_status, checks exit $summary_status)"
    exit 1
fi
log "passed: $OUT/summary.md"
