"""Appeals in a given state, built through the services (so every test walks the real rules)."""

from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.appeals import receipts, services
from apps.appeals.models import Appeal, Category

NOW = timezone.make_aware(datetime(2026, 3, 2, 9, 0))  # a Monday
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def category(name="食堂宿舍"):
    # get_or_create: a browser test's live server flushes the rows the data migration seeded.
    return Category.objects.get_or_create(name=name)[0]


def submit(company, who="zhigong", *, anonymous=False, urgency="normal", now=NOW, **kw):
    """(appeal, receipt code or None); an anonymous one is queued, then its batch is run."""
    kw.setdefault("title", "食堂晚班没有热饭")
    kw.setdefault("description", "夜班职工下班后食堂已关门,希望延长供餐时间。")
    appeal, code = services.appeal_submit(
        actor=company.users[who],
        category=kw.pop("category", None) or category(),
        urgency=urgency,
        anonymous=anonymous,
        now=now,
        **kw,
    )
    if anonymous:
        run_batch(now)
        appeal = Appeal.objects.get(receipt_digest=receipts.digest(code))
    return appeal, code


def receipt_from(response) -> str:
    """The receipt code an anonymous submit's redirect carries in its fragment."""
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(response["Location"]).fragment)["receipt"][0]


def run_batch(now=NOW):
    """Run the anonymous batch that the periodic tick would run after `now`."""
    return services.anonymous_batch(now=services.batch_time(now))


def accepted(company, *, anonymous=False, urgency="normal", now=NOW, unit="prod", person="bumen"):
    appeal, code = submit(company, anonymous=anonymous, urgency=urgency, now=now)
    services.appeal_accept(
        actor=company.users["dangwei"],
        appeal=appeal,
        owner_unit=company.units[unit],
        owner_person=company.people[person] if person else None,
        now=now,
    )
    appeal.refresh_from_db()
    return appeal, code


def answered(company, *, anonymous=False, now=NOW, at=None):
    appeal, code = accepted(company, anonymous=anonymous, now=now)
    services.appeal_resolve(
        actor=company.users["bumen"],
        appeal=appeal,
        text="已协调食堂延长供餐至22点。",
        now=at or now,
    )
    appeal.refresh_from_db()
    return appeal, code
