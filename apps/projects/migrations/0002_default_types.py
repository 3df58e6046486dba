"""The project types the speech names; admins edit them afterwards."""

from django.db import migrations

TYPES = [
    ("安全生产党员攻关项目", "党员牵头攻克安全生产难题"),
    ("降本增效青年突击项目", "青年突击队围绕降本增效攻坚"),
    ("党员先锋岗/责任区项目", "党员先锋岗、党员责任区建设"),
    ("技术改造攻坚项目", "围绕技术改造、工艺优化攻坚"),
]


def create(apps, schema_editor):
    ProjectType = apps.get_model("projects", "ProjectType")
    for i, (name, description) in enumerate(TYPES):
        ProjectType.objects.get_or_create(
            name=name, defaults={"description": description, "sort": (i + 1) * 10}
        )


def remove(apps, schema_editor):
    apps.get_model("projects", "ProjectType").objects.filter(
        name__in=[n for n, _d in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
