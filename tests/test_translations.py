"""The English catalogue has a translation for every string the code and templates mark.

Bokmål is the source language (the msgids); English is the second language. The check
runs `makemessages` against a copy of the catalogue, so a new or changed string without
an English translation fails here instead of showing up in Norwegian on an English page.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent

needs_gettext = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext is not installed")


def _entries(po: Path, *flags: str) -> list[str]:
    command = ["msgattrib", *flags, "--no-wrap", str(po)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 (gettext)
    return [line for line in result.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@needs_gettext
def test_every_string_has_an_english_translation(tmp_path, settings, monkeypatch):
    # makemessages rewrites the catalogue next to the sources, so it runs on a copy of both.
    for name in ("config", "drommeskolen", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [str(tmp_path / "locale")]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)
    copy = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    assert _entries(copy, "--untranslated") == []
    assert _entries(copy, "--only-fuzzy") == []
