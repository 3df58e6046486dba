"""Every refusal the organization and roster raise, once (shared ones come from CoreError)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class OrgError(ErrorCode):
    # units
    UNIT_NAME_REQUIRED = ("unit_name", _("请填写组织名称。"))
    UNIT_NAME_TOO_LONG = ("unit_name", _("组织名称不能超过 100 个字。"))
    UNIT_CODE_TOO_LONG = ("unit_code", _("编码不能超过 50 个字符。"))
    UNIT_CODE_TAKEN = ("unit_code_taken", _("编码“%(code)s”已被其他组织使用。"))
    UNIT_KIND = ("unit_kind", _("未知的组织类型。"))
    UNIT_NOT_ROOT = ("unit_parent_kind", _("“%(kind)s”不能作为顶级组织,请选择上级组织。"))
    UNIT_PARENT_KIND = (
        "unit_parent_kind",
        _("“%(kind)s”不能设在“%(parent_kind)s”(%(parent)s)之下。"),
    )
    SERVES_ONLY_MASS = ("unit_serves", _("只有党、工会、团组织可以对应行政部门。"))
    SERVES_NOT_ADMIN = ("unit_serves", _("对应部门必须是公司、部门或班组。"))
    SERVES_DISSOLVED = ("unit_serves", _("对应部门已撤销。"))
    SERVES_SELF = ("unit_serves", _("组织不能对应它自己。"))
    HEAD_DELETED = ("unit_head", _("负责人已从名册中删除。"))
    PARENT_DISSOLVED = ("unit_parent_dissolved", _("上级组织已撤销,不能在其下新建组织。"))
    TARGET_PARENT_DISSOLVED = ("unit_parent_dissolved", _("目标上级组织已撤销。"))
    DISSOLVED_NO_CHANGE = ("unit_dissolved", _("该组织已撤销,不能修改。"))
    DISSOLVED_NO_MOVE = ("unit_dissolved", _("该组织已撤销,不能移动。"))
    ALREADY_DISSOLVED = ("unit_dissolved", _("该组织已经撤销。"))
    MOVE_UNDER_SELF = ("unit_move_cycle", _("不能把“%(unit)s”移到它自己之下。"))
    MOVE_CYCLE = (
        "unit_move_cycle",
        _("不能把“%(unit)s”移到它自己的下级组织“%(target)s”之下,这会形成循环。"),
    )
    MOVE_SAME = ("unit_move_same", _("该组织已在这个上级之下。"))
    HAS_CHILDREN = (
        "unit_has_children",
        _("“%(unit)s”还有下级组织:%(names)s。请先撤销或移走这些下级组织。"),
    )
    HAS_PEOPLE = (
        "unit_has_people",
        _("“%(unit)s”还有在册人员:%(names)s。请先把他们调到其他部门或班组。"),
    )
    HAS_MEMBERS = ("unit_has_members", _("“%(unit)s”还有成员:%(names)s。请先转接他们的组织关系。"))
    # people
    DATE_FUTURE = ("date_future", _("%(label)s不能晚于今天。"))
    PERSON_FIELD = ("person_field", _("未知字段:%(fields)s"))
    NAME_REQUIRED = ("person_name", _("请填写姓名。"))
    NAME_TOO_LONG = ("person_name", _("姓名不能超过 50 个字。"))
    GENDER = ("person_gender", _("请选择性别。"))
    MOBILE = ("person_mobile", _("手机号应为以 1 开头的 11 位数字。"))
    ID_NUMBER = (
        "person_id_number",
        _("身份证号应为 18 位,且最后一位校验码正确(可能是数字或 X)。"),
    )
    HIRED_BEFORE_BORN = ("person_dates", _("入职日期不能早于出生日期。"))
    DEPARTMENT_REQUIRED = ("person_department", _("请选择部门。"))
    DEPARTMENT_KIND = ("person_department", _("所在部门必须是公司或部门。"))
    DEPARTMENT_DISSOLVED = ("person_department", _("该部门已撤销。"))
    DEPARTMENT_OUT_OF_REACH = (
        "person_department",
        _("您不能把人员调入您管理范围以外的部门。"),
    )
    TEAM_KIND = ("person_team", _("所选班组不是班组。"))
    TEAM_OUTSIDE = ("person_team", _("班组“%(team)s”不属于部门“%(dept)s”。"))
    TEAM_DISSOLVED = ("person_team", _("该班组已撤销。"))
    POLITICAL = ("person_political", _("请选择政治面貌。"))
    SKILL = ("person_skill", _("请选择技能等级。"))
    STATUS = ("person_status", _("请选择在职状态。"))
    PERSON_DELETED = ("person_deleted", _("该人员已删除。"))
    # roster import and bulk upsert
    ROSTER_FILE = (
        "roster_file",
        _("无法读取该 Excel 文件:可能已损坏或不是 .xlsx 格式,请另存为 .xlsx 后重试。"),
    )
    ROSTER_NO_HEADER = (
        "roster_columns",
        _("第 1 行须是表头,且至少包含“工号”一列。请下载导入模板对照填写。"),
    )
    ROSTER_REPEATED_COLUMNS = (
        "roster_columns",
        _("表头中“%(cols)s”出现了不止一次,请删除重复的列。"),
    )
    IMPORT_NOT_CONFIRMABLE = ("import_state", _("该导入当前不能确认(状态:%(status)s)。"))
    IMPORT_RUNNING = ("import_state", _("该导入已在进行中。"))
    IMPORT_HAS_ERRORS = (
        "import_has_errors",
        _("还有 %(n)d 行错误。请改正文件后重新上传:导入要么全部成功,要么一行也不写入。"),
    )
    IMPORT_NOTHING = ("import_nothing", _("文件中的数据与名册完全一致,无需导入。"))
    ROSTER_EMPTY = ("roster_empty", _("没有提交任何人员。"), 422)
    ROSTER_TOO_MANY = ("roster_too_many", _("每次最多提交 %(n)d 行,请分批提交。"), 422)
