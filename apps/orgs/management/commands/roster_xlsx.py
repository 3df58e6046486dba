"""Write a large, valid roster .xlsx (for the 50,000-row import), and optionally time its import.

    python manage.py roster_xlsx --rows 50000 --out var/roster-50k.xlsx --build-units --measure

--build-units creates a company 大型演示公司 (departments, teams, branches) if it is missing, so
the file's units exist; --measure runs the parse-and-preview and the apply (as a superuser) in
this process and prints how long each took.
"""

import random
import secrets
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from django.core.files import File
from django.core.management.base import BaseCommand

from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit, RosterImport
from apps.orgs.roster.columns import FIELDS

COMPANY = "大型演示公司"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉建国红梅志"
DEPARTMENTS = 60
TEAMS_PER_DEPARTMENT = 12


def ensure_units() -> tuple[list[str], dict[str, list[str]], list[str]]:
    """Departments with teams and one branch each; names are unique (大型部门N班组M)."""
    company = OrgUnit.objects.filter(name=COMPANY, depth=1).first()
    if company is None:
        company = OrgUnit.objects.add_root(
            create_kwargs={"name": COMPANY, "kind": UnitKind.COMPANY}
        )
        party = OrgUnit.objects.add_child(
            company, create_kwargs={"name": COMPANY + "党委", "kind": UnitKind.PARTY_COMMITTEE}
        )
        for d in range(1, DEPARTMENTS + 1):
            company.refresh_from_db()
            dept = OrgUnit.objects.add_child(
                company, create_kwargs={"name": f"大型部门{d}", "kind": UnitKind.DEPARTMENT}
            )
            for t in range(1, TEAMS_PER_DEPARTMENT + 1):
                dept.refresh_from_db()
                OrgUnit.objects.add_child(
                    dept, create_kwargs={"name": f"大型部门{d}班组{t}", "kind": UnitKind.TEAM}
                )
            party.refresh_from_db()
            OrgUnit.objects.add_child(
                party,
                create_kwargs={"name": f"大型部门{d}支部", "kind": UnitKind.BRANCH, "serves": dept},
            )
    departments = [f"大型部门{d}" for d in range(1, DEPARTMENTS + 1)]
    teams = {
        name: [f"{name}班组{t}" for t in range(1, TEAMS_PER_DEPARTMENT + 1)] for name in departments
    }
    return departments, teams, [f"{name}支部" for name in departments]


def write_file(path: Path, rows: int, seed: int = 7, start_no: int = 500000) -> None:
    rnd = random.Random(seed)
    departments = [f"大型部门{d}" for d in range(1, DEPARTMENTS + 1)]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    sheet.append([header for _key, header, _kind in FIELDS])
    for i in range(rows):
        dept = rnd.choice(departments)
        member = rnd.random() < 0.3
        birth = date(1965, 1, 1) + timedelta(days=rnd.randrange(0, 13000))
        joined = birth + timedelta(days=rnd.randrange(6600, 9000))
        sheet.append(
            [
                str(start_no + i),
                rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                rnd.choice("男女"),
                birth,
                f"1{rnd.choice('3589')}{rnd.randrange(10**9):09d}",
                f"{rnd.randrange(110000, 660000)}{birth:%Y%m%d}{rnd.randrange(1000):03d}X",
                dept,
                f"{dept}班组{rnd.randrange(1, TEAMS_PER_DEPARTMENT + 1)}",
                rnd.choice(["值班员", "检修工", "技术员", "操作工", "安全员"]),
                "中共党员" if member else rnd.choice(["群众", "共青团员"]),
                rnd.choice(["初级工", "中级工", "高级工", "技师", ""]),
                birth + timedelta(days=rnd.randrange(7000, 9000)),
                "在职",
                f"{dept}支部" if member else "",
                joined if member else None,
                joined + timedelta(days=365) if member else None,
                "正式党员" if member else "",
                "",
                "",
                "",
            ]
        )
    book.save(path)


class Command(BaseCommand):
    help = "写出一个大型名册 .xlsx(默认 50,000 行),可选建立所需组织并测量导入耗时。"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50000)
        parser.add_argument("--out", default="var/roster-50k.xlsx")
        parser.add_argument("--build-units", action="store_true")
        parser.add_argument("--measure", action="store_true")
        parser.add_argument("--seed", type=int, default=7, help="另一个种子:同样的工号,不同的内容")

    def handle(self, *args, rows, out, build_units, measure, seed, **options):
        if build_units:
            build_units_started = time.monotonic()
            ensure_units()
            self.stdout.write(f"units ready in {time.monotonic() - build_units_started:.1f}s")
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        write_file(path, rows, seed=seed)
        size = path.stat().st_size / 1048576
        self.stdout.write(
            f"wrote {rows} rows to {path} ({size:.1f} MB) in {time.monotonic() - started:.1f}s"
        )
        if measure:
            self.measure(path)

    def measure(self, path: Path):
        from apps.accounts.models import User
        from apps.orgs.tasks import roster_import_apply, roster_import_parse

        user, _created = User.objects.get_or_create(
            username="roster_bench", defaults={"is_superuser": True, "is_staff": True}
        )
        with path.open("rb") as fh:
            job = RosterImport.objects.create(
                token=secrets.token_hex(16),
                file=File(fh, name=path.name),
                file_name=path.name,
                created_by=user,
            )
        started = time.monotonic()
        roster_import_parse.call_local(job.pk)
        parse_s = time.monotonic() - started
        job.refresh_from_db()
        self.stdout.write(
            f"parse+validate: {parse_s:.1f}s  status={job.status} total={job.total} "
            f"new={job.created_count} update={job.updated_count} "
            f"unchanged={job.unchanged_count} errors={job.error_count}"
        )
        if job.status != RosterImport.Status.PARSED or job.error_count:
            self.stdout.write(job.message or "not applied: errors in preview")
            return
        RosterImport.objects.filter(pk=job.pk).update(status=RosterImport.Status.APPLYING)
        started = time.monotonic()
        roster_import_apply.call_local(job.pk)
        apply_s = time.monotonic() - started
        job.refresh_from_db()
        self.stdout.write(
            f"apply (revalidate + write, one transaction): {apply_s:.1f}s  status={job.status} "
            f"new={job.created_count} update={job.updated_count} {job.message}"
        )
