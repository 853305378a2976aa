#!/bin/sh
# Prepares what a Payara Micro start would otherwise redo every time (PERFORMANCE.md, section 11),
# for the container image (docker/Dockerfile) and the benchmark harness alike:
#
#   prepare-runtime.sh PAYARA_MICRO_JAR RUNTIME_DIR ARCHIVE [Payara Micro arguments of the server...]
#   WARMUP_JVM_OPTIONS="..."   the JVM options the server will run with
#
# - RUNTIME_DIR: the runtime unpacked once with Payara Micro's flat-classpath launcher
#   (--outputlauncher), so that its classes come from the system class loader, the one the JDK's
#   class-data sharing serves; RUNTIME_DIR/config/domain.xml.image keeps its configuration as
#   unpacked, for an entrypoint to start from.
# - ARCHIVE: the class-data sharing archive of the classes a start loads, written by a warm-up
#   start (--warmup deploys the WAR and exits) on a throw-away H2 database; pass the loopback
#   pre-boot file among the arguments, so it listens on 127.0.0.1 only. RUNTIME_DIR is then put
#   back as unpacked: nothing of that run stays.
# Payara Micro resolves the host's own name at start, which some builders' sandboxes cannot
# (buildah's chroot isolation): the warm-up reads its host names from a file of its own.
set -eu

jar=$1 runtime=$2 archive=$3
shift 3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

java -jar "$jar" --rootdir "$runtime" --outputlauncher >"$scratch/warmup.log" 2>&1
cp -a "$runtime" "$scratch/unpacked"
printf '127.0.0.1 localhost %s\n' "$(cat /proc/sys/kernel/hostname)" >"$scratch/hosts"
# WARMUP_JVM_OPTIONS is a list of options: split on purpose.
# shellcheck disable=SC2086
if ! VOTE_DATA_DIR="$scratch/data" java ${WARMUP_JVM_OPTIONS:-} -Dh2.bindAddress=127.0.0.1 \
        -Djdk.net.hosts.file="$scratch/hosts" -XX:ArchiveClassesAtExit="$archive" \
        -Xlog:disable -Xlog:all=error:stderr -jar "$runtime/launch-micro.jar" "$@" \
        --warmup >>"$scratch/warmup.log" 2>&1 \
        || [ ! -s "$archive" ]; then
    tail -n 60 "$scratch/warmup.log" >&2
    echo "prepare-runtime.sh: the warm-up start failed" >&2
    exit 1
fi
rm -rf "$runtime"
mv "$scratch/unpacked" "$runtime"
cp -p "$runtime/config/domain.xml" "$runtime/config/domain.xml.image"
