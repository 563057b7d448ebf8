from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "drommeskolen.cases"
    label = "cases"
    verbose_name = _("Aktivitetsplikt")

    def ready(self) -> None:
        from . import (
            startpage,  # noqa: F401  (registers the duty-to-act panels)
            startpage_family,  # noqa: F401  (registers the start-page panel)
        )
