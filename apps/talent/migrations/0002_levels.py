"""The pool's default levels (configurable in the admin afterwards)."""

from django.db import migrations

LEVELS = ["首席技师", "技能大师", "高级技师", "技师", "高级工"]


def add(apps, schema_editor):
    TalentLevel = apps.get_model("talent", "TalentLevel")
    for rank, name in enumerate(LEVELS, start=1):
        TalentLevel.objects.get_or_create(name=name, defaults={"rank": rank})


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
