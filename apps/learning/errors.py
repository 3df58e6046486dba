"""Every code 学习教育 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class LearningError(ErrorCode):
    BAD_NUMBER = ("bad_number", _("%(label)s须是数字。"))
    OUT_OF_RANGE = ("out_of_range", _("%(label)s须在 %(low)s 到 %(high)s 之间。"))
    BAD_AUDIENCE = ("bad_audience", _("请选择参加范围。"))
    BAD_WINDOW = ("bad_window", _("截止时间须晚于开始时间。"))
    BAD_URL = ("bad_url", _("请填写以 http:// 或 https:// 开头的链接。"))
    NO_PERSON = ("no_person", _("您的账号未关联职工信息,无法记录学习。"))
    NO_HOME_UNIT = ("no_home_unit", _("您的职工信息没有所在部门,请联系管理员。"))
    NOT_PUBLISHED = ("not_published", _("该测验尚未发布。"), 409)
    MATERIALS_LEFT = ("materials_left", _("还有 %(n)d 份资料未学完,请学完后再完成课程。"))
    QUIZ_NOT_PASSED = ("quiz_not_passed", _("请先通过本课程的结课测验。"))
    NOT_STARTED = ("not_started", _("请先打开学习资料开始学习,学完后再完成课程。"))
    TOO_SOON = (
        "too_soon",
        _(
            "本课程 %(hours)s 学时,须自首次打开学习资料起满 %(minutes)d 分钟(学时的 "
            "%(share)d%%)才能记学时。请于 %(at)s 后再完成课程。"
        ),
        409,
    )
    BAD_LIMIT = ("bad_limit", _("答题时限须在 1 到 600 分钟之间。"))
    BAD_ATTEMPTS = ("bad_attempts", _("可答次数须在 1 到 20 之间。"))
    NO_QUESTIONS = ("no_questions", _("请至少选择一道试题。"))
    TOO_MANY_QUESTIONS = ("too_many_questions", _("最多 %(n)d 道试题。"))
    NO_BANKS = ("no_banks", _("请选择抽题题库。"))
    BAD_COUNT = ("bad_count", _("抽题数量须在 1 到 %(n)d 之间。"))
    POOL_SMALL = ("pool_small", _("符合条件的试题只有 %(found)d 道,少于抽题数量 %(n)d。"))
    NOT_OPEN = ("not_open", _("答题尚未开始,开始时间为 %(at)s。"), 409)
    CLOSED = ("closed", _("答题已于 %(at)s 截止,不能再作答。"), 409)
    ATTEMPTS_USED = ("attempts_used", _("您已作答 %(n)d 次,已达到可答次数上限。"), 409)
    QUIZ_EMPTY = ("quiz_empty", _("该测验还没有试题,请联系组织者。"), 409)
    BAD_ANSWERS = ("bad_answers", _("作答格式有误。"))
    TIME_UP = ("time_up", _("已超过答题时限(须在 %(at)s 前交卷),本次作答未被记录。"), 409)
    BAD_QUESTION = ("bad_question", _("试题填写有误。"))
    BANK_FILE = (
        "bank_file",
        _("无法读取该 Excel 文件:可能已损坏或不是 .xlsx 格式,请另存为 .xlsx 后重试。"),
    )
    BANK_COLUMNS = (
        "bank_columns",
        _("第 1 行须是表头,缺少“%(cols)s”列。请下载导入模板对照填写。"),
    )
    BANK_TOO_BIG = ("bank_too_big", _("一次最多导入 %(n)d 道题,请分批导入。"))
    BANK_EMPTY = ("bank_empty", _("文件中没有试题。"))
    APPLIED = ("applied", _("该文件已经导入过了。"), 409)
    BANK_INVALID = (
        "bank_invalid",
        _("有 %(n)d 处错误,未写入任何试题。请改正后重新上传。"),
        422,
    )
    NO_JUDGES = ("no_judges", _("请至少指定一位评委。"))
    NOT_IN_AUDIENCE = ("not_in_audience", _("本次征文不面向您所在的单位。"), 403)
    UPLOAD_TYPE = ("upload_type", _("请上传 PDF 或 Word(.docx)文件。"))
    NOT_JUDGE = ("not_judge", _("只有本次征文的评委可以评分。"), 403)
    OWN_ENTRY = ("own_entry", _("这是您本人的作品,评委不能为自己的作品评分。"), 403)
    NOT_CLOSED = ("not_closed", _("征集截止后才能%(what)s。"), 409)
    PUBLISHED = ("published", _("结果已经公布。"), 409)
    UNSCORED = ("unscored", _("还有作品缺少评委评分,不能公布结果:%(missing)s"), 409)
