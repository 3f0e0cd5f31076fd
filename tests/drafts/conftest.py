from tests.support.fixtures import organization, sysadmin  # noqa: F401  (fixtures)
