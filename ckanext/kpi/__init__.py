"""ckanext-kpi: Thai KPI and project data as open government data on CKAN."""
