"""Every refusal the joint-meeting area raises beside the shared ones (apps.core.errors.CoreError):
required fields, unknown units and people, past deadlines and duplicates use those."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class CollabError(ErrorCode):
    TOO_MANY_FILES = ("bad_file", _("最多上传 %(n)d 个附件。"))
    BAD_CONVENER = ("bad_convener", _("召集单位须为党委、党总支或党支部。"))
    NOT_CONVENER = ("not_convener", _("只有召集单位的党组织负责人可以执行此操作。"), 403)
    NOT_YOUR_CONVENER = ("not_your_convener", _("只能为您负责的党组织设立联席会议。"), 403)
    MEMBER_HAS_HISTORY = (
        "member_has_history",
        _("“%(name)s”已有出席记录,不能移除;可更换其代表或条线。"),
        409,
    )
    CUTOFF_AFTER_SESSION = ("cutoff_after_session", _("议题征集截止时间不能晚于会议时间。"))
    SESSION_HELD = ("session_held", _("会议已召开,不能再调整。"), 409)
    NOT_A_MEMBER = ("not_a_member", _("“%(name)s”不是该联席会议的成员单位,不能提交议题。"))
    NOT_SPEAKER = ("not_speaker", _("只有该成员单位的代表或负责人可以为其提交议题。"), 403)
    AFTER_CUTOFF = (
        "after_cutoff",
        _("本次会议的议题征集已于 %(cutoff)s 截止,不能再提交。"),
        409,
    )
    ITEM_CLOSED = ("item_closed", _("该督办事项已办结。"), 409)
    NOT_REPORTER = ("not_reporter", _("只有责任人或责任单位负责人可以报送进展或申请办结。"), 403)
