"""党风廉政 over the API: the pages' selectors, FilterSets and services. Report endpoints answer
404 to anyone but the 纪委 that reaches the report; intake and the receipt endpoints keep
nothing that links a report to its sender (decision 0016)."""

import base64
import binascii
import mimetypes
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from apps.appeals.receipts import client_key
from apps.core.api import filtered_page, named
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import OrgUnit, Person

from . import keyring, selectors, services
from .choices import AccessAction
from .errors import IntegrityError
from .filters import KeyPostFilter, ReportFilter, RiskFilter, TalkFilter
from .models import PostCategory
from .uploads import memory_uploads_api

router = Router(tags=["党风廉政"])


class IntegrityFileIn(Schema):
    name: str = Field(max_length=100, description="文件名(含扩展名:图片、PDF 或 Office 文档)")
    content_base64: str = Field(description="文件内容,标准 base64 编码")


class IntegrityReportIn(Schema):
    unit_id: Id = Field(description="受理单位(公司)")
    text: str = Field(description="举报内容")
    named: bool = Field(False, description="实名举报")
    name: str = Field("", description="姓名(实名时必填)")
    contact: str = Field("", description="联系方式(实名时必填)")
    files: list[IntegrityFileIn] = Field(
        [],
        description=(
            "附件(最多 5 个,检查同网页上传)。整个请求体不超过 DATA_UPLOAD_MAX_MEMORY_SIZE "
            "(默认 10 MB,base64 约多占三分之一);更大的文件请提交后凭查询码用 "
            "multipart 的 /receipt/files 补充。"
        ),
    )


class IntegrityReceiptOut(Schema):
    ref: str
    code: str = Field(description="查询码:只显示这一次,请抄写保存")


class IntegrityCodeIn(Schema):
    code: str


class IntegrityAddIn(Schema):
    code: str
    text: str


class IntegrityReportStateOut(Schema):
    ref: str
    status: str
    status_label: str
    received_on: date
    closed_on: date | None


class IntegrityReportQuery(PageQuery):
    q: str | None = Field(None, description="编号包含")
    status: str | None = None
    disposition: str | None = None


class IntegrityReportOut(Schema):
    id: int
    ref: str
    unit: Ref
    status: str
    status_label: str
    disposition: str
    received_on: date
    due_on: date | None
    closed_on: date | None
    overdue: bool


class IntegrityReportPage(PageOut):
    items: list[IntegrityReportOut]


class IntegrityEntryOut(Schema):
    kind: str
    on: date
    text: str | None


class IntegrityFileOut(Schema):
    id: int
    on: date
    size: int
    name: str | None = Field(description="文件名(解锁后才有)")


class IntegrityReportDetailOut(IntegrityReportOut):
    sealed: bool = Field(description="true:本会话未解锁受理密钥,不含内容")
    text: str | None
    named: bool | None
    name: str | None
    contact: str | None
    entries: list[IntegrityEntryOut]
    files: list[IntegrityFileOut]


class IntegrityTalkQuery(PageQuery):
    q: str | None = Field(None, description="谈话对象、工号或谈话人包含")
    kind: str | None = None


class IntegrityTalkOut(Schema):
    id: int
    kind: str
    kind_label: str
    person: Ref
    unit: Ref
    on: date
    talkers: str


class IntegrityTalkPage(PageOut):
    items: list[IntegrityTalkOut]


class IntegrityTalkDetailOut(IntegrityTalkOut):
    sealed: bool = Field(description="true:本会话未解锁受理密钥,不含内容")
    content: str | None
    statement: str | None
    follow_up: str | None


class IntegrityTalkIn(Schema):
    kind: str = Field(description="remind 谈话提醒 / admonish 诫勉谈话")
    person_id: Id = Field(description="谈话对象")
    on: date = Field(description="谈话日期")
    talkers: str = Field(description="谈话人")
    content: str = Field(description="谈话内容(加密保存)")
    statement: str = Field("", description="本人表态(加密保存)")
    follow_up: str = Field("", description="后续跟踪(加密保存)")


class IntegrityPostQuery(PageQuery):
    q: str | None = None
    category: Id | None = None


class IntegrityPostOut(Schema):
    id: int
    name: str
    category: str
    unit: Ref
    risk_count: int
    holder_count: int


class IntegrityPostPage(PageOut):
    items: list[IntegrityPostOut]


class IntegrityRiskQuery(PageQuery):
    q: str | None = None
    level: str | None = None
    category: Id | None = None
    due: bool | None = None


class IntegrityRiskOut(Schema):
    id: int
    title: str
    level: str
    level_label: str
    post: Ref
    unit: Ref
    owner: Ref
    controls: str
    next_review_on: date
    due: bool


class IntegrityRiskPage(PageOut):
    items: list[IntegrityRiskOut]


def _state(r) -> dict:
    return {
        "ref": r.ref,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "received_on": r.received_on,
        "closed_on": r.closed_on,
    }


@router.post(
    "/reports/submit",
    response={201: IntegrityReceiptOut, **errors(400, 422)},
    summary="举报(实名或匿名)",
)
def report_submit(request, data: IntegrityReportIn):
    unit = named(
        OrgUnit.objects.alive().filter(depth=1),
        data.unit_id,
        field="unit_id",
        error=CoreError.UNIT_NOT_FOUND,
    )
    report, code = services.report_submit(
        unit=unit,
        text=data.text,
        named=data.named,
        name=data.name,
        contact=data.contact,
        files=_decoded(data.files),
    )
    return Status(201, {"ref": report.ref, "code": code})


def _decoded(files: list[IntegrityFileIn]) -> list[SimpleUploadedFile]:
    """The JSON body's attachments as uploads, for the same checks as a page's files
    (count, size, disguise in services.report_submit). Only bytes in memory: the body is."""
    if len(files) > services.MAX_FILES:
        raise IntegrityError.TOO_MANY_FILES(field="files", n=services.MAX_FILES)
    uploads = []
    for f in files:
        try:
            data = base64.b64decode(f.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise IntegrityError.FILE_NOT_BASE64(field="files", name=f.name[:100]) from None
        kind = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
        uploads.append(SimpleUploadedFile(f.name, data, content_type=kind))
    return uploads


@router.post(
    "/receipt",
    response={200: IntegrityReportStateOut, **errors(400, 429)},
    summary="凭查询码查询",
    auth=None,
)
def receipt(request, data: IntegrityCodeIn):
    return _state(services.report_by_code(code=data.code, client=client_key(request)))


@router.post(
    "/receipt/add",
    response={200: IntegrityReportStateOut, **errors(400, 429)},
    summary="凭查询码补充材料",
    auth=None,
)
def receipt_add(request, data: IntegrityAddIn):
    report = services.report_by_code(code=data.code, client=client_key(request))
    services.report_add(report=report, text=data.text)
    return _state(report)


@decorate_view(memory_uploads_api)
@router.post(
    "/receipt/files",
    response={200: IntegrityReportStateOut, **errors(400, 429)},
    summary="凭查询码补充附件(multipart:code、text、files)",
    auth=None,
)
def receipt_files(
    request,
    code: Form[str],
    text: Form[str] = "",
    files: File[list[UploadedFile]] = None,
):
    report = services.report_by_code(code=code, client=client_key(request))
    services.report_add(report=report, text=text, files=files or [])
    return _state(report)


def _handler_only(request):
    if not services.is_handler(request.user):
        raise Http404


def _out(r) -> dict:
    return {
        "id": r.pk,
        "ref": r.ref,
        "unit": ref(r.unit),
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "disposition": r.disposition,
        "received_on": r.received_on,
        "due_on": r.due_on,
        "closed_on": r.closed_on,
        "overdue": r.is_overdue(),
    }


@router.get(
    "/reports", response={200: IntegrityReportPage, **errors(404, 422)}, summary="举报受理台账"
)
def reports(request, query: Query[IntegrityReportQuery]):
    _handler_only(request)
    return filtered_page(
        query,
        ReportFilter,
        selectors.report_list(user=request.user),
        _out,
        order=("-received_on", "ref"),
    )


@router.get(
    "/reports/{int:report_id}",
    response={200: IntegrityReportDetailOut, **errors(403, 404)},
    summary="举报详情(解锁的会话内含内容,每次查阅记入日志)",
)
def report(request, report_id: int):
    _handler_only(request)
    r = selectors.report_get(user=request.user, pk=report_id)
    key = selectors.handler_key(request.user)
    private = keyring.unlocked(request, key.pk if key else None)
    content = {"sealed": True, "text": None, "named": None, "name": None, "contact": None}
    entries = []
    files = [
        {"id": f.pk, "on": f.on, "size": f.size, "name": None}
        for f in r.files.defer("body", "meta", "keys").order_by("on", "pk")
    ]
    if private is not None:
        opened = services.report_open(
            actor=request.user, report=r, key=key, private=private, action=AccessAction.API_OPEN
        )
        content = {"sealed": False, **opened["report"]}
        entries = [
            {"kind": e["entry"].kind, "on": e["entry"].on, "text": e["text"]}
            for e in opened["entries"]
        ]
        files = [
            {"id": f["file"].pk, "on": f["file"].on, "size": f["file"].size, "name": f["name"]}
            for f in opened["files"]
        ]
    return {**_out(r), **content, "entries": entries, "files": files}


def _unlocked_or_403(request):
    key = selectors.handler_key(request.user)
    private = keyring.unlocked(request, key.pk if key else None)
    if private is None:
        raise CoreError.FORBIDDEN()
    return key, private


@router.get(
    "/reports/{int:report_id}/files/{int:file_id}",
    response={200: None, **errors(403, 404)},
    summary="下载举报附件(解锁的会话内解密,每次下载记入日志)",
)
def report_file(request, report_id: int, file_id: int):
    from .views import _download

    _handler_only(request)
    r = selectors.report_get(user=request.user, pk=report_id)
    row = selectors.report_file_get(user=request.user, report=r, pk=file_id)
    key, private = _unlocked_or_403(request)
    name, content_type, data = services.file_open(
        actor=request.user, file=row, key=key, private=private, action=AccessAction.API_FILE
    )
    return _download(name, content_type, data)


def _talk_out(t) -> dict:
    return {
        "id": t.pk,
        "kind": t.kind,
        "kind_label": str(t.get_kind_display()),
        "person": ref(t.person),
        "unit": ref(t.unit),
        "on": t.on,
        "talkers": t.talkers,
    }


def _talk_detail(request, t) -> dict:
    key = selectors.handler_key(request.user)
    private = keyring.unlocked(request, key.pk if key else None)
    content = {"sealed": True, "content": None, "statement": None, "follow_up": None}
    if private is not None:
        opened = services.talk_open(
            actor=request.user, talk=t, key=key, private=private, action=AccessAction.API_TALK
        )
        content = {"sealed": False, **opened}
    return {**_talk_out(t), **content}


@router.get(
    "/talks", response={200: IntegrityTalkPage, **errors(404, 422)}, summary="谈话提醒与诫勉谈话"
)
def talks(request, query: Query[IntegrityTalkQuery]):
    _handler_only(request)
    return filtered_page(
        query, TalkFilter, selectors.talk_list(user=request.user), _talk_out, order=("-on", "pk")
    )


@router.get(
    "/talks/{int:talk_id}",
    response={200: IntegrityTalkDetailOut, **errors(403, 404)},
    summary="谈话记录详情(解锁的会话内含内容,每次查阅记入日志)",
)
def talk(request, talk_id: int):
    _handler_only(request)
    return _talk_detail(request, selectors.talk_get(user=request.user, pk=talk_id))


@router.post(
    "/talks",
    response={201: IntegrityTalkDetailOut, **errors(400, 404, 422)},
    summary="登记谈话(内容加密保存)",
)
def talk_create(request, data: IntegrityTalkIn):
    _handler_only(request)
    person = named(
        Person.objects.select_related("department"),
        data.person_id,
        field="person_id",
        error=CoreError.PERSON_NOT_FOUND,
    )
    t = services.talk_create(
        actor=request.user,
        kind=data.kind,
        person=person,
        on=data.on,
        talkers=data.talkers,
        content=data.content,
        statement=data.statement,
        follow_up=data.follow_up,
    )
    return Status(201, _talk_detail(request, selectors.talk_get(user=request.user, pk=t.pk)))


@router.get("/key-posts", response={200: IntegrityPostPage, **errors(422)}, summary="关键岗位")
def key_posts(request, query: Query[IntegrityPostQuery]):
    return filtered_page(
        query,
        KeyPostFilter,
        selectors.key_post_list(user=request.user),
        _post_out,
        order=("unit__path", "name"),
    )


@router.get("/risk-points", response={200: IntegrityRiskPage, **errors(422)}, summary="廉政风险点")
def risk_points(request, query: Query[IntegrityRiskQuery]):
    today = timezone.localdate()
    return filtered_page(
        query,
        RiskFilter,
        selectors.risk_list(user=request.user),
        lambda r: _risk_out(r, today),
        order=("next_review_on", "pk"),
    )


# --- writing key posts, holders and risk points (纪委 cadres of the scope) --------------------


class IntegrityPostIn(Schema):
    name: str = Field(description="岗位名称")
    category_id: Id = Field(description="关键岗位类别")
    unit_id: Id = Field(description="所属单位")
    duties: str = Field("", description="主要职责")


class IntegrityHoldingIn(Schema):
    person_id: Id = Field(description="在岗人员")
    since: date = Field(description="到岗日期")


class IntegrityHoldingOut(Schema):
    id: int
    person: Ref
    since: date
    until: date | None


class IntegrityRiskIn(Schema):
    title: str = Field(description="风险点")
    level: str = Field(description="high 高 / medium 中 / low 低")
    controls: str = Field(description="防控措施")
    owner_id: Id = Field(description="责任人")
    review_months: int = Field(12, ge=1, le=36, description="复核周期(月)")
    next_review_on: date | None = Field(None, description="下次复核;不填则从今天起算一个周期")


def _post_args(request, data: IntegrityPostIn) -> dict:
    return {
        "name": data.name,
        "category": named(
            PostCategory.objects.filter(active=True),
            data.category_id,
            field="category_id",
            error=CoreError.BAD_CHOICE,
            label=PostCategory._meta.verbose_name,
        ),
        "unit": named(
            OrgUnit.objects.alive(), data.unit_id, field="unit_id", error=CoreError.UNIT_NOT_FOUND
        ),
        "duties": data.duties,
    }


def _post_out(p) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "category": p.category.name,
        "unit": ref(p.unit),
        "risk_count": p.risk_count,
        "holder_count": p.holder_count,
    }


def _post_detail(user, pk: int) -> dict:
    return _post_out(selectors.key_post_list(user=user).get(pk=pk))


def _editable(request, unit=None):
    if not services.can_edit_posts(request.user, unit):
        raise Http404


@router.post(
    "/key-posts",
    response={201: IntegrityPostOut, **errors(400, 404, 422)},
    summary="新增关键岗位",
)
def key_post_create(request, data: IntegrityPostIn):
    _editable(request)
    post = services.key_post_create(actor=request.user, **_post_args(request, data))
    return Status(201, _post_detail(request.user, post.pk))


@router.put(
    "/key-posts/{int:post_id}",
    response={200: IntegrityPostOut, **errors(400, 404, 422)},
    summary="编辑关键岗位",
)
def key_post_update(request, post_id: int, data: IntegrityPostIn):
    post = selectors.key_post_get(user=request.user, pk=post_id)
    _editable(request, post.unit)
    services.key_post_update(actor=request.user, post=post, **_post_args(request, data))
    return _post_detail(request.user, post.pk)


def _person(pk, field):
    return named(
        Person.objects.select_related("department"),
        pk,
        field=field,
        error=CoreError.PERSON_NOT_FOUND,
    )


@router.post(
    "/key-posts/{int:post_id}/holders",
    response={201: IntegrityHoldingOut, **errors(400, 404, 422)},
    summary="添加在岗人员",
)
def holding_add(request, post_id: int, data: IntegrityHoldingIn):
    post = selectors.key_post_get(user=request.user, pk=post_id)
    _editable(request, post.unit)
    h = services.holding_add(
        actor=request.user, post=post, person=_person(data.person_id, "person_id"), since=data.since
    )
    return Status(201, {"id": h.pk, "person": ref(h.person), "since": h.since, "until": h.until})


def _risk_out(r, today) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "level": r.level,
        "level_label": str(r.get_level_display()),
        "post": ref(r.post),
        "unit": ref(r.post.unit),
        "owner": ref(r.owner),
        "controls": r.controls,
        "next_review_on": r.next_review_on,
        "due": r.is_due(today),
    }


def _risk_args(data: IntegrityRiskIn) -> dict:
    return {
        "title": data.title,
        "level": data.level,
        "controls": data.controls,
        "owner": _person(data.owner_id, "owner_id"),
        "review_months": data.review_months,
        "next_review_on": data.next_review_on,
    }


@router.post(
    "/key-posts/{int:post_id}/risk-points",
    response={201: IntegrityRiskOut, **errors(400, 404, 422)},
    summary="新增廉政风险点",
)
def risk_create(request, post_id: int, data: IntegrityRiskIn):
    post = selectors.key_post_get(user=request.user, pk=post_id)
    _editable(request, post.unit)
    risk = services.risk_create(actor=request.user, post=post, **_risk_args(data))
    risk = selectors.risk_get(user=request.user, pk=risk.pk)
    return Status(201, _risk_out(risk, timezone.localdate()))


@router.put(
    "/risk-points/{int:risk_id}",
    response={200: IntegrityRiskOut, **errors(400, 404, 422)},
    summary="编辑廉政风险点",
)
def risk_update(request, risk_id: int, data: IntegrityRiskIn):
    risk = selectors.risk_get(user=request.user, pk=risk_id)
    _editable(request, risk.post.unit)
    services.risk_update(actor=request.user, risk=risk, **_risk_args(data))
    risk = selectors.risk_get(user=request.user, pk=risk.pk)
    return _risk_out(risk, timezone.localdate())
