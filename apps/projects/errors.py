"""Every code 项目化管理 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class ProjectError(ErrorCode):
    MILESTONES_OPEN = ("milestones_open", _("还有 %(n)d 个里程碑未完成,完成后才能申请验收。"))
    NOT_PENDING = (
        "not_pending",
        _("只有待验收的项目才能补充佐证材料,该项目当前为“%(status)s”。"),
        409,
    )
    EVIDENCE_REQUIRED = ("required", _("请选择要上传的佐证材料。"))
    BAD_VERDICT = ("bad_verdict", _("请选择验收结论。"))
    BAD_SCORE = ("bad_score", _("评价得分须在 0 到 100 之间。"))
    NO_TARGETS = ("no_targets", _("请至少设置一项可量化的指标后再提交。"))
    NO_MILESTONES = ("no_milestones", _("请至少设置一个里程碑后再提交。"))
    UNIT_REQUIRED = ("unit_required", _("请选择%(label)s。"))
    BAD_UNIT = ("bad_unit", _("%(label)s须为在用的公司、部门或班组。"))
    TYPE_REQUIRED = ("type_required", _("请选择项目类型。"), 422)
    LEAD_REQUIRED = ("lead_required", _("请选择牵头单位。"))
    START_REQUIRED = ("required", _("请填写开始日期。"))
    END_REQUIRED = ("required", _("请填写完成时限。"))
    END_BEFORE_START = ("end_before_start", _("完成时限不能早于开始日期。"))
    TOO_MANY_TARGETS = ("too_many", _("指标最多 %(n)d 项。"))
    TOO_MANY_MILESTONES = ("too_many", _("里程碑最多 %(n)d 个。"))
    MILESTONE_DUE_REQUIRED = ("required", _("请填写%(label)s的完成时限。"))
    MILESTONE_OUTSIDE = (
        "milestone_outside",
        _("%(label)s的完成时限 %(due)s 不在项目起止日期(%(start)s 至 %(end)s)之内。"),
    )
    LEAD_OUT_OF_REACH = ("lead_out_of_reach", _("只能为本单位(含下级)申报项目。"))
    NOT_EDITABLE = (
        "not_editable",
        _("只有草稿或退回修改的项目才能修改,该项目当前为“%(status)s”。"),
        409,
    )
    BAD_DIRECTION = ("bad_direction", _("%(label)s的方向无效。"))
    ZERO_TARGET = ("zero_target", _("%(label)s的目标值须大于 0。"))
    DUPLICATE_UNIT = ("duplicate_unit", _("“%(unit)s”已是牵头单位或已列为配合单位。"))
    OWNER_PERSON_OUTSIDE = (
        "owner_person_outside",
        _("%(label)s的责任人“%(name)s”不在“%(unit)s”。"),
    )
    NOT_EXTENDABLE = ("not_editable", _("项目“%(status)s”,不能再增加里程碑。"), 409)
    MILESTONE_CLOSED = ("milestone_closed", _("该里程碑已“%(status)s”。"), 409)
    BAD_PROGRESS = ("bad_progress", _("完成进度须在 0 到 100 之间。"))
    ISSUE_RESOLVED = ("issue_resolved", _("该问题已解决。"), 409)
    BAD_TARGET = ("bad_target", _("指标不属于该项目。"))
    TOO_LONG = ("too_long", _("%(label)s过长。"))
    BAD_NUMBER = ("bad_number", _("%(label)s超出范围。"))
    NEGATIVE = ("negative", _("%(label)s不能小于 %(min)s。"))
    FILES_TOO_MANY = ("files_too_many", _("最多上传 %(n)d 个文件。"))
    NOT_RUNNING = ("not_running", _("项目“%(status)s”,不能再填报进展。"), 409)
    NOT_A_NUMBER = ("bad_number", _("%(label)s须为数字。"))
