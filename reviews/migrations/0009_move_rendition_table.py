"""The document pipeline leaves this app for ``documents`` (issue 10): the renditions' table
takes the new app's name, with every row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0008_reference_models_moved"),
    ]

    operations = [migrations.AlterModelTable(name="rendition", table="documents_rendition")]
