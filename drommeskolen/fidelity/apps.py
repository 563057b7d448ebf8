from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FidelityConfig(AppConfig):
    name = "drommeskolen.fidelity"
    label = "fidelity"
    verbose_name = _("Gjennomføring")
