from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassYearConfig(AppConfig):
    name = "drommeskolen.classyear"
    label = "classyear"
    verbose_name = _("Klasseåret")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the start-page panels)
