from django.db import migrations, models

import drommeskolen.dreamclass.models


class Migration(migrations.Migration):
    """The school's own document per part of the manual (schema only): the file, the UUID
    that names it in storage and in its download URL, its name, type and size. Existing
    rows have no document: empty values, a NULL UUID, which the new constraint allows."""

    dependencies = [
        ("dreamclass", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="manualtext",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=200,
                upload_to=drommeskolen.dreamclass.models._manual_path,
                verbose_name="fil",
            ),
        ),
        migrations.AddField(
            model_name="manualtext",
            name="file_uuid",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="manualtext",
            name="file_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="filnavn"),
        ),
        migrations.AddField(
            model_name="manualtext",
            name="content_type",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="manualtext",
            name="file_size",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddConstraint(
            model_name="manualtext",
            constraint=models.CheckConstraint(
                condition=models.Q(file="", file_uuid__isnull=True, file_name="", content_type="")
                | (
                    ~models.Q(file="")
                    & models.Q(file_uuid__isnull=False)
                    & ~models.Q(file_name="")
                    & ~models.Q(content_type="")
                ),
                name="manualtext_file_complete",
            ),
        ),
    ]
