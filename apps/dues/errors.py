"""Every code 党费 raises, with its Chinese message (the shared CoreError codes first)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class DuesError(ErrorCode):
    BAD_INCOME = ("dues_bad_income", _("月收入基数须是不小于 0 的数字(元),最多两位小数。"))
    NOT_IN_BRANCH = ("dues_not_in_branch", _("“%(name)s”不是“%(branch)s”的党员。"))
    NO_BASE = (
        "dues_no_base",
        _("“%(name)s”还没有 %(year)d 年的党费基数,请先录入或导入基数。"),
    )
    MONTH_PAID = (
        "dues_month_paid",
        _("“%(name)s”%(year)d 年 %(month)d 月的党费已交纳,不能重复登记。"),
        409,
    )
    BAD_MONTH = ("dues_bad_month", _("月份须为 1 到 12。"))
    BAD_YEAR = ("dues_bad_year", _("年度须在 2000 年到明年之间。"))
    FUTURE_MONTH = ("dues_future_month", _("不能登记 %(year)d 年 %(month)d 月之后月份的党费。"))
    TOO_LITTLE = (
        "dues_too_little",
        _("该月应交 %(due)s 元,交纳金额不能少于应交金额(党员自愿多交不限)。"),
    )
    PAYER_REQUIRED = ("dues_payer_required", _("他人代交时请填写代交人姓名。"))
    PAID_ON = ("dues_paid_on", _("交纳日期不能晚于今天。"))
    RELIEF_MONTHS = (
        "dues_relief_months",
        _("起止月份须在 1 到 12 之间,且截止月份不早于起始月份。"),
    )
    RELIEF_AMOUNT = ("dues_relief_amount", _("少交时请填写每月交纳金额,且须少于应交金额。"))
    RELIEF_ZERO = ("dues_relief_zero", _("每月交纳 0 元即为免交,请选择“免交”。"))
    RELIEF_OVERLAP = (
        "dues_relief_overlap",
        _("该党员这些月份已有待审批或已批准的少交、免交申请。"),
        409,
    )
    NOTHING_TO_REMIT = ("dues_nothing_to_remit", _("“%(branch)s”没有尚未上缴的党费。"))
    REMIT_MISMATCH = (
        "dues_remit_mismatch",
        _("上缴金额 %(amount)s 元与 %(n)d 笔未上缴党费合计 %(total)s 元不符,请核对后再上缴。"),
    )
    IMPORT_FILE = ("dues_import_file", _("无法读取该文件,请上传 .xlsx 格式的工资表。"))
    IMPORT_HEADER = ("dues_import_header", _("工资表第一行须有“工号”和“月收入基数”两列。"))
    IMPORT_EMPTY = ("dues_import_empty", _("工资表中没有数据行。"))
    IMPORT_TOO_MANY = ("dues_import_too_many", _("一次最多导入 %(n)d 行,请分批导入。"))
    IMPORT_HAS_ERRORS = (
        "dues_import_has_errors",
        _("还有 %(n)d 行有错误,改正后重新上传,不能导入。"),
    )
    IMPORT_STATE = ("dues_import_state", _("该导入当前状态为“%(status)s”,不能再确认。"), 409)
    RATE_EMPTY = ("dues_rate_empty", _("请至少填写一档标准。"))
    RATE_UPPER = (
        "dues_rate_upper",
        _("第 %(n)d 档的月收入上限须是大于上一档上限的金额(元),最多两位小数。"),
    )
    RATE_OPEN_TOP = (
        "dues_rate_open_top",
        _("最高一档的月收入上限须留空(不设上限),其余各档须填写上限,各档首尾相接。"),
    )
    RATE_PERCENT = (
        "dues_rate_percent",
        _("第 %(n)d 档的交纳比例须是 0 到 100 之间的数(%%),最多两位小数。"),
    )
    RATE_ONE = ("dues_rate_one", _("第 %(n)d 档请填写交纳比例或每月固定金额,二者只填一项。"))
    RATE_APPLIED = (
        "dues_rate_applied",
        _(
            "%(year)d 年的党费已按现行标准计算,已计算的月份不能改动;"
            "新标准的施行日期须晚于 %(year)d 年 1 月 1 日。"
        ),
        409,
    )
