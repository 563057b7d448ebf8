"""The duty to act (aktivitetsplikt): concerns and cases."""

app_name = "cases"
urlpatterns: list = []
