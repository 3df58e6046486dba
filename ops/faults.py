"""`make stack-faults`: the stack of ops/stack.py under a steady load of submissions while its
parts fail one after another; nothing the server answered as stored may be lost or doubled.

20 clients submit 急难愁盼 appeals over the API, each with its own idempotency key, and send a
submission again (same key) after a connection error, a 502/503/504 or a 409 "in progress",
as a careful client does. Meanwhile:
  1. PostgreSQL is crashed (`pg_ctl -m immediate`) and started again 5 s later;
  2. Redis is stopped for a minute and started again;
  3. one app server and one Huey consumer are killed (SIGKILL).
Then every appeal the server confirmed must be in the database exactly once, no answer may be a
500, the tasks kept while Redis was away must have been handed back, and the periodic tick must
run again after Redis returned. Prints the counts; exits 1 unless lost, doubled and 500s are 0.
"""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

from .stack import BASE, PY, Stack, ensure_packages

CLIENTS = int(os.environ.get("FAULT_CLIENTS", 20))
RETRYABLE = {409, 502, 503, 504}


def django(stack: Stack, code: str):
    """Run `code` in the stack's Django (it prints one JSON value) and return that value."""
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=BASE,
        env=stack.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


SETUP = """
import json
from apps.accounts.models import ApiToken, User
from apps.appeals.models import Category
users = User.objects.filter(is_active=True, person__isnull=False).order_by("pk")[:{n}]
print(json.dumps({{"tokens": [ApiToken.issue(user=u, name="faults")[1] for u in users],
                  "category": Category.objects.order_by("pk").values_list("pk", flat=True)[0]}}))
"""

COUNT = """
import json
from django.db.models import Count
from apps.appeals.models import Appeal
from apps.core.models import DeferredTask
rows = Appeal.objects.filter(title__startswith="{marker}").values("title").annotate(n=Count("pk"))
print(json.dumps({{"titles": {{r["title"]: r["n"] for r in rows}},
                  "deferred": DeferredTask.objects.count()}}))
"""


class Load:
    def __init__(self, url: str, tokens: list[str], category: int, marker: str):
        self.url, self.tokens, self.category, self.marker = url, tokens, category, marker
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.confirmed: list[str] = []
        self.given_up: list[str] = []
        self.statuses: Counter = Counter()
        self.bad_503 = 0  # a 503 without Retry-After or without a message

    def post(self, token: str, key: str, body: bytes) -> int:
        req = urllib.request.Request(
            self.url + "/api/v1/appeals",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": key,
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            if exc.code == 503 and not self.clear_503(exc):
                with self.lock:
                    self.bad_503 += 1
            return exc.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0  # no answer: the same submission is sent again

    @staticmethod
    def clear_503(exc: urllib.error.HTTPError) -> bool:
        """A 503 a client can act on: when to retry, and why, in Chinese."""
        try:
            message = json.loads(exc.read())["detail"]["message"]
        except (ValueError, KeyError, TypeError):
            return False
        return bool(exc.headers.get("Retry-After")) and "请稍后" in message

    def client(self, i: int) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"{self.marker}-{i:02d}-{n:04d}"
            body = json.dumps(
                {
                    "category_id": self.category,
                    "title": title,
                    "description": "故障演练:夜班食堂供餐时间与交接班冲突。",
                }
            ).encode()
            key = uuid.uuid4().hex
            deadline = time.monotonic() + 180
            while True:
                status = self.post(self.tokens[i % len(self.tokens)], key, body)
                with self.lock:
                    self.statuses[status] += 1
                if status == 201:
                    with self.lock:
                        self.confirmed.append(title)
                    break
                if (status not in RETRYABLE and status != 0) or time.monotonic() > deadline:
                    with self.lock:
                        self.given_up.append(title)
                    break
                time.sleep(1)
            time.sleep(0.2)


def main() -> int:
    ensure_packages()
    stack = Stack()
    marker = "故障演练" + uuid.uuid4().hex[:6]
    print(f"启动多机布局于 {stack.root} …", flush=True)
    try:
        stack.up()
        setup = django(stack, SETUP.format(n=CLIENTS))
        load = Load(f"http://127.0.0.1:{stack.port}", setup["tokens"], setup["category"], marker)
        threads = [threading.Thread(target=load.client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()

        def step(text: str) -> None:
            print(
                f"[{time.strftime('%H:%M:%S')}] {text}  (已确认 {len(load.confirmed)})", flush=True
            )

        time.sleep(20)
        step("PostgreSQL 崩溃(immediate),5 秒后重启")
        stack.pg_stop("immediate")
        time.sleep(5)
        stack.pg_start()
        time.sleep(20)
        step("Redis 停止 60 秒")
        stack.redis_stop()
        time.sleep(60)
        stack.redis_start()
        step("Redis 已恢复")
        time.sleep(20)
        step("杀死应用服务器 1 和任务进程 1(SIGKILL)")
        stack.app_kill(1)
        stack.huey_kill(1)
        time.sleep(30)
        load.stop.set()
        for t in threads:
            t.join()
        step("负载结束,等待定时任务把暂存任务交回队列")
        time.sleep(70)  # one tick of the remaining consumer
        counts = django(stack, COUNT.format(marker=marker))
        tick_after = tick_ran_after_redis(stack)
    finally:
        stack.down()

    stored = counts["titles"]
    doubled = sum(n - 1 for n in stored.values() if n > 1)
    lost = sum(1 for t in load.confirmed if t not in stored)
    sent = len(load.confirmed) + len(load.given_up)
    errors_500 = load.statuses.get(500, 0)
    print(f"""
  提交 {sent} 次,服务器确认 {len(load.confirmed)},放弃 {len(load.given_up)}
  数据库中 {len(stored)} 条,重复 {doubled},丢失 {lost}
  应答状态: {dict(sorted(load.statuses.items()))}(0 = 连接失败后重发)
  500 应答 {errors_500};缺少 Retry-After 或说明的 503: {load.bad_503}
  Redis 停止期间暂存的任务未交回: {counts["deferred"]};Redis 恢复后定时任务运行: {tick_after}
""")
    ok = (
        lost == doubled == errors_500 == load.bad_503 == counts["deferred"] == 0
        and tick_after
        and len(load.confirmed) > 0
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def tick_ran_after_redis(stack: Stack) -> bool:
    """The scheduler's consumer ran the tick again once Redis was back."""
    log = Path(stack.logs / "huey0.log").read_text(errors="replace")
    after = log.rsplit("Error", 1)[-1] if "Error" in log else log
    return "apps.core.tasks.tick" in after and "executed" in after


if __name__ == "__main__":
    sys.exit(main())
