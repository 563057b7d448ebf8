import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Counters for the life-skills ratings (step 1 of 3: the counters; 0004 folds the old
    rating rows into them; 0005 removes the rating rows)."""

    dependencies = [
        ("mentoring", "0002_mentor_leads_in_resource_group"),
    ]

    operations = [
        migrations.CreateModel(
            name="RatingTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("score", models.PositiveSmallIntegerField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="mentoring.lifeskillssession",
                    ),
                ),
            ],
            options={
                "verbose_name": "telling av vurderinger",
                "verbose_name_plural": "tellinger av vurderinger",
                "constraints": [
                    models.UniqueConstraint(fields=("session", "score"), name="ratingtally_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("score__gte", 1), ("score__lte", 5)), name="ratingtally_score_range"
                    ),
                ],
            },
        ),
    ]
