"""MilestoneUpdate becomes a TimelineEvent on the same table (no row moves): actor, its name,
time, note, progress and done keep their values; the action is new, "done" (open → done) on an
update that marked the milestone done and "progress" on the others; deadline and details are new
and empty."""

from django.conf import settings
from django.db import migrations, models

ACTIONS = [("progress", "填报进展"), ("done", "标记完成")]
STATUSES = [("open", "进行中"), ("done", "已完成"), ("cancelled", "已取消")]


def mark_done_steps(apps, schema_editor):
    Update = apps.get_model("projects", "MilestoneUpdate")
    Update.objects.filter(done=True).update(action="done", from_status="open", to_status="done")


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("projects", "0004_event_on_shared_timeline"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestoneupdate",
            name="action",
            field=models.CharField(
                choices=ACTIONS, default="progress", max_length=16, verbose_name="操作"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="milestoneupdate",
            name="from_status",
            field=models.CharField(
                blank=True, choices=STATUSES, max_length=16, verbose_name="原状态"
            ),
        ),
        migrations.AddField(
            model_name="milestoneupdate",
            name="to_status",
            field=models.CharField(
                blank=True, choices=STATUSES, max_length=16, verbose_name="新状态"
            ),
        ),
        migrations.AddField(
            model_name="milestoneupdate",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="期限"),
        ),
        migrations.AddField(
            model_name="milestoneupdate",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="详情"),
        ),
        migrations.AlterField(
            model_name="milestoneupdate",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="milestoneupdate",
            name="actor_name",
            field=models.CharField(blank=True, max_length=50, verbose_name="操作人姓名"),
        ),
        migrations.AlterField(
            model_name="milestoneupdate",
            name="note",
            field=models.TextField(blank=True, verbose_name="说明"),
        ),
        migrations.RunPython(mark_done_steps, migrations.RunPython.noop),
    ]
