"""Every difference between the supported CKAN versions (2.11 and 2.12) that this extension meets, in one
place: the rest of the code (and the tests) calls these helpers and never checks a CKAN version itself.

Each helper names the version that changed and what changed; docs/ckan-versions.md lists them with the
error the old code raised on the new version."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ckan.plugins import toolkit as tk

# True on CKAN 2.12 and later.
CKAN_2_12 = bool(tk.check_ckan_version(min_version="2.12"))


# ---- Solr connection settings ----------------------------------------------------------------------------
# CKAN 2.11 keeps the Solr URL in ckan.lib.search.common.SolrSettings, set once at start-up; 2.12 removed
# that class and reads config["solr_url"] (and solr_user, solr_password) on every connection.


def solr_url() -> str:
    """The Solr core URL CKAN indexes into and searches now."""
    if CKAN_2_12:
        return tk.config["solr_url"]
    from ckan.lib.search.common import SolrSettings

    return SolrSettings.get()[0]


def set_solr_url(url: str) -> None:
    """Point CKAN's indexing and searching at another Solr core URL (same credentials)."""
    if CKAN_2_12:
        tk.config["solr_url"] = url
        return
    from ckan.lib.search.common import SolrSettings

    _, user, password = SolrSettings.get()
    SolrSettings.init(url, user, password)


@contextmanager
def solr_url_set_to(url: str) -> Iterator[None]:
    """CKAN's indexing and searching on another Solr core URL for the duration."""
    previous = solr_url()
    set_solr_url(url)
    try:
        yield
    finally:
        set_solr_url(previous)


# ---- RQ connections --------------------------------------------------------------------------------------
# CKAN 2.11 (RQ 1.x) pushes every Redis connection it makes onto RQ's global connection stack; RQ 2 (CKAN
# 2.12) has no such stack (rq.connections.get_current_connection and pop_connection are gone).


def forget_rq_connections_to(port: int) -> None:
    """Take the connections to the Redis on ``port`` off RQ's global stack, where there is one, so that later
    jobs in this process do not talk to a Redis that is gone."""
    try:
        from rq.connections import get_current_connection, pop_connection
    except ImportError:  # RQ 2: connections are passed explicitly, nothing global to forget
        return

    def ours(connection: object) -> bool:
        return connection is not None and connection.connection_pool.connection_kwargs.get("port") == port

    while ours(get_current_connection()):
        pop_connection()


# ---- Scheduled jobs --------------------------------------------------------------------------------------
# CKAN 2.12's `ckan jobs worker` runs RQ's scheduler (unless --no-scheduler is given): a job enqueued with a
# delay (rq.Queue.enqueue_in) is moved to its queue when due. CKAN 2.11's worker runs no scheduler, so a
# delayed job would never run there, and periodic work needs a process of its own.
JOBS_WORKER_RUNS_SCHEDULER = CKAN_2_12


# ---- WSGI middleware and the test client -----------------------------------------------------------------
# CKAN 2.11's test app (the `app` fixture) sent every request through the whole WSGI stack make_app returns,
# the wrappers IMiddleware plugins return included. 2.12's CKANTestApp calls the Flask object itself
# (`CKANTestApp.flask_app`, `app._wsgi_app`), so a wrapper a plugin *returns* never sees a test request
# (the response cache answered no test on 2.12). A wrapper installed on the Flask object's `wsgi_app`
# is on both paths, and in production sits where a returned one would: outside CKAN's own middleware.


def wrap_wsgi_app(flask_app: Any, make_wrapper: Callable[[Any], Any]) -> Any:
    """Install ``make_wrapper(wsgi_app)`` on the Flask object (from IMiddleware.make_middleware) and return
    the object, so that production and the test client of either CKAN version pass through it."""
    flask_app.wsgi_app = make_wrapper(flask_app.wsgi_app)
    return flask_app


# ---- CSRF exemptions of API-token requests ---------------------------------------------------------------
# CKAN 2.12.0 exempts a view from the CSRF check when a request to it is authenticated by an API token (the
# Authorization header) by calling Flask-WTF's `csrf.exempt(view)`, which lasts as long as the process, not
# the request (2.11 exempted only that request). After one token request to a form's view, by anyone with a
# token, every later cookie-session POST to that view in the same worker went unchecked: a cross-site request
# forgery hole (tests/security/test_csrf.py failed on 2.12 after a token request in an earlier test). Each
# request's new exemptions are taken back when it ends; on 2.11 there are none to take back.


def keep_csrf_exemptions_per_request(flask_app: Any) -> None:
    """On the Flask object (from IMiddleware.make_middleware): exemptions a request adds last that request."""
    from flask import g

    csrf = flask_app.extensions.get("csrf")
    exempt_views = getattr(csrf, "_exempt_views", None)  # Flask-WTF's set of exempt view paths
    if not isinstance(exempt_views, set):
        return

    def remember_exemptions() -> None:
        g.kpi_csrf_exempt_before = frozenset(exempt_views)

    def take_back_new_exemptions(_error: BaseException | None = None) -> None:
        before = g.pop("kpi_csrf_exempt_before", None)
        if before is not None:
            exempt_views.difference_update(exempt_views - before)

    # First of all before-request functions: before CKAN's, which adds the exemption.
    flask_app.before_request_funcs.setdefault(None, []).insert(0, remember_exemptions)
    flask_app.teardown_request(take_back_new_exemptions)


# ---- The test app's cookies ------------------------------------------------------------------------------
# CKAN 2.11's test app (the `app` fixture) opened a new client, with an empty cookie jar, for every get and
# post; 2.12's keeps one client for the whole test, so a cookie one answer sets (the session cookie of an
# answer to an API-token request, a login) goes with every later request of the test. The tests send each
# request with only the credentials it names (an anonymous request after an editor's must be anonymous):
# tests/conftest.py's `app` gives each request a new client on 2.12 too, unless the test chose a user with
# 2.12's set_session_user or set_remember_user, which live in the client's cookies.


def one_client_per_request(test_app: Any) -> Any:
    """CKAN's CKANTestApp, each get/post/options from a new test client, as on CKAN 2.11."""
    if not CKAN_2_12:
        return test_app
    keep_client = False

    def from_a_new_client(send: Callable[..., Any]) -> Callable[..., Any]:
        def sent(*args: Any, **kwargs: Any) -> Any:
            if not keep_client:
                test_app.client = test_app.test_client()
            return send(*args, **kwargs)
        return sent

    def keeping_the_client(choose_user: Callable[..., Any]) -> Callable[..., Any]:
        def chosen(*args: Any, **kwargs: Any) -> Any:
            nonlocal keep_client
            keep_client = True
            return choose_user(*args, **kwargs)
        return chosen

    for name in ("get", "post", "options"):
        setattr(test_app, name, from_a_new_client(getattr(test_app, name)))
    for name in ("set_session_user", "set_remember_user"):
        setattr(test_app, name, keeping_the_client(getattr(test_app, name)))
    return test_app
