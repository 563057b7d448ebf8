"""Activity plans (aktivitetsplan, opplæringslova § 12-4 sjette ledd): plans, versions, measures.

On PostgreSQL a trigger also keeps an adopted version as it was adopted: its row, its
measures and their responsible staff refuse every change (the model refuses them too;
this holds against a direct SQL session with the app's role). SQLite has no such guard.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# "%%" because the SQL passes through the driver's placeholder formatting.
GUARD = """
CREATE OR REPLACE FUNCTION cases_plan_refuse_adopted_version() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'adopted' THEN
        RAISE EXCEPTION 'an adopted plan version is never changed (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_planversion_adopted_is_final
    BEFORE UPDATE OR DELETE ON cases_planversion
    FOR EACH ROW EXECUTE FUNCTION cases_plan_refuse_adopted_version();

CREATE OR REPLACE FUNCTION cases_plan_refuse_adopted_measure() RETURNS trigger AS $$
DECLARE
    version_ids bigint[];
BEGIN
    IF TG_TABLE_NAME = 'cases_planmeasure' THEN
        version_ids := ARRAY[
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.version_id END,
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.version_id END
        ];
    ELSE
        SELECT array_agg(m.version_id) INTO version_ids FROM cases_planmeasure m
        WHERE m.id IN (
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.planmeasure_id END,
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.planmeasure_id END
        );
    END IF;
    IF EXISTS (SELECT 1 FROM cases_planversion v WHERE v.id = ANY(version_ids) AND v.status = 'adopted') THEN
        RAISE EXCEPTION 'the measures of an adopted plan version are never changed (%%)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_planmeasure_adopted_is_final
    BEFORE INSERT OR UPDATE OR DELETE ON cases_planmeasure
    FOR EACH ROW EXECUTE FUNCTION cases_plan_refuse_adopted_measure();
CREATE TRIGGER cases_planmeasure_responsible_adopted_is_final
    BEFORE INSERT OR UPDATE OR DELETE ON cases_planmeasure_responsible
    FOR EACH ROW EXECUTE FUNCTION cases_plan_refuse_adopted_measure();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS cases_planmeasure_responsible_adopted_is_final ON cases_planmeasure_responsible;
DROP TRIGGER IF EXISTS cases_planmeasure_adopted_is_final ON cases_planmeasure;
DROP TRIGGER IF EXISTS cases_planversion_adopted_is_final ON cases_planversion;
DROP FUNCTION IF EXISTS cases_plan_refuse_adopted_measure();
DROP FUNCTION IF EXISTS cases_plan_refuse_adopted_version();
"""


def install_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD)


def remove_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_journal_guard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityPlan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="opprettet")),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="plan", to="cases.case"
                    ),
                ),
            ],
            options={
                "verbose_name": "aktivitetsplan",
                "verbose_name_plural": "aktivitetsplaner",
            },
        ),
        migrations.CreateModel(
            name="PlanVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("number", models.PositiveIntegerField(verbose_name="versjon")),
                ("problem", models.TextField(blank=True, verbose_name="Problemet tiltakene skal løse (a)")),
                ("pupil_view", models.TextField(blank=True, verbose_name="Elevens syn")),
                ("guardians_view", models.TextField(blank=True, verbose_name="Foresattes syn")),
                (
                    "evaluation_date",
                    models.DateField(blank=True, null=True, verbose_name="Når tiltakene skal evalueres (e)"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Utkast"), ("adopted", "Vedtatt")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="opprettet")),
                ("adopted_at", models.DateTimeField(blank=True, null=True, verbose_name="vedtatt")),
                (
                    "adopted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="versions", to="cases.activityplan"
                    ),
                ),
            ],
            options={
                "verbose_name": "planversjon",
                "verbose_name_plural": "planversjoner",
                "ordering": ["plan", "number"],
            },
        ),
        migrations.CreateModel(
            name="PlanMeasure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lineage", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("description", models.TextField(verbose_name="Tiltak (b)")),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="Fra dato")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="Til dato")),
                ("timing", models.CharField(blank=True, max_length=300, verbose_name="Når (c), i ord")),
                ("areas", models.JSONField(blank=True, default=list, verbose_name="Områder")),
                ("position", models.PositiveIntegerField(default=0)),
                (
                    "responsible",
                    models.ManyToManyField(
                        blank=True,
                        related_name="plan_measures",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Hvem gjennomfører (d)",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="measures", to="cases.planversion"
                    ),
                ),
            ],
            options={
                "verbose_name": "tiltak",
                "verbose_name_plural": "tiltak",
                "ordering": ["version", "position", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="planversion",
            constraint=models.UniqueConstraint(fields=("plan", "number"), name="planversion_unique_number"),
        ),
        migrations.AddConstraint(
            model_name="planversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")), fields=("plan",), name="planversion_one_draft_per_plan"
            ),
        ),
        migrations.AddConstraint(
            model_name="planversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "draft"),
                    models.Q(("adopted_at__isnull", False), ("adopted_by__isnull", False)),
                    _connector="OR",
                ),
                name="planversion_adopted_has_who_and_when",
            ),
        ),
        migrations.AddConstraint(
            model_name="planmeasure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    ("starts_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="planmeasure_ends_after_start",
            ),
        ),
        migrations.RunPython(install_guard, remove_guard),
    ]
