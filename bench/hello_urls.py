"""A hello-world Django view behind the portal's full middleware stack."""

from django.http import HttpResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def hello(request):
    return HttpResponse("Hello, world!\n", content_type="text/plain; charset=utf-8")


urlpatterns = [re_path(r"", hello)]
