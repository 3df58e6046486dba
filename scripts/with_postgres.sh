#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster on a private socket, then remove it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "需要 PostgreSQL:请以 root 运行 'apt-get install postgresql' 后重试。" >&2
    exit 1
  fi
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d /tmp/tongxin-pg.XXXXXX)
RUNAS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DIR"
  RUNAS=(runuser -u postgres --)
fi
cleanup() {
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
"${RUNAS[@]}" "$BIN/initdb" -D "$DIR/data" -U tongxin --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -w -l "$DIR/log" \
  -o "-k $DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${RUNAS[@]}" "$BIN/createdb" -h "$DIR" -U tongxin tongxin
export DATABASE_URL="postgres://tongxin@/tongxin?host=$DIR"
echo "PostgreSQL: 临时集群 $DIR"
"$@"
