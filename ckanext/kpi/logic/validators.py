"""Validators of the DGA metadata schema (schemas/presets.yaml).

thai_gdc checks these rules only in the browser; here they run on the server, for the API and the form alike.
Every error names the field by its label in the user's language and quotes the offending value.
Most are scheming validators: scheming calls them with the field and schema and gets a navl validator back.
Cross-field rules read their sibling's raw value; navl runs top-level keys in sorted order, so a rule is put
on whichever of the two fields needs the other one (e.g. `objective_other` after `objective`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from ckan.model import MAX_TAG_LENGTH, MIN_TAG_LENGTH

from ckanext.kpi import kpi_datasets, messages, text, visibility, vocabulary
from ckanext.scheming.validation import scheming_validator

Field = dict[str, Any]
Schema = dict[str, Any]
FlatKey = tuple[Any, ...]
FlatData = dict[FlatKey, Any]
FlatErrors = dict[FlatKey, list[str]]
NavlValidator = Callable[[FlatKey, FlatData, FlatErrors, Any], None]

FORCE_PRIVATE_OPTION = visibility.FORCE_PRIVATE_OPTION
EARLIEST_BE_YEAR = 2400  # 1857 CE: before any statistics series; a C.E. year typed by mistake falls below
BE_YEARS_AHEAD = 10  # plans run a few fiscal years ahead of today
EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ARABIC_NUMBER = re.compile(r"[0-9]+")
MAX_FREQUENCY_INTERVAL = 999


class RuleError(Exception):
    """A value breaks a rule; the argument is the translated message."""


# ---- shared pieces ----------------------------------------------------------------------------------


def label_of(field: Field) -> str:
    return vocabulary.localized(field.get("label") or field["field_name"])


def _message(template: str, field: Field, value: Any = "", **extra: Any) -> str:
    return template.format(label=label_of(field), value=text.excerpt(value), **extra)


def _fail(errors: FlatErrors, key: FlatKey, message: str) -> None:
    errors.setdefault(key, []).append(message)
    raise tk.StopOnError


def _is_empty(value: Any) -> bool:
    if value is tk.missing or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def _sibling(key: FlatKey, name: str) -> FlatKey:
    """The key of another field of the same dataset or resource."""
    return (*key[:-1], name)


def _field_by_name(schema: Schema, name: str) -> Field:
    for field in schema.get("dataset_fields", []) + schema.get("resource_fields", []):
        if field["field_name"] == name:
            return field
    return {"field_name": name}


def _selected(value: Any) -> list[str]:
    """The values of a single or multiple choice: a list, a JSON list (already stored) or one string."""
    if _is_empty(value):
        return []
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    items = value if isinstance(value, list | tuple) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def _allowed_values(field: Field) -> list[str]:
    return [choice["value"] for choice in vocabulary.choices(field["dga_choices"])]


def _flag(value: Any) -> bool:
    return False if value is tk.missing or value is None else tk.asbool(value)


def force_private_enabled() -> bool:
    return visibility.force_private_enabled()


def _applies_to_data_type(field: Field, data: FlatData) -> bool:
    types = field.get("data_types")
    return not types or data.get(("data_type",)) in types


def _is_private(data: FlatData, key: FlatKey, context: Any) -> bool:
    """The `private` flag being saved; an update that leaves it out keeps the stored one."""
    value = data.get(_sibling(key, "private"), tk.missing)
    if value is tk.missing or value is None:
        stored = context.get("package")
        return bool(stored and stored.private)
    return _flag(value)


def _will_be_public(data: FlatData, key: FlatKey, context: Any) -> bool:
    if _is_private(data, key, context):
        return False
    category = data.get(_sibling(key, "data_category"))
    forced_private = category and category != vocabulary.PUBLIC_CATEGORY and force_private_enabled()
    return not forced_private


def field_rule(rule: Callable[[Field, str], str]) -> Callable[[Field, Schema], NavlValidator]:
    """A scheming validator from a rule that returns the value to store or raises RuleError."""

    @scheming_validator
    def for_field(field: Field, schema: Schema) -> NavlValidator:
        def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
            value = data.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)  # JSON numbers from the API: a year, a coordinate
            if not isinstance(value, str):
                _fail(errors, key, _message(tk._(messages.NOT_TEXT), field, value))
            try:
                data[key] = rule(field, value.strip())
            except RuleError as error:
                _fail(errors, key, str(error))

        return validator

    return for_field


# ---- presence and choices ---------------------------------------------------------------------------


def _is_kpi_dataset(key: FlatKey, data: FlatData) -> bool:
    """A dataset (not a resource) any of whose KPI fields has a value: its `required_for_kpi` fields are
    required (issue 16: KPI datasets are `dataset`-type datasets with the KPI fields)."""
    if len(key) != 1:
        return False
    return any(
        len(other) == 1 and str(other[0]).startswith(kpi_datasets.FIELD_PREFIX) and not _is_empty(value)
        for other, value in data.items()
    )


@scheming_validator
def kpi_required(field: Field, schema: Schema) -> NavlValidator:
    """Not empty when the field says `required: true` (or `required_for_kpi: true` on a KPI dataset);
    otherwise an empty value is dropped. A field with `data_types` is dropped too when the dataset's
    data_type is not one of them."""

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        value = data.get(key, tk.missing)
        if not _applies_to_data_type(field, data):
            data.pop(key, None)
            raise tk.StopOnError
        if not _is_empty(value):
            return
        if field.get("required") or (field.get("required_for_kpi") and _is_kpi_dataset(key, data)):
            _fail(errors, key, _message(tk._(messages.REQUIRED), field))
        if value is tk.missing or value is None:
            data.pop(key, None)
        else:
            data[key] = ""
        raise tk.StopOnError

    return validator


@scheming_validator
def kpi_choice(field: Field, schema: Schema) -> NavlValidator:
    allowed = _allowed_values(field)

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        if data.get(key) not in allowed:
            _fail(errors, key, _unknown_choice(field, data.get(key)))

    return validator


def _unknown_choice(field: Field, value: Any) -> str:
    return _message(tk._(messages.UNKNOWN_CHOICE), field, value)


@scheming_validator
def kpi_multiple_choice(field: Field, schema: Schema) -> NavlValidator:
    """One or more choices, stored as a JSON list in the order of the choice list (as scheming does)."""
    allowed = _allowed_values(field)

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        selected = _selected(data.get(key))
        unknown = [value for value in selected if value not in allowed]
        if unknown:
            _fail(errors, key, _unknown_choice(field, ", ".join(unknown)))
        data[key] = json.dumps([value for value in allowed if value in selected], ensure_ascii=False)

    return validator


@scheming_validator
def kpi_other_text(field: Field, schema: Schema) -> NavlValidator:
    """`<field>_other`: required exactly when the "other" choice of `<field>` is selected, else dropped."""
    parent_name = field["field_name"].removesuffix("_other")
    parent = _field_by_name(schema, parent_name)

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        others = [v for v in _selected(data.get(_sibling(key, parent_name))) if vocabulary.is_other_choice(v)]
        if not others:
            data.pop(key, None)
            raise tk.StopOnError
        if _is_empty(data.get(key)):
            message = tk._(messages.OTHER_REQUIRED)
            _fail(errors, key, _message(message, field, choice=others[0], parent=label_of(parent)))
        _check_plain_text(errors, key, data, field, max_length=1000)

    return validator


# ---- text, e-mail, URL ------------------------------------------------------------------------------


def _plain_text(field: Field, value: str, max_length: int) -> str:
    if text.contains_html(value):
        raise RuleError(_message(tk._(messages.HTML_TAGS), field, value))
    if len(value) > max_length:
        message = tk._(messages.TOO_LONG)
        raise RuleError(_message(message, field, value, length=len(value), limit=max_length))
    return value


def _check_plain_text(
    errors: FlatErrors, key: FlatKey, data: FlatData, field: Field, max_length: int
) -> None:
    try:
        data[key] = _plain_text(field, str(data[key]).strip(), max_length)
    except RuleError as error:
        _fail(errors, key, str(error))


def kpi_text(max_length: int) -> Callable[[Field, Schema], NavlValidator]:
    """Plain text: no HTML tags (stored as typed, rendered escaped), at most `max_length` characters."""
    return field_rule(partial(_plain_text, max_length=max_length))


def _email(field: Field, value: str) -> str:
    if EMAIL.fullmatch(value):
        return value
    raise RuleError(_message(tk._(messages.EMAIL), field, value))


def _web_url(field: Field, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"\s", value):
        return value
    raise RuleError(_message(tk._(messages.WEB_URL), field, value))


# Schemes a resource link may use; a value without a scheme is the name of an uploaded file.
RESOURCE_URL_SCHEMES = frozenset({"http", "https", "ftp"})


def _resource_url(field: Field, value: str) -> str:
    """A resource's URL or uploaded file name; never a javascript:, data: or file: link."""
    scheme = urlsplit(value).scheme.lower()
    if not scheme or scheme in RESOURCE_URL_SCHEMES:
        return value
    raise RuleError(_message(tk._(messages.WEB_URL), field, value))


# ---- numbers, years, dates, coordinates -------------------------------------------------------------


def current_be_year() -> int:
    return datetime.date.today().year + 543


def _be_year(field: Field, value: str) -> str:
    year = text.to_arabic_digits(value)
    latest = current_be_year() + BE_YEARS_AHEAD
    if re.fullmatch(r"[0-9]{4}", year) and EARLIEST_BE_YEAR <= int(year) <= latest:
        return year
    message = tk._(messages.BE_YEAR)
    raise RuleError(_message(message, field, value, earliest=EARLIEST_BE_YEAR, latest=latest))


def _parse_iso_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    candidate = text.to_arabic_digits(value.strip())
    if not ISO_DATE.fullmatch(candidate):
        return None
    try:
        return datetime.date.fromisoformat(candidate)
    except ValueError:
        return None


def _iso_date(field: Field, value: str) -> str:
    date = _parse_iso_date(value)
    if date is None:
        raise RuleError(_message(tk._(messages.ISO_DATE), field, value))
    if date.year >= EARLIEST_BE_YEAR:
        message = tk._(messages.BE_YEAR_IN_DATE)
        raise RuleError(_message(message, field, value))
    return date.isoformat()


def _coordinate(field: Field, value: str, limit: int) -> str:
    number = text.to_arabic_digits(value)
    try:
        if -limit <= float(number) <= limit and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", number):
            return number
    except ValueError:
        pass
    message = tk._(messages.COORDINATE)
    raise RuleError(_message(message, field, value, limit=limit))


def kpi_coordinate(limit: int) -> Callable[[Field, Schema], NavlValidator]:
    return field_rule(partial(_coordinate, limit=limit))


def kpi_not_after(later_field_name: str) -> Callable[[Field, Schema], NavlValidator]:
    """A date that may not come after the date in `later_field_name` (e.g. a period's start and end)."""

    @scheming_validator
    def for_field(field: Field, schema: Schema) -> NavlValidator:
        later_field = _field_by_name(schema, later_field_name)

        def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
            later_value = data.get(_sibling(key, later_field_name))
            start, end = _parse_iso_date(data.get(key)), _parse_iso_date(later_value)
            if start and end and start > end:
                message = tk._(messages.DATE_ORDER)
                _fail(errors, key, _message(message, field, data[key], other=label_of(later_field),
                                            other_value=later_value))

        return validator

    return for_field


@scheming_validator
def kpi_update_frequency_interval(field: Field, schema: Schema) -> NavlValidator:
    """A whole number from 1 when the unit is a period (every N years, months…); dropped for other units."""
    unit_field = _field_by_name(schema, "update_frequency_unit")

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        unit = data.get(_sibling(key, "update_frequency_unit"))
        if unit not in vocabulary.PERIODIC_FREQUENCY_UNITS:
            data.pop(key, None)
            raise tk.StopOnError
        value = data.get(key)
        number = "" if _is_empty(value) else text.to_arabic_digits(str(value).strip())
        if ARABIC_NUMBER.fullmatch(number) and 1 <= int(number) <= MAX_FREQUENCY_INTERVAL:
            data[key] = str(int(number))
            return
        message = tk._(messages.FREQUENCY_INTERVAL)
        _fail(errors, key, _message(message, field, "" if _is_empty(value) else value,
                                    limit=MAX_FREQUENCY_INTERVAL, unit=label_of(unit_field), unit_value=unit))

    return validator


# ---- data governance: category, classification, publication, harvest --------------------------------


@scheming_validator
def kpi_data_classification(field: Field, schema: Schema) -> NavlValidator:
    """The classification must be one the data category allows; it is filled in when only one is allowed."""
    category_field = _field_by_name(schema, "data_category")

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        category = data.get(_sibling(key, "data_category"))
        allowed = vocabulary.CLASSIFICATIONS_BY_CATEGORY.get(category)
        if not allowed:
            return
        value = data.get(key)
        if _is_empty(value):
            if len(allowed) == 1:
                data[key] = allowed[0]
            return
        if value not in allowed:
            message = tk._(messages.CLASSIFICATION)
            _fail(errors, key, _message(message, field, value, category=label_of(category_field),
                                        category_value=category, allowed=", ".join(allowed)))

    return validator


@scheming_validator
def kpi_publication_rule(field: Field, schema: Schema) -> NavlValidator:
    """Only public-category data may be public: anything else is refused, or made private when
    ckanext.kpi.force_private_when_not_public is on."""

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        category = data.get(key)
        private_key = _sibling(key, "private")
        refused = visibility.publication_refusal(
            private=_is_private(data, key, context), data_category=category, allow_harvest=None
        )
        if errors.get(key) or refused != visibility.CATEGORY_FIELD:
            return
        if force_private_enabled():
            data[private_key] = True
            return
        message = tk._(messages.NOT_PUBLIC)
        _fail(errors, key, _message(message, field, category))

    return validator


@scheming_validator
def kpi_allow_harvest(field: Field, schema: Schema) -> NavlValidator:
    """GD-Catalog harvests every public dataset, so consent is "True" for them; it defaults to "False"
    for private ones."""

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        value = data.get(key)
        public = _will_be_public(data, key, context)
        if _is_empty(value):
            data[key] = "True" if public else "False"
        elif visibility.publication_refusal(
            private=not public, data_category=data.get(_sibling(key, "data_category")), allow_harvest=value
        ) == visibility.CONSENT_FIELD:
            message = tk._(messages.HARVEST_PUBLIC)
            _fail(errors, key, _message(message, field, value))

    return validator


# ---- tags ---------------------------------------------------------------------------------------------


def _tag_problem(name: str) -> str | None:
    if not MIN_TAG_LENGTH <= len(name) <= MAX_TAG_LENGTH:
        return tk._(messages.TAG_LENGTH).format(
            value=text.excerpt(name), low=MIN_TAG_LENGTH, high=MAX_TAG_LENGTH)
    if not text.TAG_NAME.match(name):
        return tk._(messages.TAG_CHARACTERS).format(
            value=text.excerpt(name))
    return None


def tag_name_validator(value: Any, context: Any) -> Any:
    """Thai-aware replacement of CKAN's tag_name_validator, registered under the core name so that every
    core schema (the `tags` list of the API and the form, tag_create) accepts tags such as "ตัวชี้วัด"."""
    problem = _tag_problem(str(value))
    if problem:
        raise tk.Invalid(problem)
    return value


def _tag_names(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else (value if isinstance(value, list) else [])
    return [str(item).strip() for item in items if str(item).strip()]


@scheming_validator
def kpi_tag_string(field: Field, schema: Schema) -> NavlValidator:
    """Comma-separated tags, Thai-aware (core's tag_string_convert calls the core name rule directly).
    A dataset given a `tags` list instead (the API) has its tags too."""

    def validator(key: FlatKey, data: FlatData, errors: FlatErrors, context: Any) -> None:
        names = _tag_names(data.get(key))
        tag_keys = [k for k in data if len(k) == 3 and k[0] == "tags" and k[2] == "name"]
        existing = {data[k] for k in tag_keys if not _is_empty(data[k])}
        if not names and not existing:
            if field.get("required"):
                _fail(errors, key, _message(tk._(messages.REQUIRED), field))
            data.pop(key, None)
            raise tk.StopOnError
        for name in names:
            problem = _tag_problem(name)
            if problem:
                _fail(errors, key, f"{label_of(field)}: {problem}")
        next_index = max([k[1] for k in tag_keys] + [-1]) + 1
        for offset, name in enumerate(n for n in dict.fromkeys(names) if n not in existing):
            data[("tags", next_index + offset, "name")] = name

    return validator


# ---- registry (IValidators) ---------------------------------------------------------------------------


def kpi_readable_name(key: Any, data: Any, errors: Any, context: Any) -> None:
    from ckanext.kpi.slugs import kpi_readable_name as readable_name

    readable_name(key, data, errors, context)


def get_validators() -> dict[str, Callable[..., Any]]:
    return {
        "kpi_required": kpi_required,
        "kpi_choice": kpi_choice,
        "kpi_multiple_choice": kpi_multiple_choice,
        "kpi_other_text": kpi_other_text,
        "kpi_text": kpi_text,
        "kpi_email": field_rule(_email),
        "kpi_url": field_rule(_web_url),
        "kpi_resource_url": field_rule(_resource_url),
        "kpi_be_year": field_rule(_be_year),
        "kpi_isodate": field_rule(_iso_date),
        "kpi_coordinate": kpi_coordinate,
        "kpi_not_after": kpi_not_after,
        "kpi_update_frequency_interval": kpi_update_frequency_interval,
        "kpi_data_classification": kpi_data_classification,
        "kpi_publication_rule": kpi_publication_rule,
        "kpi_allow_harvest": kpi_allow_harvest,
        "kpi_tag_string": kpi_tag_string,
        "tag_name_validator": tag_name_validator,
        "kpi_readable_name": kpi_readable_name,
    }
