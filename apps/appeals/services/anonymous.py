"""Anonymous writes go through a batch (docs/decisions/0007-anonymity-threat-model.md).

An anonymous submit, and every later step its submitter takes by receipt code, is checked at
once and queued as a PendingWrite: random id, no user, no time, only the batch it waits for.
Every BATCH_MINUTES the periodic hook `anonymous_batch` writes all pending ones in random
order, each stamped with the batch time: row ids, the ledger number, notifications and files
on disk then say "this batch", never "just after that named appeal"."""

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.core.errors import DomainError

from .. import receipts
from ..errors import AppealError
from ..models import Appeal, PendingAction, PendingFile, PendingWrite
from .common import _neutral_files
from .submitter import (
    _clean_add_info,
    _clean_rate,
    _clean_reopen,
    anonymous_write,
    appeal_add_info,
    appeal_rate,
    appeal_reopen,
)

log = logging.getLogger(__name__)

REF_LENGTH = 6  # 31^6 ≈ 8.9 × 10^8 numbers a year


def batch_minutes() -> int:
    return max(1, int(getattr(settings, "APPEALS_ANONYMOUS_BATCH_MINUTES", 60)))


def batch_time(now: datetime) -> datetime:
    """The next batch after `now`: every batch_minutes() from local midnight."""
    step = batch_minutes()
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    slots = int((local - midnight).total_seconds() // (step * 60)) + 1
    return midnight + timedelta(minutes=slots * step)


def _new_code() -> tuple[str, str]:
    while True:  # a repeat never happens in practice: 2^79 codes
        code = receipts.new_code()
        digest = receipts.digest(code)
        taken = Appeal.all_objects.filter(receipt_digest=digest).exists()
        if not taken and not PendingWrite.objects.filter(receipt_digest=digest).exists():
            return code, digest


def batch_before(when: datetime) -> datetime:
    """The last batch at or before `when` (the demo dates its anonymous appeals on one)."""
    return batch_time(when - timedelta(minutes=batch_minutes()))


def random_ref(when: datetime, rng=secrets) -> str:
    """An anonymous appeal's ledger number: SQ2026-N + 6 random letters and digits, nothing
    that follows the row order."""
    year = timezone.localtime(when).year
    return f"SQ{year}-N" + "".join(rng.choice(receipts.ALPHABET) for _ in range(REF_LENGTH))


def _new_ref(when: datetime) -> str:
    while True:
        ref = random_ref(when)
        if not Appeal.all_objects.filter(ref=ref).exists():
            return ref


def _hold(*, action: str, digest: str, data: dict, files, now) -> PendingWrite:
    seq = PendingWrite.objects.filter(receipt_digest=digest).count()
    pending = PendingWrite.objects.create(
        batch_at=batch_time(now), action=action, receipt_digest=digest, seq=seq, data=data
    )
    PendingFile.objects.bulk_create(
        PendingFile(pending=pending, name=name, content=content)
        for name, content in _neutral_files(files)
    )
    return pending


def queue_submit(clean: dict, *, now) -> str:
    """Queue a checked anonymous submit; the receipt code, to be shown once."""
    code, digest = _new_code()
    data = {
        "title": clean["title"],
        "description": clean["description"],
        "category_id": clean["category"].pk,
        "urgency": clean["urgency"],
        "intake_unit_id": clean["company"].pk if clean["company"] else None,
    }
    _hold(action=PendingAction.SUBMIT, digest=digest, data=data, files=clean["files"], now=now)
    return code


@transaction.atomic
def appeal_queue_step(*, appeal: Appeal, action: str, data: dict, files=(), now=None) -> datetime:
    """The holder of a receipt code adds information, rates or reopens: checked now, written
    by the next batch, whose time it returns."""
    now = now or timezone.now()
    if action in DECIDING and _decision_pending(appeal.receipt_digest):
        raise AppealError.STEP_QUEUED()
    if action == PendingAction.ADD_INFO:
        clean = _clean_add_info(appeal, text=data.get("text"), files=files)
        files, data = clean["files"], {"text": clean["text"]}
    elif action == PendingAction.RATE:
        data = _clean_rate(appeal, rating=data.get("rating"), comment=data.get("comment"))
        files = ()
    elif action == PendingAction.REOPEN:
        data, files = _clean_reopen(appeal, reason=data.get("reason")), ()
    else:
        raise ValueError(action)
    pending = _hold(action=action, digest=appeal.receipt_digest, data=data, files=files, now=now)
    return pending.batch_at


# A rating or a reopening decides what the appeal allows next: one at a time.
DECIDING = {PendingAction.RATE, PendingAction.REOPEN}


def _decision_pending(digest: str) -> bool:
    return PendingWrite.objects.filter(receipt_digest=digest, action__in=DECIDING).exists()


def queued_actions_allowed(appeal: Appeal, allowed: set[str]) -> set[str]:
    """What the receipt page offers: what the appeal allows, less a rating or reopening while
    one already waits for the batch."""
    if _decision_pending(appeal.receipt_digest):
        return set(allowed) - DECIDING
    return set(allowed)


def pending_for(digest: str) -> list[PendingWrite]:
    return list(PendingWrite.objects.filter(receipt_digest=digest).order_by("batch_at", "seq"))


def _files(pending) -> list:
    return [SimpleUploadedFile(f.name, bytes(f.content)) for f in pending.files.all()]


def _write(pending: PendingWrite) -> None:
    when, data = pending.batch_at, pending.data
    if pending.action == PendingAction.SUBMIT:
        anonymous_write(
            fields=data,
            receipt_digest=pending.receipt_digest,
            ref=_new_ref(when),
            files=_files(pending),
            when=when,
        )
        return
    appeal = Appeal.objects.get(anonymous=True, receipt_digest=pending.receipt_digest)
    step = dict(actor=None, appeal=appeal, via_receipt=True, now=when)
    if pending.action == PendingAction.ADD_INFO:
        appeal_add_info(text=data["text"], files=_files(pending), **step)
    elif pending.action == PendingAction.RATE:
        appeal_rate(rating=data["rating"], comment=data["comment"], **step)
    else:
        appeal_reopen(reason=data["reason"], **step)


shuffle = secrets.SystemRandom().shuffle  # a test may put a known order in its place


def batch_order(rows: list[tuple]) -> list:
    """(pk, receipt_digest, seq) rows in the order the batch writes them: shuffled, except that
    one submitter's own steps keep their order (the places the shuffle gives them are refilled
    in `seq` order), so "add information, then rate" is not written the other way round."""
    rows = list(rows)
    shuffle(rows)
    own: dict[str, list] = {}
    for pk, digest, seq in rows:
        own.setdefault(digest, []).append((seq, pk))
    for steps in own.values():
        steps.sort(reverse=True)
    return [own[digest].pop()[1] for _pk, digest, _seq in rows]


def anonymous_batch(*, now) -> int:
    """Write every pending anonymous write whose batch has come, in random order (the order
    they came in is what the batch hides). A step the appeal no longer allows (say, two rates
    in one batch) is dropped. Idempotent: each is written and deleted in one transaction; one
    that fails for another reason is logged and stays for the next tick, the others go on."""
    rows = PendingWrite.objects.filter(batch_at__lte=now).values_list("pk", "receipt_digest", "seq")
    written = 0
    for pk in batch_order(rows):
        try:
            with transaction.atomic():
                pending = PendingWrite.objects.select_for_update(skip_locked=True).filter(pk=pk)
                pending = pending.first()
                if pending is None:  # another tick took it
                    continue
                _write(pending)
                pending.delete()
                written += 1
        except (DomainError, Appeal.DoesNotExist) as e:
            log.info("anonymous write dropped: %s", getattr(e, "code", "appeal_gone"))
            PendingWrite.objects.filter(pk=pk).delete()
        except Exception:
            log.exception("anonymous write failed; kept for the next batch tick")
    return written
