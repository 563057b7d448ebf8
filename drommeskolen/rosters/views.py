from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    raise Http404
