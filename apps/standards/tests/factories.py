"""Test helpers for standards: a small checklist, an open round, files real and fake."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.hazards.tests.factories import EXE, PDF, photo  # noqa: F401  (re-exported)
from apps.standards import services
from apps.standards.models import Checklist, StandardItem

YEAR = timezone.localdate().year
# (group, title, points, needs a file, judge)
ITEMS = (
    ("组织设置", "支部委员会配备齐全", 10, False, "standards.committee_complete"),
    ("组织设置", "党员名册信息完整", 10, False, "standards.roster_current"),
    ("组织生活", "三会一课按规定频次召开", 30, False, "elsewhere.not_installed"),
    ("阵地建设", "党员活动室标识统一", 50, True, ""),
)


def make_checklist(year=YEAR, threshold=90) -> Checklist:
    c = Checklist.objects.create(year=year, threshold=Decimal(threshold))
    for i, (group, title, points, needs_file, judge) in enumerate(ITEMS):
        StandardItem.objects.create(
            checklist=c,
            group=group,
            title=title,
            points=Decimal(points),
            evidence="照片" if needs_file else "",
            needs_file=needs_file,
            judge=judge,
            sort=i,
        )
    return c


def open_round(company, checklist=None, unit_key="party", start=None):
    checklist = checklist or Checklist.objects.first() or make_checklist()
    start = start or date(checklist.year, 1, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return services.round_open(
        actor=company.users["dangwei"],
        checklist=checklist,
        unit=company.units[unit_key],
        title=f"{start:%Y年%m月}检查",
        period_start=start,
        period_end=end,
        deadline=timezone.localdate() + timedelta(days=10),
    )


def add_gb_secretary(company) -> User:
    """A login holding 支部书记 on 生产党总支: reviews the branches below it."""
    user = User.objects.create_user(username="gb_shuji", password="x")
    RoleAssignment.objects.create(user=user, role=Role.BRANCH_SECRETARY, unit=company.units["gb"])
    company.users["gb_shuji"] = user
    return user


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def exe_as_pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, EXE, "application/pdf")
