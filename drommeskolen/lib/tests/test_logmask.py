import logging

import pytest

from drommeskolen.lib.anonymous import is_anonymous_path
from drommeskolen.lib.logmask import MaskSecretsFilter, mask_secrets

TOKEN = "Zq3xv_9AbcDefGhiJklMnoPqrStuVwxYz0123456789ab"


@pytest.mark.parametrize(
    ("path", "masked"),
    [
        (f"/drommeskolen/kalender/{TOKEN}.ics", "/drommeskolen/kalender/***.ics"),
        ("/konto/password/reset/key/3-cv1a2b-5f4e3d2c1b0a/", "/konto/password/reset/key/***/"),
        ("/konto/confirm-email/MQ:1vQx2y:abcDEF123/", "/konto/confirm-email/***/"),
        ("/drommeklassen/svar/K7Q2MX/stem/", "/drommeklassen/svar/***/stem/"),
    ],
)
def test_secret_paths_are_masked(path: str, masked: str) -> None:
    assert mask_secrets(f'10.0.0.1 "GET {path} HTTP/1.1" 200') == f'10.0.0.1 "GET {masked} HTTP/1.1" 200'


@pytest.mark.parametrize(
    "path",
    ["/drommeskolen/kalender/", "/konto/password/reset/key/done/", "/saker/", "/helse/"],
)
def test_other_paths_are_left_alone(path: str) -> None:
    assert mask_secrets(f"GET {path}") == f"GET {path}"


def test_the_filter_masks_a_path_given_as_an_argument() -> None:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", None, None)
    record.args = (f"/drommeskolen/kalender/{TOKEN}.ics",)
    assert MaskSecretsFilter().filter(record)
    assert record.getMessage() == "Not Found: /drommeskolen/kalender/***.ics"
    assert TOKEN not in record.getMessage()


def test_the_pupils_answer_pages_are_anonymous_and_nothing_else_is():
    assert is_anonymous_path("/drommeklassen/svar/K7Q2MX/")
    assert is_anonymous_path("/drommeklassen/bli-med/")
    assert not is_anonymous_path("/drommeklassen/runde/5b0c7a3e-0000-4000-8000-000000000000/projektor/")
    assert not is_anonymous_path("/saker/")
