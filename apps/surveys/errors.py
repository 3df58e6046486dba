from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class SurveyError(ErrorCode):
    """What a survey's writes refuse."""

    BAD_WINDOW = ("survey_bad_window", _("截止时间必须晚于开始时间。"))
    NO_QUESTIONS = ("survey_no_questions", _("问卷还没有题目,不能发布。"))
    NOBODY_INVITED = ("survey_nobody_invited", _("调查范围内没有在职职工。"))
    CLOSES_PAST = ("survey_closes_past", _("截止时间已过,请重新设置答卷时间。"))
    NOT_EDITABLE = ("survey_not_editable", _("问卷已结束,不能再修改。"), 409)
    NOT_DRAFT = ("survey_not_draft", _("问卷已发布,调查范围和答卷时间不能再修改。"), 409)
    ANSWERED = ("survey_answered", _("已有人答卷,不能再修改题目。"), 409)
    FEW_OPTIONS = ("survey_few_options", _("单选题和多选题至少需要两个选项。"))
    QUESTION_FEW_OPTIONS = (
        "survey_question_few_options",
        _("第 %(n)d 题是选择题,至少需要两个选项。"),
    )
    NO_ROWS = ("survey_no_rows", _("矩阵题至少需要一行(每行一个评价项目)。"))
    QUESTION_NO_ROWS = ("survey_question_no_rows", _("第 %(n)d 题是矩阵题,至少需要一行。"))
    DUPLICATE_OPTION = ("survey_duplicate_option", _("选项或矩阵行“%(text)s”重复了。"))
    NOT_REMINDABLE = ("survey_not_remindable", _("问卷不在答卷时间内,不能催答。"), 409)
    UNKNOWN_TEMPLATE = ("survey_unknown_template", _("没有这个问卷模板。"))
    BAD_PERSON_KIND = ("survey_bad_person_kind", _("调查对象的类别不正确。"))
    NOT_CROSSABLE = ("survey_not_crossable", _("交叉分析请选择两道不同的单选、多选或打分题。"))
    NOT_OPEN = ("survey_not_open", _("问卷不在答卷时间内。"), 409)
    NOT_INVITED = ("survey_not_invited", _("您不在这份问卷的调查范围内。"))
    ALREADY_ANSWERED = ("survey_already_answered", _("您已提交过这份问卷,每人只能提交一次。"), 409)
    ANSWER_REQUIRED = ("survey_answer_required", _("第 %(n)d 题为必答题,请作答。"))
    BAD_OPTION = ("survey_bad_option", _("第 %(n)d 题的选项不正确,请重新选择。"))
    ONE_OPTION = ("survey_one_option", _("第 %(n)d 题为单选题,只能选一项。"))
    BAD_SCALE = ("survey_bad_scale", _("第 %(n)d 题请打 1 到 5 分。"))
    MATRIX_INCOMPLETE = ("survey_matrix_incomplete", _("第 %(n)d 题每一行都请打 1 到 5 分。"))
    TEXT_TOO_LONG = (
        "survey_text_too_long",
        _("第 %(n)d 题不能超过 %(max)d 个字(现有 %(len)d 个)。"),
    )
    UNKNOWN_QUESTION = ("survey_unknown_question", _("答案中有不属于本问卷的题目。"))
