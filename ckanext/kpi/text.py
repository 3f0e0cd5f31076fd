"""Thai-aware text rules shared by the validators: digits, tags, markup. Thai digits and number parsing
live once, in the extraction library's :mod:`ckanext.kpi.extraction.thai`."""

from __future__ import annotations

import re

from ckanext.kpi.extraction.thai import thai_to_arabic_digits

# CKAN core allows [\w \-.] in tag names; Thai vowel and tone marks (U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E)
# are combining marks, not \w, so "ตัวชี้วัด" fails there. The whole Thai block is added.
TAG_NAME = re.compile(r"[\w\u0E00-\u0E7F \-.]*$")

# An HTML/XML tag, comment or doctype. A lone "<" ("ร้อยละ < 5") is plain text and stays allowed.
HTML_TAG = re.compile(r"<\s*(?:[A-Za-z][^>]*|/\s*[A-Za-z][^>]*|!--.*?--|![A-Za-z][^>]*)>", re.DOTALL)


# "๒๕๖๗" -> "2567": Thai digits are accepted on input, stored as Arabic digits.
to_arabic_digits = thai_to_arabic_digits


def contains_html(value: str) -> bool:
    return bool(HTML_TAG.search(value))


def excerpt(value: object, limit: int = 80) -> str:
    """The offending value as quoted in an error message, cut to a readable length."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
