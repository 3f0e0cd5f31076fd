"""Derive the Solr schemas of the two cores from the schema.xml of the installed CKAN package.

* ``ckan`` (the one CKAN uses): CKAN's schema with Thai word segmentation. CKAN's text types split on
  whitespace only, and Thai is written without spaces between words, so a whole Thai sentence becomes one
  token and no word inside it can be found. Every whitespace-tokenised text type gets Lucene's
  ThaiTokenizer (dictionary-based word breaking from the JDK; Latin text is split on word boundaries too),
  and a query word that the tokenizer splits into several dictionary words becomes a phrase query.
* Words the JDK dictionary lacks (loanwords such as ดิจิทัล, agency, project and indicator names) come out of
  the ThaiTokenizer glued to their neighbours ("ดิจิทัลเพื่อ"), so the same text also goes to
  ``text_th_ngram``: character bigrams at consecutive positions, searched as a phrase, i.e. a substring match
  that needs no dictionary. Both analyses first map spelling variants of loanwords (ดิจิตอล → ดิจิทัล),
  Thai digits (๒๕๖๗ → 2567) and common typing slips (เเ → แ) to one form (``thai-variants.txt``), at index
  and at query time, so every form finds the same datasets. ``ckanext.kpi.search`` adds the field to the
  query fields (``qf``) of CKAN's dismax search.
* ``ckan_stock``: CKAN's schema unchanged, so that search quality can be compared with stock CKAN on the
  same data in the same run.
* ``ckan.solrcloud.schema.xml``: the ``ckan`` schema for a SolrCloud collection (docs/scaling.md), with
  ``_version_`` as a long with docValues. CKAN declares it a string (ckan/ckan#8373, #9088); a standalone
  core never reads it back, but a SolrCloud replica reads the version of a document already in its index
  before applying the leader's update of it, and a string field cannot answer: every re-index of a committed
  dataset fails on the replica (UnsupportedOperationException in VersionInfo.getVersionFromIndex), the
  leader sends the replica into recovery, and a search routed to it meanwhile misses the newest datasets.
  The standalone cores keep CKAN's string: Lucene refuses documents whose ``_version_`` is stored
  differently from the ones already in an index, so changing it there needs an emptied index and a re-index.

The schema is never copied into this repository: it is read from the installed package every time, so it
always matches the CKAN version.

One pair of cores serves every supported CKAN version (scripts/stack.sh: CKAN_VERSIONS). CKAN refuses a schema
whose name it does not list in ``ckan.lib.search.SUPPORTED_SCHEMA_VERSIONS``, and 2.11 does not list
"ckan-2.12". CKAN 2.12.0's schema.xml differs from 2.11.6's in its name only, so the derived schemas carry
the oldest name (``SHARED_SCHEMA_NAME``), which both accept. That claim is checked on every run: the installed
schema, name aside, must have one of the fingerprints in ``SHARED_SCHEMA_BODIES``, and the installed CKAN
must list the shared name; otherwise the derivation stops and says what changed.

Usage: python derive_schema.py OUT_DIR   (writes OUT_DIR/ckan.schema.xml, OUT_DIR/ckan_stock.schema.xml and
OUT_DIR/ckan.solrcloud.schema.xml)
"""

from __future__ import annotations

import hashlib
import re
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

WHITESPACE_TOKENIZER = "solr.WhitespaceTokenizerFactory"
THAI_TOKENIZER = "solr.ThaiTokenizerFactory"
# ckanext/kpi/thai-variants.txt, copied next to the schema (scripts/stack.sh, docker/solr/Dockerfile)
VARIANTS_FILE = "thai-variants.txt"
NGRAM_FIELD = "text_th_ngram"
NGRAM_TYPE = f"""
<fieldType name="{NGRAM_FIELD}" class="solr.TextField" positionIncrementGap="100"
           autoGeneratePhraseQueries="true">
  <analyzer>
    <charFilter class="solr.MappingCharFilterFactory" mapping="{VARIANTS_FILE}"/>
    <tokenizer class="solr.NGramTokenizerFactory" minGramSize="2" maxGramSize="2"/>
    <filter class="solr.LowerCaseFilterFactory"/>
  </analyzer>
</fieldType>"""

# The schema name of the oldest supported CKAN version; every newer supported version accepts it.
SHARED_SCHEMA_NAME = "ckan-2.11"
# sha256 of CKAN's schema.xml with the schema's name blanked (schema_body_fingerprint), for each version
# that may share the cores. A new CKAN release whose schema changed needs a core of its own, or a check
# that the change is compatible, before its fingerprint is added here.
SHARED_SCHEMA_BODIES = {
    "cc9d3ec96ca920bb54f19401cad0c71f4415eab037e0faf00d5281b09deb14e9": "CKAN 2.11.6 and 2.12.0",
}
_SCHEMA_NAME = re.compile(r'<schema name="([^"]*)"')


def installed_ckan_schema() -> Path:
    """The schema.xml shipped inside the installed ckan package."""
    path = Path(str(resources.files("ckan") / "config" / "solr" / "schema.xml"))
    if not path.is_file():
        raise SystemExit(f"derive_schema: {path} not found: is CKAN installed in this Python?")
    return path


def schema_body_fingerprint(schema_text: str) -> str:
    """sha256 of the schema text with its name attribute blanked."""
    unnamed = _SCHEMA_NAME.sub('<schema name=""', schema_text, count=1)
    return hashlib.sha256(unnamed.encode("utf-8")).hexdigest()


def installed_supported_schema_versions() -> list[str]:
    """SUPPORTED_SCHEMA_VERSIONS of the installed CKAN, read from its source (an import needs a config)."""
    source = Path(str(resources.files("ckan") / "lib" / "search" / "__init__.py")).read_text(encoding="utf-8")
    match = re.search(r"^SUPPORTED_SCHEMA_VERSIONS\s*=\s*\[([^\]]*)\]", source, re.MULTILINE)
    if not match:
        raise SystemExit("derive_schema: no SUPPORTED_SCHEMA_VERSIONS in the installed ckan.lib.search")
    return re.findall(r"['\"]([^'\"]+)['\"]", match.group(1))


def shared_schema_text(stock_text: str, source: Path) -> str:
    """The installed schema renamed to SHARED_SCHEMA_NAME, after checking that this is valid (module doc)."""
    fingerprint = schema_body_fingerprint(stock_text)
    if fingerprint not in SHARED_SCHEMA_BODIES:
        raise SystemExit(
            f"derive_schema: {source} differs from the schema the Solr cores share "
            f"({', '.join(SHARED_SCHEMA_BODIES.values())}; fingerprint {fingerprint}). Compare the two "
            "schema.xml files; if the change is compatible add the fingerprint to SHARED_SCHEMA_BODIES in "
            "tools/solr/derive_schema.py, otherwise give this CKAN version cores of its own.")
    supported = installed_supported_schema_versions()
    shared_version = SHARED_SCHEMA_NAME.removeprefix("ckan-")
    if shared_version not in supported:
        raise SystemExit(f"derive_schema: the installed CKAN accepts schema versions {supported}, not "
                         f"{shared_version}: update SHARED_SCHEMA_NAME in tools/solr/derive_schema.py")
    return _SCHEMA_NAME.sub(f'<schema name="{SHARED_SCHEMA_NAME}"', stock_text, count=1)


def add_thai_segmentation(schema: ET.Element) -> list[str]:
    """Swap the whitespace tokenizer for the Thai one in every text field type; return the types changed."""
    changed = []
    for field_type in schema.iter("fieldType"):
        tokenizers = [t for t in field_type.iter("tokenizer") if t.get("class") == WHITESPACE_TOKENIZER]
        # text_ngram's index side uses an n-gram tokenizer: keep its behaviour (prefix matching on titles).
        analyzer_tokenizers = [t.get("class") for t in field_type.iter("tokenizer")]
        if not tokenizers or len(tokenizers) != len(analyzer_tokenizers):
            continue
        for analyzer in field_type.iter("analyzer"):
            mapping = ET.Element(
                "charFilter", {"class": "solr.MappingCharFilterFactory", "mapping": VARIANTS_FILE}
            )
            analyzer.insert(0, mapping)
        for tokenizer in tokenizers:
            tokenizer.set("class", THAI_TOKENIZER)
        field_type.set("autoGeneratePhraseQueries", "true")
        changed.append(field_type.get("name", "?"))
    return changed


def add_ngram_field(schema: ET.Element) -> int:
    """Add the dictionary-free bigram field, fed from every source CKAN copies into ``text``; return the
    number of sources."""
    types = schema.find("types")
    (types if types is not None else schema).append(ET.fromstring(NGRAM_TYPE))
    fields = schema.find("fields")
    (fields if fields is not None else schema).append(ET.Element(
        "field", {"name": NGRAM_FIELD, "type": NGRAM_FIELD, "indexed": "true", "stored": "false",
                  "multiValued": "true"}))
    sources = [copy.get("source") for copy in schema.iter("copyField") if copy.get("dest") == "text"]
    for source in sources:
        schema.append(ET.Element("copyField", {"source": source, "dest": NGRAM_FIELD}))
    return len(sources)


VERSION_FIELD = "_version_"
VERSION_TYPE = "plong"


def numeric_version_field(schema: ET.Element) -> None:
    """``_version_`` as Solr's replication needs it: a single-valued long read from docValues."""
    fields = [field for field in schema.iter("field") if field.get("name") == VERSION_FIELD]
    types = {field_type.get("name"): field_type for field_type in schema.iter("fieldType")}
    if len(fields) != 1 or types.get(VERSION_TYPE, ET.Element("x")).get("class") != "solr.LongPointField":
        raise SystemExit(f"derive_schema: expected one {VERSION_FIELD} field and a LongPointField type "
                         f"{VERSION_TYPE!r} in CKAN's schema; update tools/solr/derive_schema.py")
    fields[0].attrib.clear()
    fields[0].attrib.update({"name": VERSION_FIELD, "type": VERSION_TYPE, "indexed": "false",
                             "stored": "false", "docValues": "true", "multiValued": "false"})


def solrcloud_schema_text(core_schema_text: str) -> str:
    """The ``ckan`` core's schema made fit for a replicated SolrCloud collection (module doc)."""
    schema = ET.fromstring(core_schema_text)
    numeric_version_field(schema)
    return ET.tostring(schema, encoding="unicode", xml_declaration=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out_dir = Path(argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    source = installed_ckan_schema()
    installed_name = (_SCHEMA_NAME.search(source.read_text(encoding="utf-8")) or [None, "?"])[1]
    stock_text = shared_schema_text(source.read_text(encoding="utf-8"), source)
    (out_dir / "ckan_stock.schema.xml").write_text(stock_text, encoding="utf-8")

    tree = ET.ElementTree(ET.fromstring(stock_text))
    changed = add_thai_segmentation(tree.getroot())
    if "text" not in changed:
        raise SystemExit(f"derive_schema: no whitespace-tokenised 'text' field type in {source}; "
                         "CKAN's schema changed shape, update tools/solr/derive_schema.py")
    sources = add_ngram_field(tree.getroot())
    tree.write(out_dir / "ckan.schema.xml", encoding="utf-8", xml_declaration=True)
    cloud_text = solrcloud_schema_text((out_dir / "ckan.schema.xml").read_text(encoding="utf-8"))
    (out_dir / "ckan.solrcloud.schema.xml").write_text(cloud_text, encoding="utf-8")
    name = tree.getroot().get("name")
    print(f"derive_schema: {source} (schema {installed_name}, served as {name}); "
          f"Thai segmentation on: {', '.join(changed)}; {NGRAM_FIELD} fed from {sources} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
