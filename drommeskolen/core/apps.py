from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "drommeskolen.core"
    label = "core"
    verbose_name = _("Skoler og innsynslogg")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers system checks)
