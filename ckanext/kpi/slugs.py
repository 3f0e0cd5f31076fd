"""Readable dataset URLs for Thai titles. CKAN's form derives the URL from the title by keeping ASCII
letters and digits only, so "รายงานผล … 2567" became ``/dataset/2567``. A new dataset whose URL is empty or
a bare number gets its Thai title romanised instead (PyThaiNLP, the Royal Institute's system, word by word):
``/dataset/rai-ngan-phon-kan-damnoen-ngan-2567``. Existing datasets keep their URLs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ckan.lib.navl.dictization_functions import missing

THAI = re.compile("[\u0E01-\u0E5B]")
BARE_NUMBER = re.compile(r"^[0-9\-_]*$")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MAX_SLUG_LENGTH = 80  # CKAN allows 100; room for a "-2" suffix


def romanised_slug(title: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """``กระทรวงดิจิทัล 2567`` → ``krasuang-dichithan-2567``: each Thai word romanised, ASCII kept."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.transliterate import romanize

    parts: list[str] = []
    for word in word_tokenize(title.translate(THAI_DIGITS), engine="newmm", keep_whitespace=False):
        text = romanize(word, engine="royin") if THAI.search(word) else word
        text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        if text:
            parts.append(text)
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > max_length:
            continue  # leave out a long word, keep the shorter ones after it (the year)
        slug = candidate
    return slug


def unique_slug(slug: str, taken: Callable[[str], bool]) -> str:
    if not taken(slug):
        return slug
    number = 2
    while taken(f"{slug}-{number}"):
        number += 1
    return f"{slug}-{number}"


def kpi_readable_name(key: tuple, data: dict, errors: dict, context: dict[str, Any]) -> None:
    """Validator before CKAN's name validators: a new dataset with a Thai title and an empty or bare-number
    URL gets the romanised title as its URL (unique among datasets)."""
    from ckan import model

    value = data.get(key)
    title = data.get(("title",))
    if data.get(("id",)) not in (None, missing, "") or context.get("package") is not None:
        return  # an existing dataset keeps its URL
    if not isinstance(title, str) or not THAI.search(title):
        return
    if value not in (None, missing) and not BARE_NUMBER.match(str(value)):
        return
    slug = romanised_slug(title)
    if len(slug) < 2:
        return
    data[key] = unique_slug(slug, lambda name: model.Package.get(name) is not None)
