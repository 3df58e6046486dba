"""The meeting kinds the issue names, with their default frequencies; admins edit them later."""

from django.db import migrations

from apps.meetings.choices import DEFAULT_KINDS as KINDS



def create(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    for i, (code, name, frequency, study, unit_kind) in enumerate(KINDS):
        MeetingKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "frequency": frequency,
                "counts_as_study": study,
                "unit_kind": unit_kind,
                "sort": (i + 1) * 10,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("meetings", "MeetingKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
