from django.urls import path, re_path

from .views import public

urlpatterns = [
    path("inventory/", public.mho_list, name="mho_list"),
    # Only the shape of an MHO code (SN-0042), so that sibling pages under
    # inventory/ (template download, upload...) are never taken for a code.
    re_path(
        r"^inventory/(?P<code>[A-Z]{2}-[0-9]{4,6})/$",
        public.mho_detail,
        name="mho_detail",
    ),
]
