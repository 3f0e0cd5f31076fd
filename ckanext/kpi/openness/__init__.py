"""Open-format compliance (issue 8): the real format of a resource's file, its 0–5 openness score, table
checks, and UTF-8 CSV copies of spreadsheets.

The modules up to :mod:`.isolated` are pure Python (no CKAN) and take a file path; :mod:`.model` and
:mod:`.service` connect them to CKAN resources, storage and background jobs (linked files are downloaded
by the one downloader, :mod:`ckanext.kpi.fetching`).
See docs/open-format.md.
"""
