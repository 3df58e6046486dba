"""The roster's entry points: the API's all-or-nothing upsert, the Excel import's start and
confirm, and who may use them."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.core.errors import DomainError, NotFound

from ..errors import OrgError
from .validation import RosterContext, validate_rows
from .writing import apply_results
from .xlsx import read_xlsx


class RosterInvalid(DomainError):
    """At least one row is wrong: nothing is written, every row's errors are returned."""

    status = 422

    def __init__(self, errors: list[dict]):
        super().__init__(
            "roster_invalid",
            _("有 %(n)d 处错误,未写入任何数据。请改正后重新提交。") % {"n": len(errors)},
        )
        self.errors = errors

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": self.errors}


def is_roster_admin(user) -> bool:
    return user.has_role(*RoleAssignment.ROSTER_ROLES)


def check_roster_admin(user) -> None:
    """Only roster roles import, each within their scope; to others the feature does not exist."""
    if not is_roster_admin(user):
        raise NotFound()


# ---------------------------------------------------------------- the API's entry point


def api_row_label(index: int) -> str:
    return _("第 %(n)d 条") % {"n": index}


def roster_upsert(*, actor, rows: list[dict]) -> dict:
    """Create or update people by 工号, all or nothing: any bad row means nothing is written.

    Each row carries only the fields it means to set (a missing key leaves the value alone)."""
    from apps.accounts.provisioning import summary
    from apps.core.audit import audit_event

    # The HR system's door: the org admins only. A branch secretary keeps their scope's roster
    # through the Excel import; here they would learn whether a 工号 exists outside it.
    if not actor.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        from apps.core.errors import Forbidden

        raise Forbidden(_("只有系统管理员或党群工作部管理员可以通过接口同步名册。"))
    with transaction.atomic():
        ctx = RosterContext(actor)
        results = list(validate_rows(ctx, enumerate(rows, start=1), None, api_row_label))
        errors = [
            {"index": r.row_no, "employee_no": r.employee_no, **e}
            for r in results
            if r.action == "error"
            for e in r.errors
        ]
        if errors:
            raise RosterInvalid(errors)
        counts = apply_results(ctx, results)
        accounts = summary(counts)
        if counts["created"] or counts["updated"] or accounts:
            audit_event(
                actor=actor,
                instance=actor,
                message=_("通过 API 同步名册:新增 %(created)d 人,更新 %(updated)d 人") % counts
                + (f";{accounts}" if accounts else ""),
            )
    return counts


# ---------------------------------------------------------------- the Excel import's steps


def roster_import_start(*, actor, upload):
    """Store an uploaded roster file and queue its parse-and-preview; nothing is written yet."""
    import secrets

    from apps.core.uploads import check_upload

    from ..models import RosterImport
    from ..tasks import roster_import_parse

    check_roster_admin(actor)
    check_upload(upload, kinds={"spreadsheet"})
    try:
        read_xlsx(upload)  # a broken file or a missing 工号 column is refused at once
    finally:
        upload.seek(0)
    job = RosterImport.objects.create(
        token=secrets.token_hex(16),
        file=upload,
        file_name=upload.name[:255],
        created_by=actor,
    )
    transaction.on_commit(lambda: roster_import_parse(job.pk))
    return job


def roster_import_confirm(*, actor, job):
    """Start writing a previewed import: only the admin who uploaded it, only with zero errors."""
    from ..models import RosterImport
    from ..tasks import roster_import_apply

    check_roster_admin(actor)
    if job.created_by_id != actor.pk:
        raise NotFound()
    if job.status != RosterImport.Status.PARSED:
        raise OrgError.IMPORT_NOT_CONFIRMABLE(status=job.get_status_display())
    if job.error_count:
        raise OrgError.IMPORT_HAS_ERRORS(n=job.error_count)
    if not (job.created_count or job.updated_count):
        raise OrgError.IMPORT_NOTHING()
    updated = RosterImport.objects.filter(pk=job.pk, status=RosterImport.Status.PARSED).update(
        status=RosterImport.Status.APPLYING, processed=0
    )
    if not updated:  # a second click while the first is on its way
        raise OrgError.IMPORT_RUNNING()
    transaction.on_commit(lambda: roster_import_apply(job.pk))
