#!/bin/sh
# The image's entrypoint: Payara Micro started from the runtime directory and
# the class-data sharing archive that the image build prepared (see
# docker/Dockerfile). Same contract as the base image's entrypoint.sh:
# MEM_MAX_RAM_PERCENTAGE, MEM_XSS and JVM_ARGS tune the JVM, CMD holds Payara
# Micro's arguments, and exec makes java PID 1, so it receives SIGTERM itself.
set -e

root=/opt/payara/micro-root

# Payara Micro records what it deployed in its runtime directory's domain.xml.
# A container started a second time (docker restart, a compose restart policy)
# would then deploy the WAR twice, once from domain.xml and once from
# --deploymentDir. Every start begins from the image's configuration instead.
cp "$root/config/domain.xml.image" "$root/config/domain.xml"
rm -rf "$root/applications" "$root/generated"

# JVM_ARGS is a list of options: split on purpose.
# shellcheck disable=SC2086
exec java -XX:MaxRAMPercentage="${MEM_MAX_RAM_PERCENTAGE}" -Xss"${MEM_XSS}" -XX:+UseContainerSupport \
    -XX:SharedArchiveFile=/opt/payara/vote.jsa ${JVM_ARGS} -jar "$root/launch-micro.jar" "$@"
