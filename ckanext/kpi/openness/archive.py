"""ZIP containers (ZIP, XLSX, ODS, DOCX) looked at before anything expands them: bombs are refused here."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .findings import ERROR, Finding
from .limits import Limits


@dataclass
class ArchiveListing:
    names: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return not self.findings


def list_archive(path: Path, limits: Limits) -> ArchiveListing:
    """The member names, or the findings that make the archive unsafe or unreadable."""
    listing = ArchiveListing()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        listing.findings.append(Finding("corrupt-file", ERROR, {"format": "ZIP", "detail": str(error)}))
        return listing
    if len(infos) > limits.max_members:
        listing.findings.append(
            Finding("archive-too-many-members", ERROR, {"count": len(infos), "limit": limits.max_members})
        )
        return listing
    expanded = sum(info.file_size for info in infos)
    if expanded > limits.max_expanded_bytes:
        listing.findings.append(
            Finding("archive-too-large", ERROR, {"size": expanded, "limit": limits.max_expanded_bytes})
        )
        return listing
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        # Small members compress well legitimately; only a big expansion is a bomb.
        if info.file_size > 1024 * 1024 and ratio > limits.max_member_ratio:
            listing.findings.append(Finding(
                "archive-bomb", ERROR, {"member": info.filename, "ratio": int(ratio), "size": info.file_size}
            ))
            return listing
    listing.names = [info.filename for info in infos if not info.is_dir()]
    return listing


def read_member(path: Path, name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of one member, whatever size its header claims."""
    with zipfile.ZipFile(path) as archive, archive.open(name) as member:
        return member.read(max_bytes)


def xml_parts_with_dtd(path: Path, names: list[str]) -> list[str]:
    """The XML parts of a workbook that declare a DTD or entities (the way to an XML bomb).

    A DTD precedes the root element, so defusedxml stops at the root's start: each part costs a few bytes.
    """
    flagged = []
    with zipfile.ZipFile(path) as archive:
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            with archive.open(name) as member:
                try:
                    for _event, _element in iterparse(member, events=("start",), forbid_dtd=True):
                        break
                except DefusedXmlException:
                    flagged.append(name)
                except Exception:
                    continue
    return flagged
