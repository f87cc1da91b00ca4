# The freshness counter moved to the project package (``reviewmech.Freshness``): the public site
# and the REST API both read it. Its value is carried over so that no ETag given out before
# could match a later page.

from django.db import migrations


def carry_over(apps, schema_editor):
    old = apps.get_model("public", "Freshness").objects.filter(pk=1).first()
    if old is not None:
        apps.get_model("reviewmech", "Freshness").objects.update_or_create(
            pk=1, defaults={"generation": old.generation + 1, "changed_at": old.changed_at}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0001_initial"),
        ("reviewmech", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="Freshness"),
    ]
