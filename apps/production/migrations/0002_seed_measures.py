from decimal import Decimal

from django.db import migrations

MEASURES = (
    ("output", "产量", "吨", "higher", True),
    ("unit_cost", "单位成本", "元/吨", "lower", True),
    ("pass_rate", "质量合格率", "%", "higher", True),
    ("accidents", "安全事故", "起", "lower", True),
    ("profit", "利润或减亏", "万元", "higher", False),
)


def seed(apps, schema_editor):
    Measure = apps.get_model("production", "Measure")
    for order, (code, name, uom, direction, non_negative) in enumerate(MEASURES):
        Measure.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": uom,
                "direction": direction,
                "non_negative": non_negative,
                "weight": Decimal(1),
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("production", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
