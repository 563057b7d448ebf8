import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A row per class and missed follow-up hour the resource group was told of; the
    constraint makes the daily job tell them once."""

    dependencies = [
        ("classyear", "0004_delete_pulseresponse"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="MissedFollowUpAlert",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("expected_on", models.DateField(verbose_name="ventet dato")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "school_class",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="people.schoolclass"
                    ),
                ),
            ],
            options={
                "verbose_name": "varsel om uteblitt oppfølgingstime",
                "verbose_name_plural": "varsler om uteblitte oppfølgingstimer",
                "ordering": ["-created_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("school_class", "expected_on"), name="missedfollowupalert_once")
                ],
            },
        ),
    ]
