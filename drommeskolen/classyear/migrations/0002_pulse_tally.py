import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Counters for the class pulse (step 1 of 3: the counters; 0003 folds the old answer
    rows into them; 0004 removes the answer rows)."""

    dependencies = [
        ("classyear", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PulseTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "question",
                    models.CharField(
                        choices=[("safety", "safety"), ("belonging", "belonging"), ("missions", "missions")],
                        max_length=10,
                    ),
                ),
                ("score", models.PositiveSmallIntegerField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "pulse",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="tallies", to="classyear.pulse"
                    ),
                ),
            ],
            options={
                "verbose_name": "telling i klassepuls",
                "verbose_name_plural": "tellinger i klassepuls",
                "constraints": [
                    models.UniqueConstraint(fields=("pulse", "question", "score"), name="pulsetally_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("score__gte", 1), ("score__lte", 5)), name="pulsetally_score_range"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("question__in", ("safety", "belonging", "missions"))),
                        name="pulsetally_question",
                    ),
                ],
            },
        ),
    ]
