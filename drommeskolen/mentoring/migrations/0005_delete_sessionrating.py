from django.db import migrations


class Migration(migrations.Migration):
    """No rating rows any more: the counters (0003, filled by 0004) are all that is kept."""

    dependencies = [
        ("mentoring", "0004_fold_session_ratings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="sessionrating",
            name="rating_score_range",
        ),
        migrations.DeleteModel(
            name="SessionRating",
        ),
    ]
