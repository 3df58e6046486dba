"""`manage.py seed_demo --size small|large|group`: build the demo company (apps.orgs.demo), or
the group of four such companies under one root (`group`: 200,000 people, issue 16)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from apps.core import search as fulltext
from apps.core.demo import WHOLE_FOREST, seed_activity, seeders
from apps.orgs.choices import UnitKind
from apps.orgs.demo import (
    COMPANY_NAME,
    GROUP_NAME,
    GROUP_PEOPLE,
    PASSWORD,
    SIZES,
    GroupGenerator,
    seed_demo,
)
from apps.orgs.models import Person


def _start_of_today():
    """The activity year ends today, so the 督办 view shows work due soon and overdue now; within
    a day the same seed gives the same records."""
    local = timezone.localtime()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


class Command(BaseCommand):
    help = "生成演示公司(组织、职工、党团工会会员与演示账号),由随机种子确定,可重复。"

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=[*sorted(SIZES), "group"], default="small")
        parser.add_argument("--seed", type=int, default=2025, help="随机种子(默认 2025)")
        parser.add_argument(
            "--if-empty", action="store_true", help="已有职工数据时什么也不做(make run 用它)"
        )
        parser.add_argument(
            "--force", action="store_true", help="非演示模式(DEMO_MODE 关闭)下也创建演示账号"
        )
        parser.add_argument(
            "--no-logins", action="store_true", help="只生成组织和人员,不创建演示账号"
        )
        parser.add_argument(
            "--no-activity",
            action="store_true",
            help="不生成一年的业务数据(诉求、建议、隐患等),只要组织和人员",
        )
        # Hidden: an exact headcount, for tests and experiments.
        parser.add_argument("--people", type=int, default=None, help="==SUPPRESS==")

    def handle(self, *args, size, seed, if_empty, force, no_logins, no_activity, people, **options):
        if Person.all_objects.exists():
            if if_empty:
                self.stdout.write("已有职工数据,跳过演示数据生成。")
                return
            raise CommandError(
                "数据库中已有职工数据,不能再生成演示公司。请使用空数据库,或加 --if-empty 跳过。"
            )
        logins = not no_logins
        if logins and not settings.DEMO_MODE and not force:
            raise CommandError(
                "演示账号(密码公开)只能在演示模式下创建:当前 DEMO_MODE/DEBUG 未开启。"
                "如确需创建,请加 --force;只要数据不要账号,请加 --no-logins。"
            )
        if size == "group":
            self.seed_group(
                people=people or GROUP_PEOPLE, seed=seed, logins=logins, activity=not no_activity
            )
            return
        headcount = people or SIZES[size]
        try:
            built = seed_demo(people=headcount, seed=seed, logins=logins)
        except ValueError as exc:
            raise CommandError(f"人数太少,无法组成公司:{headcount}") from exc

        self.summary(
            f"已生成演示公司:{GROUP_NAME} · {COMPANY_NAME}",
            built,
            f"  职工 {len(built.people):,} 人;党员 {built.party:,}(其中预备党员 "
            f"{built.probationary:,}),工会会员 {built.union:,},团员 {built.league:,}",
        )
        self.stdout.write(f"  用时 {built.seconds:.1f} 秒(种子 {seed})")
        if not no_activity:
            self.stdout.write("  一年的业务数据:")
            root = next(u for u in built.units if u.depth == 1)
            seed_activity(
                seed=seed,
                company_root=root,
                people=built.people,
                units=built.units,
                now=_start_of_today(),
                log=lambda name, made: self.stdout.write(f"    {name}:{made}"),
            )
        self.reindex()

    def summary(self, heading: str, built, people_line: str) -> None:
        """What was made: the units by kind, the people, the demo logins."""
        counts = built.unit_counts()
        labels = dict(UnitKind.choices)
        self.stdout.write(self.style.SUCCESS(heading))
        self.stdout.write(f"  组织 {len(built.units):,} 个:")
        self.stdout.write(
            "    " + ",".join(f"{labels[k]} {counts.get(k, 0):,}" for k in UnitKind.values)
        )
        self.stdout.write(people_line)
        if built.logins:
            self.stdout.write(f"  演示账号:{', '.join(built.logins)}(密码均为 {PASSWORD})")

    def reindex(self):
        # The seeders write in bulk (no save signals): the full-text index is built once, here.
        started = time.monotonic()
        counts = fulltext.reindex()
        seconds = time.monotonic() - started
        self.stdout.write(f"  全文检索索引:{sum(counts.values()):,} 条(用时 {seconds:.0f} 秒)")
        # SQLite plans from its statistics: without them a count of a date range over a whole
        # subtree probes every unit's rows by unit (1 s on 100,000 appeals) instead of the date.
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def seed_group(self, *, people, seed, logins, activity):
        """The group: its headquarters, then each company and (unless --no-activity) the
        company's year of activity, each company in its own transaction."""
        started = time.monotonic()

        def each(root, built):
            counts = built.unit_counts()
            self.stdout.write(self.style.SUCCESS(f"已生成:{GROUP_NAME} · {root.name}({root.code})"))
            self.stdout.write(
                f"  组织 {len(built.units):,} 个,职工 {len(built.people):,} 人,"
                f"党员 {built.party:,},党支部 {counts.get(UnitKind.BRANCH, 0):,};"
                f"用时 {built.seconds:.1f} 秒"
            )
            self.stdout.flush()
            if activity:
                seed_activity(
                    seed=seed + len(group_roots),
                    company_root=root,
                    people=built.people,
                    units=built.units,
                    now=_start_of_today(),
                    log=log,
                    names=company_seeders,
                )
            group_roots.append(root)

        def log(name, made):
            self.stdout.write(f"    {name}:{made}")
            self.stdout.flush()

        group_roots = []
        company_seeders = {s.name for s in seeders()} - WHOLE_FOREST
        try:
            group = GroupGenerator(people=people, seed=seed).build(logins=logins, each=each)
        except ValueError as exc:
            raise CommandError(f"人数太少,无法组成集团的四家公司:{people}") from exc
        if activity:
            self.stdout.write("  全集团的业务数据:")
            seed_activity(
                seed=seed,
                company_root=group.root,
                people=group.people,
                units=group.units,
                now=_start_of_today(),
                log=log,
                names=WHOLE_FOREST,
            )
        self.summary(
            f"已生成演示集团:{GROUP_NAME}(4 家公司)",
            group,
            f"  职工 {len(group.people):,} 人;党员 {group.total('party'):,},"
            f"工会会员 {group.total('union'):,},团员 {group.total('league'):,}",
        )
        self.reindex()
        self.stdout.write(f"  总用时 {time.monotonic() - started:.0f} 秒(种子 {seed})")
