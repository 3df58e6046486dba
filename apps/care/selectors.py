"""Reads of 关爱帮扶, always through the user's scope (the care roles; an employee their own
aid), and the links an appeal's or a talk's page shows to its hardship file."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.related import Link
from apps.core.timeline import timeline_rows

from .choices import AidKind, AidStatus, FileStatus
from .models import Aid, Campaign, CareSettings, HardshipFile
from .permissions import can_handle

HARDSHIP = "家庭困难"


# --- the sources a file is opened from ------------------------------------------------------


def hardship_category():
    """The appeal category that reveals a family in difficulty: the settings' choice, else the
    active category named 家庭困难."""
    from apps.appeals.models import Category

    chosen = CareSettings.current().appeal_category
    return chosen or Category.objects.filter(name=HARDSHIP).first()


def concern_model():
    """The talks' Concern model, reached through our foreign key: talks sits beside care in the
    top import layer, so care names it only by label (pyproject.toml, decision 0014)."""
    return HardshipFile._meta.get_field("concern").related_model


def is_hardship_concern(concern, category=None) -> bool:
    """A talk concern of the 家庭困难 kind: its tag is so named, or becomes that appeal category."""
    tag = concern.tag
    if tag.name == HARDSHIP:
        return True
    category = category if category is not None else hardship_category()
    return category is not None and tag.appeal_category_id == category.pk


# --- files ------------------------------------------------------------------------------------


def file_list(*, user):
    return HardshipFile.objects.visible_to(user).select_related("person", "unit")


def file_get(*, user, pk: int) -> HardshipFile:
    file = file_list(user=user).select_related("appeal", "concern__talk").filter(pk=pk).first()
    if file is None:
        raise NotFound()
    return file


def timeline(*, file: HardshipFile) -> list[dict]:
    return timeline_rows(file, events=file.events.all(), edits=False)


def status_counts(qs) -> dict[str, int]:
    return qs.order_by().aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in FileStatus.values}
    )


def aids_of(file: HardshipFile):
    return file.aids.select_related("campaign").order_by("-day", "-pk")


# --- aid --------------------------------------------------------------------------------------


def aid_list(*, user):
    return Aid.objects.visible_to(user).select_related("person", "unit", "campaign")


def aid_total(qs) -> dict:
    """The filtered ledger's count and money given (a sum of amounts already in fen), as the
    export's rows add up."""
    found = qs.order_by().aggregate(n=Count("pk"), amount=Sum("amount"))
    return {"n": found["n"], "amount": found["amount"] or Decimal("0.00")}


def aid_get(*, user, pk: int) -> Aid:
    aid = aid_list(user=user).select_related("file").filter(pk=pk).first()
    if aid is None:
        raise NotFound()
    return aid


def my_aid(*, user):
    """The aid given to the user themself (我的帮扶): delivered rows only."""
    if user.person_id is None:
        return Aid.objects.none()
    return (
        Aid.objects.visible_to(user)
        .filter(person_id=user.person_id, status=AidStatus.DELIVERED)
        .select_related("campaign")
        .order_by("-day", "-pk")
    )


def totals(*, qs) -> dict:
    """A year's delivered aid (the rows of `qs`) by unit and by kind: count and yuan, in the
    database."""
    qs = qs.filter(status=AidStatus.DELIVERED).order_by()
    measures = {"n": Count("pk"), "yuan": Sum("amount")}
    by_kind = {r["kind"]: r for r in qs.values("kind").annotate(**measures)}
    kinds = [
        {
            "kind": k,
            "label": label,
            "n": by_kind.get(k, {}).get("n", 0),
            "yuan": by_kind.get(k, {}).get("yuan") or 0,
        }
        for k, label in AidKind.choices
    ]
    units = list(
        qs.values("unit_id", "unit__name").annotate(**measures).order_by("-yuan", "unit__name")
    )
    whole = qs.aggregate(**measures)
    return {"kinds": kinds, "units": units, "n": whole["n"], "yuan": whole["yuan"] or 0}


def years(*, qs) -> list[int]:
    return sorted(set(qs.order_by().values_list("year", flat=True).distinct()), reverse=True)


# --- campaigns --------------------------------------------------------------------------------


def campaign_list(*, user):
    return (
        Campaign.objects.visible_to(user)
        .select_related("unit")
        .annotate(
            planned=Count("aids", filter=Q(aids__deleted_at__isnull=True)),
            delivered=Count(
                "aids",
                filter=Q(aids__status=AidStatus.DELIVERED, aids__deleted_at__isnull=True),
            ),
            paid=Sum("aids__amount", filter=Q(aids__deleted_at__isnull=True)),
        )
    )


def campaign_get(*, user, pk: int) -> Campaign:
    campaign = campaign_list(user=user).filter(pk=pk).first()
    if campaign is None:
        raise NotFound()
    return campaign


def campaign_entries(campaign: Campaign):
    return campaign.aids.select_related("person", "unit", "file").order_by(
        "status", "unit__path", "pk"
    )


# --- the links an appeal's or a talk's page shows (apps.core.related) --------------------------


def _file_link(file) -> Link:
    return Link(
        _("困难职工档案:%(name)s(%(level)s)")
        % {"name": file.person.name, "level": file.get_level_display()},
        file.get_absolute_url(),
        icon="ti-heart-handshake",
        testid="care-file",
    )


def _links_for(user, person, linked, open_query) -> list[Link]:
    if linked is not None:
        return [_file_link(linked)]
    active = (
        HardshipFile.objects.visible_to(user)
        .filter(person=person, status=FileStatus.ACTIVE)
        .select_related("person")
        .first()
    )
    if active is not None:
        return [_file_link(active)]
    if not can_handle(user, person.department):
        return []
    return [
        Link(
            _("建立困难职工档案"),
            reverse("care:file_new") + open_query,
            icon="ti-heart-plus",
            note=_("关爱帮扶"),
            testid="care-open",
            primary=True,
        )
    ]


def appeal_links(*, user, record) -> list[Link]:
    """An appeal's hardship file, or for a 家庭困难 appeal the button that opens one."""
    if not can_handle(user):
        return []
    linked = (
        HardshipFile.objects.visible_to(user)
        .filter(appeal_id=record.pk)
        .select_related("person")
        .first()
    )
    if linked is None:
        category = hardship_category()
        if record.anonymous or record.submitter_id is None or category is None:
            return []
        if record.category_id != category.pk:
            return []
    person = linked.person if linked is not None else record.submitter
    return _links_for(user, person, linked, f"?appeal={record.pk}")


def talk_links(*, user, record) -> list[Link]:
    """A talk's hardship file, or for its 家庭困难 concern the button that opens one."""
    if not can_handle(user):
        return []
    concerns = [c for c in record.concerns.select_related("tag") if is_hardship_concern(c)]
    if not concerns:
        return []
    linked = (
        HardshipFile.objects.visible_to(user)
        .filter(concern__in=[c.pk for c in concerns])
        .select_related("person")
        .first()
    )
    return _links_for(user, record.person, linked, f"?concern={concerns[0].pk}")
