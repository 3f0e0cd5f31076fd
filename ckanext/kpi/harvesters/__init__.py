"""KPI harvesters on top of ckanext-harvest: kpi_document and kpi_table (see docs/harvesting.md)."""
