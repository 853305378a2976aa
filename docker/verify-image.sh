#!/usr/bin/env bash
# Builds the Vote container image from docker/Dockerfile and exercises it, on a
# machine without a Docker engine and without access to Docker Hub.
#
#   bash docker/verify-image.sh        (as root, after ./mvnw -B -DskipTests package)
#
# What it does:
#  1. installs buildah, podman, runc, uidmap, mmdebstrap, jq, PostgreSQL 15 if missing;
#  2. builds a local STAND-IN for docker.io/payara/micro:6.2025.10-jdk17 (a Debian
#     bookworm rootfs with OpenJDK 17 + the payara-micro jar from the local Maven
#     repository, laid out like the official image: user payara uid 1000,
#     /opt/payara, DEPLOY_DIR, entrypoint.sh, ENTRYPOINT/CMD), cached between runs;
#  3. builds docker/Dockerfile unchanged with buildah (chroot isolation);
#  4. run 1: the image with its embedded H2 database, in a private network
#     namespace: readiness, seeded polls, the API flow of a client (account, token,
#     vote, read back, results), a fresh container on the same data volume, and a
#     graceful stop on SIGTERM within ECS's 30 s;
#  5. run 2: the image against a throw-away PostgreSQL 15 in the same namespace,
#     configured only through VOTE_DB_* environment variables with a password made
#     at run time (and VOTE_ADMIN_*, and a VOTE_JWT_PRIVATE_KEY PEM whose public
#     key must verify the API's tokens); the vote and the administrator are then
#     looked up in PostgreSQL with psql; readiness must go DOWN when the database
#     stops (liveness stays UP) and come back when it returns.
# Everything it starts is removed on exit. The last line reads
#   image-checks: N passed, M failed
# and the exit status is non-zero if any check failed.
#
# This tests the project's own layers (Dockerfile, WAR, entrypoint arguments,
# environment configuration, signals), not the upstream base image, which is
# replaced by the stand-in: the official image is Azul Zulu based.
#
# Environment (all optional):
#   VOTE_TOOLS_DIR         cache for the rootfs, the stand-in and image storage
#                          (default ~/.cache/vote-ci-tools)
#   VOTE_REFRESH_STANDIN=1 rebuild the rootfs and the stand-in (security updates)
#   VOTE_READY_TIMEOUT     seconds to wait for /health/ready (default 300; start-up
#                          costs ~25 CPU-seconds, far longer on a loaded machine)
#   VOTE_VERIFY_CPUS, VOTE_VERIFY_MEMORY   container limits (default 1, 1g)
#   VOTE_VERIFY_LOG_DIR    keep container logs there
#   VOTE_PAYARA_MICRO_JAR  the payara-micro jar to put in the stand-in (default:
#                          the local Maven repository, else fetched with Maven)
#   VOTE_IMAGE_TAG         tag of the built image (default localhost/vote:verify)
#   VOTE_VERIFY_SKIP_RUNS=1  only build and inspect the image
# jq filters and hook scripts are single-quoted on purpose.
# shellcheck disable=SC2016
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

PAYARA_VERSION=6.2025.10
BASE_IMAGE="docker.io/payara/micro:${PAYARA_VERSION}-jdk17"
APP_IMAGE="${VOTE_IMAGE_TAG:-localhost/vote:verify}"
WAR=vote-web/target/vote.war
TOOLS_DIR="${VOTE_TOOLS_DIR:-$HOME/.cache/vote-ci-tools}"
READY_TIMEOUT="${VOTE_READY_TIMEOUT:-300}"
STOP_TIMEOUT=30
CPUS="${VOTE_VERIFY_CPUS:-1}"
MEMORY="${VOTE_VERIFY_MEMORY:-1g}"
PGBIN=/usr/lib/postgresql/15/bin
SEEDED_POLLS=("Best programming language?" "Favorite web framework?")

STORAGE="$TOOLS_DIR/containers/storage"
RUNROOT="$TOOLS_DIR/containers/run"
export CONTAINERS_CONF="$TOOLS_DIR/containers/containers.conf"

T_START=$(date +%s)
PASSED=0
FAILED=0
FAILURES=()
TIMINGS=()
WORK=""
NETNS=""
CONTAINERS=()
VOLUMES=()
PGDATA_DIR=""

# ---------------------------------------------------------------- reporting

log() { printf '[%4ss] %s\n' "$(( $(date +%s) - T_START ))" "$*"; }
pass() { PASSED=$((PASSED + 1)); printf '  ok   %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$*"); printf '  FAIL %s\n' "$*"; }
# check "description" command...: passes when the command succeeds.
check() {
    local what="$1"; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
timing() { TIMINGS+=("$(printf '%-34s %s' "$1" "$2")"); log "timing: $1 $2"; }
# abort: a failure that makes the remaining checks meaningless.
abort() { fail "$*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

buildah_() { buildah --root "$STORAGE" --runroot "$RUNROOT" "$@"; }
podman_() { podman --root "$STORAGE" --runroot "$RUNROOT" "$@"; }
in_ns() { ip netns exec "$NETNS" "$@"; }

cleanup() {
    local rc=$?
    set +e
    local c
    for c in "${CONTAINERS[@]}"; do
        if [ -n "$WORK" ] && [ "$FAILED" -gt 0 ] && podman_ container exists "$c" 2>/dev/null; then
            podman_ logs "$c" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$WORK/$c.final.log"
            # The cause of a failed start is usually the first SEVERE entry with its stack
            # trace, which the last lines no longer show (CI keeps only this output).
            echo "---- first SEVERE entries in the log of container $c ----"
            grep -m 3 -A 30 SEVERE "$WORK/$c.final.log" | head -n 120
            echo "---- last lines of the log of container $c ----"
            tail -n 40 "$WORK/$c.final.log"
        fi
        if [ -n "${VOTE_VERIFY_LOG_DIR:-}" ] && podman_ container exists "$c" 2>/dev/null; then
            mkdir -p "$VOTE_VERIFY_LOG_DIR"
            podman_ logs "$c" >"$VOTE_VERIFY_LOG_DIR/$c.log" 2>&1
        fi
        podman_ rm -f -v "$c" >/dev/null 2>&1
    done
    for c in "${VOLUMES[@]}"; do podman_ volume rm -f "$c" >/dev/null 2>&1; done
    if [ -n "$PGDATA_DIR" ] && [ -d "$PGDATA_DIR/data" ]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m immediate -w stop >/dev/null 2>&1
    fi
    if [ -n "$NETNS" ]; then
        # Anything still inside the namespace (a stray postgres) goes with it.
        ip netns pids "$NETNS" 2>/dev/null | xargs -r kill -9 2>/dev/null
        ip netns del "$NETNS" 2>/dev/null
    fi
    [ -n "$PGDATA_DIR" ] && rm -rf "$PGDATA_DIR"
    [ -n "$WORK" ] && rm -rf "$WORK"
    if [ "${#TIMINGS[@]}" -gt 0 ]; then
        echo "timings:"
        printf '  %s\n' "${TIMINGS[@]}"
    fi
    if [ "$FAILED" -gt 0 ]; then
        echo "failed checks:"
        printf '  - %s\n' "${FAILURES[@]}"
    fi
    if [ "$rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
        FAILED=1
        echo "verify-image.sh stopped unexpectedly (exit status $rc)"
    fi
    echo "image-checks: $PASSED passed, $FAILED failed"
    if [ "$FAILED" -gt 0 ]; then exit 1; fi
    exit 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- tools

ensure_tools() {
    local missing=()
    command -v buildah >/dev/null || missing+=(buildah)
    command -v podman >/dev/null || missing+=(podman)
    command -v runc >/dev/null || missing+=(runc)
    command -v newuidmap >/dev/null || missing+=(uidmap)
    command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
    command -v jq >/dev/null || missing+=(jq)
    command -v curl >/dev/null || missing+=(curl)
    command -v ip >/dev/null || missing+=(iproute2)
    command -v flock >/dev/null || missing+=(util-linux)
    [ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
    command -v psql >/dev/null || missing+=(postgresql-client-15)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    mkdir -p "$STORAGE" "$RUNROOT"
    # crun fails on this cgroup v1/hybrid host and the default ulimits are too
    # high for it; no systemd here either.
    cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=8192:8192", "nproc=4096:4096"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$RUNROOT/libpod"
static_dir = "$STORAGE/libpod"
volume_path = "$STORAGE/volumes"
EOF
}

payara_micro_jar() { # prints the path of payara-micro-$PAYARA_VERSION.jar
    local name="payara-micro-$PAYARA_VERSION.jar"
    local candidates=("${VOTE_PAYARA_MICRO_JAR:-}"
        "$HOME/.m2/repository/fish/payara/extras/payara-micro/$PAYARA_VERSION/$name"
        "$TOOLS_DIR/standin/maven/$name")
    local jar
    for jar in "${candidates[@]}"; do
        [ -n "$jar" ] && [ -s "$jar" ] && { printf '%s\n' "$jar"; return 0; }
    done
    log "fetching payara-micro $PAYARA_VERSION from Maven Central" >&2
    local mvn=mvn
    [ -x "$REPO_ROOT/mvnw" ] && mvn="$REPO_ROOT/mvnw"
    # From an empty directory, so no project model is read whatever state pom.xml
    # is in; copied to a known place, wherever the local repository is.
    (cd "$WORK" && "$mvn" -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="fish.payara.extras:payara-micro:$PAYARA_VERSION:jar" \
        -DoutputDirectory="$TOOLS_DIR/standin/maven") >&2
    jar="$TOOLS_DIR/standin/maven/$name"
    [ -s "$jar" ] || { echo "could not fetch $name" >&2; return 1; }
    printf '%s\n' "$jar"
}

# ---------------------------------------------------------------- the stand-in base image

build_rootfs() {
    local tar="$1"
    log "building the stand-in rootfs (Debian bookworm minbase + OpenJDK 17 JRE) with mmdebstrap"
    local t0; t0=$(now)
    rm -f "$tar.tmp"
    # openjdk's postinst needs /usr/share/man/man1 even though man pages are not installed.
    mmdebstrap --quiet --variant=minbase \
        --include=openjdk-17-jre-headless,curl,ca-certificates,adduser,passwd \
        --aptopt='Acquire::Retries "3"' \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-exclude=/usr/share/info/*' \
        --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
        --customize-hook='rm -rf "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/* "$1"/var/log/*.log' \
        --format=tar \
        bookworm "$tar.tmp" \
        "deb http://deb.debian.org/debian bookworm main" \
        "deb http://deb.debian.org/debian bookworm-updates main" \
        "deb http://deb.debian.org/debian-security bookworm-security main"
    mv "$tar.tmp" "$tar"
    timing "stand-in rootfs (mmdebstrap)" "$(since "$t0") s"
}

write_standin_context() {
    local dir="$1"
    # Mirrors payara/Payara appserver/extras/docker-images/micro/src/main/docker
    # (Dockerfile + bin/entrypoint.sh) with a Debian JRE instead of Azul Zulu.
    cat >"$dir/Containerfile" <<'EOF'
FROM scratch
ADD rootfs.tar /
ENV LANG=C.UTF-8 \
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64

# Default payara ports to expose
EXPOSE 6900 8080

# PAYARA_HOME is deprecated - it is here for backward compatibility
ENV PAYARA_HOME=/opt/payara
ENV HOME_DIR=${PAYARA_HOME}
ENV PAYARA_DIR=${HOME_DIR} \
    SCRIPT_DIR=${HOME_DIR} \
    DEPLOY_DIR=/opt/payara/deployments \
    JVM_ARGS="-Djdk.util.zip.disableZip64ExtraFieldValidation=true" \
    MEM_MAX_RAM_PERCENTAGE="70.0" \
    MEM_XSS="512k"

RUN true \
    && mkdir -p "${HOME_DIR}" \
    && addgroup --gid 1000 payara \
    && adduser --system --uid 1000 --no-create-home --shell /bin/bash --home "${HOME_DIR}" --gecos "" --ingroup payara payara \
    && echo payara:payara | chpasswd \
    && mkdir -p "${PAYARA_DIR}" \
    && mkdir -p "${SCRIPT_DIR}" \
    && mkdir -p "${DEPLOY_DIR}" \
    && chown -R payara:payara ${HOME_DIR} \
    && true

USER payara
WORKDIR ${HOME_DIR}

COPY --chown=payara:payara entrypoint.sh ${SCRIPT_DIR}/
COPY --chown=payara:payara payara-micro.jar .

ENTRYPOINT ["/bin/sh", "entrypoint.sh"]
CMD ["--deploymentDir","/opt/payara/deployments"]
EOF
    cat >"$dir/entrypoint.sh" <<'EOF'
#!/bin/sh
set -e

exec java -XX:MaxRAMPercentage=${MEM_MAX_RAM_PERCENTAGE} -Xss${MEM_XSS} -XX:+UseContainerSupport ${JVM_ARGS} -jar payara-micro.jar "$@"
EOF
}

ensure_standin() {
    local dir="$TOOLS_DIR/standin"
    local tar="$dir/rootfs-bookworm-jre17.tar"
    mkdir -p "$dir"
    if [ "${VOTE_REFRESH_STANDIN:-0}" = 1 ]; then rm -f "$tar"; fi
    [ -s "$tar" ] || build_rootfs "$tar"
    local jar; jar=$(payara_micro_jar)
    write_standin_context "$dir"
    local key
    key=$( { cat "$dir/Containerfile" "$dir/entrypoint.sh"; sha256sum <"$jar"; stat -c '%s %Y' "$tar"; } | sha256sum | cut -c1-32)
    local have=""
    if buildah_ inspect --type image "$BASE_IMAGE" >/dev/null 2>&1; then
        have=$(buildah_ inspect --type image --format '{{index .Docker.Config.Labels "vote.verify.standin-key"}}' "$BASE_IMAGE" 2>/dev/null || true)
    fi
    if [ "$have" = "$key" ]; then
        log "stand-in $BASE_IMAGE is cached"
        return 0
    fi
    log "building the stand-in $BASE_IMAGE"
    local t0; t0=$(now)
    cp "$jar" "$dir/payara-micro.jar"
    ln -f "$tar" "$dir/rootfs.tar" 2>/dev/null || cp "$tar" "$dir/rootfs.tar"
    buildah_ rmi -f "$BASE_IMAGE" >/dev/null 2>&1 || true
    buildah_ bud --quiet --pull=never --isolation chroot --format docker \
        --label "vote.verify.standin-key=$key" \
        --label "vote.verify.note=LOCAL STAND-IN, not the official payara/micro image" \
        -t "$BASE_IMAGE" "$dir" >/dev/null
    rm -f "$dir/payara-micro.jar" "$dir/rootfs.tar"
    timing "stand-in image (buildah)" "$(since "$t0") s"
}

# ---------------------------------------------------------------- the project's image

build_app_image() {
    local version revision source
    version=$(sed -n 's/^version=//p' vote-web/target/maven-archiver/pom.properties 2>/dev/null || true)
    version="${version:-0.0.0-dev}"
    revision=$(git rev-parse --verify -q HEAD 2>/dev/null || echo unknown)
    source=$(git remote get-url origin 2>/dev/null || true)
    log "building $APP_IMAGE from docker/Dockerfile (version $version, revision $revision)"
    local t0; t0=$(now)
    if ! buildah_ bud --pull=never --isolation chroot --format docker --layers=false \
        -f docker/Dockerfile \
        --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
        --build-arg "SOURCE=$source" \
        -t "$APP_IMAGE" . >"$WORK/build.log" 2>&1; then
        tail -n 30 "$WORK/build.log"
        abort "docker/Dockerfile builds with buildah"
    fi
    pass "docker/Dockerfile builds with buildah (--pull=never, FROM the stand-in)"
    timing "image build (docker/Dockerfile)" "$(since "$t0") s"
    # Older builds of the tag are now dangling.
    buildah_ rmi --prune >/dev/null 2>&1 || true
    APP_VERSION="$version"
    APP_REVISION="$revision"
}

inspect_app_image() {
    local cfg="$WORK/image.json"
    podman_ image inspect "$APP_IMAGE" >"$cfg"
    local size base_size
    size=$(jq '.[0].Size' "$cfg")
    base_size=$(podman_ image inspect --format '{{.Size}}' "$BASE_IMAGE")
    timing "image size" "$((size / 1000000)) MB ($(((size - base_size) / 1000)) kB over the base)"
    jqc() { jq -e "$@" "$cfg" >/dev/null; }
    check "runs as the non-root user payara" jqc '.[0].Config.User == "payara"'
    check "OCI labels source/revision/version/title/licenses present" \
        jqc '.[0].Labels | has("org.opencontainers.image.source") and has("org.opencontainers.image.revision")
             and has("org.opencontainers.image.version") and has("org.opencontainers.image.title")
             and has("org.opencontainers.image.licenses")'
    check "labels carry the build's version and revision" \
        jqc --arg v "$APP_VERSION" --arg r "$APP_REVISION" '.[0].Labels["org.opencontainers.image.version"] == $v and .[0].Labels["org.opencontainers.image.revision"] == $r'
    check "HEALTHCHECK on /health/ready is kept (docker format)" \
        jqc '.[0].Healthcheck.Test | join(" ") | test("healthcheck.sh")'
    check "VOLUME /opt/payara/data and VOTE_DATA_DIR point at it" \
        jqc '(.[0].Config.Volumes | has("/opt/payara/data")) and (.[0].Config.Env | index("VOTE_DATA_DIR=/opt/payara/data") != null)'
    check "no database URL, credential, key or OIDC setting baked into the environment" \
        jqc '[.[0].Config.Env[] | select(test("^(VOTE_DB_|VOTE_ADMIN_|VOTE_JWT_|VOTE_OIDC_)|PASSWORD|SECRET|TOKEN|PRIVATE"))] | length == 0'
    check "Payara Micro arguments: --nohazelcast --disablephonehome, no --nocluster" \
        jqc '.[0].Config.Cmd as $c | ($c | index("--nohazelcast")) != null and ($c | index("--disablephonehome")) != null and ($c | index("--nocluster")) == null'
    check "JVM options: MaxRAMPercentage=40, ExitOnOutOfMemoryError, SerialGC, MetaspaceSize, survivor spaces, DRBG, full JIT" \
        jqc '(.[0].Config.Env | index("MEM_MAX_RAM_PERCENTAGE=40.0") != null) and ([.[0].Config.Env[] | select(startswith("JVM_ARGS=") and contains("-XX:+ExitOnOutOfMemoryError") and contains("-XX:+UseSerialGC") and contains("-XX:MetaspaceSize=96m") and contains("-XX:SurvivorRatio=4") and contains("-XX:TargetSurvivorRatio=80") and contains("-Djava.security.egd=file:/dev/./urandom") and (contains("TieredStopAtLevel") | not))] | length == 1)'
    check "entrypoint is docker/start-vote.sh (exec java, so java is PID 1)" \
        jqc '.[0].Config.Entrypoint == ["/bin/sh", "/opt/payara/start-vote.sh"]'
    check "the image holds the unpacked runtime, its launcher and the class-data sharing archive" \
        podman_ run --rm --pull=never --network none --entrypoint /bin/sh "$APP_IMAGE" -c \
        'test -s /opt/payara/vote.jsa && test ! -w /opt/payara/vote.jsa && test -s /opt/payara/micro-root/launch-micro.jar && test -s /opt/payara/micro-root/config/domain.xml.image'
    check "nothing of the build's warm-up run is left in the image (no deployed application, no database)" \
        podman_ run --rm --pull=never --network none --entrypoint /bin/sh "$APP_IMAGE" -c \
        '! grep -q "<application " /opt/payara/micro-root/config/domain.xml && test ! -e /opt/payara/micro-root/applications && test ! -e /tmp/warmup-data && test -z "$(ls -A /opt/payara/data)"'
    check "STOPSIGNAL SIGTERM" jqc '.[0].Config.StopSignal == "SIGTERM"'
    local want got
    want=$(sha256sum <"$WAR" | cut -d' ' -f1)
    got=$(podman_ run --rm --pull=never --network none --entrypoint sha256sum "$APP_IMAGE" \
        /opt/payara/deployments/ROOT.war 2>/dev/null | cut -d' ' -f1 || true)
    check "the image deploys this build's WAR as ROOT.war" test "$want" = "$got"
}

# ---------------------------------------------------------------- running it

http() { # http METHOD PATH [BODY] [TOKEN] -> body in $WORK/body, status on stdout
    local method="$1" path="$2" body="${3:-}" token="${4:-}"
    local args=(-s -o "$WORK/body" -w '%{http_code}' --max-time 20 -X "$method"
        -H 'Accept: application/json')
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    in_ns curl "${args[@]}" "http://127.0.0.1:8080$path" || echo 000
}

snippet() { head -c 160 "$WORK/body" 2>/dev/null | tr -s '\n\r\t' '   '; }

start_container() { # start_container NAME ENVFILE [extra podman args...]
    local name="$1" envfile="$2"; shift 2
    CONTAINERS+=("$name")
    # Without systemd, podman logs that it cannot schedule the healthcheck timer;
    # the checks below run it by hand.
    podman_ run -d --pull=never --name "$name" \
        --network "ns:/var/run/netns/$NETNS" --hostname vote --add-host vote:127.0.0.1 \
        --cpus "$CPUS" --memory "$MEMORY" \
        --env-file "$envfile" "$@" "$APP_IMAGE" >"$WORK/$name.run.log" 2>&1 \
        || { cat "$WORK/$name.run.log"; return 1; }
}

container_cpu_seconds() { # CPU time the container used so far (cgroup v1 or v2), or "?"
    local id f
    id=$(podman_ inspect --format '{{.Id}}' "$1" 2>/dev/null) || { echo '?'; return 0; }
    f=$(find /sys/fs/cgroup/cpuacct /sys/fs/cgroup/cpu,cpuacct -maxdepth 3 -path "*$id*" -name cpuacct.usage 2>/dev/null | head -n 1)
    if [ -n "$f" ]; then awk '{ printf "%.1f", $1 / 1e9 }' "$f"; return 0; fi
    f=$(find /sys/fs/cgroup -maxdepth 4 -path "*$id*" -name cpu.stat 2>/dev/null | head -n 1)
    if [ -n "$f" ]; then awk '$1 == "usage_usec" { printf "%.1f", $2 / 1e6 }' "$f"; return 0; fi
    echo '?'
}

wait_ready() { # wait_ready NAME -> seconds until /health/ready said 200
    local name="$1" t0 code
    t0=$(now)
    while :; do
        code=$(in_ns curl -s -o /dev/null -w '%{http_code}' --max-time 3 http://127.0.0.1:8080/health/ready || true)
        if [ "$code" = 200 ]; then
            READY_SECONDS=$(since "$t0")
            READY_CPU=$(container_cpu_seconds "$name")
            return 0
        fi
        if [ "$(podman_ inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
            echo "container $name exited before it was ready" >&2
            return 1
        fi
        if awk -v a="$t0" -v b="$(now)" -v t="$READY_TIMEOUT" 'BEGIN { exit !(b - a > t) }'; then
            echo "no 200 from /health/ready after ${READY_TIMEOUT}s (last: $code)" >&2
            return 1
        fi
        sleep 1
    done
}

runtime_checks() { # runtime_checks NAME: what holds for any running container
    local name="$1"
    check "[$2] podman healthcheck run: healthy" podman_ healthcheck run "$name"
    check "[$2] healthcheck.sh works without curl (bash /dev/tcp fallback)" \
        podman_ exec "$name" /bin/sh /opt/payara/healthcheck.sh bash
    # The ECS task definition's health command (liveness, through the same script).
    check "[$2] ECS health command (HEALTHCHECK_URL=.../health/live healthcheck.sh) passes" \
        podman_ exec "$name" /bin/sh -c 'HEALTHCHECK_URL=http://127.0.0.1:8080/health/live /bin/sh /opt/payara/healthcheck.sh'
    check "[$2] /health/ready reports the database check UP" \
        bash -c "[ \"\$(ip netns exec $NETNS curl -s --max-time 5 http://127.0.0.1:8080/health/ready | jq -r '.checks[] | select(.name == \"database\") | .status')\" = UP ]"
    check "[$2] the server process runs as uid 1000" \
        test "$(podman_ exec "$name" id -u 2>/dev/null)" = 1000
    check "[$2] java is PID 1 (receives SIGTERM directly)" \
        bash -c "podman --root '$STORAGE' --runroot '$RUNROOT' exec $name cat /proc/1/cmdline | tr '\0' ' ' | grep -q '^java .*-jar /opt/payara/micro-root/launch-micro.jar'"
    # A JVM that rejected the archive (another JVM build, changed jars) runs on without it.
    check "[$2] the JVM uses the image's class-data sharing archive (vote.jsa mapped)" \
        podman_ exec "$name" grep -q /opt/payara/vote.jsa /proc/1/maps
    # Hazelcast (6900) and Payara's H2 server must not listen: only HTTP 8080.
    local listeners
    listeners=$(in_ns ss -Htlnp | grep '"java"' | awk '{print $4}' | sed 's/.*://' | sort -u | tr '\n' ' ')
    check "[$2] the JVM listens on 8080 only (no Hazelcast/H2 ports): ${listeners:-none}" \
        test "$listeners" = "8080 "
    # A JVM started in the same container (same cgroup, same flags) reports the heap
    # the server got: about MEM_MAX_RAM_PERCENTAGE of the memory limit.
    local heap limit_mb
    heap=$(podman_ exec "$name" sh -c 'java -XX:MaxRAMPercentage=$MEM_MAX_RAM_PERCENTAGE -XshowSettings:vm -version 2>&1' \
        | sed -n 's/.*Max. Heap Size (Estimated): *\([0-9.]*\)\([MG]\).*/\1 \2/p')
    limit_mb=$(awk -v m="$MEMORY" 'BEGIN { n = m + 0; u = tolower(substr(m, length(m))); print (u == "g") ? n * 1024 : n }')
    check "[$2] max heap ${heap:-?} is 32-48 % of the ${MEMORY} limit (MaxRAMPercentage=40)" \
        awk -v h="$heap" -v l="$limit_mb" 'BEGIN { split(h, a, " "); mb = (a[2] == "G") ? a[1] * 1024 : a[1];
            exit !(mb > 0.32 * l && mb < 0.48 * l) }'
    local home; home=$(http GET /)
    check "[$2] GET / (the Faces home page) answers 200" test "$home" = 200
}

api_checks() { # api_checks LABEL -> sets POLL_ID OPTION_ID USERNAME USER_PASSWORD TOKEN
    local label="$1" code
    code=$(http GET /api/v1/polls)
    local polls_ok=1 q
    [ "$code" = 200 ] || polls_ok=0
    for q in "${SEEDED_POLLS[@]}"; do
        jq -e --arg q "$q" '.items | map(.question) | index($q) != null' "$WORK/body" >/dev/null 2>&1 || polls_ok=0
    done
    if [ "$polls_ok" = 1 ]; then
        pass "[$label] GET /api/v1/polls lists the seeded polls"
    else
        fail "[$label] GET /api/v1/polls lists the seeded polls (HTTP $code: $(snippet))"
        return 0
    fi
    POLL_ID=$(jq -r --arg q "${SEEDED_POLLS[0]}" '.items[] | select(.question == $q) | .id' "$WORK/body")
    OPTION_ID=$(jq -r --arg q "${SEEDED_POLLS[0]}" '.items[] | select(.question == $q) | .options[-1].id' "$WORK/body")
    local votes_before
    votes_before=$(jq -r --arg q "${SEEDED_POLLS[0]}" '.items[] | select(.question == $q) | .totalVotes' "$WORK/body")

    USERNAME="ci-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    USER_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')Aa1"
    local creds
    creds=$(jq -nc --arg u "$USERNAME" --arg p "$USER_PASSWORD" '{username: $u, password: $p}')
    code=$(http POST /api/v1/accounts "$creds")
    if [ "$code" = 201 ]; then pass "[$label] POST /api/v1/accounts registers $USERNAME (201)"
    else fail "[$label] POST /api/v1/accounts (HTTP $code: $(snippet))"; return 0; fi

    code=$(http POST /api/v1/auth/token "$creds")
    TOKEN=$(jq -r '.access_token // empty' "$WORK/body" 2>/dev/null || true)
    if [ "$code" = 200 ] && [ -n "$TOKEN" ] \
        && jq -e '.token_type == "Bearer" and (.expires_in | type == "number")' "$WORK/body" >/dev/null 2>&1; then
        pass "[$label] POST /api/v1/auth/token issues a Bearer token"
    else fail "[$label] POST /api/v1/auth/token (HTTP $code: $(snippet))"; return 0; fi

    code=$(http POST "/api/v1/polls/$POLL_ID/votes" "{\"optionId\": $OPTION_ID}" "$TOKEN")
    if [ "$code" = 201 ]; then pass "[$label] POST /api/v1/polls/$POLL_ID/votes casts a vote (201)"
    else fail "[$label] POST /api/v1/polls/$POLL_ID/votes (HTTP $code: $(snippet))"; return 0; fi

    code=$(http GET "/api/v1/polls/$POLL_ID/votes/me" "" "$TOKEN")
    if [ "$code" = 200 ] && jq -e --argjson p "$POLL_ID" --argjson o "$OPTION_ID" \
        '.pollId == $p and .optionId == $o and (.castAt | type == "string")' "$WORK/body" >/dev/null 2>&1; then
        pass "[$label] GET /api/v1/polls/$POLL_ID/votes/me returns the vote"
    else fail "[$label] GET /api/v1/polls/$POLL_ID/votes/me (HTTP $code: $(snippet))"; fi

    code=$(http GET "/api/v1/polls/$POLL_ID/results")
    if [ "$code" = 200 ] && jq -e --argjson o "$OPTION_ID" --argjson before "${votes_before:-0}" \
        '.totalVotes == $before + 1 and ([.options[] | select(.id == $o) | .votes] | .[0] >= 1)' "$WORK/body" >/dev/null 2>&1; then
        pass "[$label] GET /api/v1/polls/$POLL_ID/results counts the vote"
    else fail "[$label] GET /api/v1/polls/$POLL_ID/results (HTTP $code: $(snippet))"; fi
}

stop_checks() { # stop_checks NAME LABEL
    local name="$1" label="$2" t0 secs code status lines_before
    # The log as it stands before the stop, by line: `podman logs --since` takes whole seconds, and
    # caught a SEVERE of the database recovery checked just before, in the same second, as if the
    # stop had logged it.
    lines_before=$(podman_ logs "$name" 2>&1 | wc -l)
    t0=$(now)
    podman_ stop -t "$STOP_TIMEOUT" "$name" >/dev/null 2>&1 || true
    secs=$(since "$t0")
    timing "stop on SIGTERM ($label)" "$secs s"
    code=$(podman_ inspect --format '{{.State.ExitCode}}' "$name")
    status=$(podman_ inspect --format '{{.State.Status}}' "$name")
    # 143 = terminated by SIGTERM after the JVM ran its shutdown hooks; 137 would
    # mean SIGKILL after the timeout.
    check "[$label] SIGTERM stops the container within ${STOP_TIMEOUT}s (${secs}s, exit $code, $status)" \
        awk -v s="$secs" -v t="$STOP_TIMEOUT" -v c="$code" -v st="$status" \
        'BEGIN { exit !(s < t && (c == 143 || c == 0) && st == "exited") }'
    # Payara Micro's "Payara Micro STOPPED." goes through JUL from a shutdown hook
    # and races JUL's own shutdown hook: it is often lost, so it is only reported.
    # The exit status above is the evidence (the JVM ran its hooks and exited);
    # run 1b then reopens the H2 files this stop closed.
    if podman_ logs "$name" 2>&1 | grep -q 'Payara Micro STOPPED'; then
        log "[$label] log shows 'Payara Micro STOPPED'"
    else
        log "[$label] 'Payara Micro STOPPED' not in the log (a known JUL shutdown race, not a check)"
    fi
    if podman_ logs "$name" >"$WORK/$name.full.log" 2>&1; then
        tail -n +"$((lines_before + 1))" "$WORK/$name.full.log" >"$WORK/$name.stop.log"
        check "[$label] nothing SEVERE logged while stopping ($(wc -l <"$WORK/$name.stop.log") log lines)" \
            bash -c "! grep -q SEVERE '$WORK/$name.stop.log'"
    else
        fail "[$label] read the container log since the stop"
    fi
}

b64url_decode() { # stdin -> stdout
    local s; s=$(tr '_-' '/+'); while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done
    printf '%s' "$s" | base64 -d
}

jwt_signed_by() { # jwt_signed_by TOKEN PUBLIC_KEY_PEM: RS256 signature verifies
    local token="$1" pub="$2"
    [ "$(printf '%s' "${token%%.*}" | b64url_decode | jq -r .alg 2>/dev/null)" = RS256 ] || return 1
    printf '%s' "${token%.*}" >"$WORK/jwt.signed"
    printf '%s' "${token##*.}" | b64url_decode >"$WORK/jwt.sig"
    openssl dgst -sha256 -verify "$pub" -signature "$WORK/jwt.sig" "$WORK/jwt.signed" >/dev/null 2>&1
}

sweep_stale() { # leftovers of a run that was killed (we hold the lock: none is in use)
    local c ns pid
    for c in $(podman_ ps -a --format '{{.Names}}' 2>/dev/null | grep '^vote-verify-' || true); do
        log "removing stale container $c"
        podman_ rm -f -v "$c" >/dev/null 2>&1 || true
    done
    for c in $(podman_ volume ls --format '{{.Name}}' 2>/dev/null | grep '^vote-verify-' || true); do
        podman_ volume rm -f "$c" >/dev/null 2>&1 || true
    done
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^vote-verify-' || true); do
        pid="${ns##*-}"
        if ! kill -0 "$pid" 2>/dev/null; then
            log "removing stale network namespace $ns"
            ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
}

new_netns() {
    NETNS="vote-verify-$$"
    ip netns add "$NETNS"
    ip -n "$NETNS" link set lo up
}

write_envfile() { # write_envfile FILE KEY=VALUE...   (0600: secrets stay off command lines)
    local file="$1"; shift
    (umask 077; printf '%s\n' "$@" >"$file")
}

run_h2() {
    log "run 1: embedded H2 database in a data volume"
    local name="vote-verify-h2-$$" vol="vote-verify-data-$$"
    VOLUMES+=("$vol")
    write_envfile "$WORK/h2.env" "TZ=UTC"
    local t0; t0=$(now)
    if ! start_container "$name" "$WORK/h2.env" -v "$vol:/opt/payara/data"; then
        fail "[h2] container starts"; return 0
    fi
    if ! wait_ready "$name"; then fail "[h2] /health/ready answers 200 within ${READY_TIMEOUT}s"; return 0; fi
    pass "[h2] /health/ready answers 200 (${READY_SECONDS}s after podman run)"
    timing "start to ready (h2, ${CPUS} CPU, $MEMORY)" "$READY_SECONDS s ($READY_CPU CPU-s)"
    runtime_checks "$name" h2
    api_checks h2
    check "[h2] the H2 database file is in the data volume" \
        bash -c "podman --root '$STORAGE' --runroot '$RUNROOT' exec $name sh -c 'ls /opt/payara/data/vote.mv.db' >/dev/null 2>&1"
    stop_checks "$name" h2

    # A new container (a redeploy) on the same volume finds the data again.
    log "run 1b: a new container on the same data volume"
    local name2="vote-verify-h2b-$$"
    if start_container "$name2" "$WORK/h2.env" -v "$vol:/opt/payara/data" && wait_ready "$name2"; then
        pass "[h2] a new container opens the stopped one's H2 database and is ready"
        timing "start to ready (h2, existing data)" "$READY_SECONDS s ($READY_CPU CPU-s)"
        if [ -n "${TOKEN:-}" ]; then
            local creds code token
            code=$(http GET "/api/v1/polls/$POLL_ID/votes/me" "" "$TOKEN")
            check "[h2] a token issued before the redeploy is still accepted (generated key kept in the volume; HTTP $code)" \
                test "$code" = 200
            creds=$(jq -nc --arg u "$USERNAME" --arg p "$USER_PASSWORD" '{username: $u, password: $p}')
            code=$(http POST /api/v1/auth/token "$creds")
            token=$(jq -r '.access_token // empty' "$WORK/body" 2>/dev/null || true)
            code=$(http GET "/api/v1/polls/$POLL_ID/votes/me" "" "$token")
            check "[h2] account and vote survive a new container on the same volume" \
                jq -e --argjson o "$OPTION_ID" '.optionId == $o' "$WORK/body"
        fi
        podman_ stop -t "$STOP_TIMEOUT" "$name2" >/dev/null 2>&1 || true
    else
        fail "[h2] a new container on the existing data volume becomes ready"
    fi

    # The same container started again (docker restart, a restart policy) finds the
    # runtime directory its first run wrote to; the entrypoint starts from the image's.
    log "run 1c: the first container started again"
    if podman_ start "$name" >/dev/null 2>&1 && wait_ready "$name"; then
        pass "[h2] the stopped container starts again and is ready"
        timing "start to ready (h2, restarted container)" "$READY_SECONDS s ($READY_CPU CPU-s)"
        local deployed
        deployed=$(podman_ logs "$name" 2>&1 | grep -c -E 'ROOT was successfully deployed|Loading application ROOT done' || true)
        check "[h2] a restarted container deploys the WAR once per start (2 deployments in 2 starts: $deployed)" \
            test "$deployed" = 2
        podman_ stop -t "$STOP_TIMEOUT" "$name" >/dev/null 2>&1 || true
    else
        fail "[h2] the stopped container starts again and becomes ready"
    fi
}

pg_start() { # inside the namespace: 127.0.0.1:5432 there is what the container sees
    ip netns exec "$NETNS" runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories=$PGDATA_DIR -c fsync=off" \
        start >/dev/null
}

pg_psql() { # as the superuser over the Unix socket (not reachable from the container)
    runuser -u postgres -- psql -h "$PGDATA_DIR" -p 5432 -U postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

run_postgres() {
    log "run 2: PostgreSQL 15 in the namespace, configured through VOTE_DB_* only"
    PGDATA_DIR=$(mktemp -d /tmp/vote-verify-pg.XXXXXX)
    chown postgres:postgres "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log"; fail "[postgres] initdb"; return 0; }
    if ! pg_start; then
        tail "$PGDATA_DIR/postgres.log"; fail "[postgres] server starts"; return 0
    fi
    local db_password admin_password
    db_password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    admin_password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')Aa1"
    pg_psql -v pw="$db_password" <<'SQL'
CREATE ROLE vote LOGIN PASSWORD :'pw';
CREATE DATABASE vote OWNER vote;
SQL
    write_envfile "$WORK/pg.env" "TZ=UTC" \
        "VOTE_DB_URL=jdbc:postgresql://127.0.0.1:5432/vote" \
        "VOTE_DB_USER=vote" "VOTE_DB_PASSWORD=$db_password" \
        "VOTE_ADMIN_USER=ci-admin" "VOTE_ADMIN_PASSWORD=$admin_password"

    # The token signing key as PEM in the environment, as ECS injects a secret.
    # A multi-line value cannot go through --env-file: `-e NAME` copies it from
    # podman's own environment, so it stays off every command line.
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt.pem" 2>/dev/null
    openssl pkey -in "$WORK/jwt.pem" -pubout -out "$WORK/jwt.pub" 2>/dev/null

    local name="vote-verify-pg-$$"
    export VOTE_JWT_PRIVATE_KEY
    VOTE_JWT_PRIVATE_KEY=$(cat "$WORK/jwt.pem")
    if ! start_container "$name" "$WORK/pg.env" -e VOTE_JWT_PRIVATE_KEY; then
        unset VOTE_JWT_PRIVATE_KEY; fail "[postgres] container starts"; return 0
    fi
    unset VOTE_JWT_PRIVATE_KEY
    if ! wait_ready "$name"; then fail "[postgres] /health/ready answers 200 within ${READY_TIMEOUT}s"; return 0; fi
    pass "[postgres] /health/ready answers 200 (${READY_SECONDS}s after podman run)"
    timing "start to ready (postgres)" "$READY_SECONDS s ($READY_CPU CPU-s)"
    runtime_checks "$name" postgres
    api_checks postgres

    check "[postgres] the schema was migrated into PostgreSQL (seeded polls there)" \
        test "$(pg_psql -d vote -Atc "SELECT count(*) FROM poll WHERE id IN (1, 2)" 2>/dev/null)" = 2
    if [ -n "${TOKEN:-}" ]; then
        check "[postgres] psql finds the vote cast through the API in PostgreSQL" \
            test "$(pg_psql -d vote -At -v u="$USERNAME" -v p="$POLL_ID" -v o="$OPTION_ID" <<'SQL' 2>/dev/null
SELECT count(*) FROM vote v JOIN account a ON a.id = v.account_id
 WHERE a.username = :'u' AND v.poll_id = :p AND v.option_id = :o;
SQL
)" = 1
    fi
    if [ -n "${TOKEN:-}" ]; then
        check "[postgres] the API token is signed with the key given in VOTE_JWT_PRIVATE_KEY" \
            jwt_signed_by "$TOKEN" "$WORK/jwt.pub"
    fi
    check "[postgres] VOTE_ADMIN_USER/PASSWORD created the administrator in PostgreSQL" \
        test "$(pg_psql -d vote -Atc "SELECT count(*) FROM account a JOIN account_role r ON r.account_id = a.id WHERE a.username = 'ci-admin' AND r.role_name = 'ADMIN'" 2>/dev/null)" = 1
    local data_files
    if data_files=$(podman_ exec "$name" ls -A /opt/payara/data 2>&1); then
        check "[postgres] no embedded H2 database in the data directory (has: ${data_files:-nothing})" \
            bash -c "! printf '%s' '$data_files' | grep -q '\.db$'"
    else
        fail "[postgres] list the data directory ($data_files)"
    fi

    # Readiness must follow the database: DOWN while it is away, UP when it is back.
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null
    local code
    code=$(http GET /health/ready)
    check "[postgres] /health/ready is 503 while PostgreSQL is down (HTTP $code)" test "$code" = 503
    # The script's own failure (curl: 22), not podman's (125-127).
    local hc_rc=0
    podman_ exec "$name" /bin/sh /opt/payara/healthcheck.sh >/dev/null 2>&1 || hc_rc=$?
    check "[postgres] the container healthcheck fails while PostgreSQL is down (exit $hc_rc)" \
        test "$hc_rc" -gt 0 -a "$hc_rc" -lt 125
    check "[postgres] liveness (the ECS health command) still passes while PostgreSQL is down" \
        podman_ exec "$name" /bin/sh -c 'HEALTHCHECK_URL=http://127.0.0.1:8080/health/live /bin/sh /opt/payara/healthcheck.sh'
    pg_start || true
    for _ in $(seq 1 30); do
        code=$(http GET /health/ready)
        [ "$code" = 200 ] && break
        sleep 1
    done
    check "[postgres] /health/ready recovers once PostgreSQL is back, without a restart" test "$code" = 200
    stop_checks "$name" postgres
}

# ---------------------------------------------------------------- main

[ "$(id -u)" = 0 ] || { echo "run as root (buildah/podman storage, network namespaces)" >&2; exit 2; }
[ -f docker/Dockerfile ] || { echo "docker/Dockerfile not found under $REPO_ROOT" >&2; exit 2; }
[ -s "$WAR" ] || { echo "$WAR not found: run ./mvnw -B -DskipTests package first" >&2; exit 2; }

ensure_tools
exec 9>"$TOOLS_DIR/.lock"
flock -w 900 9 || abort "another verify-image.sh holds $TOOLS_DIR/.lock"
WORK=$(mktemp -d /tmp/vote-verify.XXXXXX)

sweep_stale
ensure_standin
build_app_image
inspect_app_image
if [ "${VOTE_VERIFY_SKIP_RUNS:-0}" != 1 ]; then
    new_netns
    run_h2
    run_postgres
fi
log "done"
