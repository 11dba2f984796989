"""Importing scraped campaign pages (the seed documents) as posts.

`parse` turns a document's text into typed records without touching the
database; `load` writes those records as articles, appeals, meetings,
messages and join/donate texts. The `import_seeds` command only wires the two
together and reports.
"""
