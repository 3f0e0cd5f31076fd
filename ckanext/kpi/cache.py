"""The anonymous response cache: rendered DCAT catalog pages, indicator pages and their downloads, search
answers and the public pages, kept in Redis and served with validators (ETag, Last-Modified) and 304s.

How it stays correct:

* Only **anonymous** requests are cached or served from the cache: a request that carries CKAN's session
  cookie, flask-login's remember cookie or an API token passes straight to CKAN, whose answer is then marked
  ``Cache-Control: private, no-store``. An anonymous request can only ever see public datasets, so a private
  dataset never reaches the cache; the session cookie CKAN would set on an anonymous page is not sent with a
  cached answer (it would tie one visitor's CSRF token to every reader).
* Every entry is filed under the catalog's **generation**, a counter in Redis that goes up after every
  committed change of a dataset, resource, organisation or group (an SQLAlchemy ``after_commit`` hook), every
  re-index and every DataStore write. A new generation makes every older entry unreachable (they expire on
  their own), and changes every ETag, so browsers and the proxy fetch again.
* Nothing rendered within ``ckanext.kpi.cache.settle_seconds`` of a change is stored: Solr makes a write
  searchable up to a second later (``autoSoftCommit``), and a page rendered in between could still show a
  dataset that has just been made private.
* The reverse proxy (nginx, ``config/nginx.conf``) caches what this marks cacheable for
  ``ckanext.kpi.cache.proxy_seconds`` (``X-Accel-Expires``, which nginx does not pass on), and this empties
  the proxy's cache folder (``ckanext.kpi.cache.proxy_cache_dir``) whenever the generation goes up.

It is a WSGI middleware (``IMiddleware``) so that a hit or a 304 costs a Redis round trip, not CKAN's
request set-up (user identification, database session, template rendering)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import redis
from ckan import model
from ckan.lib.redis import connect_to_redis
from sqlalchemy import event

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# Paths (CKAN's PATH_INFO, after the /th or /en prefix is taken off) whose anonymous GET answers are cached.
CACHEABLE_PATHS = tuple(
    re.compile(pattern)
    for pattern in (
        r"^/$",
        r"^/catalog\.[a-z]+$",  # the DCAT catalog, every page and format
        r"^/(dataset|kpi)/?$",  # the search pages
        r"^/(dataset|kpi)/[^/]+\.[a-z]+$",  # a dataset's DCAT serialisations
        r"^/(dataset|kpi)/[^/]+$",  # a dataset's page (the KPI dashboard for kpi datasets)
        r"^/(dataset|kpi)/[^/]+/indicator/.+$",  # indicator pages and their CSV and JSON downloads
        r"^/organization/?[^/]*$",
        r"^/api/(3/)?action/(package_search|package_show|kpi_indicator_show|kpi_indicator_list)$",
    )
)
# The request headers that carry who the visitor is; any of them makes the request personal.
CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_CKAN_API_KEY")
# Model classes whose committed change changes what anonymous pages show.
CATALOG_MODELS = frozenset({
    "Package", "PackageExtra", "Resource", "ResourceView", "Group", "GroupExtra", "Member", "PackageTag",
    "Tag", "Vocabulary", "PackageRelationship", "SystemInfo",
})
# Response headers never stored: per-visitor or recomputed on every answer.
UNSTORED_HEADERS = frozenset({"set-cookie", "cache-control", "etag", "last-modified", "vary", "date",
                              "content-length", "x-accel-expires", "x-kpi-cache", "connection"})
MAX_BODY_BYTES = 8 * 1024 * 1024
SESSION_FLAG = "kpi_catalog_changed"


def enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.kpi.cache.enabled", True))


def _prefix() -> str:
    return f"kpi:cache:{tk.config.get('ckan.site_id') or 'default'}"


def _state_key() -> str:
    return f"{_prefix()}:state"


def _stored_keys_key() -> str:
    """A set naming every stored entry, so that a change deletes them rather than leaving them to expire."""
    return f"{_prefix()}:stored"


def _settings() -> dict[str, Any]:
    return {
        "ttl": int(tk.config.get("ckanext.kpi.cache.ttl_seconds", 3600)),
        "settle": float(tk.config.get("ckanext.kpi.cache.settle_seconds", 3)),
        "proxy": int(tk.config.get("ckanext.kpi.cache.proxy_seconds", 2)),
        "proxy_dir": tk.config.get("ckanext.kpi.cache.proxy_cache_dir") or "",
        "session_cookie": tk.config.get("SESSION_COOKIE_NAME") or "ckan",
        "remember_cookie": tk.config.get("REMEMBER_COOKIE_NAME") or "remember_token",
        "token_header": "HTTP_" + (tk.config.get("apitoken_header_name") or "Authorization").upper()
        .replace("-", "_"),
    }


# ----------------------------------------------------------------------------------------------- generation
def current_state(client: redis.Redis) -> tuple[int, float]:
    """(generation, time of the last change); a catalog never changed since Redis started is (0, 0)."""
    raw = client.hmget(_state_key(), "generation", "changed_at")
    return int(raw[0] or 0), float(raw[1] or 0)


def catalog_changed(reason: str = "") -> None:
    """A dataset (or what its pages show) changed: move every cached answer out of reach."""
    if not enabled():
        return
    try:
        client = connect_to_redis()
        with client.pipeline() as pipe:
            pipe.hincrby(_state_key(), "generation", 1)
            pipe.hset(_state_key(), "changed_at", repr(time.time()))
            pipe.smembers(_stored_keys_key())
            pipe.delete(_stored_keys_key())
            stored = pipe.execute()[2]
        # Unreachable already; deleted so that no copy of a page that has just changed stays anywhere.
        if stored:
            client.delete(*stored)
    except redis.RedisError as error:
        # Without Redis nothing is served from its cache either; say so, the write itself stands.
        log.error("kpi cache: could not record a catalog change (%s): %s", reason, error)
    _empty_proxy_cache()


def _empty_proxy_cache() -> None:
    folder = _settings()["proxy_dir"]
    if not folder:
        return
    root = Path(folder)
    if not root.is_dir():
        return
    # nginx treats a cache file that has gone as a miss (its cache manager forgets the key later); the
    # folders stay, nginx made them and expects them.
    for folder_path, _folders, files in os.walk(root):
        for name in files:
            Path(folder_path, name).unlink(missing_ok=True)


def _before_flush(session: Any, flush_context: Any, instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if type(obj).__name__ in CATALOG_MODELS:
            session.info[SESSION_FLAG] = True
            return


def _after_commit(session: Any) -> None:
    if session.info.pop(SESSION_FLAG, False):
        catalog_changed("commit")


def _after_rollback(session: Any) -> None:
    session.info.pop(SESSION_FLAG, None)


def install_change_hooks() -> None:
    """Listen to CKAN's database session once (plugins may be loaded more than once, in tests)."""
    for name, listener in (("before_flush", _before_flush), ("after_commit", _after_commit),
                           ("after_rollback", _after_rollback)):
        if not event.contains(model.Session, name, listener):
            event.listen(model.Session, name, listener)


def after_action(action_name: str) -> Callable[..., Any]:
    """A chained action that records a catalog change once the action it wraps has succeeded (DataStore
    writes go through their own engine; the bulk updates of an organisation bypass the ORM's hooks)."""

    @tk.chained_action
    def chained(original_action: Callable[..., Any], context: dict, data_dict: dict) -> Any:
        result = original_action(context, data_dict)
        catalog_changed(action_name)
        return result

    chained.__name__ = action_name
    return chained


CHANGING_ACTIONS = ("datastore_create", "datastore_upsert", "datastore_delete", "bulk_update_private",
                    "bulk_update_public", "bulk_update_delete")


def get_actions() -> dict[str, Callable[..., Any]]:
    import ckan.plugins as plugins

    names = [name for name in CHANGING_ACTIONS
             if not name.startswith("datastore_") or plugins.plugin_loaded("datastore")]
    return {name: after_action(name) for name in names}


# ----------------------------------------------------------------------------------------------- requests
def _has_credentials(environ: dict[str, Any], settings: dict[str, Any]) -> bool:
    if any(environ.get(header) for header in (*CREDENTIAL_HEADERS, settings["token_header"])):
        return True
    cookies = environ.get("HTTP_COOKIE", "")
    return any(re.search(rf"(^|;)\s*{re.escape(name)}=", cookies)
               for name in (settings["session_cookie"], settings["remember_cookie"]))


def _cacheable_path(path: str) -> bool:
    return any(pattern.match(path) for pattern in CACHEABLE_PATHS)


def configuration_digest() -> str:
    """A digest of the site's configuration, part of every entry's key: a site restarted with another
    configuration (a new title, another DCAT profile…) never serves a page rendered under the old one.
    Only plain values count, so every worker of one configuration computes the same digest."""
    plain = (str, int, float, bool, type(None))
    items = sorted((str(name), repr(value)) for name, value in tk.config.items()
                   if isinstance(value, plain) or (isinstance(value, list) and all(
                       isinstance(item, plain) for item in value)))
    return hashlib.sha256(repr(items).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _entry_key(environ: dict[str, Any], generation: int, configuration: str = "") -> str:
    identity = "\n".join((configuration, environ.get("CKAN_LANG", ""), environ.get("PATH_INFO", ""),
                          environ.get("QUERY_STRING", "")))
    digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"{_prefix()}:page:{generation}:{digest}"


def _etag(key: str) -> str:
    # Weak: nginx compresses the body on the way out and keeps a weak validator valid.
    return f'W/"{key.rsplit(":", 2)[-2]}-{key.rsplit(":", 1)[-1][:20]}"'


def _not_modified(environ: dict[str, Any], etag: str, changed_at: float) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        candidates = {tag.strip() for tag in if_none_match.split(",")}
        return "*" in candidates or etag in candidates or etag.removeprefix("W/") in candidates
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        try:
            return parsedate_to_datetime(if_modified_since).timestamp() >= int(changed_at)
        except (TypeError, ValueError):
            return False
    return False


class ResponseCache:
    """WSGI middleware in front of CKAN's Flask application (see the module's docstring)."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app
        # The application is made once the configuration is read; a changed .ini means a new application.
        self.configuration = configuration_digest()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not enabled():
            return self.app(environ, start_response)
        settings = _settings()
        if _has_credentials(environ, settings):
            return self._personal(environ, start_response)
        if not _cacheable_path(environ.get("PATH_INFO", "")):
            return self.app(environ, start_response)
        try:
            client = connect_to_redis()
            generation, changed_at = current_state(client)
            if not changed_at:
                # First use since Redis started: the catalog counts as changed now (Last-Modified).
                client.hsetnx(_state_key(), "changed_at", repr(time.time()))
                generation, changed_at = current_state(client)
            key = _entry_key(environ, generation, self.configuration)
            stored = client.hgetall(key)
        except redis.RedisError as error:
            log.warning("kpi cache: Redis unavailable, answering uncached: %s", error)
            return self.app(environ, start_response)
        validators = self._validators(key, changed_at, settings)
        if stored:
            if _not_modified(environ, validators["ETag"], changed_at):
                start_response("304 Not Modified", [*validators.items(), ("X-KPI-Cache", "HIT")])
                return [b""]
            headers = json.loads(stored[b"headers"])
            body = stored[b"body"]
            start_response(stored[b"status"].decode(), [
                *[(name, value) for name, value in headers], *validators.items(),
                ("Content-Length", str(len(body))), ("X-KPI-Cache", "HIT"),
            ])
            return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
        return self._render(environ, start_response, client, key, generation, changed_at, settings)

    def _validators(self, key: str, changed_at: float, settings: dict[str, Any]) -> dict[str, str]:
        return {
            # First: nginx reads the headers in order, and a max-age=0 before it would mark the answer
            # uncacheable. nginx keeps it a few seconds and does not pass this header on.
            "X-Accel-Expires": str(settings["proxy"]),
            # Browsers (and any other proxy on the way) ask again every time; a 304 costs little.
            "Cache-Control": "public, max-age=0, must-revalidate",
            "ETag": _etag(key),
            "Last-Modified": formatdate(int(changed_at) or 0, usegmt=True),
            "Vary": "Cookie, Authorization",
        }

    def _personal(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """A visitor who may be logged in: never stored by anyone on the way."""

        def personal_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(n, v) for n, v in headers if n.lower() not in ("cache-control", "etag", "last-modified")]
            kept = [("X-Accel-Expires", "0"), *kept, ("Cache-Control", "private, no-store")]
            return start_response(status, kept, exc_info) if exc_info else start_response(status, kept)

        return self.app(environ, personal_start)

    def _render(self, environ: dict[str, Any], start_response: StartResponse, client: redis.Redis, key: str,
                generation: int, changed_at: float, settings: dict[str, Any]) -> Iterable[bytes]:
        started = time.time()
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., Any]:
            captured.update(status=status, headers=headers)
            return lambda data: None  # CKAN's Flask app returns its body; it never writes

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        status, headers = captured["status"], captured["headers"]
        kept = [(n, v) for n, v in headers if n.lower() not in UNSTORED_HEADERS]
        storable = (
            status.startswith("200")
            and environ["REQUEST_METHOD"] == "GET"
            and len(body) <= MAX_BODY_BYTES
            and started - changed_at >= settings["settle"]
        )
        if storable:
            try:
                # The catalog must not have changed while this was being rendered.
                storable = current_state(client)[0] == generation
                if storable:
                    with client.pipeline() as pipe:
                        pipe.hset(key, mapping={"status": status, "headers": json.dumps(kept), "body": body})
                        pipe.expire(key, settings["ttl"])
                        pipe.sadd(_stored_keys_key(), key)
                        pipe.expire(_stored_keys_key(), settings["ttl"])
                        pipe.execute()
            except redis.RedisError as error:
                log.warning("kpi cache: could not store %s: %s", environ.get("PATH_INFO"), error)
                storable = False
        if status.startswith("200") and storable:
            out = [*kept, *self._validators(key, changed_at, settings).items()]
        else:
            # Not stored, so nobody else may store it either (a 404, a render during a change…).
            out = [("X-Accel-Expires", "0"), *kept, ("Cache-Control", "no-cache")]
        out += [("Content-Length", str(len(body))), ("X-KPI-Cache", "MISS")]
        start_response(status, out)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]


def make_middleware(app: WsgiApp) -> WsgiApp:
    return ResponseCache(app)
