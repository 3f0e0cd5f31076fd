"""The character encoding of a text file: UTF-8 expected; legacy Thai (TIS-620/cp874) recognised and named."""

from __future__ import annotations

from dataclasses import dataclass

import chardet

# chardet's names for the legacy Thai encodings, with the name a Thai reader knows.
THAI_LEGACY = {"TIS-620": "TIS-620 / Windows-874 (Thai)", "CP874": "TIS-620 / Windows-874 (Thai)",
               "WINDOWS-874": "TIS-620 / Windows-874 (Thai)", "ISO-8859-11": "TIS-620 / ISO-8859-11 (Thai)"}
# Python's codec for each legacy Thai name: cp874 is a superset of TIS-620.
PYTHON_CODEC = {"TIS-620": "cp874", "CP874": "cp874", "WINDOWS-874": "cp874", "ISO-8859-11": "cp874"}
SAMPLE_BYTES = 256 * 1024


@dataclass(frozen=True)
class TextEncoding:
    codec: str  # a Python codec name that decodes the file
    label: str  # the name shown to people
    utf8: bool
    bad_line: int | None = None  # the first line that is not UTF-8, when the encoding is unknown

    @property
    def known(self) -> bool:
        return bool(self.codec)


def detect_encoding(data: bytes) -> TextEncoding:
    """UTF-8 (with or without BOM) when the bytes decode as such, else chardet's guess, named."""
    try:
        data.decode("utf-8")
        return TextEncoding("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8", "UTF-8", True)
    except UnicodeDecodeError as error:
        if error.start > len(data) - 4 and error.reason == "unexpected end of data":
            # A sample cut inside a multi-byte character is still UTF-8.
            return TextEncoding("utf-8", "UTF-8", True)
        bad_line = data.count(b"\n", 0, error.start) + 1
    guess = (chardet.detect(data[:SAMPLE_BYTES]).get("encoding") or "").upper()
    if guess in PYTHON_CODEC:
        return TextEncoding(PYTHON_CODEC[guess], THAI_LEGACY[guess], False, bad_line)
    if guess and guess not in {"ASCII", "UTF-8"}:
        try:
            data[:SAMPLE_BYTES].decode(guess)
            return TextEncoding(guess.lower(), guess, False, bad_line)
        except (LookupError, UnicodeDecodeError):
            pass
    return TextEncoding("", "", False, bad_line)
