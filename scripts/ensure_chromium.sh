#!/usr/bin/env bash
# The browser tests drive Debian's chromium; install it (and a Chinese font, so screenshots show
# text rather than boxes) when missing and we may. Never `playwright install`.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-zenhei)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
elif [[ " ${need[*]} " == *" chromium "* ]]; then
  echo "需要 Debian 的 chromium 浏览器:请以 root 运行 'apt-get install chromium fonts-wqy-zenhei' 后重试。" >&2
  exit 1
else
  echo "提示:未找到中文字体,截图中的中文会显示为方框(apt-get install fonts-wqy-zenhei)。" >&2
fi
