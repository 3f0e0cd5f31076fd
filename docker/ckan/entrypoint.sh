#!/bin/sh
# Writes /srv/app/ckan.ini on first start (fresh secrets from CKAN), applies the ckanext-kpi settings, and
# lets the CKAN_* environment variables (docker-compose.yml) point it at the services.
set -eu
if [ ! -f "$CKAN_INI" ]; then
  ckan generate config "$CKAN_INI"
  grep -v '^#' /srv/app/kpi-settings.ini | grep -v '^$' | grep -v '@' \
    | while IFS= read -r setting; do ckan config-tool "$CKAN_INI" -s app:main "$setting"; done
fi
exec "$@"
