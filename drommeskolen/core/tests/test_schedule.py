"""The daily reminders are scheduled: the scheduler process (`manage.py crontask`) loads
every app's tasks module and finds them, with times in Europe/Oslo."""

import io

import pytest
from crontask import scheduler
from django.core.management import call_command


@pytest.mark.django_db
def test_the_scheduler_knows_the_daily_reminders(monkeypatch):
    # Load the tasks as the scheduler does, without starting it.
    monkeypatch.setattr("crontask.management.commands.crontask.Command.launch_scheduler", lambda *args: None)
    call_command("crontask", "--no-heartbeat", stdout=io.StringIO())
    jobs = {job.name: job for job in scheduler.get_jobs()}
    for name in (
        "send_daily_case_reminders",
        "share_missing_plan_copies",
        "send_daily_programme_reminders",
        "flag_daily_missed_follow_ups",
    ):
        matching = [job for job_name, job in jobs.items() if job_name.endswith(name)]
        assert matching, sorted(jobs)
        assert str(matching[0].trigger.timezone) == "Europe/Oslo"
