from tests.support.fixtures import (  # noqa: F401  (fixtures shared by the DGA schema tests)
    complete_dataset,
    complete_kpi,
    organization,
    sysadmin,
    sysadmin_context,
)
