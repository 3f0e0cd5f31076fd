"""Test and benchmark support, kept out of the installed package: CKAN fixtures and the DGA rule tables
(``fixtures``), harvest jobs and a document server (``harvest``), the search-quality comparison
(``search_quality``). Importable as ``tests.support`` (pytest's ``pythonpath`` puts the repository first;
the benchmarks insert it themselves)."""
