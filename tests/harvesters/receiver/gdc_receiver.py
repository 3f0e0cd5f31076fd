"""The one piece of a GD Catalog-style receiver that is code (test data of tests/harvesters/test_receiver.py):
a Thai-aware tag-name rule under CKAN's own validator name, as the note on thai_gdc describes it (tags may
hold Thai letters, vowel and tone marks). Written for these tests; nothing of ckanext-kpi is imported."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

THAI_TAG = re.compile(r"[\u0e01-\u0e59\w \-.]*$")


def tag_name_validator(value: Any, context: Any) -> Any:
    if not THAI_TAG.match(value):
        raise tk.Invalid(f'Tag "{value}": letters (Thai or Latin), digits, spaces, "-", "_" or "." only')
    return value


class GdcReceiverPlugin(p.SingletonPlugin):
    p.implements(p.IValidators)

    def get_validators(self) -> dict[str, Any]:
        return {"tag_name_validator": tag_name_validator}
