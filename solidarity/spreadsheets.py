"""CSV downloads for editors and organisers, with formula cells made inert
(OWASP "CSV injection"): supporters, approved messages, meeting attendees."""

import csv

from django.http import HttpResponse

# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make a cell inert in spreadsheets: a leading quote shows as text."""
    value = "" if value is None else str(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark so spreadsheet programs read the UTF-8 as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response
