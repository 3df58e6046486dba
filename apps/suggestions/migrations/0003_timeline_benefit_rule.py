"""SuggestionEvent becomes a TimelineEvent: `kind` is renamed `action` (every row keeps its
value) and the actor's name is filled in from the account; from/to states, deadline and details
are new and empty on the old rows. BenefitRule replaces "a unit whose name contains 财务 or 技术
verifies benefit": those units are listed on it, so who verified before still may."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models

KINDS = [
    ("submitted", "提交建议"),
    ("review", "进入评审"),
    ("scored", "评分"),
    ("adopted", "决定采纳"),
    ("rejected", "决定不采纳"),
    ("deferred", "列为待研究"),
    ("assigned", "指定实施责任"),
    ("implemented", "实施完成"),
    ("verified", "核定效益"),
    ("corrected", "更正核定效益"),
    ("rewarded", "发放奖励"),
    ("extended", "延长实施期限"),
]
STATUSES = [
    ("submitted", "已提交"),
    ("under_review", "评审中"),
    ("pending_study", "待研究"),
    ("rejected", "不采纳"),
    ("adopted", "已采纳"),
    ("implementing", "实施中"),
    ("implemented", "已实施"),
    ("verified", "效益已核定"),
    ("rewarded", "已奖励"),
]
VERIFY_UNIT_WORDS = ("财务", "技术")


def fill_actor_names(apps, schema_editor):
    Event = apps.get_model("suggestions", "SuggestionEvent")
    User = apps.get_model("accounts", "User")
    users = Event.objects.filter(actor__isnull=False).values_list("actor_id", flat=True).distinct()
    for user in User.objects.filter(pk__in=users).select_related("person"):
        name = (
            user.person.name
            if user.person_id
            else (f"{user.first_name} {user.last_name}".strip() or user.username)
        )
        Event.objects.filter(actor_id=user.pk).update(actor_name=name[:50])


def list_verifying_units(apps, schema_editor):
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    BenefitRule = apps.get_model("suggestions", "BenefitRule")
    cond = models.Q()
    for word in VERIFY_UNIT_WORDS:
        cond |= models.Q(name__contains=word)
    units = list(OrgUnit.objects.filter(cond, dissolved_at__isnull=True))
    if units:
        BenefitRule.objects.create().verifying_units.set(units)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("orgs", "0002_roster_import"),
        ("suggestions", "0002_default_criteria"),
    ]

    operations = [
        migrations.RenameField(model_name="suggestionevent", old_name="kind", new_name="action"),
        migrations.AlterField(
            model_name="suggestionevent",
            name="action",
            field=models.CharField(choices=KINDS, max_length=16, verbose_name="事项"),
        ),
        migrations.AddField(
            model_name="suggestionevent",
            name="actor_name",
            field=models.CharField(blank=True, max_length=50, verbose_name="操作人姓名"),
        ),
        migrations.AddField(
            model_name="suggestionevent",
            name="from_status",
            field=models.CharField(
                blank=True, choices=STATUSES, max_length=16, verbose_name="原状态"
            ),
        ),
        migrations.AddField(
            model_name="suggestionevent",
            name="to_status",
            field=models.CharField(
                blank=True, choices=STATUSES, max_length=16, verbose_name="新状态"
            ),
        ),
        migrations.AddField(
            model_name="suggestionevent",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="期限"),
        ),
        migrations.AddField(
            model_name="suggestionevent",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="详情"),
        ),
        migrations.RunPython(fill_actor_names, migrations.RunPython.noop),
        migrations.CreateModel(
            name="BenefitRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "max_yuan",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("10000000.00"),
                        help_text="预计效益、核定效益和奖励金额都不能超过此数。",
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("1.00"))],
                        verbose_name="金额上限(元)",
                    ),
                ),
                (
                    "verifying_units",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="orgs.orgunit",
                        verbose_name="核定效益的单位",
                    ),
                ),
            ],
            options={"verbose_name": "效益核定设置", "verbose_name_plural": "效益核定设置"},
        ),
        migrations.RunPython(list_verifying_units, migrations.RunPython.noop),
    ]
