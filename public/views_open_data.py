"""Open data downloads (CSV and JSON, at stable addresses outside the language prefix), the
machine-readable schema, and the schema page that documents the columns in six languages."""

import csv
import json

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reviewmech.page_cache import cached_public_page

from . import open_data
from .forms import FindingsFilter


class _Echo:
    """The file-like object csv.writer writes to, handing each line to the response."""

    def write(self, value):
        return value


def _csv_response(name: str, columns, rows, *, stream: bool):
    """A CSV file: streamed when it may be large (the findings), whole otherwise (the status
    table: a few hundred kilobytes at most), so that the public cache can keep it."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    header = [c.name for c in columns]

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([row[c] for c in header])

    if stream:
        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse("".join(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="reviewmech-{name}-v{open_data.VERSION}.csv"'
    return response


def _json_response(name: str, rows) -> JsonResponse:
    return JsonResponse(
        {"version": open_data.VERSION, "resource": name, "rows": list(rows)},
        json_dumps_params={"ensure_ascii": False},
    )


def _findings_rows(request):
    form = FindingsFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return None, form
    filters = form.selector_arguments() if request.GET else {}
    return open_data.finding_rows(request.GET.get("language", "en"), **filters), form


@require_GET
@cached_public_page
def download(request, resource, fmt):
    if resource == "reviews":
        rows = open_data.review_rows()
    else:
        rows, form = _findings_rows(request)
        if rows is None:
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            return HttpResponseBadRequest(
                json.dumps({"error": _("Some filters are not valid."), "fields": errors}, ensure_ascii=False),
                content_type="application/json",
            )
    columns = open_data.RESOURCES[resource]
    if fmt == "csv":
        return _csv_response(resource, columns, rows, stream=resource == "findings")
    return _json_response(resource, rows)


@require_GET
def schema_json(request):
    return JsonResponse(open_data.schema(request.build_absolute_uri("/").rstrip("/")), json_dumps_params={"indent": 2})


@require_GET
@cached_public_page
def schema_page(request):
    return render(
        request,
        "public/open_data.html",
        {"version": open_data.VERSION, "resources": open_data.RESOURCES, "limit": open_data.FINDINGS_LIMIT},
    )
