"""The categories the speech names; admins edit them afterwards."""

from django.db import migrations

NAMES = ["工资待遇", "劳动保护", "食堂宿舍", "交通出行", "家庭困难", "职业发展", "工作环境", "其他"]


def create(apps, schema_editor):
    Category = apps.get_model("appeals", "Category")
    for i, name in enumerate(NAMES):
        Category.objects.get_or_create(name=name, defaults={"sort": (i + 1) * 10})


def remove(apps, schema_editor):
    apps.get_model("appeals", "Category").objects.filter(name__in=NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
