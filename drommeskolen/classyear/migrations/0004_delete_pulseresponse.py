from django.db import migrations


class Migration(migrations.Migration):
    """No answer rows any more: the counters (0002, filled by 0003) are all that is kept."""

    dependencies = [
        ("classyear", "0003_fold_pulse_responses"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="pulseresponse",
            name="pulseresponse_score_range",
        ),
        migrations.DeleteModel(
            name="PulseResponse",
        ),
    ]
