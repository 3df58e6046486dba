#!/usr/bin/env bash
# Start the web server and the task worker together; stop both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8000}"
PY=.venv/bin/python
$PY manage.py run_huey --quiet &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
cat <<TXT

  同心 · 智慧党群平台  http://127.0.0.1:${PORT}/

  演示账号(密码均为 demo12345):
    admin    系统管理员
    dangwei  党群工作部管理员
    shuji    党支部书记
    bumen    部门负责人
    zhigong  普通职工

  API 文档: http://127.0.0.1:${PORT}/api/v1/docs   按 Ctrl-C 停止

TXT
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload
