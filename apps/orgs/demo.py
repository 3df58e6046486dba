"""The demo company: 北辰机械制造有限公司 of 华岳重工集团, an industrial enterprise in a turnaround.

Built deterministically from a seed (`random.Random(seed)`, nothing global): company leaders,
functional departments, workshops (grouped into 分厂 when the company is large) and their teams;
the party committee with general branches, branches built on departments (支部建在部门上) and party
groups; the union with its branches; the youth league. Everything is bulk-inserted, so the large
company (50,000 people, 3,000+ units) is built in well under a minute on SQLite.
"""

import math
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.core import bulk

from .choices import EmploymentStatus, MemberKind, PoliticalStatus, SkillLevel, UnitKind
from .models import LeagueMembership, OrgUnit, PartyMembership, Person, UnionMembership
from .pinyin import initials

SIZES = {"small": 500, "large": 50_000}
PASSWORD = "demo12345"
REFERENCE_DATE = date(2025, 7, 31)  # "截至七月底": the roster as of the speech, not as of today
COMPANY_NAME = "北辰机械制造有限公司"
GROUP_NAME = "华岳重工集团"
CODE = "BC"

# Names: surnames roughly by frequency (the list order), given names by gender.
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
    "钱汤尹黎易常武乔贺赖龚文"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
GIVEN = {
    "M": (
        "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁峰浩亮俊宇凯健毅晨博阳帅旭振宏雷彬胜忠洪江岩松林",
        "建国志永海春文晓宏振俊德新立家子天明嘉浩宇卫红学金庆",
        "国华军明平强伟刚东林峰涛辉杰斌勇波鹏飞龙成亮宇轩豪博文生民",
    ),
    "F": (
        "芳娜敏静丽艳娟霞燕玲婷洁红萍琳雪梅慧颖倩蕾晶莉丹琴婧悦欣怡佳璐瑶雯薇露莹楠蓉",
        "秀玉丽晓春海雅静淑慧美佳欣梦紫思雨若亚桂",
        "英兰芳红梅霞华琴珍玲娟燕萍婷琳雪莹丹颖洁怡涵萱彤妍",
    ),
}
MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 176 177 180 181 "
    "182 183 185 186 187 188 189 191 198 199"
).split()
# 6-digit administrative division codes (mostly around the plant, some from afar).
AREA_CODES = (
    "410302 410303 410304 410305 410311 410322 410323 410324 410325 410327 410381 410102 410105 "
    "410182 411402 411302 410402 130102 370102 420106 610113 340104 430102 510104"
).split()
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

LEADERS = (  # (position, head of): the company leadership, in the 公司领导 department
    ("党委书记、董事长", "party"),
    ("总经理、党委副书记", "company"),
    ("党委副书记、工会主席", "union"),
    ("纪委书记", None),
    ("副总经理", None),
    ("副总经理", None),
    ("总会计师", None),
)
# (name, code, head title, staff positions, relative headcount)
FUNCTIONAL = (
    ("综合办公室", "ZH", "主任", ("文秘", "行政专员", "档案管理员", "驾驶员", "信息化专员"), 1.0),
    ("生产部", "SC", "部长", ("生产调度员", "计划员", "统计员", "生产主管"), 1.2),
    ("技术部", "JS", "部长", ("工艺工程师", "设计工程师", "主任工程师", "技术员"), 2.0),
    ("安全环保部", "AQ", "部长", ("安全工程师", "安全员", "环保专员", "职业健康专员"), 0.8),
    ("质量管理部", "ZL", "部长", ("质量工程师", "检验员", "计量员", "质量体系专员"), 1.0),
    ("设备动力部", "SB", "部长", ("设备工程师", "动力工程师", "点检员", "设备管理员"), 0.8),
    ("财务部", "CW", "部长", ("会计", "出纳", "成本会计", "财务分析员", "税务会计"), 0.7),
    ("人力资源部", "RL", "部长", ("薪酬专员", "培训专员", "招聘专员", "劳动关系专员"), 0.6),
    ("党群工作部", "DQ", "部长", ("组织干事", "宣传干事", "党建专员", "企业文化专员"), 0.6),
    ("纪委办公室", "JW", "主任", ("纪检监察员", "审计专员", "廉政专员"), 0.3),
    ("工会办公室", "GH", "主任", ("工会干事", "女工干事", "文体干事", "劳动保护干事"), 0.3),
    ("物资供应部", "GY", "部长", ("采购员", "仓库管理员", "物资计划员", "招标专员"), 1.0),
    ("市场营销部", "XS", "部长", ("销售经理", "客户经理", "售后服务工程师", "市场专员"), 1.2),
)
# (short name, plant name, (team type, worker position) ...): a workshop's trade and its teams
TRADES = (
    ("铸造", "铸造", (("熔炼班", "熔炼工"), ("造型班", "造型工"), ("清理班", "铸件清理工"))),
    (
        "机加",
        "机加工",
        (("车工班", "车工"), ("铣工班", "铣工"), ("数控班", "数控车工"), ("磨工班", "磨工")),
    ),
    ("装配", "装配", (("装配班", "装配钳工"), ("总装班", "装配工"), ("调试班", "调试工"))),
    ("动力", "动力", (("运行班", "运行值班员"), ("检修班", "维修电工"), ("配电班", "变配电工"))),
    ("锻压", "锻压", (("锻造班", "锻造工"), ("冲压班", "冲压工"), ("剪切班", "剪切工"))),
    ("焊接", "焊接结构", (("焊接班", "电焊工"), ("下料班", "气割工"), ("铆焊班", "铆工"))),
    ("热处理", "热处理", (("淬火班", "热处理工"), ("渗碳班", "热处理工"), ("调质班", "热处理工"))),
    ("涂装", "涂装", (("喷涂班", "涂装工"), ("前处理班", "涂装工"), ("烘干班", "烘干工"))),
    ("机修", "设备维修", (("机修班", "维修钳工"), ("电修班", "维修电工"), ("液压班", "液压工"))),
    ("储运", "储运", (("装卸班", "装卸工"), ("叉车班", "叉车司机"), ("起重班", "起重工"))),
)
WORKSHOP_OFFICE = ("车间主任", "党支部书记", "车间副主任", "技术员", "安全员", "统计核算员")
PLANT_OFFICE = (
    *("厂长", "党总支书记", "副厂长", "副厂长", "总工程师", "团总支书记"),
    *("生产调度员", "安全主管", "技术主管", "综合管理员"),
)
SKILL_TIERS = (
    SkillLevel.JUNIOR,
    SkillLevel.INTERMEDIATE,
    SkillLevel.SENIOR,
    SkillLevel.TECHNICIAN,
    SkillLevel.SENIOR_TECHNICIAN,
)
BRANCH_POSTS = ("组织委员", "宣传委员", "纪检委员")

# What a seat implies: (birth years, hire age in years, party probability or "forced", male share)
SEAT_KINDS = {
    "leader": ((1965, 1976), (22, 25), "forced", 0.85),
    "head": ((1966, 1984), (22, 25), 0.85, 0.8),
    "secretary": ((1967, 1988), (22, 26), "forced", 0.7),
    "youth": ((1993, 1998), (22, 24), "forced", 0.6),
    "deputy": ((1968, 1990), (22, 26), 0.6, 0.75),
    "staff": ((1965, 2003), (21, 26), 0.4, 0.55),
    "team_leader": ((1968, 1992), (18, 22), 0.45, 0.88),
    "worker": ((1965, 2003), (18, 23), 0.22, 0.85),
}


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals: 1 → 一, 12 → 十二, 20 → 二十."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit of an 18-digit ID number."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number_valid(number: str) -> bool:
    return len(number) == 18 and number[:17].isdigit() and id_check_digit(number[:17]) == number[17]


@cache
def _initials(name: str) -> str:
    return initials(name)


@dataclass
class Seat:
    """A place in the roster the generator fills with one person."""

    dept: OrgUnit
    team: OrgUnit | None
    position: str
    kind: str
    person: Person | None = None


@dataclass
class Built:
    units: list[OrgUnit] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    party: int = 0
    probationary: int = 0
    union: int = 0
    league: int = 0
    logins: dict[str, User] = field(default_factory=dict)
    seconds: float = 0.0

    def unit_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for u in self.units:
            counts[u.kind] = counts.get(u.kind, 0) + 1
        return counts


class Tree:
    """Units with treebeard paths computed here, so the whole forest is one bulk insert. The root
    is a new root node, or the next child of `parent` (a company of the group); `code` prefixes
    every unit code, so several companies' codes never meet."""

    def __init__(self, *, code: str = CODE, parent: OrgUnit | None = None):
        self.code, self.parent = code, parent
        if parent is not None:
            parent.numchild += 1
            self.root_path = OrgUnit._get_path(parent.path, parent.depth + 1, parent.numchild)
            self.root_depth = parent.depth + 1
        else:
            last = OrgUnit.objects.get_last_root_node()
            self.root_path = last._inc_path() if last else OrgUnit._get_path(None, 1, 1)
            self.root_depth = 1
        self.units: list[OrgUnit] = []
        self.serves: dict[int, OrgUnit] = {}
        self.codes: dict[str, int] = {}

    def add(self, parent, name, kind, prefix, serves=None) -> OrgUnit:
        n = self.codes[prefix] = self.codes.get(prefix, 0) + 1
        code = self.code
        code += f"-{prefix}" if prefix in {"P", "U", "Y"} else f"-{prefix}{n:04d}"
        if parent is None:
            path, depth = self.root_path, self.root_depth
            code = self.code
        else:
            parent.numchild += 1
            depth = parent.depth + 1
            path = OrgUnit._get_path(parent.path, depth, parent.numchild)
        unit = OrgUnit(name=name, kind=kind, code=code, path=path, depth=depth, numchild=0)
        unit.sort = parent.numchild if parent else 0
        if serves is not None:
            self.serves[id(unit)] = serves
        self.units.append(unit)
        return unit

    def save(self):
        plain = [u for u in self.units if id(u) not in self.serves]
        bulk.insert(plain)
        bound = [u for u in self.units if id(u) in self.serves]
        for u in bound:
            u.serves = self.serves[id(u)]
        bulk.insert(bound)


class Generator:
    """One company. By default the demo company alone; in a group (GroupGenerator) one of
    several, under the group's root, with its own name, unit-code and 工号 prefix, and the
    mobiles and ID numbers of the whole group shared so they stay unique across it."""

    def __init__(
        self,
        *,
        people: int,
        seed: int,
        name: str = COMPANY_NAME,
        code: str = CODE,
        employee_prefix: str = "",
        parent: OrgUnit | None = None,
        mobiles: set[str] | None = None,
        ids: set[str] | None = None,
    ):
        self.n = people
        self.rng = random.Random(seed)
        self.company_name, self.code, self.employee_prefix = name, code, employee_prefix
        self.parent = parent
        self.mobiles: set[str] = set() if mobiles is None else mobiles
        self.ids: set[str] = set() if ids is None else ids
        self.surname_weights = [1 / (i + 6) for i in range(len(SURNAMES))] + [0.004] * len(
            COMPOUND_SURNAMES
        )
        self.surnames = list(SURNAMES) + list(COMPOUND_SURNAMES)
        self.cum_surname = list(_accumulate(self.surname_weights))

    # ---- structure ----------------------------------------------------------------------------
    def plan(self):
        rng, n = self.rng, self.n
        functional = max(3 * len(FUNCTIONAL), round(min(n * 0.16, 1500 + n * 0.01)))
        rest = n - len(LEADERS) - functional
        large = rest >= 3000
        workshops = max(3, round(rest / (380 if large else 100)))
        plants = math.ceil(workshops / 8) if large else 0
        office = workshops * len(WORKSHOP_OFFICE) + plants * len(PLANT_OFFICE)
        team_seats = rest - office
        teams = max(workshops, round(team_seats / (24 if large else 20)))
        if team_seats < 2 * teams:
            raise ValueError(f"too few people for a company: {n}")

        t = self.tree = Tree(code=self.code, parent=self.parent)
        self.seats: list[Seat] = []
        root = self.root = t.add(None, self.company_name, UnitKind.COMPANY, "")
        leaders = self.leaders_unit = t.add(root, "公司领导", UnitKind.DEPARTMENT, "D")
        for position, _ in LEADERS:
            self.seats.append(Seat(leaders, None, position, "leader"))

        weights = [f[4] for f in FUNCTIONAL]
        sizes = _split(functional, weights, rng, minimum=3, jitter=0.15)
        self.functional: list[tuple[OrgUnit, tuple]] = []
        for spec, size in zip(FUNCTIONAL, sizes, strict=True):
            name, _, title, positions, _ = spec
            dept = t.add(root, name, UnitKind.DEPARTMENT, "D")
            self.functional.append((dept, spec))
            self.seats.append(Seat(dept, None, title, "head"))
            # The deputy head is the department's party branch secretary.
            self.seats.append(Seat(dept, None, "副" + title, "secretary"))
            for i in range(size - 2):
                self.seats.append(Seat(dept, None, positions[i % len(positions)], "staff"))
            if name == "党群工作部":
                self.seats[-1] = Seat(dept, None, "团委书记", "youth")

        # Workshops: directly under the company, or grouped into 分厂 of one trade each.
        team_sizes = _split(team_seats, [1.0] * teams, rng, minimum=2, jitter=0.35)
        per_ws = _split(teams, [1.0] * workshops, rng, minimum=1, jitter=0.2)
        self.plants: list[OrgUnit] = []
        self.workshops: list[tuple[OrgUnit, OrgUnit | None]] = []  # (workshop, plant)
        trade_of: dict[int, tuple] = {}
        if large:
            per_plant = _split(workshops, [1.0] * plants, rng, minimum=1, jitter=0.0)
            used: dict[str, int] = {}
            ws_numbers: dict[str, int] = {}
            for p, count in enumerate(per_plant):
                trade = TRADES[p % len(TRADES)]
                used[trade[0]] = used.get(trade[0], 0) + 1
                repeats = plants // len(TRADES) + (p % len(TRADES) < plants % len(TRADES))
                prefix = f"第{cn_number(used[trade[0]])}" if repeats > 1 else ""
                plant = t.add(root, f"{prefix}{trade[1]}分厂", UnitKind.DEPARTMENT, "D")
                self.plants.append(plant)
                for position in PLANT_OFFICE:
                    kind = {"厂长": "head", "党总支书记": "secretary", "团总支书记": "youth"}
                    self.seats.append(Seat(plant, None, position, kind.get(position, "staff")))
                for _ in range(count):
                    ws_numbers[trade[0]] = ws_numbers.get(trade[0], 0) + 1
                    name = f"{trade[0]}{cn_number(ws_numbers[trade[0]])}车间"
                    ws = t.add(plant, name, UnitKind.DEPARTMENT, "W")
                    self.workshops.append((ws, plant))
                    trade_of[id(ws)] = trade
        else:
            for w in range(workshops):
                trade = TRADES[w % len(TRADES)]
                rounds = w // len(TRADES)
                name = f"{trade[0]}{cn_number(rounds + 1)}车间" if workshops > 10 else ""
                ws = t.add(root, name or f"{trade[1]}车间", UnitKind.DEPARTMENT, "W")
                self.workshops.append((ws, None))
                trade_of[id(ws)] = trade

        self.teams: dict[int, list[OrgUnit]] = {}
        sizes_iter = iter(team_sizes)
        for (ws, _plant), count in zip(self.workshops, per_ws, strict=True):
            kinds = {"车间主任": "head", "党支部书记": "secretary", "车间副主任": "deputy"}
            for position in WORKSHOP_OFFICE:
                self.seats.append(Seat(ws, None, position, kinds.get(position, "staff")))
            team_types = trade_of[id(ws)][2]
            self.teams[id(ws)] = []
            for i in range(count):
                team_type, worker = team_types[i % len(team_types)]
                several = count > i % len(team_types) + len(team_types)  # more than one of a type
                number = cn_number(i // len(team_types) + 1)
                name = f"{team_type[:-1]}{number}班" if several else team_type
                team = t.add(ws, name, UnitKind.TEAM, "T")
                self.teams[id(ws)].append(team)
                size = next(sizes_iter)
                self.seats.append(Seat(ws, team, "班组长", "team_leader"))
                for _ in range(size - 1):
                    self.seats.append(Seat(ws, team, worker, "worker"))

        self._plan_party_union_league()
        assert len(self.seats) == n, (len(self.seats), n)

    def _plan_party_union_league(self):
        t, root = self.tree, self.root
        party = self.party_unit = t.add(root, "公司党委", UnitKind.PARTY_COMMITTEE, "P")
        # Where each department's people belong: dept id → (party unit, union unit, league unit).
        self.home: dict[int, list] = {}
        self.party_groups: dict[int, list[OrgUnit]] = {}
        office = t.add(party, "机关党总支", UnitKind.GENERAL_BRANCH, "G")
        self.office_general_branch = office
        for dept, spec in self.functional:
            branch = t.add(office, f"{spec[0]}党支部", UnitKind.BRANCH, "B", serves=dept)
            self.home[id(dept)] = [branch, None, None]
        self.home[id(self.leaders_unit)] = [self.home[id(self.functional[0][0])][0], None, None]
        gb_of_plant: dict[int, OrgUnit] = {}
        if self.plants:
            for plant in self.plants:
                gb = t.add(party, f"{plant.name}党总支", UnitKind.GENERAL_BRANCH, "G", serves=plant)
                gb_of_plant[id(plant)] = gb
                self.home[id(plant)] = [gb, None, None]
        else:
            production = t.add(party, "生产党总支", UnitKind.GENERAL_BRANCH, "G")
            self.production_general_branch = production
        self.production_branches: list[OrgUnit] = []
        for ws, plant in self.workshops:
            parent = gb_of_plant[id(plant)] if plant else production
            branch = t.add(parent, f"{ws.name}党支部", UnitKind.BRANCH, "B", serves=ws)
            self.production_branches.append(branch)
            self.home[id(ws)] = [branch, None, None]
            groups = 2 + (len(self.teams[id(ws)]) >= 10)
            self.party_groups[id(branch)] = [
                t.add(branch, f"第{cn_number(g + 1)}党小组", UnitKind.PARTY_GROUP, "PG")
                for g in range(groups)
            ]

        union = self.union_unit = t.add(root, "公司工会", UnitKind.UNION_COMMITTEE, "U")
        for dept, spec in self.functional:
            self.home[id(dept)][1] = t.add(
                union, f"{spec[0]}工会分会", UnitKind.UNION_BRANCH, "UB", serves=dept
            )
        self.home[id(self.leaders_unit)][1] = self.home[id(self.functional[0][0])][1]
        union_of_plant = {}
        for plant in self.plants:
            ub = t.add(union, f"{plant.name}工会", UnitKind.UNION_BRANCH, "UB", serves=plant)
            union_of_plant[id(plant)] = self.home[id(plant)][1] = ub
        for ws, plant in self.workshops:
            parent = union_of_plant[id(plant)] if plant else union
            self.home[id(ws)][1] = t.add(
                parent, f"{ws.name}工会分会", UnitKind.UNION_BRANCH, "UB", serves=ws
            )

        league = self.league_unit = t.add(root, "公司团委", UnitKind.LEAGUE_COMMITTEE, "Y")
        office_league = t.add(league, "机关团支部", UnitKind.LEAGUE_BRANCH, "YB")
        for dept, _ in self.functional:
            self.home[id(dept)][2] = office_league
        league_of_plant = {}
        for plant in self.plants:
            yb = t.add(league, f"{plant.name}团总支", UnitKind.LEAGUE_BRANCH, "YB", serves=plant)
            league_of_plant[id(plant)] = self.home[id(plant)][2] = yb
        for ws, plant in self.workshops:
            parent = league_of_plant[id(plant)] if plant else league
            self.home[id(ws)][2] = t.add(
                parent, f"{ws.name}团支部", UnitKind.LEAGUE_BRANCH, "YB", serves=ws
            )

    # ---- people -------------------------------------------------------------------------------
    def name(self, gender: str) -> str:
        rng = self.rng
        surname = rng.choices(self.surnames, cum_weights=self.cum_surname)[0]
        single, first, second = GIVEN[gender]
        if rng.random() < 0.4:
            return surname + rng.choice(single)
        a, b = rng.choice(first), rng.choice(second)
        return surname + a + (b if b != a else rng.choice(single))

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def id_number(self, birth: date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(500) * 2 + (1 if gender == "M" else 0)
            first17 = f"{self.rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
            number = first17 + id_check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def person(self, number: int, seat: Seat) -> Person:
        rng = self.rng
        years, hire_age, party, male_share = SEAT_KINDS[seat.kind]
        gender = "M" if rng.random() < male_share else "F"
        birth = _random_date(rng, date(years[0], 1, 1), date(years[1], 12, 31))
        hired = birth + timedelta(days=int(rng.uniform(*hire_age) * 365.25))
        if hired > REFERENCE_DATE - timedelta(days=20):
            hired = max(
                _add_years(birth, 18), REFERENCE_DATE - timedelta(days=rng.randint(20, 600))
            )
        age = (REFERENCE_DATE - birth).days / 365.25
        status = PoliticalStatus.MASSES
        if party == "forced" or rng.random() < party:
            full = party == "forced" or rng.random() >= 0.1
            status = PoliticalStatus.PARTY_MEMBER if full else PoliticalStatus.PROBATIONARY
        elif age < 28 and rng.random() < 0.85:
            status = PoliticalStatus.LEAGUE_MEMBER
        elif rng.random() < 0.006:
            status = PoliticalStatus.DEMOCRATIC_PARTY
        skill = ""
        if seat.kind in {"worker", "team_leader"}:
            service = (REFERENCE_DATE - hired).days / 365.25
            score = service + rng.gauss(0, 4) + (6 if seat.kind == "team_leader" else 0)
            tier = sum(score >= edge for edge in (5, 14))  # 初级, 中级, 高级 by service
            if tier == 2 and rng.random() < 0.25:  # 技师 and 高级技师 are the few
                tier = 4 if rng.random() < 0.2 else 3
            skill = SKILL_TIERS[tier]
        employment = EmploymentStatus.ACTIVE
        if seat.kind in {"worker", "staff"}:
            roll = rng.random()
            if roll < 0.01:
                employment = EmploymentStatus.SECONDED
            elif roll < 0.02:
                employment = EmploymentStatus.LEAVE
        name = self.name(gender)
        return Person(
            employee_no=f"{self.employee_prefix}{100000 + number}",
            name=name,
            name_initials=_initials(name),
            gender=gender,
            birth_date=birth,
            mobile=self.mobile(),
            id_number=self.id_number(birth, gender),
            department=seat.dept,
            team=seat.team,
            position=seat.position,
            political_status=status,
            skill_level=skill,
            hired_on=hired,
            status=employment,
        )

    def memberships(self):
        """Party, union and league memberships, with the posts and unit heads that follow."""
        rng = self.rng
        party, union, league = [], [], []
        posts: dict[int, int] = {}  # branch → committee posts handed out
        members_of: dict[int, list[Person]] = {}
        for seat in self.seats:
            p = seat.person
            branch, union_unit, league_unit = self.home[id(seat.dept)]
            if p.political_status in {PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY}:
                probationary = p.political_status == PoliticalStatus.PROBATIONARY
                if probationary:
                    joined = REFERENCE_DATE - timedelta(days=rng.randint(30, 360))
                else:
                    age = (REFERENCE_DATE - p.birth_date).days / 365.25
                    latest = max(18.5, min(age - 1.2, 42))
                    joined = _add_years(p.birth_date, 18) + timedelta(
                        days=int(rng.uniform(0, latest - 18) * 365.25)
                    )
                post = ""
                if seat.kind == "secretary" and branch.kind == UnitKind.BRANCH:
                    post = "书记"
                elif seat.kind == "secretary":
                    post = "总支书记"
                elif (
                    seat.kind != "leader"
                    and not probationary
                    and posts.get(id(branch), 0) < len(BRANCH_POSTS)
                ):
                    post = BRANCH_POSTS[posts.get(id(branch), 0)]
                    posts[id(branch)] = posts.get(id(branch), 0) + 1
                if post == "书记" or post == "总支书记":
                    branch.head = p
                members_of.setdefault(id(branch), []).append(p)
                party.append(
                    PartyMembership(
                        person=p,
                        branch=branch,
                        kind=MemberKind.PROBATIONARY if probationary else MemberKind.FULL,
                        joined_on=joined,
                        confirmed_on=None if probationary else joined + timedelta(days=365),
                        party_post=post,
                    )
                )
            if union_unit is not None and (seat.kind != "worker" or rng.random() < 0.95):
                union_post = ""
                chair = "deputy" if seat.dept.pk in self.workshop_ids else "staff"
                if union_unit.head is None and seat.kind == chair:
                    union_unit.head, union_post = p, "主席"
                union.append(
                    UnionMembership(
                        person=p,
                        unit=union_unit,
                        joined_on=min(REFERENCE_DATE, p.hired_on + timedelta(rng.randint(0, 90))),
                        union_post=union_post,
                    )
                )
            if seat.kind == "youth" and league_unit is not None and league_unit.head is None:
                league_unit.head = p  # 团总支书记 of a plant
            if p.political_status == PoliticalStatus.LEAGUE_MEMBER and league_unit is not None:
                league_post = ""
                if league_unit.head is None:
                    league_unit.head, league_post = p, "书记"
                league.append(
                    LeagueMembership(
                        person=p,
                        unit=league_unit,
                        joined_on=_add_years(p.birth_date, 14) + timedelta(rng.randint(0, 700)),
                        league_post=league_post,
                    )
                )
        # Party groups: led by members of the branch who hold no other post.
        for branch_id, groups in self.party_groups.items():
            plain = [p for p in members_of.get(branch_id, []) if p.position != "党支部书记"]
            for group, leader in zip(groups, plain[-len(groups) :], strict=False):
                group.head = leader
        return party, union, league

    def build(self, *, logins: bool) -> Built:
        started = time.monotonic()
        self.plan()
        self.tree.save()
        self.workshop_ids = {ws.pk for ws, _ in self.workshops}
        people = []
        for number, seat in enumerate(self.seats, start=1):
            seat.person = self.person(number, seat)
            people.append(seat.person)
        bulk.insert(people)
        for seat in self.seats:
            if seat.kind == "head" and seat.dept.head is None:
                seat.dept.head = seat.person
            elif seat.kind == "team_leader":
                seat.team.head = seat.person
        leaders = [s.person for s in self.seats[: len(LEADERS)]]
        for (_position, heads_key), person in zip(LEADERS, leaders, strict=True):
            if heads_key == "party":
                self.party_unit.head = self.leaders_unit.head = person
            elif heads_key == "company":
                self.root.head = person
            elif heads_key == "union":
                self.union_unit.head = person
        youth = next(s.person for s in self.seats if s.position == "团委书记")
        self.league_unit.head = youth
        self.office_general_branch.head = next(
            d.head for d, spec in self.functional if spec[0] == "党群工作部"
        )
        if not self.plants:  # the production general branch is led by the head of 生产部
            self.production_general_branch.head = next(
                d.head for d, spec in self.functional if spec[0] == "生产部"
            )
        party, union, league = self.memberships()
        bulk.insert(party)
        bulk.insert(union)
        bulk.insert(league)
        with_head = [u for u in self.tree.units if u.head is not None]
        bulk.update(OrgUnit, with_head, ["head"])

        built = Built(units=self.tree.units, people=people)
        built.party = len(party)
        built.probationary = sum(m.kind == MemberKind.PROBATIONARY for m in party)
        built.union, built.league = len(union), len(league)
        if logins:
            built.logins = self.create_logins()
        built.seconds = time.monotonic() - started
        return built

    def create_logins(self, *, admin_unit: OrgUnit | None = None) -> dict[str, User]:
        """The five demo logins, each with the role the README promises (in a group, the admin
        holds the group's root: `admin_unit`)."""
        ws, _plant = self.workshops[0]
        branch = self.production_branches[0]
        dangqun = next(d for d, spec in self.functional if spec[0] == "党群工作部")
        first_team = self.teams[id(ws)][0]
        workers = [s.person for s in self.seats if s.team is first_team and s.kind == "worker"]
        worker = next(
            (p for p in workers if p.political_status == PoliticalStatus.MASSES), workers[0]
        )
        grants = {
            "admin": (Role.SYSTEM_ADMIN, admin_unit or self.root, None),
            "dangwei": (Role.PARTY_ADMIN, self.root, dangqun.head),
            "shuji": (Role.BRANCH_SECRETARY, branch, branch.head),
            "bumen": (Role.DEPARTMENT_HEAD, ws, ws.head),
            "zhigong": (Role.EMPLOYEE, first_team, worker),
        }
        return grant_logins(grants)


def grant_logins(grants: dict) -> dict[str, User]:
    """username → (role, unit, person): the login (password PASSWORD) with that one grant."""
    users = {}
    for username, (role, unit, person) in grants.items():
        user = User.objects.filter(username=username).first() or User(username=username)
        user.password = make_password(PASSWORD)
        user.person = person
        user.is_active = True
        user.is_staff = username == "admin"
        if person is not None:
            user.last_name, user.first_name = person.name[0], person.name[1:]
        user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        users[username] = user
    return users


# ---- the group: 4 companies under one root ---------------------------------------------------
GROUP_CODE = "HY"
GROUP_PEOPLE = 200_000
# (name, unit-code prefix = 工号 prefix): the first is the demo company itself.
GROUP_COMPANIES = (
    (COMPANY_NAME, CODE),
    ("华岳重型装备有限公司", "ZB"),
    ("华岳铸锻有限公司", "ZD"),
    ("华岳精密传动有限公司", "CD"),
)
# The group's headquarters: (department, head title, (position, seat kind) ...).
GROUP_HQ = (
    (
        "集团领导",
        (
            ("党委书记、董事长", "leader"),
            ("总经理、党委副书记", "leader"),
            ("党委副书记、工会主席", "leader"),
            ("纪委书记", "leader"),
            ("副总经理", "leader"),
            ("副总经理", "leader"),
            ("总会计师", "leader"),
        ),
    ),
    ("集团办公室", (("主任", "head"), ("副主任", "deputy"), *[("文秘", "staff")] * 3)),
    (
        "集团党群工作部",
        (
            ("部长", "head"),
            ("副部长", "secretary"),
            ("组织干事", "staff"),
            ("宣传干事", "staff"),
            ("团委书记", "youth"),
        ),
    ),
    ("集团人力资源部", (("部长", "head"), ("薪酬专员", "staff"), ("培训专员", "staff"))),
    ("集团财务部", (("部长", "head"), ("会计", "staff"), ("财务分析员", "staff"))),
    ("集团纪检监察部", (("部长", "head"), ("纪检监察员", "staff"), ("审计专员", "staff"))),
    ("集团安全生产部", (("部长", "head"), ("安全工程师", "staff"), ("生产调度员", "staff"))),
)
GROUP_HQ_PEOPLE = sum(len(seats) for _, seats in GROUP_HQ)


@dataclass
class GroupBuilt:
    root: OrgUnit
    hq: Built
    companies: list[Built] = field(default_factory=list)
    company_roots: list[OrgUnit] = field(default_factory=list)
    logins: dict[str, User] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def units(self) -> list[OrgUnit]:
        return [u for b in (self.hq, *self.companies) for u in b.units]

    @property
    def people(self) -> list[Person]:
        return [p for b in (self.hq, *self.companies) for p in b.people]

    def total(self, attr: str) -> int:
        return sum(getattr(b, attr) for b in (self.hq, *self.companies))

    def unit_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for u in self.units:
            counts[u.kind] = counts.get(u.kind, 0) + 1
        return counts


class GroupGenerator:
    """华岳重工集团: the group's root with its headquarters (集团党委, 集团工会, 集团团委, the
    group's departments) and the companies of GROUP_COMPANIES under it, each built by Generator
    with its own name, unit-code and 工号 prefix. Every company is its own transaction;
    `each(company_root, built)` runs after each one (the command seeds its year of activity)."""

    def __init__(self, *, people: int = GROUP_PEOPLE, seed: int = 2025, companies=GROUP_COMPANIES):
        self.n, self.seed, self.companies = people, seed, companies
        self.rng = random.Random(f"{seed}:group")
        self.mobiles: set[str] = set()
        self.ids: set[str] = set()

    def headcounts(self) -> list[int]:
        rest = self.n - GROUP_HQ_PEOPLE
        each, extra = divmod(rest, len(self.companies))
        return [each + (i < extra) for i in range(len(self.companies))]

    def build(self, *, logins: bool, each=None) -> GroupBuilt:
        started = time.monotonic()
        with transaction.atomic():
            group = self._build_hq()
            if logins:  # first: the group's 党委 is the first 党委 login a seeder finds
                group.logins = grant_logins(
                    {"jituan": (Role.PARTY_ADMIN, group.root, self.hq_party_admin)}
                )
        for i, ((name, code), headcount) in enumerate(
            zip(self.companies, self.headcounts(), strict=True)
        ):
            with transaction.atomic():
                gen = Generator(
                    people=headcount,
                    seed=self.seed + i,
                    name=name,
                    code=code,
                    employee_prefix=code,
                    parent=group.root,
                    mobiles=self.mobiles,
                    ids=self.ids,
                )
                built = gen.build(logins=False)
                OrgUnit.objects.filter(pk=group.root.pk).update(numchild=group.root.numchild)
                group.companies.append(built)
                group.company_roots.append(gen.root)
                if logins and i == 0:
                    group.logins |= gen.create_logins(admin_unit=group.root)
            if each is not None:
                each(gen.root, built)
        group.seconds = time.monotonic() - started
        return group

    def _build_hq(self) -> GroupBuilt:
        hq = Generator(
            people=GROUP_HQ_PEOPLE,
            seed=self.seed,
            name=GROUP_NAME,
            code=GROUP_CODE,
            employee_prefix=GROUP_CODE,
            mobiles=self.mobiles,
            ids=self.ids,
        )
        t = Tree(code=GROUP_CODE)
        root = t.add(None, GROUP_NAME, UnitKind.COMPANY, "")
        depts = [(t.add(root, name, UnitKind.DEPARTMENT, "D"), seats) for name, seats in GROUP_HQ]
        party = t.add(root, "集团党委", UnitKind.PARTY_COMMITTEE, "P")
        branch = t.add(party, "集团机关党支部", UnitKind.BRANCH, "B")
        union = t.add(root, "集团工会", UnitKind.UNION_COMMITTEE, "U")
        union_branch = t.add(union, "集团机关工会分会", UnitKind.UNION_BRANCH, "UB")
        league = t.add(root, "集团团委", UnitKind.LEAGUE_COMMITTEE, "Y")
        league_branch = t.add(league, "集团机关团支部", UnitKind.LEAGUE_BRANCH, "YB")
        t.save()
        people, seats = [], []
        for dept, dept_seats in depts:
            for position, kind in dept_seats:
                seat = Seat(dept, None, position, kind)
                seat.person = hq.person(len(people) + 1, seat)
                people.append(seat.person)
                seats.append(seat)
                if kind in {"head", "leader"} and dept.head is None:
                    dept.head = seat.person
        bulk.insert(people)
        leaders = [s.person for s in seats if s.kind == "leader"]
        party.head, root.head, union.head = leaders[0], leaders[1], leaders[2]
        party_rows, union_rows, league_rows = [], [], []
        for seat in seats:
            p = seat.person
            if p.political_status in {PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY}:
                probationary = p.political_status == PoliticalStatus.PROBATIONARY
                joined = _add_years(p.birth_date, 25)
                post = "书记" if seat.kind == "secretary" else ""
                if post:
                    branch.head = p
                party_rows.append(
                    PartyMembership(
                        person=p,
                        branch=branch,
                        kind=MemberKind.PROBATIONARY if probationary else MemberKind.FULL,
                        joined_on=joined,
                        confirmed_on=None if probationary else joined + timedelta(days=365),
                        party_post=post,
                    )
                )
            union_rows.append(UnionMembership(person=p, unit=union_branch, joined_on=p.hired_on))
            if seat.kind == "youth":
                league.head = league_branch.head = p
            if p.political_status == PoliticalStatus.LEAGUE_MEMBER:
                league_rows.append(
                    LeagueMembership(
                        person=p, unit=league_branch, joined_on=_add_years(p.birth_date, 14)
                    )
                )
        union_branch.head = people[-1]
        bulk.insert(party_rows)
        bulk.insert(union_rows)
        bulk.insert(league_rows)
        bulk.update(OrgUnit, [u for u in t.units if u.head is not None], ["head"])
        self.hq_party_admin = next(d.head for d, _ in depts if d.name == "集团党群工作部")
        built = Built(units=t.units, people=people)
        built.party, built.union, built.league = len(party_rows), len(union_rows), len(league_rows)
        built.probationary = sum(m.kind == MemberKind.PROBATIONARY for m in party_rows)
        return GroupBuilt(root=root, hq=built)


def seed_demo(*, people: int, seed: int = 2025, logins: bool = True) -> Built:
    """Build the demo company in one transaction: all of it, or nothing."""
    with transaction.atomic():
        return Generator(people=people, seed=seed).build(logins=logins)


# ---- helpers ----------------------------------------------------------------------------------
def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def _split(total: int, weights, rng: random.Random, *, minimum: int, jitter: float) -> list[int]:
    """`total` split into parts proportional to `weights` (± jitter), each at least `minimum`."""
    w = [x * (1 + rng.uniform(-jitter, jitter)) for x in weights]
    scale = sum(w)
    parts = [max(minimum, int(total * x / scale)) for x in w]
    i = 0
    while sum(parts) != total:  # spread the rounding remainder one by one
        j = i % len(parts)
        if sum(parts) < total:
            parts[j] += 1
        elif parts[j] > minimum:
            parts[j] -= 1
        i += 1
    return parts


def _random_date(rng: random.Random, lo: date, hi: date) -> date:
    return date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)
