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
from collections.abc import Sequence
from dataclasses import dataclass, replace

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


# --- patterns (matched on text whose Thai digits are turned into Arabic ones; same offsets) ---------

_THAI_LETTER = "\u0e01-\u0e4e"
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# 0 + 8 or 9 more digits, the first not 0 (landline 02 xxx xxxx, mobile 08x xxx xxxx, 0 2356 9910), with
# single spaces or dashes between groups; +66 for the leading 0; never the tail of a number with space
# separators (1 109 000 000 000). A contact name in brackets right after it belongs to it (001:47).
_PHONE_RE = re.compile(
    rf"(?<![0-9.,/])(?<![0-9][ -])(?:\+66[ -]?|0[ -]?)[1-9](?:[ -]?[0-9]){{7,8}}(?![0-9])"
    rf"(?:\s*\([{_THAI_LETTER} ]{{2,30}}\))?"
)
# Thai ID: 13 digits, contiguous or grouped 1-4-5-2-1 (x-xxxx-xxxxx-xx-x); the checksum decides.
_NATIONAL_ID_RE = re.compile(
    r"(?<![0-9.,])(?:[0-9]{13}|[0-9]([ -])[0-9]{4}\1[0-9]{5}\1[0-9]{2}\1[0-9])(?![0-9])"
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
    rf"(?<![{_THAI_LETTER}.A-Za-z])(?<![0-9] )(?<![0-9])(?:{_HONORIFIC_ALTERNATION})\s?"
    rf"(?P<given>[{_THAI_LETTER}]{{2,20}}|[A-Z][a-z]{{1,20}})[ \t]{{1,3}}"
    rf"(?P<surname>[{_THAI_LETTER}]{{2,25}}|[A-Z][a-z]{{1,25}})(?![{_THAI_LETTER}])"
)
_AGE_AFTER_NAME_RE = re.compile(r"\s*\(?\s*(?:อายุ\s*)?(?P<years>[0-9]{1,3})\s*ปี\)?")
# "ประชากรที่มีอายุ 6 ปีขึ้นไป" (003:1619) defines a population, it is nobody's age.
_AGE_RE = re.compile(r"(?<!มี)อายุ\s*(?P<years>[0-9]{1,3})\s*ปี(?!\s*(?:ขึ้นไป|ลงมา|บริบูรณ์ขึ้นไป))")
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
_MEDICAL_FIELD_RE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(_MEDICAL_LABELS) + r")(?:\s*\([^)]{0,20}\))?\s*:", re.IGNORECASE
)
# Words that continue a record once one has started (a screenshot's headings, drug and dose lines, dates).
_RECORD_CONTINUATION_RE = re.compile(
    r"(?<![A-Za-z])(?:Diagnos|Medication|Procedure|Laboratory|Immunization|Allergy|Chronic|Discharge|"
    r"Hospital|Dosage|Criticality|ICD|SNOMED|LOINC|vaccine|tablet|capsule|injection|IPD|OPD)"
    r"|[0-9](?:\s*)(?:mg|mcg|mL)\b|แพ้|ผู้ป่วย|วินิจฉัย|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}",
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


_HONORIFIC_RE = re.compile(_HONORIFIC_ALTERNATION)
_DIGIT_RE = re.compile("[0-9]")


def _span_hits(text: str, line: int) -> list[PersonalDataHit]:
    """Hits of the span kinds in one line (Thai digits already normalised)."""
    hits: list[PersonalDataHit] = []
    if "@" in text:
        hits.extend(PersonalDataHit("email", line, m.start(), m.end()) for m in _EMAIL_RE.finditer(text))
    if _DIGIT_RE.search(text):
        hits.extend(_number_hits(text, line))
    if _HONORIFIC_RE.search(text):
        hits.extend(_name_hits(text, line))
    return _without_overlaps(hits)


def _number_hits(text: str, line: int) -> list[PersonalDataHit]:
    hits = [
        PersonalDataHit("national_id", line, m.start(), m.end())
        for m in _NATIONAL_ID_RE.finditer(text)
        if is_valid_national_id(m.group(0))
    ]
    hits.extend(PersonalDataHit("phone", line, m.start(), m.end()) for m in _PHONE_RE.finditer(text))
    hits.extend(
        PersonalDataHit("age", line, m.start(), m.end())
        for m in _AGE_RE.finditer(text)
        if int(m.group("years")) <= _MAX_AGE
    )
    return hits


def _name_hits(text: str, line: int) -> list[PersonalDataHit]:
    """Honorific + given name + surname, and an age printed right after the name."""
    hits = []
    for match in _PERSON_NAME_RE.finditer(text):
        honorific = text[match.start() : match.start("given")].strip()
        if not _is_given_name(match.group("given"), honorific):
            continue
        hits.append(PersonalDataHit("person_name", line, match.start(), match.end()))
        age = _AGE_AFTER_NAME_RE.match(text, match.end())
        if age and int(age.group("years")) <= _MAX_AGE:
            hits.append(PersonalDataHit("age", line, match.end(), age.end()))
    return hits


def _without_overlaps(hits: list[PersonalDataHit]) -> list[PersonalDataHit]:
    """One hit per stretch of text: a phone inside an ID, or an age inside a name, is dropped."""
    kept: list[PersonalDataHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _record_end(lines: Sequence[str], first: int) -> int:
    """Index of the last line of a health record starting at ``first``: it runs on over record-like
    lines, bridging at most :data:`_MAX_RECORD_GAP` other non-blank lines in a row."""
    last = first
    gap = 0
    for index in range(first + 1, len(lines)):
        text = thai_to_arabic_digits(lines[index])
        if not text.strip():
            continue
        if _has_medical_label(text) or _RECORD_CONTINUATION_RE.search(text):
            last, gap = index, 0
            continue
        gap += 1
        if gap > _MAX_RECORD_GAP:
            break
    return last


def _has_medical_label(text: str) -> bool:
    return ":" in text and bool(_MEDICAL_FIELD_RE.search(text))


def _starts_record(span_hits: list[PersonalDataHit], text: str) -> bool:
    return _has_medical_label(text) or any(
        hit.kind in ("person_name", "age", "national_id") for hit in span_hits
    )


def _has_medical_field(lines: Sequence[str], first: int, last: int) -> bool:
    return any(_has_medical_label(thai_to_arabic_digits(lines[i])) for i in range(first, last + 1))


def find_personal_data(lines: Sequence[str]) -> list[PersonalDataHit]:
    """All hits in a document given as lines (``lines[0]`` is line 1).

    A person's name, age or ID followed by health-record lines, or a health-record field on its own, makes
    a ``medical_record`` hit over the whole run of record lines (003:8103-8188); the span hits on those
    lines are reported too, so each kind found has its own finding.
    """
    hits: list[PersonalDataHit] = []
    index = 0
    while index < len(lines):
        text = thai_to_arabic_digits(lines[index])
        span_hits = _span_hits(text, index + 1)
        hits.extend(span_hits)
        if _starts_record(span_hits, text):
            last = _record_end(lines, index)
            if _has_medical_field(lines, index, last):
                hits.append(PersonalDataHit("medical_record", index + 1, 0, len(lines[index]), last + 1))
                for inner in range(index + 1, last + 1):
                    hits.extend(_span_hits(thai_to_arabic_digits(lines[inner]), inner + 1))
                index = last + 1
                continue
        index += 1
    return hits


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
