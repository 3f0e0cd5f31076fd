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
    0xF700: "\u0e10",  # ฐ without its lower part
    0xF701: "\u0e34",
    0xF702: "\u0e35",
    0xF703: "\u0e36",
    0xF704: "\u0e37",  # ิ ี ึ ื moved left
    0xF705: "\u0e48",
    0xF706: "\u0e49",
    0xF707: "\u0e4a",
    0xF708: "\u0e4b",
    0xF709: "\u0e4c",  # down-left
    0xF70A: "\u0e48",
    0xF70B: "\u0e49",
    0xF70C: "\u0e4a",
    0xF70D: "\u0e4b",
    0xF70E: "\u0e4c",  # down
    0xF70F: "\u0e0d",  # ญ without its lower part
    0xF710: "\u0e31",
    0xF711: "\u0e4d",
    0xF712: "\u0e47",  # ั ํ ็ moved left
    0xF713: "\u0e48",
    0xF714: "\u0e49",
    0xF715: "\u0e4a",
    0xF716: "\u0e4b",
    0xF717: "\u0e4c",  # left
    0xF718: "\u0e38",
    0xF719: "\u0e39",
    0xF71A: "\u0e3a",  # ุ ู ฺ moved down
    # Mac (U+F884–U+F89E)
    0xF884: "\u0e31",
    0xF885: "\u0e34",
    0xF886: "\u0e35",
    0xF887: "\u0e36",
    0xF888: "\u0e37",
    0xF889: "\u0e47",
    0xF88A: "\u0e48",
    0xF88B: "\u0e48",
    0xF88C: "\u0e48",
    0xF88D: "\u0e49",
    0xF88E: "\u0e49",
    0xF88F: "\u0e49",
    0xF890: "\u0e4a",
    0xF891: "\u0e4a",
    0xF892: "\u0e4a",
    0xF893: "\u0e4b",
    0xF894: "\u0e4b",
    0xF895: "\u0e4b",
    0xF896: "\u0e4c",
    0xF897: "\u0e4c",
    0xF898: "\u0e4c",
    0xF899: "\u0e4d",
    0xF89A: "\u0e0d",
    0xF89B: "\u0e38",
    0xF89C: "\u0e39",
    0xF89D: "\u0e3a",
    0xF89E: "\u0e10",
}
_PUA_TABLE = {code: char for code, char in _PUA_TO_THAI.items()}
_PUA_RE = re.compile("[\uf700-\uf71a\uf884-\uf89e]")

_TONE = "\u0e48-\u0e4b"  # ่ ้ ๊ ๋
_VOWEL_MARK = "\u0e31\u0e34-\u0e3a\u0e47"  # ั ิ ี ึ ื ุ ู ฺ ็
_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # every combining mark
_THAI_LETTER = "\u0e01-\u0e2e"
_ZERO_WIDTH_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")

# ํ (+ tone) + า → (tone) + ำ ; also the tone after the nikhahit: ํ ่ า
_SARA_AM_RE = re.compile(f"\u0e4d([{_TONE}]?)\u0e32")
_SARA_AM_TONE_AFTER_RE = re.compile(f"([{_TONE}])\u0e4d\u0e32")
_TONE_BEFORE_VOWEL_RE = re.compile(f"([{_TONE}\u0e4c])([{_VOWEL_MARK}])")
_DOUBLED_MARK_RE = re.compile(f"([{_MARK}])\\1+")
# A space before a combining mark, or before sara a/aa/am (which never begin a word), after Thai.
_SPACE_BEFORE_MARK_RE = re.compile(f"(?<=[{_THAI_LETTER}{_MARK}]) +(?=[{_MARK}\u0e30\u0e32\u0e33\u0e45])")
# Letter-spaced text: three or more single Thai letters (with their marks) one space apart.
_SPACED_LETTER = f"[{_THAI_LETTER}\u0e30\u0e32\u0e33\u0e40-\u0e44][{_MARK}]*"
_NOT_THAI_BEFORE = f"(?<![{_THAI_LETTER}\u0e30-\u0e4e])"
_NOT_THAI_AFTER = f"(?![{_THAI_LETTER}\u0e30-\u0e4e])"
_LETTER_SPACED_RE = re.compile(
    f"{_NOT_THAI_BEFORE}({_SPACED_LETTER}(?: {_SPACED_LETTER}){{2,}}){_NOT_THAI_AFTER}"
)
_THAI_CHAR_RE = re.compile("[\u0e01-\u0e4e]")


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
    text = _SARA_AM_TONE_AFTER_RE.sub("\\1\u0e33", text)
    text = _SARA_AM_RE.sub("\\1\u0e33", text)
    text = _TONE_BEFORE_VOWEL_RE.sub("\\2\\1", text)
    text = _DOUBLED_MARK_RE.sub("\\1", text)
    return text


def replacement_characters(text: str) -> int:
    """How many U+FFFD (characters the PDF does not give) the text holds: reported, never guessed."""
    return text.count("\ufffd")


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
