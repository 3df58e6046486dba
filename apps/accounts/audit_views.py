"""The audit-log search page (/audit/): the system administrator finds who changed or viewed
what, and when, in django-auditlog's LogEntry rows. Filtered and paginated in the database."""

from datetime import datetime, time, timedelta

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.audit import ACTION_WORDS
from apps.core.forms import StyledForm
from apps.core.pagination import paginate

from .choices import Role

AUDIT_ROLES = (Role.SYSTEM_ADMIN,)
DATE = forms.DateInput(attrs={"type": "date"})


def _model_choices():
    """The audited models, by their Chinese names (one cached lookup of content types)."""
    types = ContentType.objects.get_for_models(*auditlog.get_models())
    rows = sorted((str(m._meta.verbose_name), ct.pk) for m, ct in types.items())
    return [("", _("全部"))] + [(pk, name) for name, pk in rows]


class AuditSearchForm(StyledForm):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=50)
    model = forms.TypedChoiceField(
        label=_("记录类型"), required=False, coerce=int, empty_value=None
    )
    object = forms.CharField(
        label=_("记录"), required=False, max_length=100, help_text=_("编号或名称中的文字")
    )
    action = forms.TypedChoiceField(
        label=_("操作"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部"))] + [(k, v) for k, v in ACTION_WORDS.items()],
    )
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = _model_choices()


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(data: dict):
    """The rows matching the cleaned filters, newest first; bad values were dropped before."""
    qs = LogEntry.objects.select_related("actor__person", "content_type").order_by(
        "-timestamp", "-pk"
    )
    if data.get("actor"):
        who = data["actor"]
        qs = qs.filter(Q(actor__username__iexact=who) | Q(actor__person__name__contains=who))
    if data.get("model"):
        qs = qs.filter(content_type_id=data["model"])
    if data.get("object"):
        text = data["object"]
        qs = qs.filter(Q(object_pk=text) | Q(object_repr__contains=text))
    if data.get("action") is not None:
        qs = qs.filter(action=data["action"])
    if data.get("date_from"):
        qs = qs.filter(timestamp__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        qs = qs.filter(timestamp__lt=_day_start(data["date_to"] + timedelta(days=1)))
    return qs


def _row(entry) -> dict:
    """What a row says: the action in words, the record's kind, and what changed (field names
    only: the values are on the record's own page, masked as its viewer requires)."""
    model = entry.content_type.model_class()
    changes = entry.changes_dict or {}
    if entry.action == LogEntry.Action.ACCESS:
        summary = str((changes.get("event") or [""])[0])
    else:
        labels = {f.name: str(f.verbose_name) for f in model._meta.fields} if model else {}
        summary = "、".join(labels.get(k, k) for k in changes if k not in ("id", "updated_at"))
    return {
        "entry": entry,
        "action": ACTION_WORDS.get(entry.action, entry.get_action_display()),
        "kind": str(model._meta.verbose_name) if model else entry.content_type.model,
        "actor": entry.actor.display_name if entry.actor else _("系统"),
        "summary": summary,
    }


@login_required
def audit_log(request):
    if not request.user.has_role(*AUDIT_ROLES):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    data = {}
    if form.is_bound:
        form.is_valid()  # a bad value (an unknown type, a malformed date) is shown and ignored
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    page = paginate(audit_entries(data), request.GET.get("page"))
    page.object_list = [_row(e) for e in page.object_list]
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})
