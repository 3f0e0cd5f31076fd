"""Document to grid to family profiles to tidy tables. Pure Python: imports nothing from CKAN."""
