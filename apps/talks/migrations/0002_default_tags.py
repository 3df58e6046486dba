"""The concern tags a 政工 cadre meets most; admins edit them afterwards. Each is matched to the
appeal category a concern of its kind becomes (when that category exists)."""

from django.db import migrations

TAGS = [
    ("薪酬待遇", "工资待遇"),
    ("工作环境", "工作环境"),
    ("家庭困难", "家庭困难"),
    ("职业发展", "职业发展"),
    ("身心健康", "其他"),
    ("食堂住宿", "食堂宿舍"),
    ("安全生产", "劳动保护"),
    ("人际关系", "其他"),
    ("其他", "其他"),
]


def create(apps, schema_editor):
    Tag = apps.get_model("talks", "ConcernTag")
    Category = apps.get_model("appeals", "Category")
    for i, (name, category) in enumerate(TAGS):
        Tag.objects.get_or_create(
            name=name,
            defaults={
                "sort": (i + 1) * 10,
                "appeal_category": Category.objects.filter(name=category).first(),
            },
        )


def remove(apps, schema_editor):
    apps.get_model("talks", "ConcernTag").objects.filter(name__in=[n for n, _ in TAGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("talks", "0001_initial"), ("appeals", "0002_default_categories")]

    operations = [migrations.RunPython(create, remove)]
