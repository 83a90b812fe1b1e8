from django.urls import path, re_path

from .views import synthesis

urlpatterns = [
    path("synthesis/", synthesis.synthesis_list, name="synthesis_list"),
    # Lowercase codes are accepted and redirected to the uppercase page.
    re_path(
        r"^synthesis/(?P<iso2>[A-Za-z]{2})/$",
        synthesis.synthesis_country,
        name="synthesis_country",
    ),
]
