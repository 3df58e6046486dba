"""The messages of production figures (row errors of an import or an API batch)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode

UNKNOWN_UNIT = _("单位“{unit}”不存在或不在您的管理范围内。")
UNKNOWN_MEASURE = _("指标项“{measure}”不存在。")
BAD_MONTH = _("月份“{month}”无法识别,请写成 2026-03 的形式。")
NOT_NUMBER = _("“{measure}”的值“{value}”不是数字。")
NEGATIVE = _("“{measure}”不能为负数。")
DUPLICATE = _("{unit} {month} 的“{measure}”在文件中重复(第 {first} 行已有)。")


class ProductionError(ErrorCode):
    BAD_FILE = ("production_file", _("无法读取文件,请上传 .xlsx 格式的文件。"))
    NO_HEADER = ("production_header", _("第一行须有“单位”和“月份”两列,其余每列一个指标项。"))
    EMPTY = ("production_empty", _("没有数据行。"))
    HAS_ERRORS = ("production_row_errors", _("有错误行,请改正后重新提交;什么也没有保存。"))
    APPLIED = ("production_applied", _("这份文件已经导入过了。"), 409)
