"""What the preview's read of a pending file gave, kept with its bytes (:mod:`jixiao.web.readings`):
the confirm commits it without reading the file again. Files stashed before keep an empty reading
and are read at confirm, as before."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0023_json_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingfile",
            name="reading",
            field=models.TextField(blank=True, default=""),
        ),
    ]
