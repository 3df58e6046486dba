"""Writes of 党风廉政. A report is sealed on arrival and never written in clear; the handling
steps are the 纪委's alone; every opening appends to the hash-chained access log
(docs/decisions/0016-sealed-reports.md)."""

import os
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.appeals import receipts as codes
from apps.core import ratelimit
from apps.core.errors import CoreError
from apps.core.forms import end_of_day
from apps.core.rules import clean_text
from apps.core.services import notify
from apps.core.uploads import check_uploads
from apps.orgs.scope import has_role, role_prefixes
from apps.supervision.services import supervise, supervision_close

from . import sealing
from .choices import (
    AccessAction,
    Disposition,
    EntryKind,
    ReportAction,
    ReportStatus,
    RiskLevel,
    TalkKind,
)
from .errors import IntegrityError
from .models import (
    GENESIS,
    AccessEntry,
    HandlerKey,
    IntegritySettings,
    KeyPost,
    Pledge,
    PostHolding,
    Report,
    ReportEntry,
    ReportEvent,
    ReportFile,
    RiskPoint,
    Talk,
)

TEXT_MAX = 5000
NOTE_MAX = 2000
PASSPHRASE_MIN = 12
MAX_FAILURES = 5
LOCK_MINUTES = 30
RECEIPT_FAILURES = 10
RECEIPT_WINDOW = 600
REF_LENGTH = 6
SUPERVISION_KIND = "integrity"
MAX_FILES = 5
FILE_KINDS = {"image", "pdf", "office"}


# --- keys ------------------------------------------------------------------------------------


def _kdf_params() -> tuple[int, int]:
    return (
        int(getattr(settings, "INTEGRITY_KDF_ITERATIONS", 3)),
        int(getattr(settings, "INTEGRITY_KDF_MEMORY_KIB", 64 * 1024)),
    )


def is_handler(user) -> bool:
    """Holds the 纪委 role (a superuser does not count: decision 0016)."""
    return getattr(user, "is_authenticated", False) and any(
        g.role == Role.DISCIPLINE for g in _grants(user)
    )


def _grants(user):
    from apps.orgs.scope import roles_of

    return roles_of(user)


def handler_key_create(*, actor, passphrase: str, confirm: str) -> HandlerKey:
    """A 纪委 handler sets their key: a new X25519 pair, the private half encrypted under an
    Argon2id key of the passphrase. The passphrase itself is not kept."""
    if not is_handler(actor):
        raise CoreError.FORBIDDEN()
    if HandlerKey.objects.filter(user=actor).exists():
        raise IntegrityError.KEY_EXISTS()
    if len(passphrase or "") < PASSPHRASE_MIN:
        raise IntegrityError.PASSPHRASE_SHORT(field="passphrase", n=PASSPHRASE_MIN)
    if passphrase != confirm:
        raise IntegrityError.PASSPHRASE_MISMATCH(field="confirm")
    iterations, memory = _kdf_params()
    salt = os.urandom(sealing.SALT_BYTES)
    private, public = sealing.new_keypair()
    wrap = sealing.passphrase_key(passphrase, salt, iterations=iterations, memory_kib=memory)
    return HandlerKey.objects.create(
        user=actor,
        public_key=public,
        private_box=sealing.secret_encrypt(wrap, private),
        salt=salt,
        kdf_iterations=iterations,
        kdf_memory_kib=memory,
    )


def handler_unlock(
    *, actor, passphrase: str, now: datetime | None = None
) -> tuple[HandlerKey, bytes]:
    """The handler's private key, for a session. A wrong passphrase is refused and counted
    (in its own transaction, so the count stays); the fifth locks the key for LOCK_MINUTES."""
    now = now or timezone.now()
    key = HandlerKey.objects.filter(user=actor).first()
    if key is None or not is_handler(actor):
        raise IntegrityError.NO_KEY()
    if key.locked_until and key.locked_until > now:
        raise IntegrityError.KEY_LOCKED(m=LOCK_MINUTES)
    wrap = sealing.passphrase_key(
        passphrase or "",
        bytes(key.salt),
        iterations=key.kdf_iterations,
        memory_kib=key.kdf_memory_kib,
    )
    try:
        private = sealing.secret_decrypt(wrap, bytes(key.private_box))
    except sealing.OpenError:
        failures = key.failures + 1
        locked = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
        with transaction.atomic():
            HandlerKey.objects.filter(pk=key.pk).update(
                failures=0 if locked else failures, locked_until=locked
            )
        if locked:
            raise IntegrityError.KEY_LOCKED(m=LOCK_MINUTES) from None
        raise IntegrityError.PASSPHRASE_WRONG(
            field="passphrase", left=MAX_FAILURES - failures, m=LOCK_MINUTES
        ) from None
    if key.failures or key.locked_until:
        HandlerKey.objects.filter(pk=key.pk).update(failures=0, locked_until=None)
    return key, private


def escrow_public() -> bytes | None:
    raw = getattr(settings, "INTEGRITY_ESCROW_PUBLIC_KEY", "")
    return sealing.unb64(raw) if raw else None


def recipients_for(unit) -> dict[str, bytes]:
    """Who a report of `unit` is sealed to: every active 纪委 handler with a key whose grant
    reaches the unit, and the escrow key."""
    user_ids = [
        uid
        for uid, path in RoleAssignment.objects.filter(
            role=Role.DISCIPLINE, unit__dissolved_at__isnull=True, user__is_active=True
        ).values_list("user_id", "unit__path")
        if unit.path.startswith(path)
    ]
    found = {k.rid: bytes(k.public_key) for k in HandlerKey.objects.filter(user_id__in=user_ids)}
    escrow = escrow_public()
    if escrow:
        found["escrow"] = escrow
    return found


def _seal_for(report_unit, payload: dict) -> tuple[bytes, dict]:
    recipients = recipients_for(report_unit)
    if not any(rid != "escrow" for rid in recipients):
        raise IntegrityError.NO_HANDLER()
    return sealing.envelope_seal(payload, recipients)


def _sealed_files(unit, uploads) -> list[dict]:
    """Check every file first (size, disguise, count: a refusal stores nothing), then seal
    each, bytes and name, to the readers of `unit`."""
    uploads = check_uploads(
        uploads,
        field="files",
        most=MAX_FILES,
        too_many=IntegrityError.TOO_MANY_FILES,
        kinds=FILE_KINDS,
    )
    if not uploads:
        return []
    recipients = recipients_for(unit)
    if not any(rid != "escrow" for rid in recipients):
        raise IntegrityError.NO_HANDLER()
    sealed = []
    for upload in uploads:
        upload.seek(0)
        data = upload.read()
        meta = {"name": (upload.name or "")[-100:], "type": upload.content_type or ""}
        body, meta_box, keys = sealing.envelope_seal_file(data, meta, recipients)
        sealed.append({"size": len(data), "body": body, "meta": meta_box, "keys": keys})
    return sealed


def _store_files(report: Report, sealed: list[dict], *, on: date, entry=None) -> None:
    ReportFile.objects.bulk_create(
        [ReportFile(report=report, entry=entry, on=on, **row) for row in sealed]
    )


# --- intake (no actor, by design) ------------------------------------------------------------


def _clean(text: str, *, limit: int = TEXT_MAX, field: str = "text", label=None) -> str:
    return clean_text(text, field=field, label=label or _("举报内容"), limit=limit)


def _new_ref(today: date) -> str:
    while True:
        ref = f"XF{today.year}-" + "".join(
            secrets.choice(codes.ALPHABET) for _ in range(REF_LENGTH)
        )
        if not Report.objects.filter(ref=ref).exists():
            return ref


@transaction.atomic
def report_submit(
    *,
    unit,
    text: str,
    named: bool,
    name: str = "",
    contact: str = "",
    files=(),
    today: date | None = None,
) -> tuple[Report, str]:
    """Take a report, named or anonymous, and seal it to the 纪委 that reaches `unit`. The
    service takes no actor: nothing links the row to who sent it (a named reporter's name and
    contact are inside the sealed text). Returns the report and its receipt code, shown once."""
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit")
    text = _clean(text)
    name, contact = (name or "").strip()[:50], (contact or "").strip()[:50]
    if named and (not name or not contact):
        raise IntegrityError.NAME_REQUIRED(field="name")
    today = today or timezone.localdate()
    payload = {
        "text": text,
        "named": bool(named),
        "name": name if named else "",
        "contact": contact if named else "",
    }
    body, keys = _seal_for(unit, payload)
    sealed = _sealed_files(unit, files)
    while True:
        code = codes.new_code()
        digest = codes.digest(code)
        if not Report.objects.filter(receipt_digest=digest).exists():
            break
    report = Report.objects.create(
        ref=_new_ref(today),
        unit=unit,
        receipt_digest=digest,
        received_on=today,
        body=body,
        keys=keys,
    )
    _store_files(report, sealed, on=today)
    ReportEvent.objects.create(report=report, action=ReportAction.SUBMIT, on=today)
    return report, code


def _throttle_key(client: str) -> str:
    import hashlib

    return "integrity:receipt-fail:" + hashlib.sha256(client.encode()).hexdigest()[:32]


def report_by_code(*, code: str, client: str) -> Report:
    """The report a receipt code names; wrong codes are counted per client and refused after
    RECEIPT_FAILURES within RECEIPT_WINDOW seconds."""
    key = _throttle_key(client)
    if ratelimit.attempts(key) >= RECEIPT_FAILURES:
        raise IntegrityError.RECEIPT_THROTTLED(field="code", m=RECEIPT_WINDOW // 60)
    report = None
    if codes.well_formed(code):
        report = Report.objects.filter(receipt_digest=codes.digest(code)).first()
    if report is None:
        ratelimit.count_attempt(key, window=RECEIPT_WINDOW)
        raise IntegrityError.RECEIPT_UNKNOWN(field="code")
    return report


@transaction.atomic
def report_add(*, report: Report, text: str, files=(), today: date | None = None) -> ReportEntry:
    """The holder of the receipt code adds information, text or files or both: sealed like
    the report, no actor."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.CLOSED:
        raise IntegrityError.CLOSED()
    if not (text or "").strip() and not [f for f in files or () if f]:
        raise IntegrityError.TEXT_OR_FILE(field="text")
    text = _clean(text) if (text or "").strip() else ""
    today = today or timezone.localdate()
    body, keys = _seal_for(report.unit, {"text": text})
    sealed = _sealed_files(report.unit, files)
    entry = ReportEntry.objects.create(
        report=report, kind=EntryKind.ADDED, on=today, body=body, keys=keys
    )
    _store_files(report, sealed, on=today, entry=entry)
    ReportEvent.objects.create(report=report, action=ReportAction.ADD, on=today)
    return entry


# --- handling (the 纪委 only) ----------------------------------------------------------------

STEPS = {
    # action: (from statuses, to status)
    ReportAction.REGISTER: ((ReportStatus.RECEIVED,), ReportStatus.REGISTERED),
    ReportAction.ASSESS: ((ReportStatus.REGISTERED,), ReportStatus.ASSESSED),
    ReportAction.DISPOSE: ((ReportStatus.ASSESSED, ReportStatus.DISPOSING), ReportStatus.DISPOSING),
    ReportAction.NOTE: (
        (ReportStatus.REGISTERED, ReportStatus.ASSESSED, ReportStatus.DISPOSING),
        None,
    ),
    ReportAction.CLOSE: ((ReportStatus.DISPOSING,), ReportStatus.CLOSED),
}


def _locked_report(*, actor, report: Report) -> Report:
    row = Report.objects.visible_to(actor).select_for_update().filter(pk=report.pk).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    return row


@transaction.atomic
def report_step(
    *,
    actor,
    report: Report,
    action: str,
    note: str = "",
    disposition: str = "",
    due_on: date | None = None,
    today: date | None = None,
) -> Report:
    """One handling step of the 纪委: 登记 → 研判 → 处置 (one of the four forms, with a
    deadline) → 办结 (with its result). A note is sealed; the step itself is kept in clear."""
    report = _locked_report(actor=actor, report=report)
    today = today or timezone.localdate()
    if action not in STEPS:
        raise CoreError.BAD_TRANSITION()
    sources, target = STEPS[action]
    if report.status not in sources:
        raise CoreError.BAD_TRANSITION()
    note = (note or "").strip()
    if action == ReportAction.DISPOSE:
        if disposition not in Disposition.values:
            raise CoreError.BAD_CHOICE(field="disposition", label=_("处置方式"))
        if due_on is None:
            raise IntegrityError.DUE_REQUIRED(field="due_on")
        if due_on < today:
            raise IntegrityError.DUE_PAST(field="due_on")
        report.disposition, report.due_on = disposition, due_on
    if action in (ReportAction.CLOSE, ReportAction.NOTE) and not note:
        raise IntegrityError.RESULT_REQUIRED(field="note")
    if note:
        kind = EntryKind.RESULT if action == ReportAction.CLOSE else EntryKind.NOTE
        body, keys = _seal_for(
            report.unit, {"text": _clean(note, limit=NOTE_MAX, field="note", label=_("说明"))}
        )
        ReportEntry.objects.create(
            report=report, kind=kind, author=actor, on=today, body=body, keys=keys
        )
    if target:
        report.status = target
    if action == ReportAction.CLOSE:
        report.closed_on = today
    report.save()
    label = Disposition(disposition).label if action == ReportAction.DISPOSE else ""
    ReportEvent.objects.create(report=report, action=action, actor=actor, on=today, note=str(label))
    if action == ReportAction.DISPOSE:
        # Others see in 督办 only that a confidential item of the 纪委 is due.
        supervise(
            record=report,
            kind=SUPERVISION_KIND,
            title=_("纪委保密事项"),
            url=report.get_absolute_url(),
            owner_unit=report.unit,
            due_at=end_of_day(due_on),
        )
    elif action == ReportAction.CLOSE:
        supervision_close(record=report)
    return report


# --- opening and the access log --------------------------------------------------------------


@transaction.atomic
def access_append(
    *,
    user,
    action: str,
    report: Report | None = None,
    talk: Talk | None = None,
    now: datetime | None = None,
) -> AccessEntry:
    """Append one row to the chain; the last row is locked so two openings never fork it."""
    last = AccessEntry.objects.select_for_update().order_by("-seq").first()
    entry = AccessEntry(
        seq=(last.seq + 1) if last else 1,
        at=now or timezone.now(),
        user=user,
        report=report,
        talk=talk,
        action=action,
        prev_digest=last.digest if last else GENESIS,
    )
    entry.digest = entry.compute_digest()
    entry.save()
    return entry


def report_open(
    *, actor, report: Report, key: HandlerKey, private: bytes, action=AccessAction.OPEN
) -> dict:
    """Decrypt a report and its entries for an unlocked handler; the opening is logged first
    (a failure to log is a failure to open)."""
    if not Report.objects.visible_to(actor).filter(pk=report.pk).exists():
        raise CoreError.NOT_FOUND()
    access_append(user=actor, report=report, action=action)
    try:
        main = sealing.envelope_open(report.body, report.keys, key.rid, private)
    except sealing.OpenError:
        raise IntegrityError.NOT_RECIPIENT() from None
    entries = []
    for entry in report.entries.select_related("author"):
        try:
            text = sealing.envelope_open(entry.body, entry.keys, key.rid, private)["text"]
        except sealing.OpenError:
            text = None
        entries.append({"entry": entry, "text": text})
    files = []
    for row in report.files.defer("body").order_by("on", "pk"):
        try:
            name = sealing.envelope_open_meta(row.meta, row.keys, key.rid, private)["name"]
        except sealing.OpenError:
            name = None
        files.append({"file": row, "name": name})
    return {"report": main, "entries": entries, "files": files}


def file_open(
    *, actor, file: ReportFile, key: HandlerKey, private: bytes, action=AccessAction.FILE
) -> tuple[str, str, bytes]:
    """(name, content type, bytes) of a report's file for an unlocked handler; the download is
    logged first on the report's chain."""
    if not ReportFile.objects.visible_to(actor).filter(pk=file.pk).exists():
        raise CoreError.NOT_FOUND()
    access_append(user=actor, report=file.report, action=action)
    try:
        meta, data = sealing.envelope_open_file(file.body, file.meta, file.keys, key.rid, private)
    except sealing.OpenError:
        raise IntegrityError.NOT_RECIPIENT() from None
    return meta.get("name") or "file", meta.get("type") or "application/octet-stream", data


@transaction.atomic
def report_share(*, actor, private: bytes, key: HandlerKey, to: HandlerKey) -> int:
    """An unlocked handler opens every report they can read to another handler who reaches it
    (a new member of the 纪委): each content key is sealed again to the new public key."""
    shared = 0
    public = bytes(to.public_key)
    reports = Report.objects.visible_to(actor).filter(
        pk__in=Report.objects.visible_to(to.user).values("pk")
    )
    talks = Talk.objects.visible_to(actor).filter(
        pk__in=Talk.objects.visible_to(to.user).values("pk")
    )
    rows = (
        list(reports)
        + list(ReportEntry.objects.filter(report__in=reports))
        + list(ReportFile.objects.filter(report__in=reports).defer("body"))
        + list(talks)
    )
    for row in rows:
        if to.rid in row.keys or key.rid not in row.keys:
            continue
        content_key = sealing.envelope_key(row.keys, key.rid, private)
        row.keys = {**row.keys, to.rid: sealing.b64(sealing.seal(content_key, public))}
        row.save(update_fields=["keys"])
        shared += 1
    if shared:
        notify(
            users=[to.user],
            title=_("已为您开通 %(n)s 件举报的查阅") % {"n": shared},
            url="/integrity/reports/",
        )
    return shared


# --- key posts, risk points, pledges (§1) ----------------------------------------------------


def risk_next_review(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, 28)
    return date(year, month, day)


@transaction.atomic
def risk_review(*, actor, risk: RiskPoint, today: date | None = None) -> RiskPoint:
    """The yearly (or per-cycle) review of a risk point is done: the next one is due a cycle
    later."""
    risk = RiskPoint.objects.visible_to(actor).select_for_update().filter(pk=risk.pk).first()
    if risk is None or not has_role(actor, Role.DISCIPLINE, unit=None):
        raise CoreError.NOT_FOUND()
    today = today or timezone.localdate()
    risk.last_review_on = today
    risk.next_review_on = risk_next_review(today, risk.review_months)
    risk.reminded_on = None
    risk.save()
    supervision_close(record=risk)
    return risk


@transaction.atomic
def pledge_sign(*, actor, today: date | None = None) -> Pledge:
    """The signed-in person signs this year's 廉洁承诺: the text as published, once a year."""
    today = today or timezone.localdate()
    person = getattr(actor, "person", None)
    if person is None:
        raise IntegrityError.NOT_A_PERSON()
    conf = IntegritySettings.current()
    if not conf.pledge_text or conf.pledge_year != today.year:
        raise IntegrityError.PLEDGE_NO_TEXT()
    if Pledge.objects.filter(person=person, year=today.year).exists():
        raise IntegrityError.PLEDGE_SIGNED()
    return Pledge.objects.create(
        person=person, year=today.year, text=conf.pledge_text, unit=person.department
    )


def risks_remind(*, now: datetime) -> str:
    """Periodic: a risk point past its review date becomes a 督办 item of its post's unit and
    its owner is told once."""
    today = timezone.localdate(now)
    due = list(
        RiskPoint.objects.filter(next_review_on__lt=today, reminded_on__isnull=True).select_related(
            "post__unit", "owner__user"
        )[:500]
    )
    for risk in due:
        with transaction.atomic():
            supervise(
                record=risk,
                kind="integrity_risk",
                title=_("廉政风险点复核:%(t)s") % {"t": risk.title},
                url=risk.get_absolute_url(),
                owner_unit=risk.post.unit,
                owner_person=risk.owner,
                due_at=end_of_day(risk.next_review_on),
                now=now,
            )
            user = getattr(risk.owner, "user", None)
            if user is not None:
                notify(
                    users=[user],
                    title=_("廉政风险点“%(t)s”已过复核日期") % {"t": risk.title},
                    url=risk.get_absolute_url(),
                )
            RiskPoint.objects.filter(pk=risk.pk).update(reminded_on=today)
    return f"{len(due)} risk points due"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _handlers_of(unit) -> list:
    """The active users holding the 纪委 role on a unit at or above `unit`."""
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.DISCIPLINE, user__is_active=True
        ).select_related("user", "unit")
        if unit.path.startswith(ra.unit.path)
    ]


def rotation_remind(*, now: datetime) -> str:
    """Periodic: a person on a key post for the configured years is due for 岗位轮换; the
    纪委 of the unit and the person are told once."""
    today = timezone.localdate(now)
    years = IntegritySettings.current().rotation_years
    limit = _years_before(today, years)
    due = list(
        PostHolding.objects.filter(
            until__isnull=True, since__lte=limit, rotation_reminded_on__isnull=True
        ).select_related("post", "person__user")[:500]
    )
    for holding in due:
        user = getattr(holding.person, "user", None)
        if user is not None:
            notify(
                users=[user],
                title=_("您在关键岗位“%(p)s”已满 %(y)s 年,请按规定轮岗")
                % {"p": holding.post.name, "y": years},
                url=holding.post.get_absolute_url(),
            )
        handlers = _handlers_of(holding.post.unit)
        if handlers:
            notify(
                users=handlers,
                title=_("%(n)s 在关键岗位“%(p)s”已满 %(y)s 年,应安排轮岗")
                % {"n": holding.person.name, "p": holding.post.name, "y": years},
                url=holding.post.get_absolute_url(),
            )
        PostHolding.objects.filter(pk=holding.pk).update(rotation_reminded_on=today)
    return f"{len(due)} holdings due for rotation"


def can_edit_posts(user, unit=None) -> bool:
    """纪委 cadres edit the key posts and risk points of the units their grants reach (any of
    them, without `unit`)."""
    if unit is None:
        return bool(role_prefixes(user, Role.DISCIPLINE))
    return reaches(user, unit)


def _post_fields(*, actor, name: str, category, unit, exclude=None) -> str:
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit")
    if not can_edit_posts(actor, unit):
        raise CoreError.UNIT_UNKNOWN(field="unit")
    name = (name or "").strip()
    if not name:
        raise CoreError.REQUIRED(field="name", label=_("岗位名称"))
    if category is None or not category.active:
        raise CoreError.BAD_CHOICE(field="category", label=_("类别"))
    same = KeyPost.objects.filter(unit=unit, name=name, deleted_at=None)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise IntegrityError.POST_EXISTS(field="name", name=name)
    return name[:50]


@transaction.atomic
def key_post_create(*, actor, name: str, category, unit, duties: str = "") -> KeyPost:
    """A 纪委 cadre registers a key post of a unit in their scope."""
    name = _post_fields(actor=actor, name=name, category=category, unit=unit)
    return KeyPost.objects.create(
        name=name, category=category, unit=unit, duties=(duties or "").strip()[:300]
    )


@transaction.atomic
def key_post_update(
    *, actor, post: KeyPost, name: str, category, unit, duties: str = ""
) -> KeyPost:
    """Edit a key post (moving it only to a unit the cadre also reaches); auditlog keeps the
    change for the post's history."""
    post = KeyPost.objects.visible_to(actor).select_for_update().filter(pk=post.pk).first()
    if post is None or not can_edit_posts(actor, post.unit):
        raise CoreError.NOT_FOUND()
    post.name = _post_fields(actor=actor, name=name, category=category, unit=unit, exclude=post)
    post.category, post.unit, post.duties = category, unit, (duties or "").strip()[:300]
    post.save()
    return post


def _editable_post(actor, post: KeyPost) -> KeyPost:
    row = KeyPost.objects.visible_to(actor).filter(pk=post.pk).select_related("unit").first()
    if row is None or not can_edit_posts(actor, row.unit):
        raise CoreError.NOT_FOUND()
    return row


@transaction.atomic
def holding_add(*, actor, post: KeyPost, person, since: date | None) -> PostHolding:
    """A person takes up a key post from a day."""
    post = _editable_post(actor, post)
    if person is None:
        raise CoreError.REQUIRED(field="person", label=_("在岗人员工号"))
    if since is None:
        raise CoreError.REQUIRED(field="since", label=_("到岗日期"))
    if since > timezone.localdate():
        raise IntegrityError.SINCE_FUTURE(field="since")
    if PostHolding.objects.filter(post=post, person=person, until=None).exists():
        raise IntegrityError.ALREADY_HOLDS(field="person", name=person.name)
    return PostHolding.objects.create(post=post, person=person, since=since)


@transaction.atomic
def holding_end(*, actor, holding: PostHolding, until: date | None = None) -> PostHolding:
    """A person leaves a key post (rotation, transfer): kept with its end day."""
    _editable_post(actor, holding.post)
    holding = PostHolding.objects.select_for_update().get(pk=holding.pk)
    until = until or timezone.localdate()
    if holding.until is not None:
        raise CoreError.BAD_TRANSITION()
    if until < holding.since:
        raise IntegrityError.UNTIL_BEFORE(field="until")
    holding.until = until
    holding.save()
    return holding


def _risk_fields(*, title, level, controls, owner, review_months) -> dict:
    title = (title or "").strip()
    if not title:
        raise CoreError.REQUIRED(field="title", label=_("风险点"))
    if level not in RiskLevel.values:
        raise CoreError.BAD_CHOICE(field="level", label=_("风险等级"))
    controls = clean_text(controls, field="controls", label=_("防控措施"), limit=NOTE_MAX)
    if owner is None:
        raise CoreError.REQUIRED(field="owner", label=_("责任人工号"))
    if not review_months or not 1 <= review_months <= 36:
        raise IntegrityError.CYCLE_RANGE(field="review_months")
    return {
        "title": title[:100],
        "level": level,
        "controls": controls,
        "owner": owner,
        "review_months": review_months,
    }


@transaction.atomic
def risk_create(
    *,
    actor,
    post: KeyPost,
    title: str,
    level: str,
    controls: str,
    owner,
    review_months: int,
    next_review_on: date | None = None,
    today: date | None = None,
) -> RiskPoint:
    """A risk point of a key post: first review a cycle from today unless given."""
    post = _editable_post(actor, post)
    fields = _risk_fields(
        title=title, level=level, controls=controls, owner=owner, review_months=review_months
    )
    today = today or timezone.localdate()
    if next_review_on is not None and next_review_on < today:
        raise IntegrityError.REVIEW_PAST(field="next_review_on")
    return RiskPoint.objects.create(
        post=post,
        next_review_on=next_review_on or risk_next_review(today, review_months),
        created_by=actor,
        **fields,
    )


@transaction.atomic
def risk_update(
    *,
    actor,
    risk: RiskPoint,
    title: str,
    level: str,
    controls: str,
    owner,
    review_months: int,
    next_review_on: date | None = None,
    today: date | None = None,
) -> RiskPoint:
    """Edit a risk point; a new review day (not in the past) clears the reminder."""
    risk = RiskPoint.objects.visible_to(actor).select_for_update().filter(pk=risk.pk).first()
    if risk is None or not can_edit_posts(actor, risk.post.unit):
        raise CoreError.NOT_FOUND()
    fields = _risk_fields(
        title=title, level=level, controls=controls, owner=owner, review_months=review_months
    )
    today = today or timezone.localdate()
    if next_review_on is not None and next_review_on != risk.next_review_on:
        if next_review_on < today:
            raise IntegrityError.REVIEW_PAST(field="next_review_on")
        risk.next_review_on, risk.reminded_on = next_review_on, None
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.save()
    return risk


# --- 谈话提醒 and 诫勉谈话 (§3) ------------------------------------------------------------------


def reaches(actor, unit) -> bool:
    """The actor's 纪委 grants reach `unit` (no superuser shortcut: decision 0016)."""
    return unit is not None and any(
        unit.path.startswith(p) for p in role_prefixes(actor, Role.DISCIPLINE)
    )


@transaction.atomic
def talk_create(
    *,
    actor,
    kind: str,
    person,
    on: date | None,
    talkers: str,
    content: str,
    statement: str = "",
    follow_up: str = "",
    today: date | None = None,
) -> Talk:
    """A 纪委 handler records a talk with a person of their scope. Content, the person's
    statement and the follow-up are sealed to the handlers who reach the person's unit; the
    register keeps kind, person, day and talkers in clear."""
    if not is_handler(actor):
        raise CoreError.NOT_FOUND()
    if kind not in TalkKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("类别"))
    if person is None:
        raise IntegrityError.PERSON_REQUIRED(field="person")
    unit = person.department
    if not reaches(actor, unit):
        raise IntegrityError.PERSON_OUT_OF_SCOPE(field="person")
    today = today or timezone.localdate()
    if on is None:
        raise CoreError.REQUIRED(field="on", label=_("谈话日期"))
    if on > today:
        raise IntegrityError.TALK_FUTURE(field="on")
    talkers = (talkers or "").strip()[:100]
    if not talkers:
        raise IntegrityError.TALKERS_REQUIRED(field="talkers")
    payload = {
        "content": _clean(content, field="content", label=_("谈话内容")),
        "statement": (statement or "").strip()[:TEXT_MAX],
        "follow_up": (follow_up or "").strip()[:NOTE_MAX],
    }
    body, keys = _seal_for(unit, payload)
    return Talk.objects.create(
        kind=kind,
        person=person,
        unit=unit,
        on=on,
        talkers=talkers,
        created_by=actor,
        created_on=today,
        body=body,
        keys=keys,
    )


def talk_open(
    *, actor, talk: Talk, key: HandlerKey, private: bytes, action=AccessAction.TALK_OPEN
) -> dict:
    """Decrypt a talk record for an unlocked handler; the opening is logged first."""
    if not Talk.objects.visible_to(actor).filter(pk=talk.pk).exists():
        raise CoreError.NOT_FOUND()
    access_append(user=actor, talk=talk, action=action)
    try:
        return sealing.envelope_open(talk.body, talk.keys, key.rid, private)
    except sealing.OpenError:
        raise IntegrityError.NOT_RECIPIENT() from None
