# The duty to act: concerns, cases, status events, the case team and the journal.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0003_cache_table"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Case",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("year", models.PositiveSmallIntegerField(verbose_name="år")),
                ("sequence", models.PositiveIntegerField(verbose_name="løpenummer")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("reported", "Meldt"),
                            ("investigating", "Undersøkes"),
                            ("measures_in_place", "Tiltak satt inn"),
                            ("evaluating", "Evalueres"),
                            ("closed", "Avsluttet"),
                            ("reopened", "Gjenåpnet"),
                        ],
                        default="reported",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("enhanced_duty", models.BooleanField(default=False, verbose_name="skjerpet aktivitetsplikt (§ 12-5)")),
                ("reached_principal_at", models.DateTimeField(verbose_name="kom til rektor")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="opprettet")),
                ("journal_length", models.PositiveIntegerField(default=0)),
                (
                    "journal_digest",
                    models.CharField(
                        default="0000000000000000000000000000000000000000000000000000000000000000", max_length=64
                    ),
                ),
                (
                    "handler",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="handled_cases",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="saksbehandler",
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "pupil",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="people.pupil",
                        verbose_name="elev",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.school"),
                ),
            ],
            options={
                "verbose_name": "sak",
                "verbose_name_plural": "saker",
                "ordering": ["-year", "-sequence"],
            },
        ),
        migrations.CreateModel(
            name="CaseStatusEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("reported", "Meldt"),
                            ("investigating", "Undersøkes"),
                            ("measures_in_place", "Tiltak satt inn"),
                            ("evaluating", "Evalueres"),
                            ("closed", "Avsluttet"),
                            ("reopened", "Gjenåpnet"),
                        ],
                        max_length=20,
                        verbose_name="fra",
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[
                            ("reported", "Meldt"),
                            ("investigating", "Undersøkes"),
                            ("measures_in_place", "Tiltak satt inn"),
                            ("evaluating", "Evalueres"),
                            ("closed", "Avsluttet"),
                            ("reopened", "Gjenåpnet"),
                        ],
                        max_length=20,
                        verbose_name="til",
                    ),
                ),
                ("reason", models.TextField(verbose_name="begrunnelse")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="tidspunkt")),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="status_events", to="cases.case"
                    ),
                ),
            ],
            options={
                "verbose_name": "statusendring",
                "verbose_name_plural": "statusendringer",
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Concern",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("what_happened", models.TextField(verbose_name="hva du så eller fikk høre")),
                ("occurred_at", models.DateTimeField(verbose_name="når")),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="hvor")),
                ("outside_school_hours", models.BooleanField(default=False, verbose_name="utenom skoletid")),
                ("intervened", models.BooleanField(default=False, verbose_name="grep inn")),
                ("intervention", models.TextField(blank=True, verbose_name="hvordan du grep inn")),
                (
                    "employee_may_be_offending",
                    models.BooleanField(default=False, verbose_name="en ansatt kan være den som krenker"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="meldt")),
                ("pupils", models.ManyToManyField(related_name="concerns", to="people.pupil", verbose_name="elever")),
                (
                    "reporter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reported_concerns",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="meldt av",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.school"),
                ),
            ],
            options={
                "verbose_name": "melding",
                "verbose_name_plural": "meldinger",
                "ordering": ["-created_at"],
            },
        ),
        migrations.AddField(
            model_name="case",
            name="concerns",
            field=models.ManyToManyField(blank=True, related_name="cases", to="cases.concern"),
        ),
        migrations.CreateModel(
            name="ConcernAddendum",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("text", models.TextField(verbose_name="tillegg")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="lagt til")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "concern",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="addenda", to="cases.concern"
                    ),
                ),
            ],
            options={
                "verbose_name": "tillegg til melding",
                "verbose_name_plural": "tillegg til meldinger",
                "ordering": ["created_at"],
            },
        ),
        migrations.CreateModel(
            name="JournalEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("monitoring", "Følge med (observasjon)"),
                            ("intervention", "Gripe inn"),
                            ("report", "Melding til rektor"),
                            ("investigation", "Undersøkelse"),
                            ("pupil_conversation", "Samtale med eleven (elevens egne ord)"),
                            ("guardian_conversation", "Samtale med foresatte"),
                            ("other_conversation", "Samtale med andre"),
                            ("measure", "Tiltak gjennomført"),
                            ("evaluation", "Evaluering"),
                            ("other", "Annet"),
                        ],
                        max_length=30,
                        verbose_name="type",
                    ),
                ),
                ("text", models.TextField(verbose_name="tekst")),
                ("occurred_at", models.DateTimeField(verbose_name="når det skjedde")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="registrert")),
                ("sequence", models.PositiveIntegerField()),
                ("previous_digest", models.CharField(max_length=64)),
                ("digest", models.CharField(max_length=64)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="journal", to="cases.case"
                    ),
                ),
                (
                    "corrects",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="cases.journalentry",
                        verbose_name="retter",
                    ),
                ),
            ],
            options={
                "verbose_name": "journalføring",
                "verbose_name_plural": "journal",
                "ordering": ["sequence"],
            },
        ),
        migrations.CreateModel(
            name="CaseTeamMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.CharField(max_length=300, verbose_name="begrunnelse")),
                ("added_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="lagt til")),
                (
                    "added_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="team_members", to="cases.case"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "medlem av saksteamet",
                "verbose_name_plural": "saksteam",
                "ordering": ["added_at"],
                "constraints": [models.UniqueConstraint(fields=("case", "user"), name="caseteam_unique_member")],
            },
        ),
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(fields=["school", "-created_at"], name="concern_school_created"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(fields=("school", "year", "sequence"), name="case_unique_number"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=("pupil",),
                name="case_one_open_per_pupil",
            ),
        ),
        migrations.AddConstraint(
            model_name="journalentry",
            constraint=models.UniqueConstraint(fields=("case", "sequence"), name="journal_unique_sequence"),
        ),
    ]
