from django.db import migrations
from django.db.models import Count

SCORES = (1, 2, 3, 4, 5)


def fold(apps, schema_editor):
    """Count every rated session's rating rows into its five counters (made together, in
    a fixed order). The rows themselves go in 0005."""
    SessionRating = apps.get_model("mentoring", "SessionRating")
    RatingTally = apps.get_model("mentoring", "RatingTally")
    counts: dict[int, dict[int, int]] = {}
    for row in SessionRating.objects.values("session_id", "score").annotate(n=Count("pk")).order_by().iterator():
        counts.setdefault(row["session_id"], {})[row["score"]] = row["n"]
    for session_id in sorted(counts):
        RatingTally.objects.bulk_create(
            [
                RatingTally(session_id=session_id, score=score, count=counts[session_id].get(score, 0))
                for score in SCORES
            ]
        )


def unfold(apps, schema_editor):
    """Back to one rating row per counted rating."""
    SessionRating = apps.get_model("mentoring", "SessionRating")
    RatingTally = apps.get_model("mentoring", "RatingTally")
    for session_id, score, count in RatingTally.objects.order_by("session_id", "score").values_list(
        "session_id", "score", "count"
    ):
        SessionRating.objects.bulk_create([SessionRating(session_id=session_id, score=score) for _ in range(count)])
    RatingTally.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0003_rating_tally"),
    ]

    operations = [
        migrations.RunPython(fold, unfold),
    ]
