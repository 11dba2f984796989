"""CSV downloads for editors and organisers, with formula cells made inert
(OWASP "CSV injection"): supporters, approved messages, meeting attendees."""

import csv
import unicodedata

from django.http import HttpResponse

# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# Characters a spreadsheet skips or folds before it looks for a formula:
# format characters (zero-width space, BOM, direction marks), spaces and
# line breaks of every kind, controls other than the tab and carriage return
# (which are prefixes themselves).
_SKIPPED = frozenset({"Cf", "Zs", "Zl", "Zp"})


def _significant(value):
    """What a spreadsheet would read first: the text NFKC-normalised (full-
    width ＝＋－＠ become =+-@) with leading invisible characters removed."""
    text = unicodedata.normalize("NFKC", value)
    for position, char in enumerate(text):
        category = unicodedata.category(char)
        if category in _SKIPPED or (category == "Cc" and char not in "\t\r"):
            continue
        return text[position:]
    return ""


def neutralise(value):
    """Make a cell inert in spreadsheets: a leading quote shows as text."""
    value = "" if value is None else str(value)
    if _significant(value).startswith(FORMULA_PREFIXES):
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
