"""AppealEvent becomes a TimelineEvent, on the same table (no row moves): `kind` is renamed
`action`, `text` `note` and `created_at` `at` (every row keeps its value, an anonymous step its
batch time); the actor's name is filled in from the account (an anonymous submitter's steps have
no actor, so no name); from/to states and the deadline are new and empty on the old rows.
`updated_at` only repeated the row's own time (the batch restamped it to `at`) and is dropped,
as is `deleted_at`, which no event ever had (were one set, its time is kept in the details)."""

import django.utils.timezone
from django.db import migrations, models

KINDS = [
    ("submitted", "提交诉求"),
    ("info_added", "补充情况"),
    ("accepted", "受理交办"),
    ("reassigned", "改派"),
    ("note", "办理进展"),
    ("reply", "答复"),
    ("resolved", "办结答复"),
    ("rated", "满意度评价"),
    ("reopened", "申请重办"),
    ("declined", "不予受理"),
    ("merged", "合并"),
    ("merged_in", "并入重复诉求"),
]
STATUSES = [
    ("submitted", "待受理"),
    ("handling", "办理中"),
    ("answered", "已答复"),
    ("closed", "已办结"),
    ("declined", "不予受理"),
    ("merged", "已合并"),
]


def keep_deleted_at(apps, schema_editor):
    Event = apps.get_model("appeals", "AppealEvent")
    for event in Event.objects.filter(deleted_at__isnull=False):
        event.data = {**event.data, "deleted_at": event.deleted_at.isoformat()}
        event.save(update_fields=["data"])


def fill_actor_names(apps, schema_editor):
    Event = apps.get_model("appeals", "AppealEvent")
    User = apps.get_model("accounts", "User")
    users = Event.objects.filter(actor__isnull=False).values_list("actor_id", flat=True).distinct()
    for user in User.objects.filter(pk__in=users).select_related("person"):
        name = (
            user.person.name
            if user.person_id
            else (f"{user.first_name} {user.last_name}".strip() or user.username)
        )
        # An anonymous appeal's submitter steps never had an actor; the guard says so twice.
        Event.objects.filter(actor_id=user.pk).exclude(
            appeal__anonymous=True, by_submitter=True
        ).update(actor_name=name[:50])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("appeals", "0004_anonymous_batch"),
    ]

    operations = [
        migrations.RunPython(keep_deleted_at, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="appealevent", name="appeal_event_appeal"),
        migrations.RenameField(model_name="appealevent", old_name="kind", new_name="action"),
        migrations.RenameField(model_name="appealevent", old_name="text", new_name="note"),
        migrations.RenameField(model_name="appealevent", old_name="created_at", new_name="at"),
        migrations.AlterField(
            model_name="appealevent",
            name="action",
            field=models.CharField(choices=KINDS, max_length=16, verbose_name="事项"),
        ),
        migrations.AlterField(
            model_name="appealevent",
            name="note",
            field=models.TextField(blank=True, verbose_name="说明"),
        ),
        migrations.AlterField(
            model_name="appealevent",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.RemoveField(model_name="appealevent", name="updated_at"),
        migrations.RemoveField(model_name="appealevent", name="deleted_at"),
        migrations.AddField(
            model_name="appealevent",
            name="actor_name",
            field=models.CharField(blank=True, max_length=50, verbose_name="操作人姓名"),
        ),
        migrations.AddField(
            model_name="appealevent",
            name="from_status",
            field=models.CharField(
                blank=True, choices=STATUSES, max_length=16, verbose_name="原状态"
            ),
        ),
        migrations.AddField(
            model_name="appealevent",
            name="to_status",
            field=models.CharField(
                blank=True, choices=STATUSES, max_length=16, verbose_name="新状态"
            ),
        ),
        migrations.AddField(
            model_name="appealevent",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="期限"),
        ),
        migrations.AlterModelOptions(
            name="appealevent",
            options={
                "ordering": ["at", "pk"],
                "verbose_name": "诉求办理记录",
                "verbose_name_plural": "诉求办理记录",
            },
        ),
        migrations.AddIndex(
            model_name="appealevent",
            index=models.Index(fields=["appeal", "at"], name="appeal_event_appeal"),
        ),
        migrations.RunPython(fill_actor_names, migrations.RunPython.noop),
    ]
