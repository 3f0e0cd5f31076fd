"""WSGI entry point for gunicorn (the demo and the production image): CKAN configured by $CKAN_INI."""

import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

CONFIG_PATH = os.environ["CKAN_INI"]
fileConfig(CONFIG_PATH, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(CONFIG_PATH).get_config())
