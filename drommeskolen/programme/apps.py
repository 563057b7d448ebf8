from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "drommeskolen.programme"
    label = "programme"
    verbose_name = _("Drømmeskolen-året")

    def ready(self) -> None:
        from . import startpage  # noqa: F401  (registers the start-page panel)
