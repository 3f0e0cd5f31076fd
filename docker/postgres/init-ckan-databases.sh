#!/bin/bash
# First start of the database container: the CKAN and DataStore roles and databases.
# The DataStore permissions are applied by the ckan container (ckan datastore set-permissions).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE ckan_default LOGIN PASSWORD '${POSTGRES_CKAN_PASSWORD}';
CREATE ROLE datastore_read LOGIN PASSWORD '${POSTGRES_DATASTORE_READ_PASSWORD}';
CREATE DATABASE ckan OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE datastore OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;
SQL
