"""
The meetings' public pages, calendars and JSON: the lists and a meeting's
page (pages), the .ics and JSON feeds (feeds), the proposal form
(proposals) and RSVPs (rsvps).

Lists, the JSON and the calendar feeds share EventFilterForm, so
`?country=IE&city=Dublin&online=both&from=2026-02-01&to=2026-03-01&tag=…`
means the same everywhere. Each runs a fixed number of queries: a meeting
row carries everything they show (the country's name comes from
django-countries, not the database).
"""
