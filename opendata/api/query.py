"""What the query string of an API request may hold, and the answer when it
holds something else.

Every parameter an operation accepts is in the OpenAPI schema. A parameter the
operation does not have (``?contry=SN``), one given twice, one given with no
value (``?country=``), a page or a page size that is not a whole number in its
range: each is answered 400 with the reason, never with a silently different
list (a misspelt filter used to return the whole, unfiltered list). A page past
the end answers 404.
"""

import hashlib
import re

from django.core.exceptions import EmptyResultSet
from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from kernel import pagecache

MAX_PAGE_SIZE = 1000
_WHOLE_NUMBER = re.compile(r"[0-9]+")


def _refuse(name: str, message: str):
    raise ValidationError({name: [message]})


def _whole_number(name: str, raw: str, *, maximum: int | None = None) -> int:
    """A whole number from 1 (to ``maximum``), in plain ASCII digits."""
    number = int(raw) if _WHOLE_NUMBER.fullmatch(raw) else 0
    if number < 1 or (maximum is not None and number > maximum):
        if maximum is None:
            _refuse(name, _("Give a whole number from 1."))
        _refuse(
            name,
            _("Give a whole number from 1 to %(maximum)s.") % {"maximum": maximum},
        )
    return number


class CountedOncePaginator(Paginator):
    """The number of rows of a list, counted once per change of the public
    data and shared by its pages and their visitors: every list of the API is
    public data, and counting a country's 80,000 records took longer than
    reading its page of 100."""

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        try:
            sql = str(query) if query is not None else None
        except EmptyResultSet:  # a filter that keeps nothing: no query at all
            sql = None
        if sql is None:
            return super().count
        digest = hashlib.sha256(sql.encode()).hexdigest()
        return pagecache.for_current_data(
            f"api-count:{digest}", lambda: Paginator.count.func(self)
        )


class StrictPagination(PageNumberPagination):
    """Pages of 100 rows by default; ``page_size`` asks for up to 1,000."""

    django_paginator_class = CountedOncePaginator

    page_size_query_param = "page_size"
    page_size_query_description = gettext_lazy(
        "Number of rows per page: 100 unless given, at most 1000."
    )
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def parameters(self) -> list[str]:
        return [self.page_query_param, self.page_size_query_param]

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return _whole_number(
            self.page_size_query_param, raw, maximum=self.max_page_size
        )

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return _whole_number(self.page_query_param, raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as error:
            raise NotFound(
                ngettext(
                    "There is no page %(page)s: this list has %(pages)s page.",
                    "There is no page %(page)s: this list has %(pages)s pages.",
                    paginator.num_pages,
                )
                % {"page": number, "pages": paginator.num_pages}
            ) from error
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {
                "minimum": 1,
                "maximum": self.max_page_size,
                "default": self.page_size,
            },
        }
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing what the operation does not accept."""

    def filter_queryset(self, request, queryset, view):
        accepted = self._accepted(request, queryset, view)
        for name in request.query_params:
            values = request.query_params.getlist(name)
            if name not in accepted:
                _refuse(name, self._unknown_message(accepted))
            if len(values) > 1:
                _refuse(name, _("Give this parameter once."))
            if values[0] == "":
                _refuse(name, _("Give a value, or leave the parameter out."))
        return super().filter_queryset(request, queryset, view)

    def _accepted(self, request, queryset, view) -> list[str]:
        # A detail answers one object: it takes no parameter at all.
        if getattr(view, "action", None) != "list":
            return []
        filterset_class = self.get_filterset_class(view, queryset)
        names = list(filterset_class.base_filters) if filterset_class else []
        paginator = getattr(view, "paginator", None)
        if isinstance(paginator, StrictPagination):
            names += paginator.parameters()
        return sorted(names)

    @staticmethod
    def _unknown_message(accepted: list[str]) -> str:
        if not accepted:
            return _("Unknown parameter: this address takes no parameter.")
        return _("Unknown parameter: this list takes %(names)s.") % {
            "names": ", ".join(accepted)
        }
