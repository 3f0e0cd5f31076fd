from ckanext.kpi.testing import organization, sysadmin  # noqa: F401  (fixtures)
