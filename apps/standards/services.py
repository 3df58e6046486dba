"""Writes on branch standardization: the year's checklist, review rounds, a branch's self-check
and its review. Every refused step raises a DomainError with a Chinese message; nothing is
stored half. An open self-check is supervised (督办) until the branch submits it."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.errors import Forbidden
from apps.core.models import Attachment
from apps.core.rules import clean_text
from apps.core.services import attachment_create, notify
from apps.core.uploads import check_uploads
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import ancestor_paths
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervise, supervision_close

from . import judges
from .choices import ReviewStatus, RoundStatus
from .errors import StandardsError
from .models import BranchReview, Checklist, ReviewItem, ReviewRound, StandardItem
from .permissions import can_fill, can_open_rounds, can_review

KIND = "standard_review"
EVIDENCE_KINDS = {"image", "pdf", "office"}
MAX_FILES = 9
NOTE_MAX = 1000
REASON_MAX = 300
TITLE_MAX = 100
STEP = Decimal("0.5")
BATCH = 2000


def _url(review) -> str:
    return reverse("standards:review_detail", args=[review.pk])


def parse_score(value, *, points: Decimal, field: str, label: str) -> Decimal | None:
    """A score between 0 and the item's points, in steps of 0.5; blank means not yet scored."""
    if value is None or str(value).strip() == "":
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        score = None
    if score is None or not score.is_finite():
        raise StandardsError.BAD_SCORE(field=field, label=label)
    if score < 0 or score > points:
        raise StandardsError.SCORE_OUT_OF_RANGE(field=field, label=label, max=points)
    if score % STEP:
        raise StandardsError.BAD_SCORE_STEP(field=field, label=label)
    return score


def _secretary_users(branch_ids) -> dict[int, list]:
    rows = RoleAssignment.objects.filter(
        unit_id__in=list(branch_ids),
        role__in=(Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE),
        user__is_active=True,
    ).select_related("user")
    out: dict[int, list] = {}
    for ra in rows:
        out.setdefault(ra.unit_id, []).append(ra.user)
    return out


def _reviewer_users(branch) -> list:
    """The 党群工作部 admins over the branch and the secretary of the general branch above."""
    ancestors = ancestor_paths(branch.path, include_self=False)
    rows = RoleAssignment.objects.filter(
        unit__path__in=ancestors, user__is_active=True, unit__dissolved_at__isnull=True
    ).select_related("user", "unit")
    users = {}
    for ra in rows:
        if ra.role == Role.PARTY_ADMIN or (
            ra.role == Role.BRANCH_SECRETARY and ra.unit.kind == UnitKind.GENERAL_BRANCH
        ):
            users[ra.user_id] = ra.user
    return list(users.values())


def _deadline_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


# --- the checklist ---------------------------------------------------------------------------


@transaction.atomic
def checklist_copy(*, actor, to_year: int, from_year: int | None = None) -> Checklist:
    """Start a year's checklist from last year's (or a given year's): same items, points,
    evidence, judges and threshold. A year that already has a checklist is not overwritten."""
    if not can_open_rounds(actor):
        raise Forbidden(_("只有党委/党群工作部管理员可以维护检查表。"))
    from_year = from_year or to_year - 1
    if Checklist.objects.filter(year=to_year).exists():
        raise StandardsError.YEAR_EXISTS(field="to_year", year=to_year)
    source = Checklist.objects.filter(year=from_year).first()
    if source is None:
        raise StandardsError.NO_SOURCE(field="from_year", year=from_year)
    target = Checklist.objects.create(year=to_year, threshold=source.threshold, note=source.note)
    StandardItem.objects.bulk_create(
        StandardItem(
            checklist=target,
            group=i.group,
            title=i.title,
            points=i.points,
            evidence=i.evidence,
            needs_file=i.needs_file,
            judge=i.judge,
            sort=i.sort,
        )
        for i in source.items.all()
    )
    return target


def _check_editable(actor, checklist: Checklist) -> None:
    if not can_open_rounds(actor):
        raise Forbidden(_("只有党委/党群工作部管理员可以维护检查表。"))
    if checklist.rounds.exists():
        raise StandardsError.CHECKLIST_IN_USE(year=checklist.year)


@transaction.atomic
def standard_item_save(
    *,
    actor,
    checklist: Checklist,
    item: StandardItem | None = None,
    group: str,
    title: str,
    points: Decimal,
    evidence: str = "",
    needs_file: bool = False,
    judge: str = "",
    sort: int = 0,
) -> StandardItem:
    """Add or change a standard item of a year's checklist that no round uses yet (a round's
    scores are read against the items it started with); audited."""
    _check_editable(actor, checklist)
    group = clean_text(group, field="group", label=_("类别"), limit=30, required=True)
    title = clean_text(title, field="title", label=_("标准内容"), limit=200, required=True)
    evidence = clean_text(
        evidence, field="evidence", label=_("佐证材料"), limit=300, required=False
    )
    if points is None or not Decimal("0.5") <= points <= Decimal("100"):
        raise StandardsError.BAD_POINTS(field="points")
    if judge and not judges.is_auto(judge):
        raise StandardsError.UNKNOWN_JUDGE(field="judge")
    item = item or StandardItem(checklist=checklist)
    item.group, item.title, item.points, item.sort = group, title, points, sort or 0
    item.evidence, item.needs_file, item.judge = evidence, bool(needs_file), judge or ""
    item.save()
    return item


@transaction.atomic
def standard_item_delete(*, actor, item: StandardItem) -> None:
    """Take an item out of a checklist no round uses yet (kept in the table, audited)."""
    _check_editable(actor, item.checklist)
    item.soft_delete()


@transaction.atomic
def checklist_settings_save(*, actor, checklist: Checklist, threshold: Decimal, note: str = ""):
    """The score a branch needs to be 达标, and the checklist's note."""
    _check_editable(actor, checklist)
    if threshold is None or not Decimal("0") <= threshold <= checklist.total_points:
        raise StandardsError.BAD_THRESHOLD(field="threshold", total=checklist.total_points)
    checklist.threshold = threshold
    checklist.note = clean_text(note, field="note", label=_("说明"), limit=1000, required=False)
    checklist.save()
    return checklist


# --- rounds -----------------------------------------------------------------------------------


def _branches_under(unit) -> list[OrgUnit]:
    from apps.core.scope import subtree_q

    return list(
        OrgUnit.objects.alive()
        .filter(subtree_q(unit.path), kind=UnitKind.BRANCH)
        .select_related("head__user")
        .order_by("path")
    )


@transaction.atomic
def round_open(
    *,
    actor,
    checklist: Checklist,
    unit: OrgUnit,
    title: str,
    period_start: date,
    period_end: date,
    deadline: date,
    now: datetime | None = None,
) -> ReviewRound:
    """The 党群工作部 opens a round for a period: every live branch under the unit gets a
    self-check of the year's items, supervised until submitted. A period is reviewed once per
    branch."""
    now = now or timezone.now()
    if unit is None or not can_open_rounds(actor, unit):
        raise Forbidden(_("只有党委/党群工作部管理员可以在其管理范围内发起检查。"))
    title = clean_text(title, field="title", label=_("名称"), limit=TITLE_MAX, required=True)
    if period_start is None or period_end is None:
        raise StandardsError.PERIOD_REQUIRED(field="period_start")
    if period_start > period_end:
        raise StandardsError.BAD_PERIOD(field="period_end")
    if period_start.year != checklist.year:
        raise StandardsError.WRONG_YEAR(field="period_start", year=checklist.year)
    if deadline is None or deadline < timezone.localdate(now):
        raise StandardsError.BAD_DEADLINE(field="deadline")
    items = list(checklist.items.all())
    if not items:
        raise StandardsError.EMPTY_CHECKLIST(field="checklist")
    branches = _branches_under(unit)
    if not branches:
        raise StandardsError.NO_BRANCHES(field="unit")
    taken = list(
        BranchReview.objects.filter(
            branch__in=branches,
            round__period_start=period_start,
            round__period_end=period_end,
            round__deleted_at__isnull=True,
        )
        .select_related("branch")
        .values_list("branch__name", flat=True)[:5]
    )
    if taken:
        raise StandardsError.PERIOD_TAKEN(field="period_start", names="、".join(taken))
    rnd = ReviewRound.objects.create(
        checklist=checklist,
        title=title,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        opened_by=actor,
    )
    reviews = BranchReview.objects.bulk_create(
        [BranchReview(round=rnd, branch=b, created_at=now) for b in branches], batch_size=BATCH
    )
    ReviewItem.objects.bulk_create(
        [ReviewItem(review=r, item=i) for r in reviews for i in items], batch_size=BATCH
    )
    ct = ContentType.objects.get_for_model(BranchReview)
    due = _deadline_at(deadline)
    SupervisedItem.objects.bulk_create(
        [
            SupervisedItem(
                kind=KIND,
                content_type=ct,
                object_id=r.pk,
                title=_("支部标准化自查:%(branch)s") % {"branch": r.branch.name},
                url=_url(r),
                owner_unit=r.branch,
                owner_person=r.branch.head,
                due_at=due,
                opened_at=now,
            )
            for r in reviews
        ],
        batch_size=BATCH,
    )
    fillers = _secretary_users(b.pk for b in branches)
    for r in reviews:
        notify(
            users=fillers.get(r.branch_id, []),
            title=_("请完成支部标准化自查:%(title)s") % {"title": title},
            body=_("自查截止 %(day)s。") % {"day": deadline.isoformat()},
            url=_url(r),
            dedupe_key=f"standards:review:{r.pk}:open",
        )
    return rnd


@transaction.atomic
def round_close(*, actor, round: ReviewRound, now: datetime | None = None) -> ReviewRound:
    """Close a round: no more self-checks or scores; a branch not finalized counts as 未达标."""
    now = now or timezone.now()
    rnd = ReviewRound.objects.select_for_update().get(pk=round.pk)
    if not can_open_rounds(actor, rnd.unit):
        raise Forbidden(_("只有党委/党群工作部管理员可以结束检查。"))
    if rnd.status == RoundStatus.CLOSED:
        raise StandardsError.ROUND_CLOSED()
    rnd.status, rnd.closed_at = RoundStatus.CLOSED, now
    rnd.save()
    ct = ContentType.objects.get_for_model(BranchReview)
    SupervisedItem.objects.filter(
        content_type=ct, object_id__in=rnd.reviews.values("pk"), closed_at=None
    ).update(closed_at=now)
    return rnd


# --- a branch's self-check --------------------------------------------------------------------


def _locked(review: BranchReview) -> BranchReview:
    return (
        BranchReview.objects.select_for_update(of=("self",))
        .select_related("round__checklist", "branch__head__user")
        .get(pk=review.pk)
    )


def _require_open(review: BranchReview) -> None:
    if review.round.status != RoundStatus.OPEN:
        raise StandardsError.ROUND_CLOSED_EDIT()


def _check_files(files, *, field: str) -> list:
    return check_uploads(
        files,
        field=field,
        most=MAX_FILES,
        too_many=StandardsError.FILES_TOO_MANY,
        kinds=EVIDENCE_KINDS,
    )


def evidence_counts(review_items) -> dict[int, int]:
    ct = ContentType.objects.get_for_model(ReviewItem)
    ids = [ri.pk for ri in review_items]
    counts: dict[int, int] = {}
    for owner_id in Attachment.objects.filter(owner_type=ct, owner_id__in=ids).values_list(
        "owner_id", flat=True
    ):
        counts[owner_id] = counts.get(owner_id, 0) + 1
    return counts


@transaction.atomic
def review_save_self(*, actor, review: BranchReview, entries: dict, submit: bool = False):
    """The branch saves its self-check: for manual items a self-score (0..points), a note and
    evidence files (images, PDF, Office; checked by content). `entries` maps a ReviewItem id to
    {"score", "note", "files"}. With `submit`, the self-check is submitted in the same step."""
    review = _locked(review)
    if not can_fill(actor, review):
        raise Forbidden(_("只有本支部书记或支委可以填写自查。"))
    _require_open(review)
    if not review.editable:
        raise StandardsError.NOT_EDITABLE(status=review.get_status_display())
    rows = {ri.pk: ri for ri in review.items.select_related("item")}
    changed = []
    for pk, entry in entries.items():
        ri = rows.get(int(pk))
        if ri is None:
            raise StandardsError.BAD_ITEM(field=f"score_{pk}")
        auto = judges.is_auto(ri.item.judge)
        label = ri.item.title
        if auto and entry.get("score") not in (None, ""):
            raise StandardsError.AUTO_ITEM(field=f"score_{pk}", label=label)
        if not auto:
            ri.self_score = parse_score(
                entry.get("score"), points=ri.item.points, field=f"score_{pk}", label=label
            )
        ri.self_note = clean_text(
            entry.get("note"),
            field=f"note_{pk}",
            label=_("自查说明"),
            limit=NOTE_MAX,
            required=False,
        )
        files = _check_files(entry.get("files"), field=f"files_{pk}")
        for f in files:
            attachment_create(actor=actor, upload=f, owner=ri, kinds=EVIDENCE_KINDS)
        changed.append(ri)
    ReviewItem.objects.bulk_update(changed, ["self_score", "self_note"])
    if submit:
        return _submit(actor=actor, review=review, rows=list(rows.values()))
    review.save(update_fields=["updated_at"])
    return review


@transaction.atomic
def review_submit(*, actor, review: BranchReview, now: datetime | None = None) -> BranchReview:
    """The branch submits its self-check: every manual item has a self-score, items that need
    a file have one, and the platform fills the items it judges from its records."""
    review = _locked(review)
    if not can_fill(actor, review):
        raise Forbidden(_("只有本支部书记或支委可以提交自查。"))
    _require_open(review)
    return _submit(
        actor=actor, review=review, rows=list(review.items.select_related("item")), now=now
    )


def _submit(*, actor, review, rows, now=None) -> BranchReview:
    now = now or timezone.now()
    if not review.editable:
        raise StandardsError.NOT_SUBMITTABLE(status=review.get_status_display())
    files = evidence_counts(rows)
    for ri in rows:
        if judges.is_auto(ri.item.judge):
            continue
        if ri.self_score is None:
            raise StandardsError.SELF_INCOMPLETE(field=f"score_{ri.pk}", label=ri.item.title)
        if ri.item.needs_file and ri.self_score > 0 and not files.get(ri.pk):
            raise StandardsError.EVIDENCE_REQUIRED(
                field=f"files_{ri.pk}", label=ri.item.title, what=ri.item.evidence or _("相关文件")
            )
    judge_reviews([review], now=now)
    rows = list(review.items.select_related("item"))
    review.self_score = sum(
        (ri.score if ri.judged else ri.self_score) or Decimal("0") for ri in rows
    )
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at, review.submitted_by = now, actor
    review.save()
    supervision_close(record=review, at=now)
    notify(
        users=[u for u in _reviewer_users(review.branch) if u.pk != actor.pk],
        title=_("支部标准化自查待评审:%(branch)s") % {"branch": review.branch.name},
        body=review.round.title,
        url=_url(review),
    )
    return review


def judge_reviews(reviews: list[BranchReview], *, now: datetime | None = None) -> int:
    """Fill the platform-judged items of these reviews (all of one round or many): each judge
    is asked once per round for all its branches; a passed item scores full points, a failed
    one zero with the judge's note as the reason. Items whose judge is not registered are left
    to people. Returns the number of items judged."""
    now = now or timezone.now()
    if not reviews:
        return 0
    rows = list(
        ReviewItem.objects.filter(review__in=[r.pk for r in reviews])
        .exclude(item__judge="")
        .select_related("item", "review__round", "review__branch")
    )
    groups: dict[tuple, list[ReviewItem]] = {}
    for ri in rows:
        if judges.is_auto(ri.item.judge):
            groups.setdefault((ri.item.judge, ri.review.round_id), []).append(ri)
    changed = []
    for (code, _round_id), items in groups.items():
        rnd = items[0].review.round
        branches = list({ri.review.branch_id: ri.review.branch for ri in items}.values())
        verdicts = judges.get(code).fn(
            branches=branches, start=rnd.period_start, end=rnd.period_end
        )
        for ri in items:
            v = verdicts.get(ri.review.branch_id)
            if v is None:
                v = judges.Verdict(False, _("平台没有得出判定结果"))
            ri.judged, ri.judge_passed, ri.judged_at = True, v.passed, now
            ri.judge_note, ri.judge_url = str(v.note)[:300], v.url[:500]
            ri.score = ri.item.points if v.passed else Decimal("0")
            ri.reason = "" if v.passed else str(v.note)[:300]
            changed.append(ri)
    ReviewItem.objects.bulk_update(
        changed,
        ["judged", "judge_passed", "judged_at", "judge_note", "judge_url", "score", "reason"],
        batch_size=BATCH,
    )
    return len(changed)


@transaction.atomic
def review_refresh(*, actor, review: BranchReview, now: datetime | None = None) -> BranchReview:
    """Ask the platform's judges again (after the branch fixed its roster, say); a finalized
    review keeps the verdicts it was scored on."""
    review = _locked(review)
    if not (can_fill(actor, review) or can_review(actor, review)):
        raise Forbidden(_("只有本支部或评审人可以刷新平台判定。"))
    _require_open(review)
    if review.status == ReviewStatus.FINALIZED:
        raise StandardsError.FINALIZED()
    judge_reviews([review], now=now)
    return review


# --- the review -------------------------------------------------------------------------------


def _reviewing(actor, review: BranchReview, what: str) -> BranchReview:
    """The review locked for a reviewer's step (`what`): only a reviewer, only in an open
    round, only on a submitted self-check."""
    review = _locked(review)
    if not can_review(actor, review):
        raise Forbidden(_("只有党委/党群工作部或上级党总支可以评审。"))
    _require_open(review)
    if review.status != ReviewStatus.SUBMITTED:
        raise StandardsError.NOT_SUBMITTED(what=what, status=review.get_status_display())
    return review


@transaction.atomic
def review_score(*, actor, review: BranchReview, scores: dict) -> BranchReview:
    """The reviewer scores manual items (0..points); a deduction needs a reason. `scores` maps
    a ReviewItem id to {"score", "reason"}; a blank score leaves the item unscored."""
    review = _reviewing(actor, review, _("评分"))
    rows = {ri.pk: ri for ri in review.items.select_related("item")}
    changed = []
    for pk, entry in scores.items():
        ri = rows.get(int(pk))
        if ri is None:
            raise StandardsError.BAD_ITEM(field=f"score_{pk}")
        if judges.is_auto(ri.item.judge):
            continue  # the record decides; refresh the verdict instead
        label = ri.item.title
        score = parse_score(
            entry.get("score"), points=ri.item.points, field=f"score_{pk}", label=label
        )
        reason = clean_text(
            entry.get("reason"),
            field=f"reason_{pk}",
            label=_("扣分理由"),
            limit=REASON_MAX,
            required=False,
        )
        if score is not None and score < ri.item.points and not reason:
            raise StandardsError.REASON_REQUIRED(field=f"reason_{pk}", label=label)
        ri.score, ri.reason = score, reason if score is not None and score < ri.item.points else ""
        changed.append(ri)
    ReviewItem.objects.bulk_update(changed, ["score", "reason"])
    review.reviewed_by = actor
    review.save(update_fields=["reviewed_by", "updated_at"])
    return review


@transaction.atomic
def review_finalize(
    *, actor, review: BranchReview, comment: str = "", now: datetime | None = None
) -> BranchReview:
    """The reviewer finalizes: every item scored; the score is the sum, and the branch is 达标
    when it reaches the checklist's threshold."""
    now = now or timezone.now()
    review = _reviewing(actor, review, _("评定"))
    comment = clean_text(
        comment, field="comment", label=_("评审意见"), limit=NOTE_MAX, required=False
    )
    unscored = [
        ri.item.title
        for ri in review.items.select_related("item")
        if ri.score is None and not judges.is_auto(ri.item.judge)
    ]
    if unscored:
        raise StandardsError.UNSCORED(n=len(unscored), names="、".join(unscored[:5]))
    judge_reviews([review], now=now)
    total = review.items.aggregate(t=Sum("score"))["t"] or Decimal("0")
    review.score, review.passed = total, total >= review.round.checklist.threshold
    review.status, review.finalized_at = ReviewStatus.FINALIZED, now
    review.reviewed_by, review.comment = actor, comment
    review.save()
    notify(
        users=_secretary_users([review.branch_id]).get(review.branch_id, []),
        title=_("支部标准化评定结果:%(branch)s %(score)s 分,%(result)s")
        % {
            "branch": review.branch.name,
            "score": total,
            "result": _("达标") if review.passed else _("未达标"),
        },
        body=comment,
        url=_url(review),
    )
    return review


@transaction.atomic
def review_return(
    *, actor, review: BranchReview, comment: str, now: datetime | None = None
) -> BranchReview:
    """The reviewer returns a submitted self-check with comments; the branch corrects and
    submits again, supervised until then (by the round's deadline, or three days if it passed)."""
    now = now or timezone.now()
    review = _reviewing(actor, review, _("退回"))
    comment = clean_text(
        comment, field="comment", label=_("退回意见"), limit=NOTE_MAX, required=True
    )
    review.status, review.comment = ReviewStatus.RETURNED, comment
    review.returned_count += 1
    review.reviewed_by = actor
    review.save()
    due = max(_deadline_at(review.round.deadline), now + timedelta(days=3))
    supervise(
        record=review,
        kind=KIND,
        title=_("支部标准化自查(退回修改):%(branch)s") % {"branch": review.branch.name},
        url=_url(review),
        owner_unit=review.branch,
        owner_person=review.branch.head,
        due_at=due,
        now=now,
    )
    notify(
        users=_secretary_users([review.branch_id]).get(review.branch_id, []),
        title=_("支部标准化自查被退回:%(branch)s") % {"branch": review.branch.name},
        body=comment,
        url=_url(review),
    )
    return review


REMIND_DAYS = 3


def standards_remind(*, now: datetime) -> int:
    """The periodic hook: from three days before a round's deadline, the secretary and the
    committee members of every branch whose self-check is still open are reminded, once per
    self-check (督办 reminds the branch's head and escalates after the deadline)."""
    today = timezone.localdate(now)
    rows = list(
        BranchReview.objects.filter(
            status__in=(ReviewStatus.DRAFT, ReviewStatus.RETURNED),
            round__status=RoundStatus.OPEN,
            round__deadline__gte=today,
            round__deadline__lte=today + timedelta(days=REMIND_DAYS),
        ).values_list("pk", "branch_id", "round__title", "round__deadline")
    )
    users = _secretary_users({branch_id for _pk, branch_id, _t, _d in rows})
    for pk, branch_id, title, deadline in rows:
        notify(
            users=users.get(branch_id, []),
            title=_("支部标准化自查将于 %(day)s 截止:%(title)s")
            % {"day": deadline.isoformat(), "title": title},
            body=_("请尽快完成自查并提交。"),
            url=reverse("standards:review_detail", args=[pk]),
            dedupe_key=f"standards:review:{pk}:due",
        )
    return len(rows)
