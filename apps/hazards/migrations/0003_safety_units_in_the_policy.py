"""DeadlinePolicy becomes HazardPolicy and names the safety units. Before, "a unit whose name
contains 安全" was one; those units are listed on the policy, so whoever acted before still may."""

from django.db import migrations, models


def list_safety_units(apps, schema_editor):
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    HazardPolicy = apps.get_model("hazards", "HazardPolicy")
    units = list(OrgUnit.objects.filter(name__contains="安全", dissolved_at__isnull=True))
    if units:
        policy = HazardPolicy.objects.first() or HazardPolicy.objects.create()
        policy.safety_units.set(units)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_roster_import"),
        ("hazards", "0002_event_is_a_timeline_event"),
    ]

    operations = [
        migrations.RenameModel("DeadlinePolicy", "HazardPolicy"),
        migrations.AlterModelOptions(
            name="hazardpolicy",
            options={"verbose_name": "隐患管理设置", "verbose_name_plural": "隐患管理设置"},
        ),
        migrations.AddField(
            model_name="hazardpolicy",
            name="safety_units",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="orgs.orgunit", verbose_name="安全管理部门"
            ),
        ),
        migrations.RunPython(list_safety_units, migrations.RunPython.noop),
    ]
