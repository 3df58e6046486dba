from django.db import migrations

CATEGORIES = ["采购", "财务", "物资", "招投标", "工程", "人事"]


def add(apps, schema_editor):
    PostCategory = apps.get_model("integrity", "PostCategory")
    for i, name in enumerate(CATEGORIES):
        PostCategory.objects.get_or_create(name=name, defaults={"order": i})


class Migration(migrations.Migration):
    dependencies = [("integrity", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
