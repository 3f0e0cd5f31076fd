"""DCAT-AP 3 output for the national GD Catalog: the ``thai_dga`` RDF profile (``profile``), its vocabulary
maps (``vocabularies``) and the publication filter of the DCAT endpoints (``publication``)."""
