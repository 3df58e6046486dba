"""Organization and people pages: parse, authorise through selectors (out of scope is a 404), call a
service, render. Business rules live in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.core import talentpool
from apps.core.audit import audit_access, audit_event, history_rows
from apps.core.filters import sortable
from apps.core.forms import ConfirmForm, bound, form_step
from apps.core.lists import export_url, is_filtered, options, sort_headers
from apps.core.pagination import paginate
from apps.core.scope import subtree_q

from . import selectors, services
from .choices import ADMIN_KINDS, PARTY_KINDS, UnitKind
from .filters import PersonFilter
from .forms import PersonForm, UnitCreateForm, UnitEditForm, UnitMoveForm
from .masking import may_unmask
from .models import Person

MEMBER_KINDS = PARTY_KINDS | {
    UnitKind.UNION_COMMITTEE,
    UnitKind.UNION_BRANCH,
    UnitKind.LEAGUE_COMMITTEE,
    UnitKind.LEAGUE_BRANCH,
}


def _confirm(request, service, *, done, success, **question):
    """A yes/no page (dissolve, delete): on yes the service, its refusal on the page; then `done`.
    `question` is what the page asks: title, question, confirm_label, cancel_url."""

    def confirmed(_data):
        service()
        return done

    return form_step(
        request,
        bound(request, ConfirmForm),
        handler=confirmed,
        template="orgs/confirm.html",
        success=success,
        context=question,
    )


def _unit(request, pk: int):
    return selectors.unit_get(user=request.user, pk=pk)


def _person(request, pk: int):
    return selectors.person_get(user=request.user, pk=pk)


def _with_dissolved(request) -> bool:
    return request.GET.get("dissolved") == "1"


def _annotate(units, counts):
    for u in units:
        c = counts.get(u.pk, {})
        u.people_count = c.get("people", 0)
        u.member_count = c.get("members", 0)
        u.shows_people = u.kind in ADMIN_KINDS
        u.shows_members = u.kind in PARTY_KINDS or u.kind == UnitKind.COMPANY
        u.kids = getattr(u, "kids", None)
    return units


# --- the tree --------------------------------------------------------------------------------


@login_required
def tree(request):
    """The forest the user reaches. Roots come with their first level open; deeper levels load on
    demand, so the page costs the same at 25 units or 2,500."""
    dissolved = _with_dissolved(request)
    q = request.GET.get("q", "").strip()[:100]
    ctx = {
        "q": q,
        "dissolved": dissolved,
        "can_create_root": services.can_admin_unit(request.user, None),
    }
    if q:
        matches = list(selectors.unit_search(user=request.user, q=q, include_dissolved=dissolved))
        trail = selectors.ancestor_names(user=request.user, units=matches)
        for u in matches:
            u.trail = trail.get(u.pk, [])
        ctx["matches"] = _annotate(matches, selectors.unit_counts(matches))
        return render(request, "orgs/tree.html", ctx)

    roots = list(selectors.unit_roots(user=request.user, include_dissolved=dissolved))
    shown = list(roots)
    if 0 < len(roots) <= 3:
        cond = Q()
        for r in roots:
            cond |= subtree_q(r.path) & Q(depth=r.depth + 1)
        kids = list(
            selectors.unit_list(user=request.user, include_dissolved=dissolved).filter(cond)
        )
        for r in roots:
            r.kids = [k for k in kids if k.path.startswith(r.path)]
        shown += kids
    _annotate(shown, selectors.unit_counts(shown))
    ctx["nodes"] = roots
    return render(request, "orgs/tree.html", ctx)


@login_required
def tree_children(request, pk: int):
    """One level of the tree, fetched by htmx when a node is opened."""
    unit = _unit(request, pk)
    dissolved = _with_dissolved(request)
    kids = list(selectors.unit_children(user=request.user, unit=unit, include_dissolved=dissolved))
    _annotate(kids, selectors.unit_counts(kids))
    return render(request, "orgs/_tree_nodes.html", {"nodes": kids, "dissolved": dissolved})


# --- a unit ----------------------------------------------------------------------------------


@login_required
def unit_detail(request, pk: int):
    unit = _unit(request, pk)
    user = request.user
    children = list(selectors.unit_children(user=user, unit=unit, include_dissolved=True))
    _annotate([unit, *children], selectors.unit_counts([unit, *children]))
    is_member_unit = unit.kind in MEMBER_KINDS
    people_qs = (
        selectors.unit_members(user=user, unit=unit)
        if is_member_unit
        else selectors.unit_people(user=user, unit=unit)
    )
    page = paginate(people_qs, request.GET.get("page"))
    served_by = list(
        selectors.unit_list(user=user).filter(serves=unit).select_related(None).only("pk", "name")
    )
    list_url = reverse("orgs:person_list") + (
        f"?branch={unit.pk}" if unit.kind in PARTY_KINDS else f"?department={unit.pk}"
    )
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "ancestors": selectors.unit_ancestors(user=user, unit=unit),
            "children": children,
            "page": page,
            "is_member_unit": is_member_unit,
            "served_by": served_by,
            "history": history_rows(unit),
            "can_admin": services.can_admin_unit(user, unit),
            "unmask": may_unmask(user),
            "list_url": list_url if unit.kind in ADMIN_KINDS | PARTY_KINDS else None,
        },
    )


def _require_unit_admin(request, unit) -> None:
    if not services.can_admin_unit(request.user, unit):
        raise PermissionDenied


@login_required
def unit_create(request):
    parent = None
    if request.GET.get("parent"):
        try:
            parent = _unit(request, int(request.GET["parent"]))
        except ValueError as e:
            raise Http404 from e
    _require_unit_admin(request, parent)
    form = bound(request, UnitCreateForm, user=request.user, parent=parent)

    def create(data):
        unit = services.unit_create(
            actor=request.user,
            parent=parent,
            name=data["name"],
            kind=data["kind"],
            code=data["code"],
            serves=data.get("serves"),
            head=data.get("head"),
        )
        messages.success(request, _("已新建组织“%s”。") % unit.name)
        return reverse("orgs:unit_detail", args=[unit.pk])

    return form_step(
        request,
        form,
        handler=create,
        template="orgs/unit_form.html",
        aliases={"head": "head_no"},
        context={
            "parent": parent,
            "title": _("新建下级组织") if parent else _("新建顶级组织"),
            "cancel_url": reverse("orgs:unit_detail", args=[parent.pk])
            if parent
            else reverse("orgs:tree"),
        },
    )


@login_required
def unit_edit(request, pk: int):
    unit = _unit(request, pk)
    _require_unit_admin(request, unit)
    initial = {
        "name": unit.name,
        "code": unit.code or "",
        "serves": unit.serves_id,
        "head_no": unit.head.employee_no if unit.head else "",
    }
    form = bound(request, UnitEditForm, initial=initial, user=request.user, unit=unit)
    detail = reverse("orgs:unit_detail", args=[unit.pk])

    def save(data):
        services.unit_update(
            actor=request.user,
            unit=unit,
            name=data["name"],
            code=data["code"],
            serves=data.get("serves") if "serves" in form.fields else None,
            head=data.get("head"),
        )
        return detail

    return form_step(
        request,
        form,
        handler=save,
        template="orgs/unit_form.html",
        success=_("已保存。"),
        aliases={"head": "head_no"},
        context={"unit": unit, "title": _("编辑组织"), "cancel_url": detail},
    )


@login_required
def unit_move(request, pk: int):
    unit = _unit(request, pk)
    _require_unit_admin(request, unit)
    form = bound(request, UnitMoveForm, user=request.user)
    detail = reverse("orgs:unit_detail", args=[unit.pk])

    def move(data):
        services.unit_move(actor=request.user, unit=unit, new_parent=data["target"])
        return detail

    return form_step(
        request,
        form,
        handler=move,
        template="orgs/unit_form.html",
        success=_("已调整上级组织。"),
        aliases={"parent": "target"},
        context={
            "unit": unit,
            "title": _("调整上级组织"),
            "intro": _("“%s”及其全部下级组织将一起移到新的上级之下。") % unit.name,
            "cancel_url": detail,
        },
    )


@login_required
def unit_dissolve(request, pk: int):
    unit = _unit(request, pk)
    _require_unit_admin(request, unit)
    detail = reverse("orgs:unit_detail", args=[unit.pk])
    return _confirm(
        request,
        lambda: services.unit_dissolve(actor=request.user, unit=unit),
        done=detail,
        title=_("撤销组织"),
        question=_("确定撤销“%s”吗?撤销后它不再出现在组织树中,历史记录仍然保留。") % unit.name,
        confirm_label=_("确认撤销"),
        cancel_url=detail,
        success=_("已撤销“%s”。") % unit.name,
    )


# --- people ----------------------------------------------------------------------------------


SORTABLE = sortable(PersonFilter, "employee_no", "name", "hired_on")


@login_required
def person_list(request):
    user = request.user
    filterset = PersonFilter(request.GET or None, queryset=selectors.person_list(user=user))
    qs = filterset.qs
    page = paginate(qs, request.GET.get("page"))
    try:
        export = export_url(request, "orgs:person_export")
    except NoReverseMatch:
        export = None
    unmask = may_unmask(user)
    if unmask and page.object_list:
        audit_access(
            actor=user,
            model=Person,
            message=_("在人员名册中查看未脱敏信息"),
            ids=[p.pk for p in page.object_list],
            data={"query": request.GET.urlencode()},
        )
    return render(
        request,
        "orgs/person_list.html",
        {
            "filterset": filterset,
            "page": page,
            "sort_headers": sort_headers(request, SORTABLE),
            "unmask": unmask,
            "department_options": options(
                selectors.department_choices(user=user), request.GET.get("department")
            ),
            "branch_options": options(
                selectors.branch_choices(user=user), request.GET.get("branch")
            ),
            "export_url": export,
            "filtered": is_filtered(request),
        },
    )


@login_required
def person_detail(request, pk: int):
    person = _person(request, pk)
    user = request.user
    unmask = may_unmask(user)
    if unmask and (person.mobile or person.id_number):
        audit_event(actor=user, instance=person, message=_("查看未脱敏个人信息"))
    linked = getattr(person, "user", None)
    roles = (
        list(
            RoleAssignment.objects.filter(user=linked, unit__dissolved_at__isnull=True)
            .select_related("unit")
            .order_by("unit__path")
        )
        if linked
        else []
    )
    party = _one_to_one(person, "party_membership")
    shown = {person.department_id, person.team_id, party.branch_id if party else None}
    return render(
        request,
        "orgs/person_detail.html",
        {
            "person": person,
            # Only the units the viewer may open are links; the others are plain names.
            "openable": set(
                selectors.unit_list(user=user, include_dissolved=True)
                .filter(pk__in=shown - {None})
                .values_list("pk", flat=True)
            ),
            "party": party,
            "union": _one_to_one(person, "union_membership"),
            "league": _one_to_one(person, "league_membership"),
            "roles": roles,
            "unmask": unmask,
            "history": history_rows(person, unmask=unmask),
            "can_admin": services.can_admin_person(user, person),
            # The priority the speech promises shows where decisions are made (issue 12 §3).
            "pool": talentpool.marks([person.pk], on=timezone.localdate()).get(person.pk),
        },
    )


def _one_to_one(person, name):
    """A live membership row, or None when there is none (or it was soft-deleted)."""
    row = getattr(person, name, None)
    return row if row is not None and row.deleted_at is None else None


@login_required
def person_edit(request, pk: int):
    person = _person(request, pk)
    user = request.user
    if not services.can_admin_person(user, person):
        raise PermissionDenied
    sensitive = may_unmask(user)
    form = bound(
        request, PersonForm, initial=PersonForm.initial_for(person), user=user, sensitive=sensitive
    )
    if request.method != "POST" and sensitive and (person.mobile or person.id_number):
        audit_event(actor=user, instance=person, message=_("查看未脱敏个人信息"))

    def save(data):
        data = {**data, "skill_level": data.get("skill_level") or ""}
        # a fresh row: a refused update must not leave the page showing half-applied values
        fresh = type(person).objects.get(pk=person.pk)
        services.person_update(actor=user, person=fresh, **data)
        return reverse("orgs:person_detail", args=[person.pk])

    return form_step(
        request,
        form,
        handler=save,
        template="orgs/person_form.html",
        success=_("已保存。"),
        context={"person": person},
    )


@login_required
def person_delete(request, pk: int):
    person = _person(request, pk)
    if not services.can_admin_person(request.user, person):
        raise PermissionDenied
    return _confirm(
        request,
        lambda: services.person_delete(actor=request.user, person=person),
        done=reverse("orgs:person_list"),
        title=_("删除人员"),
        question=_("确定从名册中删除“%s”吗?删除后不再出现在名册和统计中,历史记录仍然保留。")
        % person.name,
        confirm_label=_("确认删除"),
        cancel_url=reverse("orgs:person_detail", args=[person.pk]),
        success=_("已从名册中删除“%s”。") % person.name,
    )
