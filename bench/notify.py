"""A reminder pass that notifies 10,000 people, through every channel, against the local fakes
of the vendors (apps/notify/tests/fakes.py), on a copy of the bench database:

- the pass itself (`notify()` for 10,000 people, as a web request or a periodic pass calls it)
  is timed: it stores the in-app rows and queues one dispatch, it sends nothing;
- a real Huey consumer (4 worker threads, the scheduler on: its every-minute tick releases what
  the rate held back) delivers on 企业微信, 钉钉, 飞书, e-mail (SMTP, to a local fake server that
  accepts and counts messages), the SMS gateway and a webhook, at the rates in CHANNELS; the
  bench waits until every delivery is settled (at most 6 minutes) and prints the time, the
  calls each vendor got, the most calls (messages, for e-mail) in any one minute, and whether
  anybody was reached twice on a channel.

Rates: 飞书 1000 calls a minute (documented). E-mail: 3000 messages a minute, a configured
relay limit (an SMTP server's limit is the company's or the mail provider's setting, not an API
document), 50 messages a connection. SMS: a gateway taking up to 200 numbers a call (腾讯云
SendSms PhoneNumberSet; 阿里云 PhoneNumbers takes 1000) at 600 calls a minute, configured.

    python -m bench.notify var/bench/bench-large.sqlite3 [people]
"""

import os
import subprocess
import sys
import time
from collections import Counter

from bench.copies import SUFFIXES, db_copy

TARGET = 300  # seconds: 10,000 people within 5 minutes
CHANNELS = {  # code → the call path on the fake, and the documented rate set on the channel
    "wecom": ("/cgi-bin/message/send", ""),
    "dingtalk": ("/topapi/message/corpconversation/asyncsend_v2", ""),
    "feishu": ("/open-apis/message/v4/batch_send/", "1000"),
    "email": ("smtp", "3000"),  # messages a minute (rate_unit "message")
    "sms": ("/sms", "600"),
    "webhook": ("/hook", ""),
}
SMS = {
    "method": "POST",
    "content_type": "json",
    "body_template": '{"mobile": "{mobile}", "content": "{text}", "sign": "同心"}',
    "success_field": "code",
    "success_value": "0",
    "batch_size": "200",
}


def recipients(code: str, body: dict) -> list[str]:
    """Who one call reached, as the vendor reads its payload."""
    if code == "wecom":
        return body["touser"].split("|")
    if code == "dingtalk":
        return body["userid_list"].split(",")
    if code == "feishu":
        return body["user_ids"]
    if code == "email":
        return body["to"]
    if code == "sms":
        return body["mobile"].split(",")
    return body["recipients"]


def main(db: str, people: int) -> None:
    with db_copy(db, "notify-pass") as copy:
        queue = os.path.join(os.path.dirname(copy), "notify-huey.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
        os.environ["BENCH_HUEY_FILE"] = queue
        try:
            run(people)
        finally:
            for suffix in SUFFIXES:
                if os.path.exists(queue + suffix):
                    os.remove(queue + suffix)


def run(people: int) -> None:
    consumer = None
    try:
        import django

        django.setup()
        from django.db import transaction

        from apps.accounts.models import User
        from apps.core.services import notify
        from apps.notify import services
        from apps.notify.models import Delivery
        from apps.notify.tests.fakes import CREDENTIALS, FakeSMTP, FakeVendors
        from apps.orgs.models import Person

        with FakeVendors() as vendors, FakeSMTP() as smtp:
            admin = User.objects.get(username="admin")
            services.policy_save(
                actor=admin, site_url="https://tx.example.com", urgent_kinds=["escalation"],
                digest_hour=17, max_attempts=3,
            )  # fmt: skip
            for code, (_path, rate) in CHANNELS.items():
                where = {"base_url": vendors.url, "id_source": "employee_no", "per_minute": rate}
                if code == "webhook":
                    where = {"url": f"{vendors.url}/hook"}
                if code == "email":
                    where = {**smtp.config(), "per_minute": rate}
                if code == "sms":
                    where = {**SMS, "url": f"{vendors.url}/sms", "per_minute": rate}
                services.channel_save(
                    actor=admin, code=code, enabled=True, kinds=["learning"],
                    **CREDENTIALS.get(code, {}), **where,
                )  # fmt: skip
            have = set(User.objects.values_list("person_id", flat=True))
            missing = Person.objects.exclude(pk__in=have).order_by("pk")[:people]
            User.objects.bulk_create(
                [User(username=f"n{p.employee_no}", person=p) for p in missing], batch_size=2000
            )
            users = list(User.objects.filter(person__isnull=False, is_active=True)[:people])
            for u in users:  # e-mail goes to the account's address
                if not u.email:
                    u.email = f"{u.username.lower()}@staff.example.com"
            User.objects.bulk_update(users, ["email"], batch_size=2000)
            consumer = subprocess.Popen(
                [sys.executable, "manage.py", "run_huey", "--workers", "4", "--worker-type",
                 "thread", "--quiet"],
                env=dict(os.environ),
            )  # fmt: skip
            # The pass is timed from a consumer that is up: it has taken a first task.
            from huey.contrib.djhuey import HUEY

            from apps.notify.tasks import dispatch_now

            dispatch_now()
            while HUEY.pending_count():
                time.sleep(0.5)
            started = time.monotonic()
            with transaction.atomic():
                notify(
                    users=users,
                    title="学习提醒:本月理论学习尚未完成",
                    body="请在月底前完成《党章》学习专题。",
                    url="/learning/",
                )
            stored = time.monotonic() - started
            print(
                f"bench: a reminder pass to {len(users):,} people through {len(CHANNELS)} channels"
            )
            print(f"  notify() for {len(users):,} people: {stored:.2f} s (stores and queues only)")
            expected = len(users) * len(CHANNELS)
            while time.monotonic() - started < 360:
                time.sleep(2)
                settled = Delivery.objects.filter(status__in=("sent", "failed", "skipped")).count()
                if settled >= expected:
                    break
            seconds = time.monotonic() - started
            status = Counter(Delivery.objects.values_list("status", flat=True))
            print(f"  all deliveries settled in {seconds:.0f} s (target ≤ {TARGET} s: "
                  f"{'ok' if seconds <= TARGET and sum(status.values()) == expected else 'OVER'});"
                  f" {dict(status)} of {expected:,}")  # fmt: skip
            stamps = [r["at"] for r in vendors.requests] + [m["at"] for m in smtp.messages]
            first = min(stamps, default=started)
            last = max(stamps, default=started)
            print(f"  the vendors' first call {first - started:.0f} s after the pass, "
                  f"the last {last - started:.0f} s after")  # fmt: skip
            for code, (path, rate) in CHANNELS.items():
                calls = vendors.sent(path)
                if code == "email":  # a call is a message here, `body` its envelope
                    calls = [{"at": m["at"], "body": m} for m in smtp.messages]
                minutes = Counter(int((c["at"] - first) // 60) for c in calls)
                reached = Counter(r for c in calls for r in recipients(code, c["body"]))
                sent = Delivery.objects.filter(channel=code, status="sent").count()
                twice = sum(1 for n in reached.values() if n > 1)
                limit = f" (limit {rate})" if rate else ""
                done = max((c["at"] for c in calls), default=started) - started
                print(f"  {code:8} {len(calls):6,} calls, most in one minute "
                      f"{max(minutes.values(), default=0):,}{limit}, the last {done:.0f} s after "
                      f"the pass; {sent:,} sent, people reached twice {twice}")  # fmt: skip
            print(f"  e-mail: {len(smtp.messages):,} messages on {smtp.connections:,} SMTP "
                  f"connections")  # fmt: skip
            violations = vendors.violations + smtp.violations
            print(f"  requests not as the vendors document them: {len(violations)}"
                  + (f" (first: {violations[0]})" if violations else ""))  # fmt: skip
    finally:
        if consumer is not None:
            consumer.terminate()
            consumer.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
