from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "drommeskolen.mentoring"
    label = "mentoring"
    verbose_name = _("Elevmentorer og livsmestring")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the start-page panel)
