"""The default review criteria: 创新性 30, 可行性 30, 效益 40 (admins may change them later)."""

from django.db import migrations

DEFAULTS = (
    ("创新性", 30, "思路新颖,有独创性或借鉴推广价值", 1),
    ("可行性", 30, "技术、成本和条件上可以实施", 2),
    ("效益", 40, "经济、安全、管理或环保效益", 3),
)


def add_defaults(apps, schema_editor):
    Criterion = apps.get_model("suggestions", "Criterion")
    for name, weight, description, sort in DEFAULTS:
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": weight, "description": description, "sort": sort}
        )


def remove_defaults(apps, schema_editor):
    Criterion = apps.get_model("suggestions", "Criterion")
    Criterion.objects.filter(name__in=[d[0] for d in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
