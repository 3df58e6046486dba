"""ActionEvent becomes a TimelineEvent: `kind` is renamed `action` (every row keeps its value);
the from/to states and the details are new and empty on the old rows."""

from django.db import migrations, models

KINDS = [
    ("create", "交办"),
    ("progress", "报送进展"),
    ("request", "申请办结"),
    ("accept", "同意办结"),
    ("return", "退回续办"),
    ("reassign", "调整责任或期限"),
]
STATUSES = [("open", "办理中"), ("requested", "申请办结"), ("closed", "已办结")]


class Migration(migrations.Migration):
    dependencies = [
        ("collab", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="actionevent", old_name="kind", new_name="action"),
        migrations.AlterField(
            model_name="actionevent",
            name="action",
            field=models.CharField(
                choices=KINDS,
                max_length=16,
                verbose_name="操作",
            ),
        ),
        migrations.AddField(
            model_name="actionevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=STATUSES,
                max_length=16,
                verbose_name="原状态",
            ),
        ),
        migrations.AddField(
            model_name="actionevent",
            name="to_status",
            field=models.CharField(
                blank=True,
                choices=STATUSES,
                max_length=16,
                verbose_name="新状态",
            ),
        ),
        migrations.AddField(
            model_name="actionevent",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="详情"),
        ),
    ]
