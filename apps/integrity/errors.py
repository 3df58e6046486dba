from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class IntegrityError(ErrorCode):
    """The refusals particular to 党风廉政; the common ones are CoreError's."""

    RECEIPT_THROTTLED = (
        "integrity.receipt_throttled",
        _("查询码错误次数过多,请 %(m)s 分钟后再试。"),
        429,
    )
    RECEIPT_UNKNOWN = ("integrity.receipt_unknown", _("查询码不正确,请核对后重新输入。"))
    NAME_REQUIRED = ("integrity.name_required", _("实名举报请填写姓名和联系方式。"))
    NO_HANDLER = (
        "integrity.no_handler",
        _("本单位纪委尚未设置受理密钥,暂时无法接收举报,请联系纪委或稍后再试。"),
    )
    KEY_EXISTS = ("integrity.key_exists", _("您已设置过受理密钥。"))
    NO_KEY = ("integrity.no_key", _("您还没有设置受理密钥,请先设置。"))
    PASSPHRASE_SHORT = (
        "integrity.passphrase_short",
        _("口令至少 %(n)s 个字符。"),
    )
    PASSPHRASE_MISMATCH = ("integrity.passphrase_mismatch", _("两次输入的口令不一致。"))
    PASSPHRASE_WRONG = (
        "integrity.passphrase_wrong",
        _("口令不正确。再错 %(left)s 次,密钥将锁定 %(m)s 分钟。"),
    )
    KEY_LOCKED = (
        "integrity.key_locked",
        _("口令连续错误次数过多,密钥已锁定,请 %(m)s 分钟后再试。"),
        423,
    )
    NOT_RECIPIENT = (
        "integrity.not_recipient",
        _("该举报未向您的密钥加密(密钥设置晚于收件),请已能查阅的纪委人员为您开通。"),
        403,
    )
    DUE_REQUIRED = ("integrity.due_required", _("请填写办理期限。"))
    DUE_PAST = ("integrity.due_past", _("办理期限不能早于今天。"))
    RESULT_REQUIRED = ("integrity.result_required", _("请填写办理结果。"))
    CLOSED = ("integrity.closed", _("该举报已办结,不能再补充材料。"))
    PLEDGE_SIGNED = ("integrity.pledge_signed", _("您今年已签署廉洁承诺。"))
    PLEDGE_NO_TEXT = ("integrity.pledge_no_text", _("今年的廉洁承诺书尚未发布。"))
    NOT_A_PERSON = ("integrity.not_a_person", _("您的账号未关联职工档案,无法签署。"))
    PERSON_OUT_OF_SCOPE = (
        "integrity.person_out_of_scope",
        _("该职工不在您所在纪委的管辖范围内,不能为其登记谈话。"),
    )
    PERSON_REQUIRED = ("integrity.person_required", _("请填写谈话对象的工号。"))
    TALK_FUTURE = ("integrity.talk_future", _("谈话日期不能晚于今天。"))
    TALKERS_REQUIRED = ("integrity.talkers_required", _("请填写谈话人。"))
    TOO_MANY_FILES = ("integrity.too_many_files", _("一次最多上传 %(n)s 个附件。"))
    FILE_NOT_BASE64 = (
        "integrity.file_not_base64",
        _("附件“%(name)s”的内容不是有效的 base64 编码,请重新编码后提交。"),
    )
    TEXT_OR_FILE = ("integrity.text_or_file", _("请填写补充内容或选择附件。"))
    POST_EXISTS = ("integrity.post_exists", _("本单位已有名为“%(name)s”的关键岗位。"))
    SINCE_FUTURE = ("integrity.since_future", _("到岗日期不能晚于今天。"))
    ALREADY_HOLDS = ("integrity.already_holds", _("%(name)s 已在该岗位上。"))
    UNTIL_BEFORE = ("integrity.until_before", _("离岗日期不能早于到岗日期。"))
    CYCLE_RANGE = ("integrity.cycle_range", _("复核周期应为 1 到 36 个月。"))
    REVIEW_PAST = ("integrity.review_past", _("下次复核日期不能早于今天。"))
