"""Walk the hash-chained access log of the sealed reports and say where it was altered."""

from django.core.management.base import BaseCommand, CommandError

from apps.integrity.selectors import access_verify


class Command(BaseCommand):
    help = "校验举报查阅日志的哈希链"

    def handle(self, *args, **options):
        result = access_verify()
        if not result["ok"]:
            raise CommandError(f"access log altered at seq {result['bad_seq']}")
        self.stdout.write(f"access log intact: {result['count']} rows")
