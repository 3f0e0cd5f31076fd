"""Document to grid to family profiles to tidy tables. Pure Python: imports nothing from CKAN.

    from ckanext.kpi.extraction import extract_document, write_document_folder, structure_json

    result, document = extract_document("000_a7de958303e1344d.txt")   # profile chosen by content
    write_document_folder(result, structure_json(document), Path("out"))

See docs/extraction.md for the stages, the profiles and the table contract.
"""

from .model import ExtractionResult
from .pipeline import extract_document
from .reading import ExtractionError
from .structure import Document, parse_document, structure_json
from .tables import write_document_folder

__all__ = [
    "Document",
    "ExtractionError",
    "ExtractionResult",
    "extract_document",
    "parse_document",
    "structure_json",
    "write_document_folder",
]
