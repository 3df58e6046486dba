"""`manage.py search_reindex [kind …]`: rebuild the full-text index (decision 0011)."""

from django.core.management.base import BaseCommand, CommandError

from apps.core import search


class Command(BaseCommand):
    help = "重建全文检索索引(诉求、建议、隐患、动态、人员、题目);批量导入或演示数据之后运行。"

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="只重建这些类型,如 appeals.appeal(默认全部)")

    def handle(self, *args, kinds, **options):
        known = search.registered()
        unknown = [k for k in kinds if k not in known]
        if unknown:
            raise CommandError(
                f"未知的检索类型:{', '.join(unknown)}。可选:{', '.join(sorted(known))}"
            )
        for kind, count in search.reindex(kinds or None).items():
            self.stdout.write(f"  {kind}:{count:,} 条")
