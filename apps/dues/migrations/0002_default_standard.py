"""The default 党费 standard: 中组发〔2008〕3号《关于中国共产党党费收缴、使用和管理的规定》
第二、四、五条 (apps.dues.standard.DEFAULT holds the same rows as the service's fallback)."""

from decimal import Decimal

from django.db import migrations

START = "2008-04-01"
ROWS = [
    ("salary", Decimal("3000"), Decimal("0.5"), None),
    ("salary", Decimal("5000"), Decimal("1"), None),
    ("salary", Decimal("10000"), Decimal("1.5"), None),
    ("salary", None, Decimal("2"), None),
    ("retired", Decimal("5000"), Decimal("0.5"), None),
    ("retired", None, Decimal("1"), None),
    ("no_income", None, None, Decimal("0.20")),
]


def seed(apps, schema_editor):
    DuesRate = apps.get_model("dues", "DuesRate")
    if DuesRate.objects.exists():
        return
    DuesRate.objects.bulk_create(
        DuesRate(kind=k, upper=u, percent=p, amount=a, start_on=START) for k, u, p, a in ROWS
    )


def unseed(apps, schema_editor):
    apps.get_model("dues", "DuesRate").objects.filter(start_on=START).delete()


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
