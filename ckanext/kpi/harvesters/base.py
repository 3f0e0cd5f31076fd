"""What the two KPI harvesters share: thin ckanext-harvest adapters around the one way in
(:mod:`ckanext.kpi.harvesters.ingest`). Gather lists (stable GUIDs, documents that disappeared), fetch
downloads and asks ingest's "unchanged" rule, import calls ``ingest``.

A subclass says what a source lists (:meth:`KpiHarvesterBase.gather_entries`) and what a spreadsheet may
be (:attr:`KpiHarvesterBase.spreadsheets`)."""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from ckan.lib.search.common import SearchError, SearchIndexError, SolrConnectionError

from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestObject, HarvestObjectExtra
from ckanext.kpi.extraction.reading import ExtractionError

from .config import ON_MISSING_WITHDRAW, ConfigError, SourceConfig, parse_config
from .fetching import FetchError, FetchPolicy
from .ingest import (
    Reading,
    Spreadsheets,
    download,
    fetch_policy,
    fingerprint,
    ingest,
    is_unchanged,
    package_state,
    read_original,
    validation_issues,
)
from .issues import Issue, record_issues
from .resource_files import OriginalFile
from .store import action_context

log = logging.getLogger(__name__)

EXTRA_URL = "url"
EXTRA_STATUS = "status"
EXTRA_CONTENT_HASH = "content_hash"
EXTRA_GATHER_ISSUE = "gather_issue"
STATUS_DELETE = "delete"


@dataclass
class GatherEntry:
    """One object to create: its GUID, where it comes from, and content when gather already has it."""

    guid: str
    url: str
    content: str | None = None
    issue: Issue | None = None
    extras: dict[str, str] = field(default_factory=dict)


def encode_content(original: OriginalFile) -> str:
    """The object's content: the downloaded file as JSON (text kept readable, binary as base64)."""
    try:
        body, encoding = original.body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        body, encoding = base64.b64encode(original.body).decode("ascii"), "base64"
    return json.dumps(
        {
            "url": original.url,
            "file_name": original.file_name,
            "content_type": original.content_type,
            "encoding": encoding,
            "body": body,
        },
        ensure_ascii=False,
    )


def decode_content(content: str) -> OriginalFile:
    data = json.loads(content)
    body = data["body"].encode("utf-8") if data["encoding"] == "utf-8" else base64.b64decode(data["body"])
    return OriginalFile(
        file_name=data["file_name"], body=body, content_type=data["content_type"], url=data["url"]
    )


def _extras(harvest_object: HarvestObject) -> dict[str, str]:
    return {extra.key: extra.value for extra in harvest_object.extras}


def _set_extra(harvest_object: HarvestObject, key: str, value: str) -> None:
    extra = next((e for e in harvest_object.extras if e.key == key), None)
    if extra is None:
        HarvestObjectExtra(key=key, value=value, object=harvest_object).save()
    else:
        extra.value = value
        extra.save()


def previous_current_object(harvest_object: HarvestObject) -> HarvestObject | None:
    """The object of the same GUID last imported from this source, if any."""
    return (
        model.Session.query(HarvestObject)
        .filter(HarvestObject.guid == harvest_object.guid)
        .filter(HarvestObject.harvest_source_id == harvest_object.harvest_source_id)
        .filter(HarvestObject.current == True)  # noqa: E712 (SQL comparison)
        .filter(HarvestObject.id != harvest_object.id)
        .first()
    )


class KpiHarvesterBase(HarvesterBase):
    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    # Content types and file suffixes the documents of this harvester may have.
    allowed_types: ClassVar[frozenset[str]]
    allowed_suffixes: ClassVar[tuple[str, ...]]
    default_index_format: ClassVar[str] = "auto"
    spreadsheets: ClassVar[Spreadsheets] = "any"

    # ---- IHarvester: description and config ---------------------------------------------------------
    def info(self) -> dict[str, str]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "form_config_interface": "Text",
        }

    def validate_config(self, config: str | None) -> str | None:
        try:
            parse_config(config)
        except ConfigError as error:
            raise ValueError(
                tk._("Harvest source configuration is not valid: {error}").format(error=error)
            ) from error
        return config

    def get_original_url(self, harvest_object_id: str) -> str | None:
        harvest_object = HarvestObject.get(harvest_object_id)
        return _extras(harvest_object).get(EXTRA_URL) if harvest_object else None

    # ---- helpers ------------------------------------------------------------------------------------
    def source_config(self, source: Any) -> SourceConfig:
        config = parse_config(source.config)
        if config.index_format == "auto" and self.default_index_format != "auto" and not config.documents:
            config = dataclasses.replace(config, index_format=self.default_index_format)
        return config

    def fetch_policy(self, config: SourceConfig) -> FetchPolicy:
        return fetch_policy(config, self.allowed_types, self.allowed_suffixes)

    def owner_org(self, source: Any, config: SourceConfig) -> str:
        """The config's organisation, else the harvest source's own (a source is a dataset)."""
        if config.owner_org:
            return config.owner_org
        source_package = model.Package.get(source.id)
        return source_package.owner_org if source_package and source_package.owner_org else ""

    # ---- subclass hooks -----------------------------------------------------------------------------
    def gather_entries(self, source: Any, config: SourceConfig) -> list[GatherEntry]:
        raise NotImplementedError

    def original_of(self, content: str) -> OriginalFile:
        """The file an object's content stands for (what the "unchanged" fingerprint is taken over)."""
        return decode_content(content)

    # ---- gather -------------------------------------------------------------------------------------
    def gather_stage(self, harvest_job: Any) -> list[str]:
        source = harvest_job.source
        try:
            config = self.source_config(source)
            entries = self.gather_entries(source, config)
        except (ConfigError, FetchError) as error:
            self._save_gather_error(f"{source.url}: {error}", harvest_job)
            return []
        objects = [self._new_object(harvest_job, entry) for entry in entries]
        # An empty listing is more likely an outage of the index page than a withdrawal of everything.
        if config.on_missing == ON_MISSING_WITHDRAW and entries:
            objects.extend(self._withdrawal_objects(harvest_job, {entry.guid for entry in entries}))
        model.Session.commit()  # one commit for the whole listing
        return [harvest_object.id for harvest_object in objects]

    def _new_object(self, harvest_job: Any, entry: GatherEntry) -> HarvestObject:
        harvest_object = HarvestObject(
            guid=entry.guid, job=harvest_job, source=harvest_job.source, content=entry.content
        )
        extras = {EXTRA_URL: entry.url, **entry.extras}
        if entry.issue:
            extras[EXTRA_GATHER_ISSUE] = json.dumps(entry.issue.__dict__, ensure_ascii=False)
        harvest_object.extras = [HarvestObjectExtra(key=key, value=value) for key, value in extras.items()]
        harvest_object.add()
        return harvest_object

    def _withdrawal_objects(self, harvest_job: Any, gathered: set[str]) -> list[HarvestObject]:
        """One object per dataset this source imported before whose document is no longer listed."""
        current = (
            model.Session.query(HarvestObject.guid, HarvestObject.package_id)
            .filter(HarvestObject.harvest_source_id == harvest_job.source.id)
            .filter(HarvestObject.current == True)  # noqa: E712
            .all()
        )
        withdrawals = []
        for guid, package_id in current:
            if guid in gathered or not package_id:
                continue
            harvest_object = HarvestObject(
                guid=guid, job=harvest_job, source=harvest_job.source, package_id=package_id
            )
            harvest_object.extras = [HarvestObjectExtra(key=EXTRA_STATUS, value=STATUS_DELETE)]
            harvest_object.add()
            withdrawals.append(harvest_object)
        return withdrawals

    # ---- fetch --------------------------------------------------------------------------------------
    def fetch_stage(self, harvest_object: HarvestObject) -> bool | str:
        extras = _extras(harvest_object)
        if extras.get(EXTRA_STATUS) == STATUS_DELETE:
            return True
        if extras.get(EXTRA_GATHER_ISSUE):
            record_issues(harvest_object, [Issue(**json.loads(extras[EXTRA_GATHER_ISSUE]))])
            return False
        config = self.source_config(harvest_object.source)
        if harvest_object.content is None:
            try:
                original = download(extras[EXTRA_URL], self.fetch_policy(config))
            except FetchError as error:
                issue = Issue(rule=error.rule, message=error.message, file=error.url, stage="Fetch")
                record_issues(harvest_object, [issue])
                return False
            harvest_object.content = encode_content(original)
        content_hash = fingerprint(self.original_of(harvest_object.content), config)
        previous = previous_current_object(harvest_object)
        if previous is not None and is_unchanged(
            _extras(previous).get(EXTRA_CONTENT_HASH), content_hash, package_state(previous.package_id)
        ):
            return "unchanged"
        _set_extra(harvest_object, EXTRA_CONTENT_HASH, content_hash)
        harvest_object.save()
        return True

    # ---- import -------------------------------------------------------------------------------------
    def import_stage(self, harvest_object: HarvestObject) -> bool | str:
        if _extras(harvest_object).get(EXTRA_STATUS) == STATUS_DELETE:
            return self._withdraw(harvest_object)
        config = self.source_config(harvest_object.source)
        original = decode_content(harvest_object.content)
        try:
            reading = read_original(original, config, self.spreadsheets)
        except ExtractionError as error:
            page = getattr(error, "page", None)  # a ReaderError names the PDF page where it knows it
            message = f"{error.message} (page {page})" if page is not None else error.message
            issue = Issue(rule="unreadable", message=message, file=original.file_name, line=error.line)
            record_issues(harvest_object, [issue])
            return False
        record_issues(harvest_object, reading.issues)
        if reading.result is None:  # an NSO metadata template: one object per row (the kpi_table source)
            message = "an NSO metadata template is harvested by a kpi_table source, one dataset per row"
            record_issues(harvest_object, [Issue("unreadable", message, file=original.file_name)])
            return False
        return self._ingest(harvest_object, original, config, reading)

    def _ingest(
        self, harvest_object: HarvestObject, original: OriginalFile, config: SourceConfig, reading: Reading
    ) -> bool:
        previous = previous_current_object(harvest_object)
        try:
            outcome = next(
                ingest(
                    original,
                    config,
                    owner_org=self.owner_org(harvest_object.source, config),
                    user=self._get_user_name(),
                    existing_id=previous.package_id if previous else None,
                    check_unchanged=False,  # the fetch stage decided it (ckanext-harvest's contract)
                    reading=reading,
                )
            )
        except tk.ObjectNotFound as error:
            model.Session.rollback()
            record_issues(harvest_object, [Issue("owner_org", str(error), file=original.file_name)])
            return False
        except (SearchError, SearchIndexError, SolrConnectionError) as error:
            # Solr down (a search, or the index write that ends package_create, which then commits nothing):
            # an error on this object, not a dead fetch consumer and a job left "Running".
            model.Session.rollback()
            record_issues(harvest_object, [Issue("search_unavailable", str(error), file=original.file_name)])
            return False
        if outcome.error is not None:
            record_issues(harvest_object, validation_issues(outcome.error, original.file_name))
            return False
        self.mark_current(harvest_object, previous, outcome.package["id"])
        return True

    @staticmethod
    def mark_current(harvest_object: HarvestObject, previous: HarvestObject | None, package_id: str) -> None:
        """This object now stands for the dataset; the one imported before does not any more."""
        if previous is not None:
            previous.current = False
            previous.save()
        harvest_object.package_id = package_id
        harvest_object.current = True
        harvest_object.save()
        # Indexed again now that this object is current: ckanext-harvest adds harvest_source_id to the index
        # only then, and clearing the source ("Clear" on its page) removes from search by that field. The
        # dataset was indexed while it was written, before; without this it stays searchable once purged.
        try:
            search.rebuild(package_id)
        except (SearchError, SearchIndexError, SolrConnectionError) as error:
            # The dataset is saved and indexed already; only "Clear" would miss it. `ckan search-index
            # rebuild` adds the field once Solr is back.
            log.warning("kpi harvest: could not index %s again after its import: %s", package_id, error)

    def _withdraw(self, harvest_object: HarvestObject) -> bool:
        """The document is no longer listed: delete its dataset (CKAN's soft delete, restorable)."""
        previous = previous_current_object(harvest_object)
        try:
            tk.get_action("package_delete")(
                action_context(self._get_user_name()), {"id": harvest_object.package_id}
            )
        except tk.ObjectNotFound:
            pass
        if previous is not None:
            previous.current = False
            previous.save()
        harvest_object.current = False
        harvest_object.save()
        return True
