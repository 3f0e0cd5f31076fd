"""User-facing messages of the validators, in English; the Thai text is in i18n/th/LC_MESSAGES/ckanext-kpi.po.

Each names the field ({label}, in the user's language) and quotes the offending value ({value})."""

from __future__ import annotations

NOT_TEXT = '{label}: "{value}" is not text.'
REQUIRED = "{label}: this item is required."
UNKNOWN_CHOICE = '{label}: "{value}" is not one of the allowed choices.'
OTHER_REQUIRED = '{label}: required because "{choice}" is chosen for {parent}.'
HTML_TAGS = '{label}: HTML tags are not allowed ("{value}").'
TOO_LONG = '{label}: {length} characters, at most {limit} are allowed ("{value}").'
EMAIL = '{label}: "{value}" is not a valid e-mail address.'
WEB_URL = '{label}: "{value}" is not an http:// or https:// address.'
BE_YEAR = '{label}: "{value}" is not a Buddhist-Era year (4 digits, {earliest}–{latest}; B.E. = C.E. + 543).'
ISO_DATE = '{label}: "{value}" is not a date in the form YYYY-MM-DD.'
BE_YEAR_IN_DATE = '{label}: "{value}" has a Buddhist-Era year; dates use the Christian-Era year.'
COORDINATE = '{label}: "{value}" is not a number between -{limit} and {limit}.'
DATE_ORDER = '{label}: "{value}" is after {other} "{other_value}".'
FREQUENCY_INTERVAL = (
    '{label}: "{value}" is not a whole number from 1 to {limit}; one is needed when {unit} is "{unit_value}".'
)
CLASSIFICATION = '{label}: "{value}" is not allowed for {category} "{category_value}"; allowed: {allowed}.'
NOT_PUBLIC = '{label}: a dataset in category "{value}" cannot be public; make it private.'
HARVEST_PUBLIC = (
    '{label}: "{value}" is not possible for a public dataset; GD-Catalog harvests all public datasets.'
)
TAG_LENGTH = 'Tag "{value}" must be {low} to {high} characters long.'
TAG_CHARACTERS = 'Tag "{value}" may contain only letters (Thai included), digits, spaces, "-", "_" and ".".'
