"""Template helpers of ckanext-kpi."""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from ckanext.kpi import completeness, kpi_datasets, vocabulary
from ckanext.kpi.web import read_as_current_user


def kpi_dga_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Scheming `choices_helper`: the DGA list named by the field's `dga_choices` key."""
    return vocabulary.choices(field["dga_choices"])


def kpi_dataset_completeness(dataset: dict[str, Any]) -> dict[str, Any]:
    """The 14-item report of a dataset the page already shows (no second permission check needed)."""
    return completeness.report(dataset)


def kpi_organization_completeness(organization_id: str) -> dict[str, Any] | None:
    """The 14-item summary of an organization's datasets as the current user may see them."""
    return read_as_current_user("kpi_metadata_completeness", {"organization": organization_id})


_LINK = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<content>.*?)</a>", re.DOTALL | re.IGNORECASE)
_ARIA_LABEL = re.compile(r"""\saria-label=(?P<q>["'])(?P<value>.*?)(?P=q)""", re.DOTALL)
_HIDDEN_SPAN = re.compile(r"""<span\b[^>]*class=["'][^"']*\bhidden\b[^"']*["'][^>]*>.*?</span>""", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _visible_text(content: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _HIDDEN_SPAN.sub(" ", content))).split())


def _drop_mismatched_label(link: re.Match[str]) -> str:
    label = _ARIA_LABEL.search(link["attrs"])
    if not label:
        return link[0]
    visible = _visible_text(link["content"])
    name = " ".join(html.unescape(label["value"]).split())
    if not visible or visible.casefold() in name.casefold():
        return link[0]
    attrs = link["attrs"][: label.start()] + link["attrs"][label.end():]
    return f"<a{attrs}>{link['content']}</a>"


def kpi_visible_text_names_links(rendered: str) -> Markup:
    """Links of ``rendered`` whose aria-label does not contain their visible text lose the aria-label, so
    their visible text is their accessible name (WCAG 2.5.3 "label in name"; axe's
    label-content-name-mismatch). CKAN 2.12's facet links and resource headings carry such labels ("Search
    datasets by tags: …" on a link that reads "ภาษี 3"), which a speech-input user cannot say."""
    return Markup(_LINK.sub(_drop_mismatched_label, str(rendered)))


def get_helpers() -> dict[str, Any]:
    return {
        "kpi_visible_text_names_links": kpi_visible_text_names_links,
        "kpi_dga_choices": kpi_dga_choices,
        "kpi_dataset_completeness": kpi_dataset_completeness,
        "kpi_organization_completeness": kpi_organization_completeness,
        "kpi_is_kpi_dataset": kpi_datasets.is_kpi_dataset,
        "kpi_datasets_search_url": kpi_datasets_search_url,
    }


def kpi_datasets_search_url(organization: str = "") -> str:
    """The dataset search page listing KPI datasets (of one organisation)."""
    import ckan.plugins.toolkit as tk

    params = {"q": kpi_datasets.SEARCH_FILTER}
    if organization:
        params["organization"] = organization
    return tk.h.url_for("dataset.search", **params)
