"""Every code 查保促 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class HazardError(ErrorCode):
    PHOTOS_REQUIRED = ("photos_required", _("请至少上传一张照片。"))
    PHOTOS_TOO_MANY = ("photos_too_many", _("最多上传 %(n)d 张照片。"))
    DEADLINE_PAST = ("deadline_past", _("整改期限不能早于当前时间。"))
    BAD_LEVEL = ("bad_level", _("请选择隐患等级。"))
    UNIT_REQUIRED = ("unit_required", _("请选择隐患所属单位。"))
    BAD_UNIT = ("bad_unit", _("所属单位须为在用的公司、部门或班组。"))
    BAD_INSPECTION = ("bad_inspection", _("未找到该检查活动。"))
    OWNER_REQUIRED = ("owner_required", _("请选择整改责任单位。"))
    BAD_OWNER_UNIT = ("bad_owner_unit", _("整改责任单位须为在用的公司、部门或班组。"))
    OWNER_OUT_OF_REACH = ("owner_out_of_reach", _("只能交办给本公司范围内的单位。"))
    BAD_ORGANIZER = ("bad_organizer", _("请选择本公司范围内的组织单位。"))
    UNITS_REQUIRED = ("units_required", _("请选择检查范围。"))
    UNITS_OUT_OF_REACH = ("units_out_of_reach", _("检查范围超出本公司:%(names)s。"))
    DATE_REQUIRED = ("date_required", _("请填写检查日期。"))
    BAD_DAYS = ("bad_days", _("整改期限须为 1 到 60 个工作日。"))
    DAYS_ORDER = ("days_order", _("等级越高,整改期限应越短:重大 ≤ 较大 ≤ 一般。"))
    INSPECTION_UNITS_NOT_FOUND = ("unit_not_found", _("检查范围中有不存在的单位。"))
    INSPECTORS_NOT_FOUND = ("person_not_found", _("检查人员中有不存在的职工。"))
