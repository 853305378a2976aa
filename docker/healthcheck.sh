#!/bin/sh
# Container health check for the Vote image: exits 0 when the readiness
# endpoint (which touches the database) answers HTTP 200, 1 otherwise.
#
# The official payara/micro images are built on Azul Zulu: Ubuntu-based tags
# purge curl after installing the JDK, Alpine-based tags have busybox wget but
# no bash. So this script uses whichever HTTP client the base image has:
# curl, then wget, then bash's /dev/tcp. It needs no package installed.
#
# Usage: healthcheck.sh [auto|curl|wget|bash]   (default: auto)
# Environment: HEALTHCHECK_URL (default http://127.0.0.1:8080/health/ready)

url="${HEALTHCHECK_URL:-http://127.0.0.1:8080/health/ready}"
client="${1:-auto}"

have() { command -v "$1" >/dev/null 2>&1; }

if [ "$client" = auto ]; then
    if have curl; then client=curl
    elif have wget; then client=wget
    elif have bash; then client=bash
    else
        echo "healthcheck: no curl, wget or bash in the image" >&2
        exit 1
    fi
fi

case "$client" in
    curl)
        exec curl --fail --silent --show-error --max-time 4 --output /dev/null "$url"
        ;;
    wget)
        exec wget -q -T 4 -O /dev/null "$url"
        ;;
    bash)
        # Plain HTTP/1.0 over bash's /dev/tcp; only host:port/path URLs.
        exec bash -c '
            rest="${1#http://}"; hostport="${rest%%/*}"; path="/${rest#*/}"
            host="${hostport%%:*}"; port="${hostport##*:}"
            [ "$port" = "$hostport" ] && port=80
            exec 3<>"/dev/tcp/$host/$port" || exit 1
            printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$path" "$host" >&3
            IFS=" " read -r -t 4 _ status _ <&3 || exit 1
            [ "$status" = 200 ]
        ' healthcheck "$url"
        ;;
    *)
        echo "healthcheck: unknown client '$client' (auto|curl|wget|bash)" >&2
        exit 2
        ;;
esac
