"""Every code 工作动态 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class FeedError(ErrorCode):
    BAD_KIND = ("bad_kind", _("请选择动态类型。"))
    PERIOD_REQUIRED = ("period_required", _("工作计划须选择计划周期。"))
    BAD_YEAR = ("bad_year", _("请填写正确的年份。"))
    BAD_PERIOD = ("bad_period", _("请选择%(what)s。"))
    BAD_AUDIENCE = ("bad_audience", _("请选择可见范围。"))
    AUDIENCE_REQUIRED = ("audience_required", _("请选择可见的单位。"))
    UNIT_NOT_HELD = (
        "unit_not_held",
        _("您在“%(unit)s”没有干部角色,不能以该单位名义发布。"),
    )
    SCOPE_NOT_HELD = ("scope_not_held", _("您在“%(unit)s”没有干部角色,不能向该范围发布。"))
    TOO_MANY_FILES = ("too_many_files", _("最多 %(n)d 个,请减少后再提交。"))
    LINK_KIND = ("link_kind", _("只有进展动态可以关联其他记录。"))
    BAD_LINK = ("bad_link", _("不能关联这类记录。"))
    LINK_NOT_FOUND = ("link_not_found", _("未找到要关联的记录,或您无权查看。"))
    TAG_TOO_LONG = ("tag_too_long", _("标签“%(tag)s”过长,每个标签不超过 %(n)d 个字。"))
    TOO_MANY_TAGS = ("too_many_tags", _("最多 %(n)d 个标签。"))
    NOT_A_CASE = ("not_a_case", _("只有优秀案例可以精选和加标签。"), 409)
    NOT_EDITOR = ("not_editor", _("只有发布人或发布单位的负责人可以%(what)s这条动态。"), 403)
    NOT_CURATOR = ("not_curator", _("只有党群工作部可以评选和标注优秀案例。"), 403)
    NOT_COMMENT_REMOVER = (
        "not_comment_remover",
        _("只有评论人、动态发布人或管理员可以删除评论。"),
        403,
    )
