"""Essay contests (主题征文): the call, submissions inside the window, judges' scores, and the
published results (average of the judges' scores, ranked).

Review is blind and complete: a judge never scores their own entry, sees no author's name or
unit until the results are out (selectors.entry_blind), and results are published only when
every judge has scored every entry that is not their own."""

from datetime import datetime
from decimal import Decimal
from pathlib import PurePath

from django.db import transaction
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import CoreError
from apps.core.rules import clean_text
from apps.core.services import attachment_create, notify

from ..choices import EssayStatus
from ..errors import LearningError
from ..models import EssayContest, EssayScore, EssaySubmission, audience_q
from ..permissions import check_manage
from ..selectors import missing_scores
from . import common

ESSAY_KINDS = {"pdf", "office"}
ESSAY_EXTENSIONS = {".pdf", ".docx"}
BODY_MAX = 50_000


@transaction.atomic
def essay_contest_create(
    *, actor, title, unit, audience, opens_at, closes_at, description="", judges=()
) -> EssayContest:
    """A cadre issues a call for essays to a unit's people, with judges."""
    common.required_unit(unit, _("所属单位"))
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
        raise LearningError.NO_JUDGES(field="judges")
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
        raise LearningError.NO_PERSON(message=_("您的账号未关联职工信息,无法投稿。"))
    if not EssayContest.objects.filter(audience_q(actor), pk=contest.pk).exists():
        raise LearningError.NOT_IN_AUDIENCE()
    if not contest.opens_at <= now < contest.closes_at or contest.status != EssayStatus.OPEN:
        raise LearningError.CLOSED(message=_("不在征集时间内,不能投稿。"))
    title = clean_text(title, field="title", label=_("题目"), limit=100)
    body = (body or "").strip()
    if len(body) > BODY_MAX:
        raise CoreError.TOO_LONG(field="body", message=_("正文不能超过 5 万字。"))
    if not body and not upload:
        raise CoreError.REQUIRED(field="body", message=_("请填写正文或上传文件。"))
    attachment = None
    if upload:
        if PurePath(upload.name or "").suffix.lower() not in ESSAY_EXTENSIONS:
            raise LearningError.UPLOAD_TYPE(field="upload")
        attachment = attachment_create(
            actor=actor, upload=upload, kinds=ESSAY_KINDS, field="upload"
        )
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
    """A judge scores an entry (0–100) after the window closes and before the results are out,
    never their own entry; scoring again revises their own score."""
    now = now or timezone.now()
    contest = submission.contest
    if not contest.judges.filter(pk=actor.pk).exists():
        raise LearningError.NOT_JUDGE()
    if actor.person_id is not None and submission.person_id == actor.person_id:
        raise LearningError.OWN_ENTRY()
    if now < contest.closes_at:
        raise LearningError.NOT_CLOSED(what=_("评分"))
    if contest.status == EssayStatus.PUBLISHED:
        raise LearningError.PUBLISHED(message=_("结果已公布,不能再评分。"))
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


MISSING_SHOWN = 10


def _missing_text(missing) -> str:
    parts = [
        _("《%(title)s》缺 %(judges)s 的评分")
        % {"title": entry.title, "judges": "、".join(j.display_name for j in judges)}
        for entry, judges in missing[:MISSING_SHOWN]
    ]
    if len(missing) > MISSING_SHOWN:
        parts.append(_("另有 %(n)d 篇") % {"n": len(missing) - MISSING_SHOWN})
    return ";".join(parts) + "。"


@transaction.atomic
def essay_publish(*, actor, contest, now: datetime | None = None) -> EssayContest:
    """Publish the results: each entry's score is the average of its judges' scores, ranked
    highest first. Refused while any judge has not scored an entry (the message names them)."""
    check_manage(actor, contest.unit)
    now = now or timezone.now()
    if now < contest.closes_at:
        raise LearningError.NOT_CLOSED(what=_("公布结果"))
    if contest.status == EssayStatus.PUBLISHED:
        raise LearningError.PUBLISHED()
    missing = missing_scores(contest)
    if missing:
        raise LearningError.UNSCORED(missing=_missing_text(missing))
    entries = list(
        EssaySubmission.objects.filter(contest=contest)
        .select_related("person__user")
        .annotate(avg=Avg("scores__score"))
    )
    if any(e.avg is None for e in entries):  # no active judge could score it
        raise LearningError.UNSCORED(
            missing=_("%(n)d 篇作品没有任何评分。") % {"n": sum(e.avg is None for e in entries)}
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
