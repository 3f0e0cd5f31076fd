"""What a citizen meets first: the home page of an Agency Data Catalog (the headline KPI status by fiscal
year, the latest datasets and indicators, the organisations) and dates in the reader's calendar (Buddhist
Era in Thai, Common Era in English). Template helpers only; every figure comes from CKAN's actions run as
the current user, so a private dataset never shows to a reader who may not see it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from babel import Locale

from ckanext.kpi.web import current_user_context, read_as_current_user

log = logging.getLogger(__name__)

BUDDHIST_ERA_OFFSET = 543
STATUSES = ("met", "not_met", "pending", "no_data")
# How many KPI datasets the home page reads indicators of (the newest first): a bound on the page's cost.
MAX_STATUS_DATASETS = 40
DEFAULT_SEARCH_EXAMPLES = "ดิจิทัล ความพึงพอใจ ตัวชี้วัด 2567"


def thai_date(value: dt.datetime | dt.date, with_hours: bool = False, with_seconds: bool = False) -> str:
    """``2 ธันวาคม 2569``: day, Thai month name and the Buddhist-Era year (no era word, as Thai writes it)."""
    month = Locale("th").months["format"]["wide"][value.month]
    text = f"{value.day} {month} {value.year + BUDDHIST_ERA_OFFSET}"
    if with_hours and isinstance(value, dt.datetime):
        text += " " + value.strftime("%H:%M:%S" if with_seconds else "%H:%M") + " น."
    return text


@tk.chained_helper
def render_datetime(
    next_helper: Any,
    datetime_: Any,
    date_format: str | None = None,
    with_hours: bool = False,
    with_seconds: bool = False,
) -> str:
    """CKAN's ``h.render_datetime``; in Thai the Buddhist-Era year instead of Babel's "ค.ศ. 2026"."""
    if date_format or tk.h.lang() != "th":
        return next_helper(datetime_, date_format, with_hours, with_seconds)
    from ckan.lib.helpers import _datestamp_to_datetime

    value = _datestamp_to_datetime(datetime_)
    if not value:
        return ""
    return thai_date(value, with_hours=with_hours, with_seconds=with_seconds)


def _search(**params: Any) -> dict[str, Any]:
    try:
        return tk.get_action("package_search")(current_user_context(), params)
    except (tk.ValidationError, tk.NotAuthorized) as error:
        log.warning("home page search failed: %s", error)
        return {"count": 0, "results": [], "search_facets": {}}


def kpi_home_status_by_year() -> list[dict[str, Any]]:
    """The indicators' status (met, not met, pending, no data) of the KPI documents per fiscal year, newest
    year first: ``[{"year": 2567, "met": 3, …, "datasets": 2}]``."""
    found = _search(q="*:*", fq="kpi_fiscal_year:[* TO *]", rows=MAX_STATUS_DATASETS,
                    sort="metadata_modified desc")
    years: dict[int, dict[str, Any]] = {}
    for dataset in found["results"]:
        try:
            year = int(str(dataset.get("kpi_fiscal_year") or "").strip())
        except ValueError:
            continue
        try:
            listing = read_as_current_user("kpi_indicator_list", {"id": dataset["id"]})
        except tk.ValidationError:
            listing = None
        if not listing or not listing.get("count"):
            continue
        from ckanext.kpi.indicators.pages import status_counts

        row = years.setdefault(year, {"year": year, "datasets": 0, **dict.fromkeys(STATUSES, 0)})
        row["datasets"] += 1
        for status, count in status_counts(listing).items():
            row[status] = row.get(status, 0) + count
    return [years[year] for year in sorted(years, reverse=True)]


def kpi_home_latest_datasets(limit: int = 6) -> list[dict[str, Any]]:
    return _search(q="*:*", rows=limit, sort="metadata_modified desc")["results"]


def kpi_home_latest_indicators(limit: int = 6) -> list[dict[str, Any]]:
    """A few indicators of the newest KPI documents with their status: ``{"dataset", "indicator"}``."""
    found = _search(q="*:*", fq="kpi_fiscal_year:[* TO *]", rows=5, sort="metadata_modified desc")
    shown: list[dict[str, Any]] = []
    for dataset in found["results"]:
        try:
            listing = read_as_current_user("kpi_indicator_list", {"id": dataset["id"]})
        except tk.ValidationError:
            listing = None
        for indicator in (listing or {}).get("indicators", [])[:2]:
            shown.append({"dataset": dataset, "indicator": indicator})
            if len(shown) >= limit:
                return shown
    return shown


def kpi_home_organizations(limit: int = 12) -> list[dict[str, Any]]:
    try:
        organizations = tk.get_action("organization_list")(
            current_user_context(), {"all_fields": True, "sort": "package_count desc", "limit": limit}
        )
    except tk.NotAuthorized:
        return []
    return organizations


def kpi_home_search_examples() -> list[str]:
    """Thai search examples under the home page's search box (``ckanext.kpi.home.search_examples``)."""
    return str(tk.config.get("ckanext.kpi.home.search_examples") or DEFAULT_SEARCH_EXAMPLES).split()


def kpi_status_search_url(year: int) -> str:
    return tk.h.url_for("dataset.search", kpi_fiscal_year=str(year))


def get_helpers() -> dict[str, Any]:
    return {
        "render_datetime": render_datetime,
        "kpi_additional_info_groups": kpi_additional_info_groups,
        "kpi_home_status_by_year": kpi_home_status_by_year,
        "kpi_home_latest_datasets": kpi_home_latest_datasets,
        "kpi_home_latest_indicators": kpi_home_latest_indicators,
        "kpi_home_organizations": kpi_home_organizations,
        "kpi_home_search_examples": kpi_home_search_examples,
        "kpi_status_search_url": kpi_status_search_url,
    }


def keep_core_plural_forms(flask_app: Any) -> Any:
    """Thai counts in Thai: "พบ 6 ชุดข้อมูล", not "6 datasets found".

    Flask-Babel merges the catalogues of CKAN and of every plugin and keeps the plural rule of the last one
    it loads; a plugin without a Thai catalogue (ckanext-harvest) leaves English's ``n != 1``, so every
    Thai plural (``msgstr[0]`` only) falls back to the English text. The rule of CKAN's own catalogue for the
    locale is put back."""
    from babel import support

    babel = flask_app.extensions.get("babel")
    if babel is None:
        return flask_app
    with flask_app.app_context():
        domain = babel.instance.domain_instance
        core_directory, core_domain = domain.translation_directories[0], domain.domain[0]
    merged_translations = domain.get_translations

    def get_translations() -> Any:
        translations = merged_translations()
        from flask_babel import get_locale

        core = support.Translations.load(core_directory, [get_locale()], core_domain)
        if getattr(core, "_catalog", None) is not None and hasattr(core, "plural"):
            translations.plural = core.plural
        return translations

    domain.get_translations = get_translations
    return flask_app


# --- The dataset page's metadata, grouped; empty items hidden ---------------------------------------------

# Shown elsewhere on the page (title, description, tags, organisation, URL) or not metadata at all.
NOT_IN_ADDITIONAL_INFO = frozenset({"id", "title", "name", "notes", "tag_string", "owner_org"})
METADATA_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("About the data", ("data_type", "objective", "data_source", "data_category", "data_classification",
                        "data_language", "reference_url_catalog", "allow_harvest")),
    ("Contact", ("maintainer", "maintainer_email")),
    ("Updates and time", ("update_frequency_unit", "update_frequency_interval", "created_date",
                          "last_updated_date", "data_release_calendar", "data_release_date",
                          "first_year_of_data", "last_year_of_data", "reference_period")),
    ("Coverage and method", ("geo_coverage", "disaggregate", "unit_of_measure", "unit_of_multiplier",
                             "calculation_method", "standard", "geographic_data_set", "equivalent_scale",
                             "west_bound_longitude", "east_bound_longitude", "north_bound_longitude",
                             "south_bound_longitude", "positional_accuracy")),
    ("Access and licence", ("license_id", "accessible_condition", "data_support", "data_collect", "url",
                            "data_format")),
    ("Government data programmes", ("high_value_dataset", "reference_data", "official_statistics",
                                    "focus_area", "focus_area_issue", "used_in_url", "used_in_title")),
)
OTHER_GROUP = "Other information"


def _has_value(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | dict | tuple):
        return len(value) > 0
    return True


def kpi_additional_info_groups(schema: dict[str, Any], package: dict[str, Any]) -> list[dict[str, Any]]:
    """The scheming fields of a dataset that have a value, in labelled groups; a field's ``_other`` text
    sits in its field's group. Fields no group names (the KPI document's own) go to a last group."""
    group_of = {name: label for label, names in METADATA_GROUPS for name in names}
    groups: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in METADATA_GROUPS}
    groups[OTHER_GROUP] = []
    for field in schema.get("dataset_fields", []):
        name = field["field_name"]
        if name in NOT_IN_ADDITIONAL_INFO or field.get("display_snippet", "") is None:
            continue
        if not _has_value(package.get(name)):
            continue
        base = name.removesuffix("_other")
        groups[group_of.get(name) or group_of.get(base) or OTHER_GROUP].append(field)
    return [{"label": tk._(label), "fields": fields} for label, fields in groups.items() if fields]
