"""Open-format compliance (issue 8): the real format of a resource's file, its 0–5 openness score, table
checks, and UTF-8 CSV copies of spreadsheets.

The modules up to :mod:`.isolated` are pure Python (no CKAN) and take a file path; :mod:`.model`,
:mod:`.service` and :mod:`.fetch` connect them to CKAN resources, storage and background jobs.
See docs/open-format.md.
"""
