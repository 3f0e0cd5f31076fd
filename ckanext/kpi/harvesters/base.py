"""What the two KPI harvesters share: config validation, the gather bookkeeping (stable GUIDs, documents
that disappeared), the fetch stage with its "unchanged" check, and the import stage around ``publish``.

A subclass says what a source lists (:meth:`KpiHarvesterBase.gather_entries`) and how one fetched object
becomes an extraction result (:meth:`KpiHarvesterBase.extract`)."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.search.common import SearchError, SearchIndexError, SolrConnectionError

from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestObject, HarvestObjectExtra
from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.pipeline import EXTRACTOR_VERSION
from ckanext.kpi.extraction.reading import ExtractionError

from .config import ON_MISSING_WITHDRAW, ConfigError, SourceConfig, parse_config
from .fetching import PRIVATE_NETWORK_HINT, FetchError, FetchPolicy, fetch
from .issues import Issue, record_issues
from .publishing import publish
from .resource_files import OriginalFile
from .store import action_context, uploads_in_file_store

log = logging.getLogger(__name__)

HARVESTER_VERSION = "1"
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


def validation_issues(
    error: tk.ValidationError, file_name: str, sheet: str = "", line: int | None = None
) -> list[Issue]:
    """One issue per field the schema rejected, the message naming the field."""
    summary = error.error_summary or {"": str(error.error_dict)}
    return [
        Issue("schema", f"{key}: {message}" if key else str(message), file_name, sheet, line=line)
        for key, message in summary.items()
    ]


class KpiHarvesterBase(HarvesterBase):
    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    # Content types and file suffixes the documents of this harvester may have.
    allowed_types: ClassVar[frozenset[str]]
    allowed_suffixes: ClassVar[tuple[str, ...]]
    default_index_format: ClassVar[str] = "auto"

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
        return FetchPolicy(
            allowed_types=self.allowed_types,
            allowed_suffixes=self.allowed_suffixes,
            max_bytes=config.max_bytes,
            connect_timeout=config.connect_timeout,
            read_timeout=config.read_timeout,
            allow_private_network=config.allow_private_network,
            private_network_hint=PRIVATE_NETWORK_HINT,
        )

    def owner_org(self, source: Any, config: SourceConfig) -> str:
        """The config's organisation, else the harvest source's own (a source is a dataset)."""
        if config.owner_org:
            return config.owner_org
        source_package = model.Package.get(source.id)
        return source_package.owner_org if source_package and source_package.owner_org else ""

    # ---- subclass hooks -----------------------------------------------------------------------------
    def gather_entries(self, source: Any, config: SourceConfig) -> list[GatherEntry]:
        raise NotImplementedError

    def extract(self, original: OriginalFile, config: SourceConfig) -> tuple[ExtractionResult, list[Issue]]:
        raise NotImplementedError

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
                fetched = fetch(extras[EXTRA_URL], self.fetch_policy(config))
            except FetchError as error:
                issue = Issue(rule=error.rule, message=error.message, file=error.url, stage="Fetch")
                record_issues(harvest_object, [issue])
                return False
            original = OriginalFile(fetched.file_name, fetched.body, fetched.content_type, fetched.url)
            harvest_object.content = encode_content(original)
        content_hash = self._content_hash(harvest_object.content, config)
        if self._is_unchanged(harvest_object, content_hash):
            return "unchanged"
        _set_extra(harvest_object, EXTRA_CONTENT_HASH, content_hash)
        harvest_object.save()
        return True

    @staticmethod
    def content_fingerprint(config: SourceConfig) -> str:
        """What besides the content decides the dataset: harvester, extractor and metadata settings."""
        return "\n".join((HARVESTER_VERSION, EXTRACTOR_VERSION, config.fingerprint()))

    @classmethod
    def _content_hash(cls, content: str, config: SourceConfig) -> str:
        """Changes when the document, the source's metadata settings or the extractor change."""
        key = "\n".join((cls.content_fingerprint(config), content))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @staticmethod
    def _is_unchanged(harvest_object: HarvestObject, content_hash: str) -> bool:
        previous = previous_current_object(harvest_object)
        if previous is None or _extras(previous).get(EXTRA_CONTENT_HASH) != content_hash:
            return False
        package = model.Package.get(previous.package_id) if previous.package_id else None
        if package is None or package.state != "active":
            return False
        active = [{"id": r.id, "url": r.url, "url_type": r.url_type} for r in package.resources]
        return uploads_in_file_store(active)

    # ---- import -------------------------------------------------------------------------------------
    def import_stage(self, harvest_object: HarvestObject) -> bool | str:
        if _extras(harvest_object).get(EXTRA_STATUS) == STATUS_DELETE:
            return self._withdraw(harvest_object)
        source = harvest_object.source
        config = self.source_config(source)
        original = decode_content(harvest_object.content)
        try:
            result, issues = self.extract(original, config)
        except ExtractionError as error:
            page = getattr(error, "page", None)  # a ReaderError names the PDF page where it knows it
            message = f"{error.message} (page {page})" if page is not None else error.message
            issue = Issue(rule="unreadable", message=message, file=original.file_name, line=error.line)
            record_issues(harvest_object, [issue])
            return False
        record_issues(harvest_object, issues)
        return self._publish(harvest_object, result, original, config)

    def _publish(
        self,
        harvest_object: HarvestObject,
        result: ExtractionResult,
        original: OriginalFile,
        config: SourceConfig,
    ) -> bool:
        previous = previous_current_object(harvest_object)
        try:
            publication = publish(
                result,
                original,
                config,
                owner_org=self.owner_org(harvest_object.source, config),
                user=self._get_user_name(),
                existing_id=previous.package_id if previous else None,
                original_hash=_extras(harvest_object).get(EXTRA_CONTENT_HASH, ""),
            )
        except tk.ValidationError as error:
            model.Session.rollback()
            record_issues(harvest_object, validation_issues(error, original.file_name))
            return False
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
        self.mark_current(harvest_object, previous, publication.package["id"])
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
