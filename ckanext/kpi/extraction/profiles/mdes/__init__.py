"""Readers for the parts of the MDES progress report (003); ``profiles/mdes_report.py`` puts them together."""
