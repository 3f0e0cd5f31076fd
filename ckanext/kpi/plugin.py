"""Interface wiring of the ``kpi`` plugin. Logic lives in the modules it names."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.kpi import admin_views, bulk_publish, cache, citizen, cli, compat, helpers, kpi_datasets, search
from ckanext.kpi.dcat import pagination as dcat_pagination
from ckanext.kpi.dcat import publication as dcat_publication
from ckanext.kpi.dcat import responses as dcat_responses
from ckanext.kpi.drafts import views as draft_views
from ckanext.kpi.harvesters import views as harvest_views
from ckanext.kpi.indicators import actions as indicator_actions
from ckanext.kpi.indicators import auth as indicator_auth
from ckanext.kpi.indicators import helpers as indicator_helpers
from ckanext.kpi.indicators import views as indicator_views
from ckanext.kpi.logic import auth, validators
from ckanext.kpi.logic.action import get, harvest, merge_action_maps, publishing, status
from ckanext.kpi.opdc import actions as opdc_actions
from ckanext.kpi.opdc import auth as opdc_auth
from ckanext.kpi.opdc import views as opdc_views
from ckanext.kpi.openness import actions as openness_actions
from ckanext.kpi.openness import auth as openness_auth
from ckanext.kpi.openness import helpers as openness_helpers
from ckanext.kpi.openness import hooks as openness_hooks


@tk.blanket.config_declarations
@tk.blanket.validators(validators.get_validators)
@tk.blanket.helpers(
    lambda: {
        **helpers.get_helpers(),
        **openness_helpers.get_helpers(),
        **indicator_helpers.get_helpers(),
        **citizen.get_helpers(),
    }
)
@tk.blanket.actions(
    lambda: merge_action_maps(
        {
            "kpi_metadata_completeness": get.kpi_metadata_completeness,
            "kpi_harvest_job_errors": harvest.kpi_harvest_job_errors,
        },
        dcat_publication.get_actions(),
        openness_actions.get_actions(),
        indicator_actions.get_actions(),
        opdc_actions.get_actions(),
        publishing.get_actions(),
        status.get_actions(),
        cache.get_actions(),
    )
)
@tk.blanket.auth_functions(
    {
        "kpi_metadata_completeness": auth.kpi_metadata_completeness,
        "kpi_harvest_job_errors": harvest.kpi_harvest_job_errors_auth,
        "harvest_job_list": harvest.harvest_job_list_auth,
        **openness_auth.get_auth_functions(),
        **indicator_auth.get_auth_functions(),
        **opdc_auth.get_auth_functions(),
    }
)
@tk.blanket.blueprints(
    lambda: [
        *harvest_views.get_blueprints(),
        *indicator_views.get_blueprints(),
        *opdc_views.get_blueprints(),
        *draft_views.get_blueprints(),
        *admin_views.get_blueprints(),
    ]
)
class KpiPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IClick)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "kpi")
        dcat_pagination.install()
        cache.install_change_hooks()

    # IMiddleware
    def make_middleware(self, app: cache.WsgiApp, config: tk.CKANConfig) -> cache.WsgiApp:
        # The Flask app's views are wrapped first (they need the Flask object); the response cache wraps
        # the whole WSGI app last, so it stores what those views answer. It is installed on the Flask
        # object's wsgi_app, where CKAN 2.12's test client passes too (compat.wrap_wsgi_app).
        flask_app = citizen.keep_core_plural_forms(dcat_responses.install(bulk_publish.wrap_bulk_views(app)))
        compat.keep_csrf_exemptions_per_request(flask_app)
        return compat.wrap_wsgi_app(flask_app, cache.make_middleware)

    # IClick
    def get_commands(self) -> list:
        return cli.get_commands()

    # IFacets
    def dataset_facets(self, facets_dict: dict, package_type: str) -> dict:
        return search.dataset_facets()

    # IPackageController
    def before_dataset_index(self, pkg_dict: dict) -> dict:
        # Every re-index (bulk privacy changes, search-index rebuild) may change what anonymous pages show.
        cache.catalog_changed("index")
        return search.index_table_names(kpi_datasets.with_receiver_extras_in_index(pkg_dict))

    def after_dataset_show(self, context: dict, pkg_dict: dict) -> dict:
        # The KPI fields also as extras: a harvesting catalog without this extension keeps them (issue 16).
        # package_search's results (what ckanext-harvest's `ckan` harvester imports) get them at indexing.
        return kpi_datasets.with_receiver_extras(pkg_dict)

    def after_dataset_delete(self, context: dict, pkg_dict: dict) -> None:
        cache.catalog_changed("delete")

    def before_dataset_search(self, search_params: dict) -> dict:
        return search.add_query_fields(search_params)

    def after_dataset_search(self, search_results: dict, search_params: dict) -> dict:
        return search.label_facet_items(search_results)

    def after_dataset_create(self, context: dict, pkg_dict: dict) -> None:
        openness_hooks.dataset_saved(context, pkg_dict)

    def after_dataset_update(self, context: dict, pkg_dict: dict) -> None:
        openness_hooks.dataset_saved(context, pkg_dict)

    # IResourceController
    def after_resource_create(self, context: dict, resource: dict) -> None:
        openness_hooks.resource_saved(resource)

    def after_resource_update(self, context: dict, resource: dict) -> None:
        openness_hooks.resource_saved(resource)

    def before_resource_delete(self, context: dict, resource: dict, resources: list) -> None:
        openness_hooks.resource_deleting(resource)
