"""Store every indicator of every unit over the cockpit's window now (what the nightly task
does): after an import of old records, or to time the refresh (bench/run.sh)."""

import time

from django.core.management.base import BaseCommand

from apps.insights import tasks


class Command(BaseCommand):
    help = "计算并保存驾驶舱各期指标(每晚任务的内容)"

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = tasks.refresh_window(
            progress=lambda done, total: self.stdout.write(f"  {done}/{total}", ending="\r")
        )
        self.stdout.write(f"驾驶舱指标已保存:{rows:,} 条(用时 {time.monotonic() - started:.1f} 秒)")
