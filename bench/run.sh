#!/usr/bin/env bash
# `make bench`: seed the large demo company into its own SQLite database (once; reused while the
# size, seed and generator are unchanged), serve it with gunicorn on 127.0.0.1 (DEBUG off,
# 2 workers), drive it with locust for at most 60 s as signed-in users of five roles, and print
# p50 / p95 / requests per second / queries per request per endpoint (docs/bench.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SIZE="${BENCH_SIZE:-large}"
SEED="${BENCH_SEED:-2025}"
USERS="${BENCH_USERS:-10}"
RUN_TIME="${BENCH_RUN_TIME:-60}"
WORKERS="${BENCH_WORKERS:-2}"
((RUN_TIME <= 60)) || RUN_TIME=60 # bounded: never more than a minute of traffic
OUT=var/bench
DB="$OUT/bench-$SIZE.sqlite3"
mkdir -p "$OUT/static"

export DJANGO_SETTINGS_MODULE=bench.settings
export DATABASE_URL="sqlite:///$PWD/$DB"
export DEBUG=0
export SECRET_KEY="bench-$($PY -c 'import secrets; print(secrets.token_urlsafe(32))')"
export BENCH_PLAN="$OUT/plan.json" BENCH_RESULTS="$OUT/results.json"
export BENCH_WORKERS="$WORKERS" BENCH_USERS="$USERS"

stamp="$SIZE $SEED $(cat apps/*/demo.py | sha1sum | cut -c1-12)"
if [[ -f "$DB" && -f "$DB.stamp" && "$(cat "$DB.stamp")" == "$stamp" ]]; then
  echo "bench: reusing $DB ($SIZE, seed $SEED)"
  $PY manage.py migrate --noinput -v 0
else
  echo "bench: seeding the $SIZE demo company into $DB …"
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.stamp"
  $PY manage.py migrate --noinput -v 0
  $PY manage.py seed_demo --size "$SIZE" --seed "$SEED" --force
  echo "$stamp" >"$DB.stamp"
fi
[[ "${1:-}" == "--seed-only" ]] && exit 0
$PY -m bench.prepare plan "$BENCH_PLAN"

PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
HOST="http://127.0.0.1:$PORT"
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --error-logfile "$OUT/gunicorn.log" --log-level warning &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT INT TERM
$PY -m bench.prepare warm "$BENCH_PLAN" "$HOST"

echo "bench: $USERS users for ${RUN_TIME}s against $HOST (gunicorn, $WORKERS workers) …"
.venv/bin/locust -f bench/locustfile.py --headless -u "$USERS" -r "$USERS" \
  --run-time "${RUN_TIME}s" --stop-timeout 5 --host "$HOST" --only-summary \
  --loglevel WARNING >"$OUT/locust.log" 2>&1 || true # non-200s are in the report, not an abort
cp "$BENCH_RESULTS" "$OUT/results-$SIZE.json" 2>/dev/null || true
$PY bench/report.py "$BENCH_RESULTS"
# Every list page at saturation against the bare view (/healthz) right before it: the ratio.
$PY -m bench.throughput "$HOST" "$BENCH_PLAN" 8 || true
# A meeting's QR sign-in burst: 300 invitees at once against the same gunicorn (docs/bench.md).
$PY -m bench.meetings_signin "$HOST" || true
# 1,000 people start and submit the seeded quiz within a minute; every attempt checked.
$PY -m bench.learning_quiz "$HOST" || true
# Every whole-company figure computed cold (cache emptied before each request).
$PY -m bench.figures 5
# 驾驶舱: every indicator of every unit over the cockpit's window stored (the nightly task),
# timed; then the whole-company cockpit cold and warm, the league table of all units (p95).
$PY manage.py cockpit_refresh
$PY -m bench.insights 20 || true
# 量化考核: one quarter's scorecards for every 党支部 and 部门, then the scorecard pages' p95.
$PY -m bench.kpi 100 || true
# 5,000 survey answers at once through the submit service: none lost, none doubled.
$PY -m bench.surveys_burst || true
# 问卷测评: the results page of the largest survey, with and without a cross-tab (p95).
$PY -m bench.surveys_results 100 || true
# 发展党员: the pipeline board of every branch and of one, p95 against 150 ms.
$PY -m bench.admission 100 || true
# 关爱帮扶: the hardship files and the aid ledger, p95 against 150 ms.
$PY -m bench.care 100 || true
# 人才队伍: the pool, contests, honours and priority lists, p95 against 150 ms.
$PY -m bench.talent 100 || true
# The 督办 reminder/escalation pass over every open item, twice, on a copy of the database.
$PY -m bench.supervision "$DB"
# 党务 reminders: late 介绍信 receipts and 换届 terms, twice; the second pass sends nothing.
$PY -m bench.transfers "$DB" || true
# 苗头预警: the weekly pass (text keywords + overdue, satisfaction, 三会一课), twice on a copy.
$PY -m bench.alerts "$DB" || true
# 月度简报: the whole company's brief of last month (≤ 30 s) and its year-end appendix (on a copy).
$PY -m bench.briefs "$DB" || true
# 班组长竞聘: pages p95, eligibility of 500 people, a 300-ballot 民主测评 burst (on a copy).
$PY -m bench.selections "$DB" 100 || true
# A reminder pass to 10,000 people on 企业微信/钉钉/飞书/webhook: a real consumer, the fakes.
$PY -m bench.notify "$DB" 10000 || true
# 党费: the ledgers of a branch and of the committee and the arrears list (p95 against 150 ms),
# and a payroll base import of 15,000 rows against 60 s (on a copy of the database).
$PY -m bench.dues "$DB" 100 || true
# 党风廉政: key-post and risk-point lists p95 ≤ 150 ms; opening a sealed report ≤ 100 ms.
$PY -m bench.integrity 100 || true
# Full-text search: ?q=食堂 on the appeals ledger and API (and the other lists), p95 vs 150 ms.
$PY -m bench.search 50 || true

# Deep pages of the API lists: the first page, an offset near the end, the same depth by cursor.
$PY -m bench.paging 30 || true
# Function calls, queries and bytes per request of the bare view and the list pages (load-free).
$PY -m bench.profile || true
