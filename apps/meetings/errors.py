"""Every refusal the meetings area raises (shared ones come from apps.core.errors.CoreError)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class MeetingError(ErrorCode):
    KIND_UNKNOWN = ("kind_unknown", _("请选择会议类型。"))
    KIND_WRONG_UNIT = (
        "kind_wrong_unit",
        _("“%(kind)s”不适用于%(unit_kind)s“%(unit)s”,请选择适用于%(unit_kind)s的会议类型。"),
    )
    TIME_REQUIRED = ("time_required", _("请填写开始和结束时间。"))
    BAD_TIME = ("bad_time", _("结束时间须晚于开始时间。"))
    DURATION_TOO_LONG = ("duration_too_long", _("一次会议不能超过 12 小时。"))
    PLACE_REQUIRED = ("place_required", _("请填写会议地点或线上会议链接。"))
    HOST_REQUIRED = ("host_required", _("请指定主持人。"))
    PAST = ("past", _("开始时间须晚于当前时间。"))
    NOT_YET_HELD = ("not_yet_held", _("补录的会议须已经结束;尚未召开的会议请用“安排会议”。"))
    INVITEES_REQUIRED = ("invitees_required", _("请至少邀请一人参会。"))
    GROUP_EMPTY = (
        "group_empty",
        _("党小组“%(unit)s”还没有登记成员,请先在“党小组成员”页登记后再安排会议。"),
    )
    NOT_STARTED = ("not_started", _("会议还未开始,不能结束归档。"), 409)
    TOO_EARLY = ("too_early", _("签到将在会议开始前 30 分钟开放。"))
    TOO_LATE = ("too_late", _("会议已结束,不能再签到。请联系主持人。"))
    LEAVE_TOO_LATE = ("leave_too_late", _("会议已结束,不能再请假。"))
    BAD_CODE = ("bad_code", _("签到码无效。请扫描会场屏幕上的二维码。"))
    EXPIRED_CODE = (
        "expired_code",
        _("签到码已过期(二维码每分钟更新)。请重新扫描会场屏幕上的最新二维码。"),
    )
    NOT_INVITED = (
        "not_invited",
        _("您不在本次会议的参会名单中,如需参会请联系会议主持人。"),
        403,
    )
    NOT_OPEN = ("not_open", _("会议已%(status)s,不能签到。"))
    ALREADY_SIGNED = ("already_signed", _("您已签到,无需请假。"), 409)
    PEOPLE_REQUIRED = ("people_required", _("请勾选要代签的参会人。"))
    NO_LEAVE_REQUEST = ("no_leave_request", _("该参会人没有待审批的请假。"), 409)
    NO_MAKEUP = ("no_makeup", _("该补学任务已完成或不存在。"), 409)
    NO_FILES = ("no_files", _("请选择要上传的文件。"))
    TOO_MANY_FILES = ("too_many_files", _("最多上传 %(n)d 个文件。"))
    NOT_REVIEWED_LEVEL = ("no_review", _("只有党支部、党小组的会议记录由上级审核。"), 409)
    NOT_IN_BRANCH = ("not_in_branch", _("%(names)s 不是“%(branch)s”的党员,不能加入该党小组。"))
    NOT_A_GROUP = ("not_a_group", _("请选择一个党小组。"))
