"""Every code 送达 raises, with its Chinese message."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class NotifyError(ErrorCode):
    NOT_ADMIN = ("not_admin", _("只有系统管理员可以配置送达渠道。"), 403)
    UNKNOWN_CHANNEL = ("unknown_channel", _("没有这个送达渠道。"), 404)
    REQUIRED = ("required", _("启用前请填写“%(label)s”。"))
    BAD_URL = ("bad_url", _("请填写以 http:// 或 https:// 开头的地址。"))
    BAD_NUMBER = ("bad_number", _("“%(label)s”须为整数。"))
    BAD_VALUE = ("bad_value", _("“%(label)s”只能是:%(allowed)s。"))
    BAD_JSON = ("bad_json", _('“%(label)s”须为 JSON 对象,例如 {"Authorization": "{secret}"}。'))
    BAD_KIND = ("bad_kind", _("没有这个通知类别:%(kind)s。"))
    NOT_ENABLED = ("not_enabled", _("请先启用并保存该渠道,再发送测试消息。"))
    TEST_RECIPIENT = ("test_recipient", _("请填写接收测试消息的账号。"))
    TEST_FAILED = ("test_failed", _("测试消息发送失败:%(reason)s"))
    QUIET_BOTH = ("quiet_both", _("免打扰时段须同时填写开始和结束时间。"))
    BAD_HOUR = ("bad_hour", _("每日汇总时间须为 0 到 23 点。"))
    BAD_ATTEMPTS = ("bad_attempts", _("最多尝试次数须为 1 到 10。"))
