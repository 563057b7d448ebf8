from django.db import migrations, models


class Migration(migrations.Migration):
    """All-day events (schema; 0004 marks the stored survey and recruitment windows): an
    `all_day` flag, times optional for all-day events only, all-day events first on a day."""

    dependencies = [
        ("programme", "0002_follow_up_keys_by_number"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="wheelevent",
            options={
                "ordering": ["starts_on", models.OrderBy(models.F("start_time"), nulls_first=True), "title"],
                "verbose_name": "hendelse i årshjulet",
                "verbose_name_plural": "årshjul",
            },
        ),
        migrations.AddField(
            model_name="wheelevent",
            name="all_day",
            field=models.BooleanField(default=False, verbose_name="hele dagen"),
        ),
        migrations.AlterField(
            model_name="wheelevent",
            name="end_time",
            field=models.TimeField(blank=True, null=True, verbose_name="til klokken"),
        ),
        migrations.AlterField(
            model_name="wheelevent",
            name="start_time",
            field=models.TimeField(blank=True, null=True, verbose_name="fra klokken"),
        ),
        migrations.AddConstraint(
            model_name="wheelevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("all_day", True),
                    models.Q(("end_time__isnull", False), ("start_time__isnull", False)),
                    _connector="OR",
                ),
                name="wheelevent_timed_has_times",
            ),
        ),
    ]
