"""Essay contests (主题征文): the call, submissions inside the window, judges' scores, and the
published results (average of the judges' scores, ranked)."""

from datetime import datetime
from decimal import Decimal
from pathlib import PurePath

from django.db import transaction
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, Forbidden
from apps.core.rules import clean_text
from apps.core.services import attachment_create, notify

from ..choices import EssayStatus
from ..models import EssayContest, EssayScore, EssaySubmission, audience_q
from ..permissions import check_manage
from . import common

ESSAY_KINDS = {"pdf", "office"}
ESSAY_EXTENSIONS = {".pdf", ".docx"}
BODY_MAX = 50_000


@transaction.atomic
def essay_contest_create(
    *, actor, title, unit, audience, opens_at, closes_at, description="", judges=()
) -> EssayContest:
    """A cadre issues a call for essays to a unit's people, with judges."""
    if unit is None:
        raise DomainError("unit_required", _("请选择所属单位。"), field="unit")
    check_manage(actor, unit)
    common.window(opens_at, closes_at)
    contest = EssayContest.objects.create(
        title=clean_text(title, field="title", label=_("征文主题"), limit=100),
        description=(description or "").strip()[:10_000],
        unit=unit,
        audience=common.audience(audience, unit),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
    )
    judges = list(judges)
    if not judges:
        raise DomainError("no_judges", _("请至少指定一位评委。"), field="judges")
    contest.judges.set(judges)
    return contest


@transaction.atomic
def essay_submit(
    *, actor, contest, title, body="", upload=None, now: datetime | None = None
) -> EssaySubmission:
    """Inside the window, a person the call is for submits text or a PDF/Word file; a second
    submission replaces the first."""
    now = now or timezone.now()
    person = getattr(actor, "person", None)
    if person is None:
        raise DomainError("no_person", _("您的账号未关联职工信息,无法投稿。"))
    if not EssayContest.objects.filter(audience_q(actor), pk=contest.pk).exists():
        raise Forbidden(_("本次征文不面向您所在的单位。"))
    if not contest.opens_at <= now < contest.closes_at or contest.status != EssayStatus.OPEN:
        raise DomainError("closed", _("不在征集时间内,不能投稿。"), status=409)
    title = clean_text(title, field="title", label=_("题目"), limit=100)
    body = (body or "").strip()
    if len(body) > BODY_MAX:
        raise DomainError("too_long", _("正文不能超过 5 万字。"), field="body")
    if not body and not upload:
        raise DomainError("required", _("请填写正文或上传文件。"), field="body")
    attachment = None
    if upload:
        if PurePath(upload.name or "").suffix.lower() not in ESSAY_EXTENSIONS:
            raise DomainError("upload_type", _("请上传 PDF 或 Word(.docx)文件。"), field="upload")
        try:
            attachment = attachment_create(actor=actor, upload=upload, kinds=ESSAY_KINDS)
        except DomainError as e:
            e.field = "upload"
            raise
    submission = EssaySubmission.objects.filter(contest=contest, person=person).first()
    if submission is None:
        submission = EssaySubmission(contest=contest, person=person)
    submission.unit_id = person.department_id or person.team_id
    submission.title = title
    submission.body = body
    if attachment is not None:
        submission.attachment = attachment
    submission.submitted_at = now
    submission.save()
    if attachment is not None:
        attachment.owner_id = submission.pk
        attachment.owner_type_id = _ct(EssaySubmission)
        attachment.save(update_fields=["owner_id", "owner_type"])
    return submission


def _ct(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


@transaction.atomic
def essay_score(*, actor, submission, score, comment="", now: datetime | None = None) -> EssayScore:
    """A judge scores an entry (0–100) after the window closes and before the results are out;
    scoring again revises their own score."""
    now = now or timezone.now()
    contest = submission.contest
    if not contest.judges.filter(pk=actor.pk).exists():
        raise Forbidden(_("只有本次征文的评委可以评分。"))
    if now < contest.closes_at:
        raise DomainError("not_closed", _("征集截止后才能评分。"), status=409)
    if contest.status == EssayStatus.PUBLISHED:
        raise DomainError("published", _("结果已公布,不能再评分。"), status=409)
    value = common.decimal(score, field="score", label=_("分数"), low=Decimal(0), high=Decimal(100))
    row, _created = EssayScore.objects.update_or_create(
        submission=submission,
        judge=actor,
        defaults={"score": value, "comment": (comment or "").strip()[:500], "scored_at": now},
    )
    if contest.status == EssayStatus.OPEN:
        contest.status = EssayStatus.JUDGING
        contest.save(update_fields=["status", "updated_at"])
    return row


@transaction.atomic
def essay_publish(*, actor, contest, now: datetime | None = None) -> EssayContest:
    """Publish the results: each entry's score is the average of its judges' scores, ranked
    highest first; every entry must have at least one score."""
    check_manage(actor, contest.unit)
    now = now or timezone.now()
    if now < contest.closes_at:
        raise DomainError("not_closed", _("征集截止后才能公布结果。"), status=409)
    if contest.status == EssayStatus.PUBLISHED:
        raise DomainError("published", _("结果已经公布。"), status=409)
    entries = list(
        EssaySubmission.objects.filter(contest=contest)
        .select_related("person__user")
        .annotate(avg=Avg("scores__score"))
    )
    unscored = sum(1 for e in entries if e.avg is None)
    if unscored:
        raise DomainError(
            "unscored", _("还有 %(n)d 篇作品没有评分。") % {"n": unscored}, status=409
        )
    entries.sort(key=lambda e: (-e.avg, e.submitted_at, e.pk))
    for rank, entry in enumerate(entries, 1):
        entry.score = Decimal(entry.avg).quantize(Decimal("0.1"))
        entry.rank = rank
    EssaySubmission.objects.bulk_update(entries, ["score", "rank"])
    contest.status = EssayStatus.PUBLISHED
    contest.published_at = now
    contest.save(update_fields=["status", "published_at", "updated_at"])
    users = [u for e in entries if (u := getattr(e.person, "user", None)) and u.is_active]
    notify(
        users=users,
        title=_("征文“%(title)s”结果已公布") % {"title": contest.title},
        url=reverse("learning:essay", args=[contest.pk]),
        dedupe_key=f"learning:essay:{contest.pk}:published",
    )
    return contest
