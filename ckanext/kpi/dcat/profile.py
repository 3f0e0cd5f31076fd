"""The ``thai_dga`` RDF profile: the DGA (สพร.) metadata of ckanext-thai_gdc on top of DCAT-AP 3.

Chain it after ckanext-dcat's profile: ``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 thai_dga``. That profile
writes the DCAT-AP 3 core from CKAN's own fields; this one adds the DGA items, tags Thai text ``@th``, gives
every Thai vocabulary value its English label ``@en``, and swaps the literals DCAT-AP 3 wants as URIs
(frequency, access right, language, licence, file and media types) for the controlled-vocabulary URIs of
``vocabularies``. ``parse_dataset`` reads the same graph back into thai_gdc field names and values, so our
DCAT harvester can read a catalog of the same kind. docs/dcat.md has the field-by-field table.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ckanext.dcat.profiles import DCAT, DCT, FOAF, RDF, RDFS, SPDX, VCARD, XSD, RDFProfile
from ckanext.kpi.dcat import vocabularies as vocab
from ckanext.kpi.dcat.publication import first_published_creation, last_published_modification
from ckanext.kpi.dcat.vocabularies import DGA
from ckanext.kpi.extraction.thai import fiscal_year_bounds, fiscal_year_of

THAI_SCRIPT = re.compile("[\u0e00-\u0e7f]")

# DGA fields written as dga: literals, exactly as stored, so that parsing gives them back byte for byte.
# The predicate is the field name in camelCase; a field's free-text `<field>_other` gets `<predicate>Other`.
SINGLE_VALUE_FIELDS = (
    "data_type",
    "update_frequency_unit",
    "geo_coverage",
    "data_category",
    "data_classification",
    "accessible_condition",
)
MULTIPLE_VALUE_FIELDS = ("objective", "data_format")
FIELDS_WITH_OTHER = ("data_type", "objective", "update_frequency_unit", "geo_coverage", "data_format")

# A KPI dataset's fiscal year (B.E.) and reporting period.
FISCAL_YEAR_FIELD = "kpi_fiscal_year"
# KPI fields written as dga: literals (dga:kpiDocumentKind, …): a KPI dataset is one with a document kind
# (ckanext/kpi/kpi_datasets.py), so a receiver with our profile recognises it.
KPI_LITERAL_FIELDS = ("kpi_document_kind", "kpi_issuing_agency", "kpi_subject_agency", "kpi_plan_reference")
PERIOD_START_FIELD = "kpi_period_start"
PERIOD_END_FIELD = "kpi_period_end"

# Values DCAT-AP 3 checks with sh:class that ckanext-dcat leaves untyped (or typed with a subclass the
# shapes cannot know without the vCard ontology).
DATASET_RANGE_CLASSES = {DCAT.contactPoint: VCARD.Kind}
DISTRIBUTION_RANGE_CLASSES = {DCAT.accessURL: RDFS.Resource, DCAT.downloadURL: RDFS.Resource}
CATALOG_RANGE_CLASSES = {FOAF.homepage: FOAF.Document}

# Hex digest lengths of the SPDX algorithms a resource hash can come from. Our harvesters store SHA-256; a
# digest of another length with no stated algorithm is dropped rather than published unqualified.
CHECKSUM_ALGORITHMS_BY_LENGTH = {
    64: SPDX.checksumAlgorithm_sha256, 128: SPDX.checksumAlgorithm_sha512, 40: SPDX.checksumAlgorithm_sha1,
}
HEX_DIGEST = re.compile("^[0-9a-f]+$")

CONFIG_PREFIX = "ckanext.kpi.dcat."
LANGUAGES = ("th", "en")


def predicate_of(field_name: str) -> URIRef:
    first, *rest = field_name.split("_")
    return DGA[first + "".join(word.capitalize() for word in rest)]


def text_literal(text: str) -> Literal:
    """Thai text is tagged ``@th``; anything else (codes such as CSV, e-mail-like names) stays untagged."""
    return Literal(text, lang="th") if THAI_SCRIPT.search(text) else Literal(text)


@cache
def english_labels(field_name: str) -> dict[str, str]:
    """{stored value: English label} of a choice field of the DGA schema (labels live in the schema)."""
    from ckanext.scheming.helpers import scheming_field_choices

    try:
        schema = tk.get_action("scheming_dataset_schema_show")({}, {"type": "dataset"})
    except (KeyError, tk.ObjectNotFound):
        return {}
    for field in schema["dataset_fields"]:
        if field["field_name"] == field_name:
            return {
                choice["value"]: choice["label"]["en"]
                for choice in scheming_field_choices(field) or []
                if isinstance(choice.get("label"), dict) and choice["label"].get("en")
            }
    return {}


def in_choice_order(field_name: str, values: Iterable[str]) -> list[str]:
    """RDF values have no order: give them the order of the field's choices (the form's order)."""
    order = {value: position for position, value in enumerate(english_labels(field_name))}
    return sorted(set(values), key=lambda value: (order.get(value, len(order)), value))


def as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value if item]
    return [str(value)] if value else []


class ThaiDGAProfile(RDFProfile):
    """DGA metadata for the national GD Catalog, layered on ``euro_dcat_ap_3``."""

    # ------------------------------------------------------------------ serialize: dataset

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        self.g.bind("dga", DGA)
        self._tag_thai_text(dataset_ref)
        self._add_dga_literals(dataset_dict, dataset_ref)
        self._add_frequency(dataset_dict, dataset_ref)
        self._add_uri(
            dataset_ref,
            DCT.accessRights,
            vocab.access_right_uri(dataset_dict.get("data_category", "")),
            DCT.RightsStatement,
        )
        self._add_uri(
            dataset_ref, DCT.spatial, vocab.spatial_uri(dataset_dict.get("geo_coverage", "")), DCT.Location
        )
        for language in as_list(dataset_dict.get("data_language")):
            self._add_uri(dataset_ref, DCT.language, vocab.language_uri(language), DCT.LinguisticSystem)
        self._add_data_source(dataset_dict.get("data_source", ""), dataset_ref)
        self._add_licence(dataset_dict, dataset_ref)
        self._add_fiscal_period(dataset_dict, dataset_ref)
        for distribution in self.g.objects(dataset_ref, DCAT.distribution):
            self._use_vocabulary_formats(distribution)
            self._type_range_values(distribution, DISTRIBUTION_RANGE_CLASSES)
            self._qualify_checksums(distribution)
        self._type_range_values(dataset_ref, DATASET_RANGE_CLASSES)

    def _qualify_checksums(self, distribution: Node) -> None:
        """DCAT-AP 3 requires spdx:algorithm (an spdx:ChecksumAlgorithm) on every spdx:Checksum; ckanext-dcat
        writes it only from a resource's ``hash_algorithm``, which CKAN's resources rarely have."""
        for checksum in list(self.g.objects(distribution, SPDX.checksum)):
            value = str(self.g.value(checksum, SPDX.checksumValue) or "").strip().lower()
            algorithm = self.g.value(checksum, SPDX.algorithm)
            if not isinstance(algorithm, URIRef):  # none, or a literal such as "SHA256"
                algorithm = CHECKSUM_ALGORITHMS_BY_LENGTH.get(len(value))
            if algorithm is None or not HEX_DIGEST.match(value):
                self.g.remove((distribution, SPDX.checksum, checksum))
                self.g.remove((checksum, None, None))
                continue
            self.g.set((checksum, SPDX.checksumValue, Literal(value, datatype=XSD.hexBinary)))
            self.g.set((checksum, SPDX.algorithm, algorithm))
            self._add_once((algorithm, RDF.type, SPDX.ChecksumAlgorithm))

    def _tag_thai_text(self, dataset_ref: URIRef) -> None:
        """ckanext-dcat writes CKAN's free text untagged: tag the Thai part @th."""
        targets = [(dataset_ref, (DCT.title, DCT.description, DCAT.keyword))]
        targets += [(node, (VCARD.fn,)) for node in self.g.objects(dataset_ref, DCAT.contactPoint)]
        targets += [(node, (FOAF.name,)) for node in self.g.objects(dataset_ref, DCT.publisher)]
        targets += [
            (node, (DCT.title, DCT.description)) for node in self.g.objects(dataset_ref, DCAT.distribution)
        ]
        for subject, predicates in targets:
            for predicate in predicates:
                for literal in list(self.g.objects(subject, predicate)):
                    if (
                        isinstance(literal, Literal)
                        and not literal.language
                        and literal.datatype is None
                        and THAI_SCRIPT.search(literal)
                    ):
                        self.g.remove((subject, predicate, literal))
                        self.g.add((subject, predicate, Literal(literal, lang="th")))

    def _add_dga_literals(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        for field_name in SINGLE_VALUE_FIELDS + MULTIPLE_VALUE_FIELDS:
            for value in as_list(dataset_dict.get(field_name)):
                self._add_choice(dataset_ref, predicate_of(field_name), field_name, value)
        for field_name in FIELDS_WITH_OTHER:
            other = dataset_dict.get(f"{field_name}_other")
            if other:
                self.g.add((dataset_ref, predicate_of(f"{field_name}_other"), text_literal(other)))
        interval = vocab.parse_interval(dataset_dict.get("update_frequency_interval"))
        if interval:
            self.g.add((dataset_ref, DGA.updateFrequencyInterval, Literal(interval, datatype=XSD.integer)))
        for field_name in KPI_LITERAL_FIELDS:
            value = dataset_dict.get(field_name)
            if value:
                self.g.add((dataset_ref, predicate_of(field_name), text_literal(str(value))))

    def _add_choice(self, subject: Node, predicate: URIRef, field_name: str, value: str) -> None:
        """A stored value, plus its English label when the value is Thai."""
        self.g.add((subject, predicate, text_literal(value)))
        english = english_labels(field_name).get(value)
        if english and THAI_SCRIPT.search(value):
            self.g.add((subject, predicate, Literal(english, lang="en")))

    def _type_range_values(self, subject: Node, range_classes: dict[URIRef, URIRef]) -> None:
        for predicate, rdf_class in range_classes.items():
            for value in self.g.objects(subject, predicate):
                if not isinstance(value, Literal):
                    self._add_once((value, RDF.type, rdf_class))

    def _add_once(self, triple: tuple[Node, Node, Node]) -> None:
        """For the vocabulary URIs every dataset of a catalog page shares: a look-up costs far less than
        rdflib's add of a triple already there."""
        if triple not in self.g:
            self.g.add(triple)

    def _add_uri(self, subject: Node, predicate: URIRef, uri: URIRef | None, rdf_class: URIRef) -> None:
        if uri is not None:
            self.g.add((subject, predicate, uri))
            self._add_once((uri, RDF.type, rdf_class))

    def _add_frequency(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        uri = vocab.frequency_uri(
            dataset_dict.get("update_frequency_unit", ""), dataset_dict.get("update_frequency_interval")
        )
        if uri is not None:
            # DCAT-AP 3 allows one frequency: ours replaces any CKAN `frequency` field.
            self.g.remove((dataset_ref, DCT.accrualPeriodicity, None))
            self._add_uri(dataset_ref, DCT.accrualPeriodicity, uri, DCT.Frequency)

    def _add_data_source(self, data_source: str, dataset_ref: URIRef) -> None:
        """The text is a provenance statement; a URL is also the source dataset."""
        if not data_source:
            return
        statement = BNode()
        self.g.add((dataset_ref, DCT.provenance, statement))
        self.g.add((statement, RDF.type, DCT.ProvenanceStatement))
        self.g.add((statement, RDFS.label, text_literal(data_source)))
        if re.match(r"https?://\S+$", data_source.strip()):
            self._add_uri(dataset_ref, DCT.source, URIRef(data_source.strip()), DCAT.Dataset)

    def _add_licence(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        """thai_gdc stores licence titles: each becomes a licence URI on the dataset and on every
        distribution that has none (DCAT-AP 3 puts the licence on distributions, at most one each)."""
        title = dataset_dict.get("license_id") or ""
        if not title:
            return
        licence: Node | None = vocab.licence_uri(title)
        if licence is None:
            licence = BNode()
            label = dataset_dict.get("license_id_other") if title == vocab.OTHER else title
            self.g.add((licence, RDFS.label, text_literal(label or title)))
        self._add_once((licence, RDF.type, DCT.LicenseDocument))
        self._add_once((licence, DCT.title, text_literal(title)))
        self.g.add((dataset_ref, DCT.license, licence))
        for distribution in self.g.objects(dataset_ref, DCAT.distribution):
            if (distribution, DCT.license, None) not in self.g:
                self.g.add((distribution, DCT.license, licence))

    def _add_fiscal_period(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        """FY n (B.E.) is 1 October n−1 to 30 September n, written in C.E. dates; a reporting period
        that differs from it is a second dct:temporal."""
        fiscal_year = vocab.parse_interval(dataset_dict.get(FISCAL_YEAR_FIELD))
        fiscal_bounds = fiscal_year_bounds(fiscal_year) if fiscal_year else None
        if fiscal_bounds:
            period = self._add_period(dataset_ref, *(day.isoformat() for day in fiscal_bounds))
            self.g.add((period, DGA.fiscalYear, Literal(fiscal_year, datatype=XSD.integer)))
            self.g.add((period, RDFS.label, Literal(f"ปีงบประมาณ พ.ศ. {fiscal_year}", lang="th")))
            self.g.add(
                (
                    period,
                    RDFS.label,
                    Literal(f"Fiscal year {fiscal_bounds[1].year} (B.E. {fiscal_year})", lang="en"),
                )
            )
        start, end = dataset_dict.get(PERIOD_START_FIELD), dataset_dict.get(PERIOD_END_FIELD)
        if (start or end) and (
            not fiscal_bounds or (start, end) != tuple(d.isoformat() for d in fiscal_bounds)
        ):
            self._add_period(dataset_ref, start, end)

    def _add_period(self, dataset_ref: URIRef, start: str | None, end: str | None) -> BNode:
        period = BNode()
        self.g.add((dataset_ref, DCT.temporal, period))
        self.g.add((period, RDF.type, DCT.PeriodOfTime))
        self._add_date_triple(period, DCAT.startDate, start)
        self._add_date_triple(period, DCAT.endDate, end)
        return period

    def _use_vocabulary_formats(self, distribution: Node) -> None:
        """DCAT-AP 3 wants dct:format and dcat:mediaType as URIs; ckanext-dcat writes CKAN's labels."""
        for predicate, to_uri, rdf_class in (
            (DCT["format"], vocab.file_type_uri, DCT.MediaTypeOrExtent),
            (DCAT.mediaType, vocab.media_type_uri, DCT.MediaType),
        ):
            for value in list(self.g.objects(distribution, predicate)):
                if not isinstance(value, Literal):
                    continue
                self.g.remove((distribution, predicate, value))
                uri = to_uri(str(value))
                if uri is not None:
                    self._add_uri(distribution, predicate, uri, rdf_class)
                elif predicate == DCT["format"]:
                    described = BNode()
                    self.g.add((distribution, predicate, described))
                    self.g.add((described, RDF.type, rdf_class))
                    self.g.add((described, RDFS.label, Literal(str(value))))

    # ------------------------------------------------------------------ serialize: catalog

    def graph_from_catalog(self, catalog_dict: dict[str, Any] | None, catalog_ref: URIRef) -> None:
        """Thai and English title, description and publisher from ckanext.kpi.dcat.* settings; the modified
        date of the published datasets only."""
        self.g.bind("dga", DGA)
        for predicate, key in ((DCT.title, "catalog_title"), (DCT.description, "catalog_description")):
            texts = self._config_texts(key)
            if texts:
                self.g.remove((catalog_ref, predicate, None))
                for lang, text in texts.items():
                    self.g.add((catalog_ref, predicate, Literal(text, lang=lang)))
        self._add_catalog_publisher(catalog_ref)
        languages = [
            vocab.locale_language_uri(locale) for locale in tk.aslist(tk.config.get("ckan.locales_offered"))
        ]
        if any(languages):
            self.g.remove((catalog_ref, DCT.language, None))
            for uri in languages:
                self._add_uri(catalog_ref, DCT.language, uri, DCT.LinguisticSystem)
        self._set_catalog_modified(catalog_ref)
        self._set_catalog_issued(catalog_ref)
        self._type_range_values(catalog_ref, CATALOG_RANGE_CLASSES)

    def _config_texts(self, key: str) -> dict[str, str]:
        texts = {lang: tk.config.get(f"{CONFIG_PREFIX}{key}_{lang}") for lang in LANGUAGES}
        return {lang: text for lang, text in texts.items() if text}

    def _add_catalog_publisher(self, catalog_ref: URIRef) -> None:
        names = self._config_texts("publisher_name") or {"en": tk.config.get("ckan.site_title") or "CKAN"}
        uri = tk.config.get(f"{CONFIG_PREFIX}publisher_uri")
        publisher = URIRef(uri) if uri else BNode()
        self.g.remove((catalog_ref, DCT.publisher, None))
        self.g.add((catalog_ref, DCT.publisher, publisher))
        self.g.add((publisher, RDF.type, FOAF.Agent))
        self.g.add((publisher, RDF.type, FOAF.Organization))
        for lang, name in names.items():
            self.g.add((publisher, FOAF.name, Literal(name, lang=lang)))
        email = tk.config.get(f"{CONFIG_PREFIX}publisher_email")
        if email:
            self.g.add((publisher, FOAF.mbox, URIRef(self._add_mailto(email))))
        homepage = tk.config.get(f"{CONFIG_PREFIX}publisher_url")
        if homepage:
            self.g.add((publisher, FOAF.homepage, URIRef(homepage)))

    def _set_catalog_modified(self, catalog_ref: URIRef) -> None:
        # ckanext-dcat dates the catalog by its last-modified dataset, published or not.
        self.g.remove((catalog_ref, DCT.modified, None))
        modified = last_published_modification()
        if modified:
            self._add_date_triple(catalog_ref, DCT.modified, modified)

    def _set_catalog_issued(self, catalog_ref: URIRef) -> None:
        """dct:issued (recommended by DCAT-AP 3): ckanext.kpi.dcat.catalog_issued, else the creation of the
        oldest published dataset."""
        issued = tk.config.get(f"{CONFIG_PREFIX}catalog_issued") or first_published_creation()
        if issued and (catalog_ref, DCT.issued, None) not in self.g:
            self._add_date_triple(catalog_ref, DCT.issued, issued)

    # ------------------------------------------------------------------ parse

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> dict[str, Any]:
        consumed_extras: set[str] = set()
        for key, predicate in (("title", DCT.title), ("notes", DCT.description)):
            value = self._thai_value(dataset_ref, predicate)
            if value:
                dataset_dict[key] = value
        self._parse_dga_literals(dataset_dict, dataset_ref)
        consumed_extras |= self._parse_standard_vocabularies(dataset_dict, dataset_ref)
        consumed_extras |= self._parse_contact(dataset_dict, dataset_ref)
        self._parse_licence(dataset_dict, dataset_ref)
        consumed_extras |= self._parse_fiscal_period(dataset_dict, dataset_ref)
        for resource_dict in dataset_dict.get("resources", []):
            fmt = vocab.format_from_file_type(resource_dict.get("format", ""))
            if fmt:
                resource_dict["format"] = fmt
        dataset_dict["extras"] = [
            extra for extra in dataset_dict.get("extras", []) if extra["key"] not in consumed_extras
        ]
        self._drop_subfields_the_schema_lacks(dataset_dict)
        return dataset_dict

    # Keys of CKAN's own dataset dict that are lists of dicts and never schema fields.
    _CORE_LISTS = frozenset({"resources", "tags", "extras", "groups"})

    def _drop_subfields_the_schema_lacks(self, dataset_dict: dict[str, Any]) -> None:
        """ckanext-dcat 2 writes contact, publisher, temporal coverage… as lists of dicts for a scheming
        schema with those repeating fields. A DGA schema (ours, thai_gdc's) has none: their content is in the
        DGA fields already (maintainer, maintainer_email, the period), and CKAN would refuse the whole
        dataset for the unexpected keys (a GD Catalog-style receiver imported 0 datasets, issue 16)."""
        if not self._dataset_schema:
            return
        for key, value in list(dataset_dict.items()):
            if (
                key not in self._CORE_LISTS
                and isinstance(value, list)
                and value
                and all(isinstance(item, dict) for item in value)
                and not self._schema_field(key)
            ):
                del dataset_dict[key]

    def _thai_values(self, subject: Node, predicate: URIRef) -> Iterator[str]:
        """The stored values of a bilingual property: Thai or untagged literals, not the English labels."""
        for obj in self.g.objects(subject, predicate):
            if isinstance(obj, Literal) and obj.language in (None, "th"):
                yield str(obj)

    def _thai_value(self, subject: Node, predicate: URIRef) -> str:
        values = sorted(self._thai_values(subject, predicate), key=lambda text: not THAI_SCRIPT.search(text))
        return values[0] if values else ""

    def _parse_dga_literals(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        for field_name in SINGLE_VALUE_FIELDS + tuple(f"{name}_other" for name in FIELDS_WITH_OTHER):
            value = self._thai_value(dataset_ref, predicate_of(field_name))
            if value:
                dataset_dict[field_name] = value
        for field_name in MULTIPLE_VALUE_FIELDS:
            values = in_choice_order(field_name, self._thai_values(dataset_ref, predicate_of(field_name)))
            if values:
                dataset_dict[field_name] = values
        interval = self._object_value(dataset_ref, DGA.updateFrequencyInterval)
        if interval:
            dataset_dict["update_frequency_interval"] = interval

    def _parse_standard_vocabularies(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> set[str]:
        """Fill what the dga: literals did not give from the DCAT-AP properties; return the extras used."""
        consumed: set[str] = set()
        frequency = vocab.frequency_from_uri(str(self._object(dataset_ref, DCT.accrualPeriodicity) or ""))
        if frequency:
            consumed.add("frequency")
            if "update_frequency_unit" not in dataset_dict:
                dataset_dict["update_frequency_unit"] = frequency[0]
                if frequency[1]:
                    dataset_dict["update_frequency_interval"] = str(frequency[1])
        category = vocab.data_category_from_access_right(
            str(self._object(dataset_ref, DCT.accessRights) or "")
        )
        if category or "data_category" in dataset_dict:
            consumed.add("access_rights")
            dataset_dict.setdefault("data_category", category)
        for spatial in self.g.objects(dataset_ref, DCT.spatial):
            coverage = vocab.geo_coverage_from_spatial(str(spatial))
            if coverage:
                consumed.add("spatial_uri")
                dataset_dict.setdefault("geo_coverage", coverage)
        languages = [
            vocab.data_language_from_uri(str(uri)) for uri in self.g.objects(dataset_ref, DCT.language)
        ]
        if any(languages):
            consumed.add("language")
            dataset_dict["data_language"] = in_choice_order("data_language", filter(None, languages))
        provenance = self._object(dataset_ref, DCT.provenance)
        data_source = (
            provenance is not None and self._thai_value(provenance, RDFS.label)
        ) or self._object_value(dataset_ref, DCT.source)
        if data_source:
            consumed |= {"provenance", "source"}
            dataset_dict["data_source"] = data_source
        return consumed

    def _parse_contact(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> set[str]:
        contacts = self._contact_details(dataset_ref, DCAT.contactPoint)
        if not contacts:
            return set()
        contact = contacts[0]
        name = contact.get("name_translated", {}).get("th") or contact.get("name")
        if name:
            dataset_dict["maintainer"] = name
        if contact.get("email"):
            dataset_dict["maintainer_email"] = contact["email"]
        return {"contact_name", "contact_email", "contact_uri"}

    def _parse_licence(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        licences = list(self.g.objects(dataset_ref, DCT.license)) or [
            licence
            for distribution in self._distributions(dataset_ref)
            for licence in self.g.objects(distribution, DCT.license)
        ]
        for licence in licences:
            title = vocab.licence_title_from_uri(str(licence)) if isinstance(licence, URIRef) else None
            title = title or self._object_value(licence, DCT.title)
            if title:
                dataset_dict["license_id"] = title
                if title == vocab.OTHER:
                    dataset_dict["license_id_other"] = self._thai_value(licence, RDFS.label)
                return

    def _parse_fiscal_period(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> set[str]:
        """Only into a schema that has the fields, and only for a KPI dataset (one with a document kind):
        a plain DGA dataset's dct:temporal does not make it a KPI dataset."""
        if not self._schema_field(FISCAL_YEAR_FIELD):
            return set()
        kpi_values = {name: self._thai_value(dataset_ref, predicate_of(name)) for name in KPI_LITERAL_FIELDS}
        if not kpi_values[KPI_LITERAL_FIELDS[0]]:
            return set()
        dataset_dict.update({name: value for name, value in kpi_values.items() if value})
        reporting: tuple[str, str] | None = None
        for period in self.g.objects(dataset_ref, DCT.temporal):
            start = self._object_value(period, DCAT.startDate)
            end = self._object_value(period, DCAT.endDate)
            fiscal_year = self._object_value(period, DGA.fiscalYear) or self._fiscal_year_spanned(start, end)
            if fiscal_year:
                dataset_dict[FISCAL_YEAR_FIELD] = fiscal_year
                reporting = reporting or (start, end)
            else:
                reporting = (start, end)
        if reporting:
            dataset_dict[PERIOD_START_FIELD], dataset_dict[PERIOD_END_FIELD] = reporting
        return {"temporal_start", "temporal_end"} if reporting else set()

    @staticmethod
    def _fiscal_year_spanned(start: str, end: str) -> str:
        """The B.E. fiscal year a period covers exactly (1 October to 30 September), or ""."""
        try:
            first, last = datetime.date.fromisoformat(start[:10]), datetime.date.fromisoformat(end[:10])
        except ValueError:
            return ""
        fiscal_year = fiscal_year_of(last)
        return str(fiscal_year) if fiscal_year_bounds(fiscal_year) == (first, last) else ""
