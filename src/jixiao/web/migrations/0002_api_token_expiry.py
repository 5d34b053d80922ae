"""API tokens expire, carry a name and the password they were issued under (issue 13).

Tokens issued before this migration expire at once (``expires_at`` = now, empty stamp).
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at"]},
        ),
        migrations.AddField(
            model_name="apitoken",
            name="name",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_stamp",
            field=models.CharField(default="", max_length=128),
            preserve_default=False,
        ),
    ]
