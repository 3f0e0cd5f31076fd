"""Writes an nginx configuration for CKAN from config/nginx.conf.in (and config/nginx-proxy.conf).

    python tools/nginx_conf.py NGINX_DIR --port 5000 --upstream 127.0.0.1:5001 --storage .run/storage \
        --logs .run/logs [--cache-dir DIR] [--rate 20] [--burst 40]

prints the path of the written nginx.conf; run it with ``nginx -c THAT -g 'daemon off;'``. scripts/stack.sh
(make demo, make bench) and tests/security/test_cache_nginx.py use it: the tests run the demo's configuration.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = REPO_ROOT / "config" / "nginx.conf.in"
PROXY_SETTINGS = REPO_ROOT / "config" / "nginx-proxy.conf"
# nginx's workers drop root rights; this Debian account exists wherever the nginx package is installed.
WORKER_USER = "www-data"


def ckan_public_folder() -> Path:
    import ckan  # the CKAN of the running virtual environment

    return Path(ckan.__file__).resolve().parent / "public"


def write_config(nginx_dir: Path, *, port: int, upstream: str, storage: Path, logs: Path,
                 cache_dir: Path | None = None, rate: int = 20, burst: int = 40,
                 session_cookie: str = "ckan") -> Path:
    nginx_dir = nginx_dir.resolve()
    cache_dir = (cache_dir or nginx_dir / "cache").resolve()
    for folder in (nginx_dir / "tmp", cache_dir, logs):
        folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # The workers (www-data) write the cache and temporary files.
        for folder in (nginx_dir / "tmp", cache_dir):
            shutil.chown(folder, WORKER_USER, WORKER_USER)
    values = {
        "USER_LINE": f"user {WORKER_USER};" if os.geteuid() == 0 else "",
        "NGINX_DIR": str(nginx_dir), "LOGS": str(logs.resolve()), "PORT": str(port), "UPSTREAM": upstream,
        "CACHE_DIR": str(cache_dir), "STORAGE": str(storage.resolve()),
        "CKAN_PUBLIC": str(ckan_public_folder()),
        "RATE": str(rate), "BURST": str(burst), "SESSION_COOKIE": session_cookie,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    shutil.copyfile(PROXY_SETTINGS, nginx_dir / "proxy.conf")
    config = nginx_dir / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nginx_dir", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="host:port of CKAN's gunicorn")
    parser.add_argument("--storage", type=Path, required=True, help="ckan.storage_path (web assets)")
    parser.add_argument("--logs", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--rate", type=int, default=20, help="requests/s per client address (not loopback)")
    parser.add_argument("--burst", type=int, default=40)
    args = parser.parse_args(argv)
    print(write_config(args.nginx_dir, port=args.port, upstream=args.upstream, storage=args.storage,
                       logs=args.logs, cache_dir=args.cache_dir, rate=args.rate, burst=args.burst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
