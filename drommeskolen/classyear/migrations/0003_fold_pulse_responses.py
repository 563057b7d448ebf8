from collections import Counter

from django.db import migrations

QUESTIONS = ("safety", "belonging", "missions")
SCORES = (1, 2, 3, 4, 5)


def fold(apps, schema_editor):
    """Count every pulse's answer rows into its fifteen counters (made together, in a
    fixed order). The rows themselves go in 0004."""
    Pulse = apps.get_model("classyear", "Pulse")
    PulseResponse = apps.get_model("classyear", "PulseResponse")
    PulseTally = apps.get_model("classyear", "PulseTally")
    for pulse_id in Pulse.objects.order_by("pk").values_list("pk", flat=True).iterator():
        counts = Counter()
        for row in PulseResponse.objects.filter(pulse_id=pulse_id).values(*QUESTIONS).iterator():
            for question in QUESTIONS:
                counts[(question, row[question])] += 1
        PulseTally.objects.bulk_create(
            [
                PulseTally(pulse_id=pulse_id, question=question, score=score, count=counts[(question, score)])
                for question in QUESTIONS
                for score in SCORES
            ]
        )


def unfold(apps, schema_editor):
    """Back to answer rows with the same counts per question (and so the same averages).
    Which answers went together is not kept by the counters, so the rows pair the scores
    of each question in score order."""
    Pulse = apps.get_model("classyear", "Pulse")
    PulseResponse = apps.get_model("classyear", "PulseResponse")
    PulseTally = apps.get_model("classyear", "PulseTally")
    for pulse_id in Pulse.objects.order_by("pk").values_list("pk", flat=True).iterator():
        scores: dict[str, list[int]] = {question: [] for question in QUESTIONS}
        for question, score, count in (
            PulseTally.objects.filter(pulse_id=pulse_id).order_by("score").values_list("question", "score", "count")
        ):
            scores[question].extend([score] * count)
        answered = min(len(values) for values in scores.values())
        PulseResponse.objects.bulk_create(
            [
                PulseResponse(pulse_id=pulse_id, **{question: scores[question][i] for question in QUESTIONS})
                for i in range(answered)
            ]
        )
    PulseTally.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("classyear", "0002_pulse_tally"),
    ]

    operations = [
        migrations.RunPython(fold, unfold),
    ]
