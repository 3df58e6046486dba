"""Records and settings: 补录 of a meeting already held, the level above's review of the
records, 党小组 membership and the kinds with their required frequencies."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import action_step, bound, form_step
from apps.core.pagination import paginate
from apps.orgs.models import Person

from .. import selectors, services
from ..choices import AttendanceStatus
from ..forms import GroupMembersForm, RecordForm, RecordReviewForm, kinds_form, split_numbers
from ..models import PartyGroupMember
from ..permissions import (
    can_plan,
    can_review_record,
    can_set_kinds,
    may_review_records,
)
from .common import tabs
from .meetings import meeting_fields, unit_meeting_page

S = AttendanceStatus


def _attendance(request, data, members, *, actor) -> dict:
    """Who came and who did not: ticked members (every member when the list was too long to
    tick) and those named by 工号 attended; those named as on leave were on leave; the other
    members were absent."""
    leave = services.people_by_numbers(actor=actor, numbers=data["leave"], field="leave_nos")
    extra = services.people_by_numbers(actor=actor, numbers=data["extra"], field="extra_nos")
    if request.POST.get("pick") == "1":
        ticked = {int(i) for i in data["invitees"]}
    else:
        ticked = {p.pk for p in members}
    rows = {p: (S.PRESENT if p.pk in ticked else S.ABSENT) for p in members}
    rows.update({p: S.PRESENT for p in extra})
    rows.update({p: S.LEAVE for p in leave})
    return rows


@login_required
def meeting_record(request):
    """补录: a meeting already held, entered afterwards with its attendance and minutes."""
    user = request.user

    def record(d, members, shown):
        roster = shown if shown else list(members.order_by("employee_no"))
        return services.meeting_record(
            actor=user,
            unit=d["unit"],
            kind=d["kind"],
            **meeting_fields(user, d),
            attendance=_attendance(request, d, roster, actor=user),
            minutes=d["minutes"],
            resolutions=d["resolutions"],
            photos=d["photos"],
            files=d["files"],
        )

    return unit_meeting_page(
        request,
        RecordForm,
        next_name="meetings:record",
        title=_("补录会议"),
        start_in_days=-1,
        template="meetings/record.html",
        success=_("会议已补录并归档,缺席和请假人员已收到补学任务。"),
        save=record,
    )


# --- the level above reviews the records ------------------------------------------------------


@login_required
def reviews(request):
    """The records of the branches and party groups below, waiting for the review."""
    if not may_review_records(request.user):
        raise PermissionDenied
    qs = selectors.records_to_review(user=request.user).select_related("unit", "kind", "host")
    page = paginate(qs, request.GET.get("page"))
    return render(request, "meetings/reviews.html", {**tabs(request, "reviews"), "page": page})


@login_required
def review_decide(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not can_review_record(request.user, meeting):
        raise PermissionDenied

    def decide(d):
        approve = d["decision"] == "approve"
        services.record_review_decide(
            actor=request.user, meeting=meeting, approve=approve, note=d["note"]
        )
        return reverse("meetings:reviews")

    return form_step(
        request,
        bound(request, RecordReviewForm, initial={"decision": "approve"}),
        handler=decide,
        template="meetings/review.html",
        context={
            "meeting": meeting,
            "title": _("审核会议记录"),
            "intro": _(
                "对照会议记录、出勤和材料审核;退回时写明理由,主持人和记录人修改后重新提交。"
            ),
        },
        success=_("已审核。"),
    )


# --- party groups -------------------------------------------------------------------------------


@login_required
def groups(request):
    """The party groups in reach, with how many members each has recorded."""
    user = request.user
    if not can_plan(user):
        raise PermissionDenied
    page = paginate(selectors.party_groups(user=user), request.GET.get("page"))
    counts = dict(
        PartyGroupMember.objects.filter(group__in=[g.pk for g in page.object_list])
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    for g in page.object_list:
        g.member_count = counts.get(g.pk, 0)
    return render(request, "meetings/groups.html", {**tabs(request, "groups"), "page": page})


@login_required
def group_detail(request, pk: int):
    """A party group's members, and adding members of its branch by 工号."""
    user = request.user
    group = selectors.party_group_get(user=user, pk=pk)
    here = reverse("meetings:group", args=[group.pk])

    def add(d):
        services.group_members_add(actor=user, group=group, numbers=split_numbers(d["numbers"]))
        return here

    return form_step(
        request,
        bound(request, GroupMembersForm),
        handler=add,
        template="meetings/group.html",
        context={
            **tabs(request, "groups"),
            "group": group,
            "members": list(selectors.group_members(group=group)),
            "manage": can_plan(user, group),
        },
        success=_("已登记党小组成员。"),
    )


@login_required
@require_POST
def group_member_remove(request, pk: int, person_pk: int):
    group = selectors.party_group_get(user=request.user, pk=pk)
    person = Person.objects.visible_to(request.user).filter(pk=person_pk).first()
    back = reverse("meetings:group", args=[group.pk])

    def remove():
        services.group_member_remove(
            actor=request.user, group=group, person_id=person.pk if person else 0
        )
        return back

    return action_step(request, handler=remove, success=_("已移出党小组。"), back=back)


# --- kinds and frequencies --------------------------------------------------------------------


@login_required
def kinds(request):
    """Every kind's required frequency, level, study flag, order and use, on one page."""
    if not can_set_kinds(request.user):
        raise PermissionDenied
    form = bound(request, kinds_form(selectors.kinds()))

    def save(_d):
        services.kinds_update(actor=request.user, changes=form.changes())
        return reverse("meetings:kinds")

    return form_step(
        request,
        form,
        handler=save,
        template="meetings/kinds.html",
        context=tabs(request, "kinds"),
        success=_("已保存会议类型设置。"),
    )
