"""The personal-data screen: finds personal data in document text and removes it before anything is written.

Kinds: ``national_id`` (13 digits with a valid checksum), ``phone`` (Thai or Arabic digits, with a contact
name in brackets after it), ``email``, ``person_name`` (honorific + given name + surname), ``age`` (``41 ปี``
after a name, or ``อายุ 41 ปี``) and ``medical_record`` (lines of a health record: diagnosis, medication,
allergy … fields, H43). A hit carries its kind and location, never the value, so findings built from hits
can be published.

The pipeline applies :func:`screen_source` to every document before stage 1, so no output file (tables,
document.json, structure.json) can carry a screened value. The publishing gate reuses
:func:`find_personal_data` and :func:`redact_text` on any text it is about to publish. Pure Python: nothing
here imports CKAN.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from .checks import warning
from .model import Finding
from .reading import SourceText
from .thai import thai_to_arabic_digits

KIND_LABELS = {
    "national_id": "a Thai national ID number",
    "phone": "a phone number",
    "email": "an e-mail address",
    "person_name": "a person's name",
    "age": "a person's age",
    "medical_record": "a person's medical record",
}


def redaction_mark(kind: str) -> str:
    return f"[personal data removed: {kind}]"


@dataclass(frozen=True)
class PersonalDataHit:
    """Where personal data sits: a span of one line, or whole lines for a medical record.

    ``end_line`` > ``line`` only for a medical record spanning several lines; ``start``/``end`` are
    offsets in ``line`` (the whole line for a medical record).
    """

    kind: str
    line: int
    start: int
    end: int
    end_line: int = 0

    @property
    def last_line(self) -> int:
        return max(self.line, self.end_line)


# --- patterns (Thai and Arabic digits alike: lines are matched as printed, only hits are normalised) ------

_D = "[0-9๐-๙]"
_D1 = "[1-9๑-๙]"

_THAI_LETTER = "\u0e01-\u0e4e"
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# 0 + 8 or 9 more digits, the first not 0 (landline 02 xxx xxxx, mobile 08x xxx xxxx, 0 2356 9910), with
# single spaces or dashes between groups; +66 for the leading 0; never the tail of a number with space
# separators (1 109 000 000 000), never digits inside a word such as a hexadecimal hash or an identifier
# (0214404176 in a SHA-256). A contact name in brackets right after it belongs to it (001:47).
_PHONE_RE = re.compile(
    rf"(?<![0-9๐-๙.,/A-Za-z_])(?<!{_D}[ -])(?:\+66[ -]?|[0๐][ -]?){_D1}(?:[ -]?{_D}){{7,8}}"
    rf"(?![0-9๐-๙A-Za-z_])"
    rf"(?:[ \t]*\([{_THAI_LETTER} ]{{2,30}}\))?"
)
# Thai ID: 13 digits, contiguous or grouped 1-4-5-2-1 (x-xxxx-xxxxx-xx-x); the checksum decides.
_NATIONAL_ID_RE = re.compile(
    rf"(?<![0-9๐-๙.,])(?:{_D}{{13}}|{_D}([ -]){_D}{{4}}\1{_D}{{5}}\1{_D}{{2}}\1{_D})(?!{_D})"
)
# Longest first, so นางสาว is never read as นาง + สาว.
HONORIFICS = (
    "เด็กชาย",
    "เด็กหญิง",
    "นางสาว",
    "ว่าที่ร้อยตรี",
    "รศ.ดร.",
    "ผศ.ดร.",
    "ศ.ดร.",
    "ทพญ.",
    "นาย",
    "นาง",
    "น.ส.",
    "ด.ช.",
    "ด.ญ.",
    "ดร.",
    "นพ.",
    "พญ.",
    "ทพ.",
    "รศ.",
    "ผศ.",
    "พ.ต.อ.",
    "พ.ต.ท.",
    "พ.ต.ต.",
    "พล.ต.อ.",
    "พล.อ.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
)
# Words that start with an honorific but are not one: นายก(รัฐมนตรี), นายทะเบียน, นางพยาบาล …
_NOT_A_GIVEN_NAME = (
    "ก",
    "ทะเบียน",
    "จ้าง",
    "หน้า",
    "อำเภอ",
    "ตรวจ",
    "ด่าน",
    "ทุน",
    "ช่าง",
    "ประกัน",
    "ร้อย",
    "สิบ",
    "พัน",
    "พล",
    "เรือ",
    "ตำรวจ",
    "ห้าง",
    "งาน",
    "ท้าย",
    "ฟ้า",
    "งาม",
    "พยาบาล",
)
_HONORIFIC_ALTERNATION = "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))
# Not after a Thai letter or a period (มิถุนายน, พ.ศ.), and not after a number: "๑๕๕ นาย" counts officers.
_PERSON_NAME_RE = re.compile(
    rf"(?<![{_THAI_LETTER}.A-Za-z])(?<!{_D} )(?<!{_D})(?:{_HONORIFIC_ALTERNATION})[ \t]?"
    rf"(?P<given>[{_THAI_LETTER}]{{2,20}}|[A-Z][a-z]{{1,20}})[ \t]{{1,3}}"
    rf"(?P<surname>[{_THAI_LETTER}]{{2,25}}|[A-Z][a-z]{{1,25}})(?![{_THAI_LETTER}])"
)
_AGE_AFTER_NAME_RE = re.compile(rf"[ \t]*\(?[ \t]*(?:อายุ[ \t]*)?(?P<years>{_D}{{1,3}})[ \t]*ปี\)?")
# "ประชากรที่มีอายุ 6 ปีขึ้นไป" (003:1619) defines a population, it is nobody's age.
_AGE_RE = re.compile(rf"(?<!มี)อายุ[ \t]*(?P<years>{_D}{{1,3}})[ \t]*ปี(?![ \t]*(?:ขึ้นไป|ลงมา|บริบูรณ์ขึ้นไป))")
_MAX_AGE = 120

# Field labels of a health record, followed by a colon (a dataset list naming "โรคประจำตัว" is not a record,
# 003:8094; "Diagnosis: …", "Medication Name (สามัญ): …" are, 003:8147, 8117).
_MEDICAL_LABELS = (
    "Diagnosis",
    "Diagnosis (ICD-10)",
    "Medication",
    "Medication Name",
    "Dosage",
    "Criticality",
    "Clinical Status",
    "Verification Status",
    "Recorded Date",
    "Body Site",
    "Reactions?",
    "Procedure",
    "Laboratory",
    "Allergy",
    "HN",
    "ชื่อผู้ป่วย",
    "ผู้ป่วย",
    "การวินิจฉัย",
    "ผลการวินิจฉัย",
    "โรคประจำตัว",
    "ยาที่ได้รับ",
    "รายการยา",
    "แพ้ยา",
    "ประวัติการแพ้ยา",
    "อาการสำคัญ",
    "หมู่เลือด",
    "กรุ๊ปเลือด",
    "เลขประจำตัวผู้ป่วย",
)
# Matched backwards from each colon: scanning 1.6 MB for the labels themselves is ten times slower.
_MEDICAL_LABEL_BEFORE_COLON_RE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(_MEDICAL_LABELS) + r")(?:[ \t]*\([^)\n]{0,20}\))?[ \t]*$", re.IGNORECASE
)
_LONGEST_LABEL_WITH_NOTE = 50
# Words that continue a record once one has started (a screenshot's headings, drug and dose lines, dates).
_RECORD_CONTINUATION_RE = re.compile(
    r"(?<![A-Za-z])(?:Diagnos|Medication|Procedure|Laboratory|Immunization|Allergy|Chronic|Discharge|"
    r"Hospital|Dosage|Criticality|ICD|SNOMED|LOINC|vaccine|tablet|capsule|injection|IPD|OPD)"
    rf"|{_D}\s*(?:mg|mcg|mL)\b|แพ้|ผู้ป่วย|วินิจฉัย|{_D}{{1,2}}/{_D}{{1,2}}/{_D}{{4}}",
    re.IGNORECASE,
)
# A record ends after this many lines in a row that look like none of the above.
_MAX_RECORD_GAP = 2


def is_valid_national_id(digits: str) -> bool:
    """The checksum of a Thai 13-digit ID: 11 − (Σ dᵢ × (14 − i) for i = 1…12) mod 11, last digit."""
    digits = re.sub(r"[ -]", "", thai_to_arabic_digits(digits))
    if not re.fullmatch(r"[0-9]{13}", digits):
        return False
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def _is_given_name(name: str, honorific: str) -> bool:
    if honorific in ("นาย", "นาง"):
        return not name.startswith(_NOT_A_GIVEN_NAME)
    return True


class _Locator:
    """Line numbers and in-line offsets of positions in the joined text (one regex scan per kind)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.text = "\n".join(lines)
        self.starts = [0, *accumulate(len(line) + 1 for line in lines)][: len(lines)]

    def hit(self, kind: str, start: int, end: int) -> PersonalDataHit:
        index = bisect_right(self.starts, start) - 1
        return PersonalDataHit(kind, index + 1, start - self.starts[index], end - self.starts[index])

    def line_of(self, position: int) -> int:
        return bisect_right(self.starts, position)


def _span_hits_by_line(locator: _Locator) -> dict[int, list[PersonalDataHit]]:
    """Hits of the span kinds, per line, with overlapping hits reduced to one."""
    text = locator.text
    hits = [locator.hit("email", m.start(), m.end()) for m in _EMAIL_RE.finditer(text)] if "@" in text else []
    hits.extend(
        locator.hit("national_id", m.start(), m.end())
        for m in _NATIONAL_ID_RE.finditer(text)
        if is_valid_national_id(m.group(0))
    )
    hits.extend(locator.hit("phone", m.start(), m.end()) for m in _PHONE_RE.finditer(text))
    hits.extend(
        locator.hit("age", m.start(), m.end())
        for m in _AGE_RE.finditer(text)
        if _years(m.group("years")) <= _MAX_AGE
    )
    hits.extend(_name_hits(locator))
    by_line: dict[int, list[PersonalDataHit]] = {}
    for hit in hits:
        by_line.setdefault(hit.line, []).append(hit)
    return {line: _without_overlaps(line_hits) for line, line_hits in by_line.items()}


def _name_hits(locator: _Locator) -> list[PersonalDataHit]:
    """Honorific + given name + surname, and an age printed right after the name."""
    hits = []
    text = locator.text
    for match in _PERSON_NAME_RE.finditer(text):
        honorific = text[match.start() : match.start("given")].strip()
        if not _is_given_name(match.group("given"), honorific):
            continue
        hits.append(locator.hit("person_name", match.start(), match.end()))
        age = _AGE_AFTER_NAME_RE.match(text, match.end())
        if age and _years(age.group("years")) <= _MAX_AGE:
            hits.append(locator.hit("age", match.end(), age.end()))
    return hits


def _without_overlaps(hits: list[PersonalDataHit]) -> list[PersonalDataHit]:
    """One hit per stretch of text: a phone inside an ID, or an age inside a name, is dropped."""
    kept: list[PersonalDataHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _record_end(lines: Sequence[str], first: int, medical_lines: set[int]) -> int:
    """Index of the last line of a health record starting at ``first``: it runs on over record-like
    lines, bridging at most :data:`_MAX_RECORD_GAP` other non-blank lines in a row."""
    last = first
    gap = 0
    for index in range(first + 1, len(lines)):
        text = lines[index]
        if not text.strip():
            continue
        if index + 1 in medical_lines or _RECORD_CONTINUATION_RE.search(text):
            last, gap = index, 0
            continue
        gap += 1
        if gap > _MAX_RECORD_GAP:
            break
    return last


def _years(digits: str) -> int:
    return int(thai_to_arabic_digits(digits))


def _medical_field_lines(locator: _Locator) -> set[int]:
    """Lines with a health-record field: a label such as ``Diagnosis`` or ``Dosage`` right before a colon."""
    text = locator.text
    found = set()
    colon = text.find(":")
    while colon != -1:
        if _MEDICAL_LABEL_BEFORE_COLON_RE.search(text, max(0, colon - _LONGEST_LABEL_WITH_NOTE), colon):
            found.add(locator.line_of(colon))
        colon = text.find(":", colon + 1)
    return found


_RECORD_ANCHORS = ("person_name", "age", "national_id")


def find_personal_data(lines: Sequence[str]) -> list[PersonalDataHit]:
    """All hits in a document given as lines (``lines[0]`` is line 1).

    A person's name, age or ID followed by health-record lines, or a health-record field on its own, makes
    a ``medical_record`` hit over the whole run of record lines (003:8103-8188); the span hits on those
    lines are reported too, so each kind found has its own finding.
    """
    locator = _Locator(lines)
    by_line = _span_hits_by_line(locator)
    medical_lines = _medical_field_lines(locator)
    starts = sorted(
        medical_lines | {n for n, hits in by_line.items() if any(h.kind in _RECORD_ANCHORS for h in hits)}
    )
    records: list[PersonalDataHit] = []
    covered = 0
    for number in starts:
        if number <= covered:
            continue
        last = _record_end(lines, number - 1, medical_lines) + 1
        if any(n in medical_lines for n in range(number, last + 1)):
            records.append(PersonalDataHit("medical_record", number, 0, len(lines[number - 1]), last))
            covered = last
    spans = [hit for line_hits in by_line.values() for hit in line_hits]
    # Document order; a record comes right after the span hits of its first line.
    return sorted(spans + records, key=lambda h: (h.line, h.kind == "medical_record", h.start))


def redact_lines(lines: Sequence[str], hits: Sequence[PersonalDataHit]) -> list[str]:
    """The lines with every hit replaced by a mark; the number of lines never changes."""
    redacted = list(lines)
    whole_lines = set()
    for hit in hits:
        if hit.kind == "medical_record":
            for number in range(hit.line, hit.last_line + 1):
                if redacted[number - 1].strip():
                    whole_lines.add(number)
    spans: dict[int, list[PersonalDataHit]] = {}
    for hit in hits:
        if hit.kind != "medical_record" and hit.line not in whole_lines:
            spans.setdefault(hit.line, []).append(hit)
    for number in whole_lines:
        redacted[number - 1] = redaction_mark("medical_record")
    for number, line_hits in spans.items():
        text = redacted[number - 1]
        for hit in sorted(line_hits, key=lambda h: h.start, reverse=True):
            text = text[: hit.start] + redaction_mark(hit.kind) + text[hit.end :]
        redacted[number - 1] = text
    return redacted


def redact_text(text: str) -> tuple[str, list[PersonalDataHit]]:
    """Any text (a cell, a description, a whole file): the redacted text and what was found in it."""
    lines = text.split("\n")
    hits = find_personal_data(lines)
    return ("\n".join(redact_lines(lines, hits)) if hits else text), hits


def contains_personal_data(text: str) -> bool:
    return bool(find_personal_data(text.split("\n")))


@dataclass(frozen=True)
class CellHit:
    """Personal data in a table cell: the 1-based data row (the header is row 0), the column and the kind."""

    row: int
    column: str
    kind: str


def find_in_table(rows: Iterable[Mapping[str, str | None]]) -> list[CellHit]:
    """Personal data in tabular data (a CSV read with ``csv.DictReader``, a resource's rows): for a table that
    never went through the pipeline, e.g. a spreadsheet uploaded as it is."""
    hits = []
    for number, row in enumerate(rows, start=1):
        for column, value in row.items():
            if value:
                hits.extend(
                    CellHit(number, column, hit.kind) for hit in find_personal_data(value.split("\n"))
                )
    return hits


def personal_data_findings(hits: Sequence[PersonalDataHit]) -> list[Finding]:
    """One warning per hit, naming the kind and the line(s), never the value."""
    findings = []
    for hit in hits:
        lines = f"lines {hit.line}-{hit.last_line}" if hit.last_line > hit.line else f"line {hit.line}"
        findings.append(
            warning(
                f"personal_data_{hit.kind}",
                f"{KIND_LABELS[hit.kind]} at {lines} was removed from every output; "
                "the source needs review before it is published",
                hit.line,
            )
        )
    return findings


def screen_source(source: SourceText) -> tuple[SourceText, list[Finding]]:
    """The source with its personal data replaced by marks, and a finding per hit."""
    hits = find_personal_data(source.lines)
    if not hits:
        return source, []
    lines = tuple(redact_lines(source.lines, hits))
    return replace(source, text="\n".join(lines), lines=lines), personal_data_findings(hits)
