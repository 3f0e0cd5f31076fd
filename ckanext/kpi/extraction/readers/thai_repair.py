"""Repairs of Thai text read from a PDF's text layer (damage seen in real agency PDFs).

- Private-Use-Area glyphs of TH Sarabun-style fonts: fonts made for Windows before OpenType shaping draw
  a tone mark or upper vowel moved down or left, and ญ/ฐ without their descender, as glyphs in
  U+F700–U+F71A (Windows) or U+F884–U+F89E (Mac); a PDF whose ToUnicode map points at those glyphs
  gives PUA code points. The mapping back is the Unicode meaning of each shifted glyph (the same facts
  HarfBuzz's Thai shaper lists for the opposite direction).
- Sara am split into nikhahit + sara aa (``ํ`` + ``า``), also with a tone mark between them, becomes ``ำ``.
- A tone mark written before the upper or lower vowel of its consonant is put after it (Unicode order:
  consonant, vowel mark, tone mark); a mark doubled by fake-bold printing is kept once.
- Spaces a layout engine put before a combining mark or a following vowel (``เป้ าหมาย``) and the spaces
  of letter-spaced justified text (``ก า ร``) are removed.
- U+FFFD (a glyph the PDF gives no character for) is kept and reported, never guessed.

NFKC/NFKD are never applied: they split ำ (U+0E33) into ํ + า.
"""

from __future__ import annotations

import re

# Shifted glyph → the character it draws. Windows range, then Mac range.
_PUA_TO_THAI: dict[int, str] = {
    # Windows (U+F700–U+F71A)
    0xF700: "\u0E10",  # ฐ without its lower part
    0xF701: "\u0E34", 0xF702: "\u0E35", 0xF703: "\u0E36", 0xF704: "\u0E37",  # ิ ี ึ ื moved left
    0xF705: "\u0E48", 0xF706: "\u0E49", 0xF707: "\u0E4A", 0xF708: "\u0E4B", 0xF709: "\u0E4C",  # down-left
    0xF70A: "\u0E48", 0xF70B: "\u0E49", 0xF70C: "\u0E4A", 0xF70D: "\u0E4B", 0xF70E: "\u0E4C",  # down
    0xF70F: "\u0E0D",  # ญ without its lower part
    0xF710: "\u0E31", 0xF711: "\u0E4D", 0xF712: "\u0E47",  # ั ํ ็ moved left
    0xF713: "\u0E48", 0xF714: "\u0E49", 0xF715: "\u0E4A", 0xF716: "\u0E4B", 0xF717: "\u0E4C",  # left
    0xF718: "\u0E38", 0xF719: "\u0E39", 0xF71A: "\u0E3A",  # ุ ู ฺ moved down
    # Mac (U+F884–U+F89E)
    0xF884: "\u0E31", 0xF885: "\u0E34", 0xF886: "\u0E35", 0xF887: "\u0E36", 0xF888: "\u0E37",
    0xF889: "\u0E47",
    0xF88A: "\u0E48", 0xF88B: "\u0E48", 0xF88C: "\u0E48",
    0xF88D: "\u0E49", 0xF88E: "\u0E49", 0xF88F: "\u0E49",
    0xF890: "\u0E4A", 0xF891: "\u0E4A", 0xF892: "\u0E4A",
    0xF893: "\u0E4B", 0xF894: "\u0E4B", 0xF895: "\u0E4B",
    0xF896: "\u0E4C", 0xF897: "\u0E4C", 0xF898: "\u0E4C",
    0xF899: "\u0E4D", 0xF89A: "\u0E0D",
    0xF89B: "\u0E38", 0xF89C: "\u0E39", 0xF89D: "\u0E3A", 0xF89E: "\u0E10",
}
_PUA_TABLE = {code: char for code, char in _PUA_TO_THAI.items()}
_PUA_RE = re.compile("[\uF700-\uF71A\uF884-\uF89E]")

_TONE = "\u0E48-\u0E4B"  # ่ ้ ๊ ๋
_VOWEL_MARK = "\u0E31\u0E34-\u0E3A\u0E47"  # ั ิ ี ึ ื ุ ู ฺ ็
_MARK = "\u0E31\u0E34-\u0E3A\u0E47-\u0E4E"  # every combining mark
_THAI_LETTER = "\u0E01-\u0E2E"
_ZERO_WIDTH_RE = re.compile("[\u200B-\u200D\u2060\uFEFF\u00AD]")

# ํ (+ tone) + า → (tone) + ำ ; also the tone after the nikhahit: ํ ่ า
_SARA_AM_RE = re.compile(f"\u0E4D([{_TONE}]?)\u0E32")
_SARA_AM_TONE_AFTER_RE = re.compile(f"([{_TONE}])\u0E4D\u0E32")
_TONE_BEFORE_VOWEL_RE = re.compile(f"([{_TONE}\u0E4C])([{_VOWEL_MARK}])")
_DOUBLED_MARK_RE = re.compile(f"([{_MARK}])\\1+")
# A space before a combining mark, or before sara a/aa/am (which never begin a word), after Thai.
_SPACE_BEFORE_MARK_RE = re.compile(f"(?<=[{_THAI_LETTER}{_MARK}]) +(?=[{_MARK}\u0E30\u0E32\u0E33\u0E45])")
# Letter-spaced text: three or more single Thai letters (with their marks) one space apart.
_SPACED_LETTER = f"[{_THAI_LETTER}\u0E30\u0E32\u0E33\u0E40-\u0E44][{_MARK}]*"
_LETTER_SPACED_RE = re.compile(
    f"(?<![{_THAI_LETTER}\u0E30-\u0E4E])({_SPACED_LETTER}(?: {_SPACED_LETTER}){{2,}})(?![{_THAI_LETTER}\u0E30-\u0E4E])"
)
_THAI_CHAR_RE = re.compile("[\u0E01-\u0E4E]")


def map_private_use(text: str) -> str:
    """PUA glyphs of TH Sarabun-style fonts → the Thai characters they draw."""
    if not _PUA_RE.search(text):
        return text
    return text.translate(_PUA_TABLE)


def repair_thai(text: str) -> str:
    """Every repair above, in an order where one never undoes another. Idempotent."""
    if not _THAI_CHAR_RE.search(text) and not _PUA_RE.search(text):
        return text
    text = map_private_use(text)
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _LETTER_SPACED_RE.sub(lambda m: m.group(1).replace(" ", ""), text)
    text = _SPACE_BEFORE_MARK_RE.sub("", text)
    text = _SARA_AM_TONE_AFTER_RE.sub("\\1\u0E33", text)
    text = _SARA_AM_RE.sub("\\1\u0E33", text)
    text = _TONE_BEFORE_VOWEL_RE.sub("\\2\\1", text)
    text = _DOUBLED_MARK_RE.sub("\\1", text)
    return text


def replacement_characters(text: str) -> int:
    """How many U+FFFD (characters the PDF does not give) the text holds: reported, never guessed."""
    return text.count("\uFFFD")


def join_wrapped(before: str, after: str) -> str:
    """Join two lines of one wrapped paragraph or cell: no space between two Thai letters (Thai puts
    none between words, so a line break inside Thai text is no word gap), one space elsewhere."""
    spaced = before[-1:].isspace()
    before, after = before.rstrip(), after.lstrip()
    if spaced and before and after:
        return before + " " + after  # the line was broken at a space the text layer kept
    if not before:
        return after
    if not after:
        return before
    if _THAI_CHAR_RE.match(before[-1]) and _THAI_CHAR_RE.match(after[0]):
        return before + after
    if before[-1] in "-/" and len(before) > 1 and not before[-2].isspace():
        return before + after  # a compound cut after its hyphen or slash (e-Commerce, ISO/IEC)
    return before + " " + after
