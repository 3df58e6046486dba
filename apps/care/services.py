"""Writes of 关爱帮扶: each one transaction, audited (auditlog on the models, a timeline on the
file), the union cadres told after the commit. The rules: a file only for a person in the
actor's care scope, one active file per person, opened from a 家庭困难 appeal or talk concern
at most once; money never over the approved amount (or the campaign's standard).

Nothing here logs: hardship data stays out of the server log."""

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.core.errors import CoreError, Forbidden, NotFound
from apps.core.masking import mask
from apps.core.services import notify
from apps.core.timeline import timeline_write
from apps.orgs.models import OrgUnit, Person
from apps.orgs.scope import ancestor_paths

from .choices import (
    AidForm,
    AidKind,
    AidStatus,
    CampaignStatus,
    FileAction,
    FileStatus,
    HardshipCategory,
    HardshipLevel,
)
from .errors import CareError
from .models import Aid, Campaign, CareSettings, FileEvent, HardshipFile
from .permissions import CARE_ROLES, can_handle, can_set
from .selectors import concern_model, hardship_category, is_hardship_concern

CENT = Decimal("0.01")
# An ID, bank-card or social-security number typed into a free text: 15 to 19 digits (an ID
# number may end in X). Stored masked, so the file never holds one whole.
LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{14,18}[0-9Xx](?![0-9])")
MAX_AMOUNT = Decimal("1000000")


def yuan(value, *, field: str) -> Decimal:
    """The one rounding rule for money: two places, half up; 0 < amount ≤ 1,000,000."""
    try:
        amount = Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        raise CareError.AMOUNT_RANGE(field=field) from None
    if not Decimal(0) < amount <= MAX_AMOUNT:
        raise CareError.AMOUNT_RANGE(field=field)
    return amount


def scrub(text: str) -> str:
    """The text with every ID-like number masked (1****************4)."""
    return LONG_NUMBER.sub(lambda m: mask(m.group(0)), (text or "").strip())


def carers(unit) -> list:
    """The active union cadres over `unit` (on an ancestor, or on a 工会分会 serving one)."""
    if unit is None:
        return []
    above = ancestor_paths(unit.path)
    units = OrgUnit.objects.filter(Q(path__in=above) | Q(serves__path__in=above)).values("pk")
    rows = RoleAssignment.objects.filter(
        unit__in=units, role=CARE_ROLES[0], user__is_active=True
    ).select_related("user")
    return list({ra.user_id: ra.user for ra in rows}.values())


def _unit_of(person: Person):
    return person.department


def _check(actor, person: Person) -> None:
    if not can_handle(actor):
        raise Forbidden(_("只有工会干部或党委/党群工作部管理员可以办理关爱帮扶。"))
    if not can_handle(actor, _unit_of(person)):
        raise CareError.OUTSIDE_SCOPE(field="person", no=person.employee_no)


def _choice(value, choices, field, label):
    if value not in choices.values:
        raise CoreError.BAD_CHOICE(field=field, label=label)


def _source(actor, person, appeal, concern):
    """The appeal or the talk concern the file is opened from: one the actor sees, about this
    person, of the 家庭困难 kind, not linked before."""
    if appeal is not None:
        from apps.appeals.models import Appeal

        appeal = Appeal.objects.visible_to(actor).filter(pk=appeal.pk).first()
        if appeal is None:
            raise NotFound()
        if appeal.anonymous or appeal.submitter_id is None:
            raise CareError.ANONYMOUS()
        category = hardship_category()
        if category is None or appeal.category_id != category.pk:
            raise CareError.NOT_HARDSHIP()
        if appeal.submitter_id != person.pk:
            raise CoreError.INVALID()
        if HardshipFile.all_objects.filter(appeal=appeal).exists():
            raise CareError.LINKED()
    if concern is not None:
        concern = (
            concern_model()
            .objects.visible_to(actor)
            .select_related("talk", "tag")
            .filter(pk=concern.pk)
            .first()
        )
        if concern is None:
            raise NotFound()
        if not is_hardship_concern(concern):
            raise CareError.NOT_HARDSHIP()
        if concern.talk.person_id != person.pk:
            raise CoreError.INVALID()
        if HardshipFile.all_objects.filter(concern=concern).exists():
            raise CareError.LINKED()
    return appeal, concern


@transaction.atomic
def file_open(
    *,
    actor,
    person: Person,
    category: str,
    level: str,
    family_situation: str,
    family_size: int | None = None,
    monthly_income=None,
    appeal=None,
    concern=None,
) -> HardshipFile:
    """Open a 困难职工档案 for a person of the actor's care scope, from a 家庭困难 appeal or
    talk concern (linked both ways) or on its own; its first review is due a cycle later."""
    if person is None:
        raise CoreError.REQUIRED(field="person", label=_("职工"))
    _check(actor, person)
    _choice(category, HardshipCategory, "category", _("困难类别"))
    _choice(level, HardshipLevel, "level", _("困难程度"))
    if not (family_situation or "").strip():
        raise CoreError.REQUIRED(field="family_situation", label=_("家庭情况"))
    if len(family_situation) > 2000:
        raise CoreError.TOO_LONG(
            field="family_situation", label=_("家庭情况"), n=2000, len=len(family_situation)
        )
    if family_size is not None and not 1 <= family_size <= 20:
        raise CoreError.INVALID(field="family_size", message=_("家庭人口须在 1 到 20 之间。"))
    income = None
    if monthly_income not in (None, ""):
        income = Decimal(str(monthly_income)).quantize(CENT, ROUND_HALF_UP)
        if not Decimal(0) <= income <= MAX_AMOUNT:
            raise CareError.AMOUNT_RANGE(field="monthly_income")
    appeal, concern = _source(actor, person, appeal, concern)
    if HardshipFile.objects.filter(person=person, status=FileStatus.ACTIVE).exists():
        raise CareError.FILE_OPEN(field="person", name=person.name)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            file = HardshipFile.objects.create(
                person=person,
                unit=_unit_of(person),
                category=category,
                level=level,
                family_size=family_size or 1,
                monthly_income=income,
                family_situation=scrub(family_situation),
                opened_on=today,
                review_due=today + timedelta(days=CareSettings.current().review_days),
                appeal=appeal,
                concern=concern,
                opened_by=actor,
            )
    except IntegrityError:  # a second submit racing the first
        raise CareError.FILE_OPEN(field="person", name=person.name) from None
    source = {}
    if appeal is not None:
        source["appeal"] = appeal.number
    if concern is not None:
        source["talk"] = concern.talk_id
    timeline_write(FileEvent, file, actor=actor, action=FileAction.OPEN, data=source)
    notify(
        users=[u for u in carers(file.unit) if u.pk != actor.pk],
        title=_("新建困难职工档案:%(unit)s") % {"unit": file.unit.name},
        url=file.get_absolute_url(),
    )
    return file


def _locked(file: HardshipFile) -> HardshipFile:
    file = (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=file.pk)
    )
    if file.status != FileStatus.ACTIVE:
        raise CareError.FILE_CLOSED()
    return file


@transaction.atomic
def file_review(*, actor, file: HardshipFile, level: str, note: str = "") -> HardshipFile:
    """The yearly review: the level confirmed or changed, the next review a cycle on."""
    file = _locked(file)
    _check(actor, file.person)
    _choice(level, HardshipLevel, "level", _("困难程度"))
    if not (note or "").strip():
        raise CoreError.REQUIRED(field="note", label=_("复核情况"))
    today = timezone.localdate()
    before = file.level
    file.level = level
    file.reviewed_on = today
    file.review_due = today + timedelta(days=CareSettings.current().review_days)
    file.save(update_fields=["level", "reviewed_on", "review_due", "updated_at"])
    timeline_write(
        FileEvent,
        file,
        actor=actor,
        action=FileAction.REVIEW,
        note=scrub(note),
        data={"from": before, "to": level},
    )
    return file


@transaction.atomic
def file_close(*, actor, file: HardshipFile, note: str) -> HardshipFile:
    """脱困销档: the family is out of difficulty; the file and its aid stay on record."""
    file = _locked(file)
    _check(actor, file.person)
    if not (note or "").strip():
        raise CoreError.REQUIRED(field="note", label=_("销档原因"))
    file.status = FileStatus.CLOSED
    file.closed_on = timezone.localdate()
    file.save(update_fields=["status", "closed_on", "updated_at"])
    timeline_write(
        FileEvent,
        file,
        actor=actor,
        action=FileAction.CLOSE,
        from_status=FileStatus.ACTIVE,
        to_status=FileStatus.CLOSED,
        note=note.strip(),
    )
    return file


def _money(form, amount, approved_amount, approval_no, goods):
    """The amount and approval of an aid by its form: money within the approved amount (an
    approval number given); goods described, their value optional."""
    _choice(form, AidForm, "form", _("形式"))
    if form == AidForm.MONEY:
        if amount in (None, ""):
            raise CoreError.REQUIRED(field="amount", label=_("发放金额"))
        amount = yuan(amount, field="amount")
        if approved_amount in (None, "") or not (approval_no or "").strip():
            raise CareError.APPROVAL_REQUIRED(
                field="approved_amount" if approved_amount in (None, "") else "approval_no"
            )
        approved = yuan(approved_amount, field="approved_amount")
        if amount > approved:
            raise CareError.OVER_APPROVED(field="amount", amount=amount, approved=approved)
        return amount, approved
    if not (goods or "").strip():
        raise CareError.GOODS_REQUIRED(field="goods")
    value = yuan(amount, field="amount") if amount not in (None, "") else None
    approved = yuan(approved_amount, field="approved_amount") if approved_amount else None
    if value is not None and approved is not None and value > approved:
        raise CareError.OVER_APPROVED(field="amount", amount=value, approved=approved)
    return value, approved


def _day(day):
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise CareError.AID_DAY(field="day")
    return day


@transaction.atomic
def aid_record(
    *,
    actor,
    kind: str,
    form: str,
    person: Person | None = None,
    file: HardshipFile | None = None,
    amount=None,
    approved_amount=None,
    approval_no: str = "",
    goods: str = "",
    day: date | None = None,
    note: str = "",
) -> Aid:
    """Record an aid given (慰问, 金秋助学, 医疗互助, 送温暖): to a file's person, or to a person
    of the actor's care scope; money never over the approved amount."""
    if file is not None:
        file = _locked(file)
        person = file.person
    if person is None:
        raise CoreError.REQUIRED(field="person", label=_("职工"))
    _check(actor, person)
    _choice(kind, AidKind, "kind", _("帮扶类型"))
    amount, approved = _money(form, amount, approved_amount, approval_no, goods)
    day = _day(day)
    aid = Aid.objects.create(
        person=person,
        unit=file.unit if file is not None else _unit_of(person),
        file=file,
        kind=kind,
        form=form,
        status=AidStatus.DELIVERED,
        amount=amount,
        approved_amount=approved,
        approval_no=(approval_no or "").strip()[:30],
        goods=(goods or "").strip()[:100],
        day=day,
        year=day.year,
        note=scrub(note)[:200],
        recorded_by=actor,
    )
    if file is not None:
        timeline_write(
            FileEvent,
            file,
            actor=actor,
            action=FileAction.AID,
            data={"kind": kind, "amount": str(amount) if amount is not None else ""},
        )
    return aid


# --- 送温暖 campaigns ----------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor, title: str, year: int, unit, standard, levels: list[str]) -> Campaign:
    """A 送温暖 campaign over the active files of `unit`'s subtree at `levels`: its list is
    drawn at once, one planned aid per file, each up to `standard` yuan."""
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit")
    if not can_handle(actor):
        raise Forbidden(_("只有工会干部或党委/党群工作部管理员可以办理关爱帮扶。"))
    if not can_handle(actor, unit):
        raise CoreError.UNIT_UNKNOWN(field="unit")
    if not (title or "").strip():
        raise CoreError.REQUIRED(field="title", label=_("活动名称"))
    if year is None or not 2000 <= year <= 2100:
        raise CareError.YEAR(field="year")
    standard = yuan(standard, field="standard")
    levels = [lv for lv in (levels or []) if lv in HardshipLevel.values]
    if not levels:
        raise CoreError.BAD_CHOICE(field="levels", label=_("困难程度"))
    from apps.orgs.scope import subtree_q

    files = list(
        HardshipFile.objects.visible_to(actor)
        .filter(
            status=FileStatus.ACTIVE,
            level__in=levels,
            unit__in=OrgUnit.objects.filter(subtree_q(unit.path)).values("pk"),
        )
        .order_by("unit__path", "pk")
        .only("pk", "person_id", "unit_id")
    )
    if not files:
        raise CareError.NO_FILES(field="unit")
    campaign = Campaign.objects.create(
        title=title.strip()[:60],
        year=year,
        unit=unit,
        levels=levels,
        standard=standard,
        created_by=actor,
    )
    Aid.objects.bulk_create(
        [
            Aid(
                person_id=f.person_id,
                unit_id=f.unit_id,
                file=f,
                campaign=campaign,
                kind=AidKind.WARMTH,
                form=AidForm.MONEY,
                status=AidStatus.PLANNED,
                approved_amount=standard,
                year=year,
                recorded_by=actor,
            )
            for f in files
        ]
    )
    return campaign


@transaction.atomic
def campaign_deliver(
    *, actor, aid: Aid, amount=None, goods: str = "", day: date | None = None, note: str = ""
) -> Aid:
    """Record one delivery of a campaign's list: money up to the campaign's standard."""
    aid = (
        Aid.objects.select_for_update(of=("self",))
        .select_related("campaign", "person")
        .get(pk=aid.pk)
    )
    if aid.campaign is None or aid.campaign.status != CampaignStatus.OPEN:
        raise CareError.CAMPAIGN_CLOSED()
    if aid.status != AidStatus.PLANNED:
        raise CareError.DELIVERED()
    _check(actor, aid.person)
    if amount in (None, ""):
        amount = aid.approved_amount
    amount = yuan(amount, field="amount")
    if amount > aid.approved_amount:
        raise CareError.OVER_APPROVED(field="amount", amount=amount, approved=aid.approved_amount)
    aid.amount = amount
    aid.goods = (goods or "").strip()[:100]
    aid.day = _day(day)
    aid.note = (note or "").strip()[:200]
    aid.status = AidStatus.DELIVERED
    aid.recorded_by = actor
    aid.save(
        update_fields=["amount", "goods", "day", "note", "status", "recorded_by", "updated_at"]
    )
    if aid.file_id:
        timeline_write(
            FileEvent,
            aid.file,
            actor=actor,
            action=FileAction.AID,
            data={"kind": aid.kind, "amount": str(amount), "campaign": aid.campaign.title},
        )
    return aid


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not can_handle(actor, campaign.unit):
        raise Forbidden()
    if campaign.status != CampaignStatus.OPEN:
        raise CareError.CAMPAIGN_CLOSED()
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


@transaction.atomic
def care_settings_save(*, actor, appeal_category=None, review_days: int | None = None):
    if not can_set(actor):  # the 党委/党群工作部 sets the rules
        raise Forbidden()
    if review_days is None or not 30 <= review_days <= 730:
        raise CoreError.INVALID(field="review_days", message=_("复核周期须在 30 到 730 天之间。"))
    row = CareSettings.current()
    row.appeal_category = appeal_category
    row.review_days = review_days
    row.save()
    return row


def reviews_remind(*, now) -> int:
    """The periodic pass: each active file past its review date reminds the union cadres over
    its unit, once per due date (the note names no person: the file's page does)."""
    today = timezone.localdate(now)
    late = HardshipFile.objects.filter(
        status=FileStatus.ACTIVE, review_due__lt=today
    ).select_related("unit")
    count = 0
    for file in late.iterator(chunk_size=500):
        notify(
            users=carers(file.unit),
            title=_("困难职工档案年度复核已逾期(%(unit)s),请及时复核") % {"unit": file.unit.name},
            url=file.get_absolute_url(),
            dedupe_key=f"care:{file.pk}:review:{file.review_due.isoformat()}",
        )
        count += 1
    return count
