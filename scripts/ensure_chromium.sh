#!/usr/bin/env bash
# The browser tests drive Debian's chromium; install it when missing and we may.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "需要 Debian 的 chromium 浏览器:请以 root 运行 'apt-get install chromium' 后重试。" >&2
  exit 1
fi
