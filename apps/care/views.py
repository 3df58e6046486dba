"""关爱帮扶 pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.appeals import selectors as appeal_selectors
from apps.core import charts
from apps.core.errors import NotFound
from apps.core.exports import money
from apps.core.forms import (
    Step,
    action_step,
    bound,
    form_step,
    record_step,
    service_step,
    settings_step,
    step_buttons,
)
from apps.core.lists import Ledger, export_url, list_context
from apps.core.pages import Tab
from apps.core.params import query_id

from . import selectors, services
from .choices import AidStatus, FileStatus, HardshipLevel
from .filters import AidFilter, FileFilter
from .forms import (
    AidFormBase,
    AidForPersonForm,
    CampaignForm,
    CloseForm,
    DeliverForm,
    FileForm,
    ReviewForm,
    SettingsForm,
)
from .models import CareSettings
from .permissions import can_handle, can_set

FORM = "care/form.html"


def tabs(user) -> list[Tab]:
    return [
        Tab("files", _("困难职工档案"), reverse("care:list")),
        Tab("aid", _("帮扶台账"), reverse("care:aid_list")),
        Tab("campaigns", _("送温暖"), reverse("care:campaign_list")),
        Tab("figures", _("年度统计"), reverse("care:figures")),
        Tab("mine", _("我的帮扶"), reverse("care:mine")),
        *([Tab("settings", _("设置"), reverse("care:settings"))] if can_set(user) else []),
    ]


def _handler_only(request):
    if not can_handle(request.user):
        raise NotFound()  # nobody else learns the area's pages exist


FILES = Ledger(FileFilter, selectors.file_list, ("-opened_on", "-pk"), "care:list")
AIDS = Ledger(AidFilter, selectors.aid_list, ("-day", "-pk"), "care:aid_list")


@login_required
def file_list(request):
    user = request.user
    if not can_handle(user):
        return redirect("care:mine")
    ctx = FILES.context(request)
    today = timezone.localdate()
    for f in ctx["page"].object_list:
        f.overdue = f.status == FileStatus.ACTIVE and f.review_due < today
    return render(
        request,
        "care/list.html",
        {**ctx, "tabs": tabs(user), "tab": "files", "today": today},
    )


def _source(request):
    """The appeal or talk concern a file is opened from (?appeal= / ?concern=), as the user
    sees it, and the person it names."""
    params = request.GET
    appeal_id, concern_id = query_id(params, "appeal"), query_id(params, "concern")
    if appeal_id:
        appeal = appeal_selectors.appeal_get(user=request.user, pk=appeal_id)
        return {"appeal": appeal}, appeal.submitter, appeal
    if concern_id:
        concern = (
            selectors.concern_model()
            .objects.visible_to(request.user)
            .select_related("talk__person", "tag")
            .filter(pk=concern_id)
            .first()
        )
        if concern is None:
            raise NotFound()
        return {"concern": concern}, concern.talk.person, concern
    return {}, None, None


@login_required
def file_new(request):
    _handler_only(request)
    source, person, origin = _source(request)
    initial = {}
    if person is not None:
        initial["person"] = person.employee_no
    if "appeal" in source:
        initial["family_situation"] = origin.description[:2000]
    elif "concern" in source:
        initial["family_situation"] = origin.note
    form = bound(request, FileForm, initial=initial, fixed_person=person is not None)
    back = reverse("care:list")
    if "appeal" in source:
        back = reverse("appeals:detail", args=[origin.pk])
    if "concern" in source:
        back = reverse("talks:detail", args=[origin.talk_id])

    def handler(data):
        if person is not None:
            data = {**data, "person": person}
        return services.file_open(actor=request.user, **data, **source).get_absolute_url()

    return form_step(
        request,
        form,
        handler=handler,
        template="care/file_new.html",
        context={
            "title": _("建立困难职工档案"),
            "intro": _("档案仅工会干部和党委/党群工作部可见;每年复核一次,逾期会提醒。"),
            "back": back,
            "person": person,
            "source": source,
            "origin": origin,
        },
        success=_("困难职工档案已建立。"),
    )


def _active(user, file) -> bool:
    return file.status == FileStatus.ACTIVE and can_handle(user, file.unit)


def _record_aid(user, file, data):
    services.aid_record(actor=user, file=file, **data)


STEPS = {
    "aid": Step(
        AidFormBase,
        allowed=_active,
        title=_l("登记帮扶"),
        intro=_l("慰问金须按批准金额发放,超过批准金额的不能登记;慰问品写明物品。"),
        call=_record_aid,
        form_kwargs=lambda user, f: {"initial": {"day": timezone.localdate()}},
        success=_l("帮扶已登记。"),
    ),
    "review": Step(
        ReviewForm,
        allowed=_active,
        title=_l("年度复核"),
        intro=_l("入户或谈话了解家庭近况,确认或调整困难程度;下次复核顺延一个周期。"),
        service=services.file_review,
        form_kwargs=lambda user, f: {"initial": {"level": f.level}},
    ),
    "close": Step(
        CloseForm,
        allowed=_active,
        title=_l("脱困销档"),
        intro=_l("家庭已摆脱困难时销档;档案和帮扶记录保留。"),
        service=services.file_close,
    ),
}


@login_required
def file_detail(request, pk: int):
    file = selectors.file_get(user=request.user, pk=pk)
    aids = list(selectors.aids_of(file)[:100])
    return render(
        request,
        "care/file_detail.html",
        {
            "file": file,
            "overdue": file.status == FileStatus.ACTIVE and file.review_due < timezone.localdate(),
            "aids": aids,
            "aid_total": sum((a.amount or 0) for a in aids if a.status == AidStatus.DELIVERED),
            "timeline": selectors.timeline(file=file),
            "actions": step_buttons(
                STEPS,
                request.user,
                file,
                [
                    ("aid", "btn-primary"),
                    ("review", "btn-outline-primary"),
                    ("close", "btn-outline-secondary"),
                ],
            ),
        },
    )


@login_required
def file_step(request, pk: int, step: str):
    file = selectors.file_get(user=request.user, pk=pk)
    return record_step(
        request,
        file,
        STEPS[step],
        record_kw="file",
        back=file.get_absolute_url(),
        template=FORM,
        context={"back": file.get_absolute_url(), "subtitle": file.person.name},
        success=_("已保存。"),
    )


# --- aid --------------------------------------------------------------------------------------


@login_required
def aid_list(request):
    _handler_only(request)
    filterset, qs = AIDS.filtered(request)
    return render(
        request,
        "care/aid_list.html",
        {
            **list_context(request, filterset, qs),
            "total": selectors.aid_total(qs),
            "export_url": export_url(request, "care:aid_export"),
            "tabs": tabs(request.user),
            "tab": "aid",
        },
    )


def aid_columns():
    """The aid ledger's columns in Excel: amounts are numbers in yuan with two places."""
    return [
        (_("职工"), lambda a, now: a.person.name),
        (_("工号"), lambda a, now: a.person.employee_no),
        (_("单位"), lambda a, now: a.unit.name),
        (_("帮扶类型"), lambda a, now: str(a.get_kind_display())),
        (_("送温暖活动"), lambda a, now: a.campaign.title if a.campaign else ""),
        (_("形式"), lambda a, now: str(a.get_form_display())),
        (_("发放金额(元)"), lambda a, now: money(a.amount)),
        (_("批准金额(元)"), lambda a, now: money(a.approved_amount)),
        (_("审批单号"), lambda a, now: a.approval_no),
        (_("慰问品"), lambda a, now: a.goods),
        (_("发放日期"), lambda a, now: a.day.isoformat() if a.day else ""),
        (_("年度"), lambda a, now: a.year),
        (_("状态"), lambda a, now: str(a.get_status_display())),
        (_("说明"), lambda a, now: a.note),
    ]


@login_required
def aid_export(request):
    """The aid ledger as .xlsx, with the page's filters, in the user's scope."""
    _handler_only(request)
    return AIDS.export(
        request,
        columns=aid_columns(),
        name=_("帮扶台账"),
        widths=(10, 10, 20, 10, 16, 8, 12, 12, 14, 16, 12, 8, 8, 30),
    )


@login_required
def aid_new(request):
    """Aid to a person with no hardship file (金秋助学, 医疗互助 reach others too)."""
    _handler_only(request)
    return service_step(
        request,
        bound(request, AidForPersonForm, initial={"day": timezone.localdate()}),
        service=services.aid_record,
        template=FORM,
        context={
            "title": _("登记帮扶"),
            "intro": _("为未建档职工登记金秋助学、医疗互助或慰问;在档职工请从其档案登记。"),
            "back": reverse("care:aid_list"),
        },
        success=_("帮扶已登记。"),
    )


@login_required
def aid_detail(request, pk: int):
    aid = selectors.aid_get(user=request.user, pk=pk)
    return render(
        request,
        "care/aid_detail.html",
        {"aid": aid, "handler": can_handle(request.user, aid.unit)},
    )


@login_required
def mine(request):
    """我的帮扶: what the union gave the user; no file, no assessment."""
    rows = list(selectors.my_aid(user=request.user)[:200])
    return render(
        request,
        "care/mine.html",
        {
            "rows": rows,
            "total": sum((a.amount or 0) for a in rows),
            "tabs": tabs(request.user) if can_handle(request.user) else None,
            "tab": "mine",
        },
    )


@login_required
def figures(request):
    """A year's aid by unit and by kind, with charts; each figure links to the ledger."""
    _handler_only(request)
    user = request.user
    base = selectors.aid_list(user=user)
    years = selectors.years(qs=base) or [timezone.localdate().year]
    year = query_id(request.GET, "year")
    year = year if year in years else years[0]
    data = selectors.totals(qs=base.filter(year=year))
    ledger = reverse("care:aid_list") + f"?year={year}&status=delivered"
    units = data["units"][:15]
    unit_chart = charts.bars(
        [r["unit__name"] for r in reversed(units)],
        [
            {
                "name": _("发放金额(元)"),
                "data": [float(r["yuan"] or 0) for r in reversed(units)],
                "links": [f"{ledger}&unit={r['unit_id']}" for r in reversed(units)],
                "colour": charts.RED,
            }
        ],
        horizontal=True,
    )
    kind_chart = charts.pie(
        _("帮扶类型"),
        [
            {
                "name": str(k["label"]),
                "value": float(k["yuan"]),
                "link": f"{ledger}&kind={k['kind']}",
            }
            for k in data["kinds"]
            if k["n"]
        ],
    )
    return render(
        request,
        "care/figures.html",
        {
            "f": data,
            "year": year,
            "years": years,
            "ledger": ledger,
            "unit_chart": unit_chart,
            "kind_chart": kind_chart,
            "tabs": tabs(user),
            "tab": "figures",
        },
    )


# --- 送温暖 ------------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    _handler_only(request)
    rows = selectors.campaign_list(user=request.user).order_by("-year", "-pk")[:100]
    return render(
        request,
        "care/campaign_list.html",
        {"rows": rows, "tabs": tabs(request.user), "tab": "campaigns"},
    )


def _care_units(user):
    from apps.orgs.choices import UnitKind
    from apps.orgs.models import OrgUnit
    from apps.orgs.scope import subtrees_q

    from .permissions import care_prefixes

    qs = OrgUnit.objects.alive().filter(kind__in=[UnitKind.COMPANY, UnitKind.DEPARTMENT])
    qs = qs.filter(subtrees_q(care_prefixes(user)))
    return qs.order_by("path").only("pk", "name", "path", "depth")


@login_required
def campaign_new(request):
    _handler_only(request)
    today = timezone.localdate()
    year = today.year + 1 if today.month >= 10 else today.year
    return service_step(
        request,
        bound(
            request,
            CampaignForm,
            units=_care_units(request.user),
            initial={
                "title": _("%(year)d年春节送温暖") % {"year": year},
                "year": year,
                "levels": [HardshipLevel.EXTREME, HardshipLevel.HARD],
                "standard": "1000.00",
            },
        ),
        service=services.campaign_create,
        template=FORM,
        context={
            "title": _("发起送温暖活动"),
            "intro": _("从所选范围的在档困难职工中按困难程度生成慰问名单,逐户登记发放。"),
            "back": reverse("care:campaign_list"),
        },
        success=_("慰问名单已生成。"),
    )


@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    entries = list(selectors.campaign_entries(campaign)[:500])
    return render(
        request,
        "care/campaign_detail.html",
        {
            "c": campaign,
            "entries": entries,
            "can_close": campaign.status == "open" and can_handle(request.user, campaign.unit),
            "levels": [str(HardshipLevel(lv).label) for lv in campaign.levels],
        },
    )


@login_required
def campaign_deliver(request, pk: int):
    aid = selectors.aid_get(user=request.user, pk=pk)
    if aid.campaign_id is None or not can_handle(request.user, aid.unit):
        raise PermissionDenied
    back = reverse("care:campaign_detail", args=[aid.campaign_id])
    return service_step(
        request,
        bound(
            request,
            DeliverForm,
            initial={"amount": aid.approved_amount, "day": timezone.localdate()},
        ),
        service=lambda actor, **data: services.campaign_deliver(actor=actor, aid=aid, **data),
        back=back,
        template=FORM,
        context={
            "title": _("登记发放"),
            "subtitle": aid.person.name,
            "intro": _("按慰问标准发放,金额不能超过标准 %(std)s 元。")
            % {"std": aid.approved_amount},
            "back": back,
        },
        success=_("已登记发放。"),
    )


@login_required
@require_POST
def campaign_close(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    return action_step(
        request,
        handler=lambda: (
            services.campaign_close(actor=request.user, campaign=campaign)
            and campaign.get_absolute_url()
        ),
        success=_("活动已结束。"),
        back=campaign.get_absolute_url(),
    )


@login_required
def settings_page(request):
    if not can_set(request.user):
        raise PermissionDenied
    from apps.appeals.models import Category

    return settings_step(
        request,
        CareSettings.current(),
        SettingsForm,
        form_kwargs={"categories": Category.objects.filter(is_active=True)},
        service=services.care_settings_save,
        template=FORM,
        context={
            "title": _("关爱帮扶设置"),
            "intro": _("选择哪一类诉求可一键建立困难职工档案,以及档案多久复核一次。"),
            "back": reverse("care:list"),
            "tabs": tabs(request.user),
            "tab": "settings",
        },
    )
