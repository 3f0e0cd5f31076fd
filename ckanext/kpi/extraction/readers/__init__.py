"""Format readers: PDF, DOCX/ODT, HTML and spreadsheets rendered into the text layout of :mod:`.base`."""
