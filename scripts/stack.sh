#!/usr/bin/env bash
# Sets up and runs the whole ckanext-kpi stack on this machine, on loopback only:
# PostgreSQL 15 (Debian), Redis (Debian redis-server), a real Apache Solr 9 assembled from Maven Central,
# and CKAN 2.12 (or 2.11: CKAN_VERSION=2.11) from PyPI with this extension, in a virtual environment. Every step is idempotent and quick
# when its work is already done; each prints how long it took and, on failure, what to do.
#
#   scripts/stack.sh demo     set up, load the sample data and serve http://127.0.0.1:5000 (Ctrl-C stops)
#   scripts/stack.sh test     set up without serving, then run the whole test suite (extra args go to pytest)
#   scripts/stack.sh setup    set up only (services running afterwards)
#   scripts/stack.sh pytest   run pytest only, on a stack set up before (extra args go to pytest)
#   scripts/stack.sh serve-demo [PORT [INI]]   serve the demo site only (gunicorn), on a stack set up before
#   scripts/stack.sh topology start|stop|status   the demo's supervised processes only (web, jobs worker,
#                             harvest consumers and scheduler, seed file server), on a stack set up before
#   scripts/stack.sh serve-nginx PORT UPSTREAM_PORT   nginx on PORT in front of CKAN's gunicorn on UPSTREAM_PORT
#   scripts/stack.sh bench    set up as for the demo, then run every benchmark (benchmarks/run.py)
#   scripts/stack.sh stop     stop what these scripts started
#   scripts/stack.sh status   show what is running
#
# CKAN_VERSION=2.11 selects the other supported CKAN: its own virtual environment (.venv-2.11, created by
# the first set-up that names it), its own databases and Solr site id (suffix _211), the same Solr cores
# (tools/solr/derive_schema.py). Unset, the default CKAN (the first of CKAN_VERSIONS, 2.12) runs from .venv.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
# The supported CKAN versions; the first is the default (.venv, unsuffixed databases). .ci/run runs the
# whole suite on each (docs/ckan-versions.md).
CKAN_VERSIONS=(2.12 2.11)
CKAN_MINOR="${CKAN_VERSION:-${CKAN_VERSIONS[0]}}"
CKAN_MINOR="$(printf '%s' "$CKAN_MINOR" | cut -d. -f1,2)"  # 2.11.6 -> 2.11
case " ${CKAN_VERSIONS[*]} " in
  *" $CKAN_MINOR "*) ;;
  *) printf 'CKAN_VERSION=%s is not supported; use one of: %s\n' "$CKAN_VERSION" "${CKAN_VERSIONS[*]}" >&2; exit 2 ;;
esac
if [ "$CKAN_MINOR" = "${CKAN_VERSIONS[0]}" ]; then
  VENV="$ROOT/.venv"
  VERSION_SUFFIX=""
else
  # The other CKAN has its own virtual environment and databases: their migrations differ.
  VENV="$ROOT/.venv-$CKAN_MINOR"
  VERSION_SUFFIX="_${CKAN_MINOR//./}"
fi
CKAN_REQUIREMENTS="$ROOT/requirements-ckan-$CKAN_MINOR.txt"
# Seen by the benchmarks (benchmarks/run.py), which name databases of their own.
export KPI_CKAN_VERSION_SUFFIX="$VERSION_SUFFIX"
LOGS="$RUN/logs"
SOLR_DIR="$RUN/solr"
SOLR_PORT="${KPI_SOLR_PORT:-8983}"
REDIS_PORT="${KPI_REDIS_PORT:-6379}"
DEMO_PORT="${KPI_DEMO_PORT:-5000}"
# make demo: nginx answers on DEMO_PORT, CKAN's gunicorn listens behind it on CKAN_PORT.
CKAN_PORT="${KPI_CKAN_PORT:-$((DEMO_PORT + 1))}"
DEMO_INI="$RUN/ckan.ini"
# The loopback file server the demo's harvest sources read the seed documents from.
SEED_PORT="${KPI_SEED_PORT:-$((DEMO_PORT + 2))}"
# How often the harvest scheduler (`ckan kpi harvest-scheduler`: ckanext-harvest's `harvest_jobs_run`, as a
# scheduled job in the jobs worker on CKAN 2.12, in a loop of its own on 2.11) queues due jobs and closes
# finished ones.
HARVEST_RUN_INTERVAL="${KPI_HARVEST_RUN_INTERVAL:-60}"
SUPERVISOR_CONF="$RUN/supervisord.conf"
TEST_INI="$ROOT/test.ini"
PG_CLUSTER=(15 main)
# A suffix gives a second engineer (or a second checkout) databases and a Solr site of their own.
DB_SUFFIX="${KPI_DB_SUFFIX:-}$VERSION_SUFFIX"
# A demo suffix gives a second checkout a demo site of its own: databases ckan_demo$SUFFIX, its Solr site id.
DEMO_SUFFIX="${KPI_DEMO_SUFFIX:-}$VERSION_SUFFIX"
PYTHON="${KPI_PYTHON:-python3.11}"

mkdir -p "$RUN" "$LOGS"

# ----------------------------------------------------------------------------------------------- helpers
CURRENT_STEP=""
STEP_STARTED=0

say() { printf '%s\n' "$*"; }

step() {
  CURRENT_STEP="$1"
  STEP_STARTED=$(date +%s.%N)
  say "==> [$CURRENT_STEP] $2"
}

step_done() {
  local now elapsed
  now=$(date +%s.%N)
  elapsed=$(awk -v a="$STEP_STARTED" -v b="$now" 'BEGIN { printf "%.1f", b - a }')
  say "    [$CURRENT_STEP] done in ${elapsed}s${1:+ ($1)}"
  printf '%s\t%s\n' "$CURRENT_STEP" "$elapsed" >>"$RUN/step-times.tsv"
}

# fail STEP-MESSAGE HINT: stop with a message that names the step and says what to do.
fail() {
  say "" >&2
  say "ERROR in set-up step [${CURRENT_STEP:-?}]: $1" >&2
  [ -n "${2:-}" ] && say "What to do: $2" >&2
  exit 1
}

on_error() {
  local code=$?
  say "" >&2
  say "ERROR in set-up step [${CURRENT_STEP:-?}]: command failed (exit $code): ${BASH_COMMAND}" >&2
  say "What to do: read the output above and the logs in $LOGS, fix the cause and re-run; every step is safe to repeat." >&2
  exit "$code"
}
trap on_error ERR

# A hash of files, to skip an install whose inputs have not changed.
inputs_hash() { { cat "$@" 2>/dev/null || true; } | sha256sum | cut -c1-16; }

as_postgres() { runuser -u postgres -- "$@"; }

psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qAt "$@"; }

ckan_cli() { "$VENV/bin/ckan" "$@"; }

http_ok() { curl -fsS --max-time 5 -o /dev/null "$1" 2>/dev/null; }

# ----------------------------------------------------------------------------------------------- steps
step_system_packages() {
  step system-packages "Debian packages (Redis, PostgreSQL 15, JDK 17, Maven, Chromium, Thai fonts …)"
  # chromium and chromium-driver: the browser tests drive Debian's Chromium (no browser downloads here).
  local wanted=(redis-server libmagic1 libpq-dev gcc postgresql-15 openjdk-17-jdk-headless maven curl gettext
                chromium chromium-driver fonts-thai-tlwg wrk nginx-light)
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || fail "packages missing: ${missing[*]}" "run as root, or: sudo apt-get install -y ${missing[*]}"
    say "    installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$LOGS/apt.log" 2>&1 \
      || fail "apt-get update failed (see $LOGS/apt.log)" "check that Debian's package mirror is reachable"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LOGS/apt.log" 2>&1 \
      || fail "apt-get install ${missing[*]} failed (see $LOGS/apt.log)" "install them by hand and re-run"
  fi
  step_done "${#missing[@]} installed"
}

step_postgres() {
  step postgres "PostgreSQL ${PG_CLUSTER[*]}: start, roles and databases"
  command -v pg_ctlcluster >/dev/null || fail "pg_ctlcluster not found" "apt-get install postgresql-15"
  if ! pg_lsclusters -h | awk -v v="${PG_CLUSTER[0]}" -v c="${PG_CLUSTER[1]}" '$1==v && $2==c && $4=="online"' | grep -q .; then
    pg_ctlcluster "${PG_CLUSTER[@]}" start 9>&- \
      || fail "could not start PostgreSQL cluster ${PG_CLUSTER[*]}" "see /var/log/postgresql/postgresql-15-main.log"
    touch "$RUN/postgres.started-by-us"
  fi
  local role
  for role in ckan_default datastore_write datastore_read; do
    if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$role'")" ]; then
      psql_admin -c "CREATE ROLE $role LOGIN PASSWORD 'pass' NOSUPERUSER NOCREATEDB NOCREATEROLE"
    fi
  done
  local db owner
  # ckan_receiver_test: the GD Catalog-style receiver CKAN of tests/harvesters/test_receiver.py (issue 16).
  for db in "ckan_test$DB_SUFFIX:ckan_default" "datastore_test$DB_SUFFIX:ckan_default" \
            "ckan_demo$DEMO_SUFFIX:ckan_default" "datastore_demo$DEMO_SUFFIX:ckan_default" \
            "ckan_receiver_test$DB_SUFFIX:ckan_default"; do
    owner="${db#*:}"; db="${db%%:*}"
    if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$db'")" ]; then
      as_postgres createdb -T template0 -E UTF8 --locale=C.UTF-8 -O "$owner" "$db"
    fi
  done
  step_done
}

step_redis() {
  step redis "Redis on 127.0.0.1:$REDIS_PORT"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" 9>&- \
      || fail "redis-server did not start" "see $LOGS/redis.log; is port $REDIS_PORT taken?"
    local i
    for i in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || fail "Redis does not answer PING" "see $LOGS/redis.log"
  fi
  step_done
}

step_venv() {
  step python-venv "virtual environment $(basename "$VENV") with CKAN $CKAN_MINOR, scheming, dcat, harvest and this extension"
  local stamp="$VENV/.kpi-installed" want
  [ -f "$CKAN_REQUIREMENTS" ] || fail "$CKAN_REQUIREMENTS not found" "every version in CKAN_VERSIONS needs its pins"
  want=$(inputs_hash "$CKAN_REQUIREMENTS" "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$ROOT/pyproject.toml")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    step_done "up to date"
    return
  fi
  command -v "$PYTHON" >/dev/null || fail "$PYTHON not found" "install Python 3.11 or set KPI_PYTHON"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade "pip==24.3.1" >"$LOGS/pip.log" 2>&1
  "$VENV/bin/pip" install -q -r "$CKAN_REQUIREMENTS" -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt" -e "$ROOT" \
    >>"$LOGS/pip.log" 2>&1 \
    || { tail -20 "$LOGS/pip.log" >&2; fail "pip install failed (see $LOGS/pip.log)" \
         "check that PyPI is reachable and that libpq-dev and gcc are installed (psycopg2 is built from source)"; }
  local installed
  installed=$("$VENV/bin/python" -c 'import ckan; print(ckan.__version__)')
  case "$installed" in
    "$CKAN_MINOR".*) ;;
    *) fail "$VENV has CKAN $installed, not $CKAN_MINOR" "remove $VENV and re-run" ;;
  esac
  echo "$want" >"$stamp"
  step_done "installed CKAN $installed"
}

step_solr_jars() {
  step solr-jars "Apache Solr 9 jars from Maven Central"
  local stamp="$SOLR_DIR/lib/.pom-hash" want
  want=$(inputs_hash "$ROOT/tools/solr/pom.xml")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    step_done "up to date"
    return
  fi
  rm -rf "$SOLR_DIR/lib"
  mkdir -p "$SOLR_DIR/lib"
  mvn -B -ntp -q -f "$ROOT/tools/solr/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$SOLR_DIR/lib" >"$LOGS/maven.log" 2>&1 \
    || { tail -20 "$LOGS/maven.log" >&2; fail "Maven could not resolve the Solr jars (see $LOGS/maven.log)" \
         "check that Maven Central is reachable (mvn dependency:get -Dartifact=org.apache.solr:solr-core:9.10.1)"; }
  ls "$SOLR_DIR/lib"/solr-core-9.*.jar >/dev/null 2>&1 || fail "solr-core jar missing after Maven" "see $LOGS/maven.log"
  echo "$want" >"$stamp"
  step_done "$(ls "$SOLR_DIR/lib" | wc -l) jars"
}

step_i18n() {
  step i18n "compile the Thai and English message catalogues"
  local po count=0
  while IFS= read -r po; do
    msgfmt --check -o "${po%.po}.mo" "$po" || fail "msgfmt rejected $po" "fix the catalogue and re-run"
    count=$((count + 1))
  done < <(find "$ROOT/ckanext/kpi/i18n" -name '*.po')
  step_done "$count catalogues"
}

# Writes one core: core.properties, solrconfig.xml, the derived schema, and the files the schema names.
write_core() {
  local core="$1" schema="$2" dir="$SOLR_DIR/home/$1"
  mkdir -p "$dir/conf"
  printf 'name=%s\n' "$core" >"$dir/core.properties"
  cp "$ROOT/tools/solr/solrconfig.xml" "$dir/conf/solrconfig.xml"
  cp "$schema" "$dir/conf/schema.xml"
  : >"$dir/conf/synonyms.txt"
  cp "$ROOT/ckanext/kpi/thai-variants.txt" "$dir/conf/thai-variants.txt"  # spelling variants, Thai digits
  : >"$dir/conf/protwords.txt"
}

step_solr_home() {
  step solr-home "Solr home: cores 'ckan' (Thai-aware, derived from the installed CKAN schema) and 'ckan_stock'"
  mkdir -p "$SOLR_DIR/home" "$SOLR_DIR/derived" "$LOGS"
  "$VENV/bin/python" "$ROOT/tools/solr/derive_schema.py" "$SOLR_DIR/derived" | sed 's/^/    /'
  [ -f "$SOLR_DIR/home/solr.xml" ] || printf '<?xml version="1.0" encoding="UTF-8"?>\n<solr/>\n' >"$SOLR_DIR/home/solr.xml"
  local before after
  before=$(inputs_hash "$SOLR_DIR"/home/*/conf/schema.xml "$SOLR_DIR"/home/*/conf/solrconfig.xml)
  write_core ckan "$SOLR_DIR/derived/ckan.schema.xml"
  write_core ckan_stock "$SOLR_DIR/derived/ckan_stock.schema.xml"
  after=$(inputs_hash "$SOLR_DIR"/home/*/conf/schema.xml "$SOLR_DIR"/home/*/conf/solrconfig.xml)
  if [ "$before" != "$after" ] && solr_answers; then
    # A running Solr keeps the old schema until its cores are reloaded.
    curl -fsS --max-time 60 "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=RELOAD&core=ckan" >/dev/null
    curl -fsS --max-time 60 "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=RELOAD&core=ckan_stock" >/dev/null
    step_done "schema changed: cores reloaded"
    return
  fi
  step_done
}

solr_answers() {
  http_ok "http://127.0.0.1:$SOLR_PORT/solr/ckan/select?q=*:*&rows=0" \
    && http_ok "http://127.0.0.1:$SOLR_PORT/solr/ckan_stock/select?q=*:*&rows=0"
}

step_solr_start() {
  step solr "Solr on 127.0.0.1:$SOLR_PORT"
  if solr_answers; then
    step_done "already running"
    return
  fi
  command -v java >/dev/null || fail "java not found" "apt-get install openjdk-17-jdk-headless"
  local home="$SOLR_DIR/home"
  mkdir -p "$LOGS/solr"
  cp "$ROOT/tools/solr/log4j2.xml" "$SOLR_DIR/log4j2.xml"
  # -Xmx keeps Solr modest on the 2-core machine; the security manager stays off (its policy file is not on Maven).
  nohup java -Xms256m -Xmx768m \
    -Dsolr.log.dir="$LOGS/solr" -Dlog4j2.configurationFile="file:$SOLR_DIR/log4j2.xml" \
    -cp "$SOLR_DIR/lib/*" "$ROOT/tools/solr/SolrMain.java" "$home" "$SOLR_PORT" \
    >"$LOGS/solr.out" 2>&1 9>&- &
  echo $! >"$RUN/solr.pid"
  local i
  for i in $(seq 240); do
    solr_answers && break
    kill -0 "$(cat "$RUN/solr.pid")" 2>/dev/null || { tail -30 "$LOGS/solr.out" >&2; \
      fail "Solr exited during start-up (see $LOGS/solr.out and $LOGS/solr/solr.log)" \
           "is port $SOLR_PORT taken (ss -ltnp)? is Java 17 installed?"; }
    sleep 0.5
  done
  solr_answers || fail "Solr did not answer /solr/ckan/select within 120 s" "see $LOGS/solr.out and $LOGS/solr/solr.log"
  step_done "started, pid $(cat "$RUN/solr.pid")"
}

# The demo configuration: generated once by CKAN (fresh secrets), then our settings applied on every run.
step_demo_config() {
  step ckan-config "CKAN configuration $DEMO_INI"
  if [ ! -f "$DEMO_INI" ]; then
    ckan_cli generate config "$DEMO_INI" >"$LOGS/ckan-config.log" 2>&1
  fi
  # Settings shared with test.ini come from the same fragment, so the demo and the tests run the same stack.
  local settings=()
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    settings+=("$line")
  done < <(sed -e "s#@SOLR_PORT@#$SOLR_PORT#g" -e "s#@REDIS_PORT@#$REDIS_PORT#g" \
                -e "s#@DEMO_PORT@#$DEMO_PORT#g" -e "s#@RUN@#$RUN#g" \
                -e "s#@DEMO_SUFFIX@#$DEMO_SUFFIX#g" -e "s#@SEED_PORT@#$SEED_PORT#g" \
                "$ROOT/config/demo-settings.ini")
  # `ckan generate config` writes the absolute path of its own installation's resource_formats.json; the
  # file is shared by both CKAN versions' set-ups, so each points it at the CKAN it runs.
  settings+=("ckan.resource_formats = $("$VENV/bin/python" -c \
    'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config", "resource_formats.json"))')")
  ckan_cli config-tool "$DEMO_INI" -s app:main "${settings[@]}" >>"$LOGS/ckan-config.log" 2>&1
  # The generated file turns Werkzeug's debugger on, which would run code for anyone who can reach the port.
  ckan_cli config-tool "$DEMO_INI" -s DEFAULT "debug = false" >>"$LOGS/ckan-config.log" 2>&1
  step_done
}

# db init runs CKAN's migrations and those of every plugin in ckan.plugins (harvest's tables included).
step_database() {
  local ini="$1" datastore_db="$2"
  step "database:$(basename "$ini")" "CKAN and plugin migrations, DataStore permissions"
  ckan_cli -c "$ini" db init >"$LOGS/db-init.log" 2>&1 \
    || { tail -30 "$LOGS/db-init.log" >&2; fail "ckan db init failed (see $LOGS/db-init.log)" \
         "is PostgreSQL up and does the role ckan_default exist? re-run the set-up"; }
  ckan_cli -c "$ini" datastore set-permissions 2>>"$LOGS/db-init.log" \
    | as_postgres psql -v ON_ERROR_STOP=1 -q -d "$datastore_db" >>"$LOGS/db-init.log" 2>&1 \
    || fail "DataStore set-permissions failed (see $LOGS/db-init.log)" "check the datastore roles and databases"
  step_done
}

step_sysadmin() {
  step sysadmin "demo sysadmin account"
  local password_file="$RUN/admin-password"
  [ -f "$password_file" ] || { "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))' >"$password_file"; }
  local password
  password=$(cat "$password_file")
  if ! ckan_cli -c "$DEMO_INI" user show admin 2>/dev/null | grep -q "name=admin"; then
    ckan_cli -c "$DEMO_INI" user add admin email=admin@example.org password="$password" >"$LOGS/sysadmin.log" 2>&1
  fi
  ckan_cli -c "$DEMO_INI" sysadmin add admin >>"$LOGS/sysadmin.log" 2>&1 </dev/null
  step_done "user admin, password in $password_file"
}

step_demo_data() {
  step demo-data "sample data"
  # A demo database written before issue 16 holds datasets of the former `kpi` type: made `dataset`-type
  # first (idempotent, a second of work when there is nothing to do).
  ckan_cli -c "$DEMO_INI" kpi migrate-kpi-type >"$LOGS/migrate-kpi-type.log" 2>&1 \
    || fail "migrating the former kpi-type datasets failed (see $LOGS/migrate-kpi-type.log)" \
            "run: ckan -c $DEMO_INI kpi migrate-kpi-type --dry-run"
  ckan_cli -c "$DEMO_INI" kpi load-demo 2>&1 | tee "$LOGS/demo-data.log" | sed 's/^/    /'
  # Unchanged datasets are not written again, so a Solr index that was reset (a new Solr home) would stay
  # empty: index whatever the database has and the index lacks.
  ckan_cli -c "$DEMO_INI" search-index rebuild --only-missing >>"$LOGS/demo-data.log" 2>&1
  # The demo's open-format checks run in the jobs worker (sync_max_kb = 0); the datasets just written queued
  # one per resource. Drained here, so the site starts with its badges filled and a new upload's check does
  # not wait behind the whole catalog's.
  ckan_cli -c "$DEMO_INI" jobs worker --burst default >>"$LOGS/demo-data.log" 2>&1
  step_done
}

step_web_assets() {
  step web-assets "compile the web assets into the file store"
  # Compiled once here, before gunicorn forks: workers that compile them on their first requests race to
  # create the same folders, and the loser answers 500 ("File exists").
  ckan_cli -c "$DEMO_INI" asset build >"$LOGS/web-assets.log" 2>&1 \
    || fail "compiling the web assets failed (see $LOGS/web-assets.log)" "check ckan.storage_path in $DEMO_INI"
  step_done
}

step_a11y_tools() {
  step a11y-tools "axe-core from npm for the accessibility test (tools/a11y, versions in its package-lock.json)"
  if [ -f "$ROOT/tools/a11y/node_modules/axe-core/axe.min.js" ]; then step_done "present"; return; fi
  command -v npm >/dev/null || fail "npm is missing" "install Node.js with npm (Debian: apt-get install npm)"
  npm ci --prefix "$ROOT/tools/a11y" --no-audit --no-fund >"$LOGS/npm-a11y.log" 2>&1 \
    || fail "npm could not install axe-core (see $LOGS/npm-a11y.log)" "check that registry.npmjs.org is reachable"
  step_done
}

# ----------------------------------------------------------------------------------------------- commands
setup_common() {
  # One set-up at a time on a machine: two would race on the venv, the Solr home and the demo data.
  # The services started below must not inherit this descriptor, or they would hold the lock for life.
  exec 9>"$RUN/setup.lock"
  flock -w 900 9 || fail "another set-up has held $RUN/setup.lock for 15 minutes" "wait for it, or remove the lock"
  : >"$RUN/step-times.tsv"
  step_system_packages
  step_postgres
  step_redis
  step_venv
  step_i18n
  step_solr_jars
  step_solr_home
  step_solr_start
  step_a11y_tools
}

setup_demo() {
  step_demo_config
  step_database "$DEMO_INI" "datastore_demo$DEMO_SUFFIX"
  step_sysadmin
  step_demo_data
  step_web_assets
}

print_step_times() {
  say "Set-up step times (s):"
  awk -F'\t' '{ printf "    %-28s %6.1f\n", $1, $2 }' "$RUN/step-times.tsv"
}

# The test databases: CKAN_* overrides must not reach the demo steps, so they live in a subshell.
setup_test_database() {
  ( export_test_overrides; step_database "$TEST_INI" "datastore_test$DB_SUFFIX" )
}

cmd_setup() {
  setup_common
  setup_demo
  setup_test_database
  print_step_times
}

cmd_demo() {
  setup_common
  setup_demo
  print_step_times
  exec 9>&-
  local password
  password=$(cat "$RUN/admin-password")
  say ""
  say "ckanext-kpi demo: http://127.0.0.1:$DEMO_PORT"
  say "  sysadmin: admin / $password"
  say "  processes (supervisord, logs in $LOGS): nginx (cache) on $DEMO_PORT, web (gunicorn) on $CKAN_PORT,"
  say "  jobs worker, harvest gather and fetch consumers, harvest scheduler, seed file server on $SEED_PORT."
  say "  Ctrl-C or 'make stop' stops them and the services."
  write_supervisor_conf
  # supervisord stays in the foreground (-n): Ctrl-C reaches it, and it stops every program before exiting.
  trap - ERR
  trap 'say ""; say "stopping..."' INT TERM
  "$VENV/bin/supervisord" -n -c "$SUPERVISOR_CONF" || true
  trap - INT TERM
  cmd_stop
}

# The production topology on loopback, each process supervised (restarted when it dies) by supervisord:
# the same processes as docker/docker-compose.yml, where Docker's restart policy supervises them.
write_supervisor_conf() {
  local ckan="$VENV/bin/ckan -c $DEMO_INI" seeds="${KPI_SEEDS_DIR:-$(dirname "$ROOT")/shared/seeds}"
  # The file server serves the seed text files and their DOCX/PDF versions (ckanext/kpi/examples/documents),
  # as links in one folder; without the seeds folder it still runs, so supervisord keeps it up.
  local served="$RUN/demo-documents" file
  mkdir -p "$served"
  for file in "$seeds"/*.txt "$ROOT"/ckanext/kpi/examples/documents/*; do
    [ -e "$file" ] && ln -sfn "$file" "$served/$(basename "$file")"
  done
  seeds="$served"
  cat >"$SUPERVISOR_CONF" <<CONF
; Written by scripts/stack.sh on every start; edit the script, not this file.
[supervisord]
logfile = $LOGS/supervisord.log
pidfile = $RUN/supervisord.pid
childlogdir = $LOGS

[unix_http_server]
file = $RUN/supervisor.sock
chmod = 0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://$RUN/supervisor.sock

[program:nginx]
command = /bin/bash $ROOT/scripts/stack.sh serve-nginx $DEMO_PORT $CKAN_PORT
priority = 15

[program:web]
command = $VENV/bin/gunicorn --chdir $ROOT/config --bind 127.0.0.1:$CKAN_PORT --workers ${KPI_WEB_WORKERS:-3} --threads ${KPI_WEB_THREADS:-4} --worker-class gthread --timeout 120 --graceful-timeout 10 --access-logfile $LOGS/access.log wsgi:application
environment = CKAN_INI="$DEMO_INI"
priority = 10
stopwaitsecs = 15

[program:jobs-worker]
command = $ckan jobs worker default
priority = 20

[program:harvest-gather]
command = $ckan harvester gather-consumer
priority = 20

[program:harvest-fetch]
command = $ckan harvester fetch-consumer
priority = 20

[program:harvest-scheduler]
command = $ckan kpi harvest-scheduler --interval $HARVEST_RUN_INTERVAL
priority = 30

[program:seed-files]
command = $VENV/bin/python -m http.server $SEED_PORT --bind 127.0.0.1 --directory $seeds
priority = 5

CONF
  # Every program: started with supervisord, restarted whenever it exits, its group stopped with it, logged.
  local program
  for program in nginx web jobs-worker harvest-gather harvest-fetch harvest-scheduler seed-files; do
    sed -i "/^\[program:$program\]/a autostart = true\nautorestart = true\nstartsecs = 2\nstartretries = 100\nstopasgroup = true\nkillasgroup = true\nredirect_stderr = true\nstdout_logfile = $LOGS/$program.log\nstdout_logfile_maxbytes = 20MB\nstdout_logfile_backups = 2" \
      "$SUPERVISOR_CONF"
  done
}

supervisor_running() {
  [ -f "$RUN/supervisord.pid" ] && kill -0 "$(cat "$RUN/supervisord.pid")" 2>/dev/null
}

# scripts/stack.sh topology start|stop|status: the supervised processes alone (the browser test uses it).
cmd_topology() {
  case "${1:-status}" in
    start)
      supervisor_running && { say "supervisord already running (pid $(cat "$RUN/supervisord.pid"))"; return; }
      write_supervisor_conf
      "$VENV/bin/supervisord" -c "$SUPERVISOR_CONF"
      local i
      for i in $(seq 120); do http_ok "http://127.0.0.1:$DEMO_PORT/api/3/action/status_show" && break; sleep 0.5; done
      http_ok "http://127.0.0.1:$DEMO_PORT/api/3/action/status_show" \
        || fail "the demo site did not answer on $DEMO_PORT within 60 s" "see $LOGS/web.log"
      "$VENV/bin/supervisorctl" -c "$SUPERVISOR_CONF" status ;;
    stop) stop_supervisor ;;
    status) "$VENV/bin/supervisorctl" -c "$SUPERVISOR_CONF" status ;;
    *) say "usage: scripts/stack.sh topology start|stop|status"; exit 2 ;;
  esac
}

stop_supervisor() {
  supervisor_running || return 0
  local pid
  pid=$(cat "$RUN/supervisord.pid")
  "$VENV/bin/supervisorctl" -c "$SUPERVISOR_CONF" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  local i
  for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  say "stopped the demo's processes (supervisord)"
}

# serve_nginx PORT UPSTREAM_PORT: nginx (config/nginx.conf.in) on 127.0.0.1:PORT in front of CKAN, in the
# foreground; its cache is the folder CKAN empties on every catalog change (ckanext.kpi.cache.proxy_cache_dir).
serve_nginx() {
  command -v nginx >/dev/null || fail "nginx not found" "apt-get install nginx-light (scripts/stack.sh setup does)"
  local config
  config=$("$VENV/bin/python" "$ROOT/tools/nginx_conf.py" "$RUN/nginx/$1" --port "$1" \
           --upstream "127.0.0.1:$2" --storage "$RUN/storage" --logs "$LOGS" --cache-dir "$RUN/nginx-cache/$1" \
           --rate "${KPI_NGINX_RATE:-20}" --burst "${KPI_NGINX_BURST:-40}")
  exec nginx -c "$config" -p "$RUN/nginx/$1" -g 'daemon off;'
}

# serve_ckan INI PORT: CKAN under gunicorn on 127.0.0.1 (threads: CKAN's pages wait on Solr and PostgreSQL).
serve_ckan() {
  CKAN_INI="$1" exec "$VENV/bin/gunicorn" --chdir "$ROOT/config" --bind "127.0.0.1:$2" \
    --workers "${KPI_WEB_WORKERS:-3}" --threads "${KPI_WEB_THREADS:-4}" --worker-class gthread \
    --timeout 120 --graceful-timeout 10 --access-logfile "$LOGS/access.log" wsgi:application
}

# Points the tests at this set-up's Solr and Redis ports, and, when KPI_DB_SUFFIX is set, at the suffixed
# databases, Solr site id and Redis db (CKAN applies CKAN_* variables over the ini file).
export_test_overrides() {
  export CKAN_SOLR_URL="http://127.0.0.1:$SOLR_PORT/solr/ckan"
  export CKAN_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/${KPI_REDIS_DB:-1}"
  [ -n "$DB_SUFFIX" ] || return 0
  export CKAN_SQLALCHEMY_URL="postgresql://ckan_default:pass@127.0.0.1/ckan_test$DB_SUFFIX"
  export CKAN_DATASTORE_WRITE_URL="postgresql://ckan_default:pass@127.0.0.1/datastore_test$DB_SUFFIX"
  export CKAN_DATASTORE_READ_URL="postgresql://datastore_read:pass@127.0.0.1/datastore_test$DB_SUFFIX"
  export CKAN_SITE_ID="test.ckan.net$DB_SUFFIX"
  [ -n "${KPI_REDIS_DB:-}" ] || export CKAN_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/2"
}

cmd_pytest() {
  say "==> [tests] pytest"
  # Failing tests are pytest's to report, not a set-up error.
  trap - ERR
  local started code
  started=$(date +%s)
  set +e
  (export_test_overrides; cd "$ROOT" && "$VENV/bin/pytest" --ckan-ini="$TEST_INI" "$@")
  code=$?
  set -e
  say "    [tests] finished in $(( $(date +%s) - started ))s with exit code $code"
  # pytest's 5 means no test was collected: that is a failure here, never a pass.
  [ "$code" -eq 5 ] && { say "ERROR: pytest collected no tests" >&2; exit 1; }
  exit "$code"
}

cmd_test() {
  setup_common
  setup_demo
  setup_test_database
  print_step_times
  exec 9>&-
  cmd_pytest "$@"
}

# Every benchmark, one report in .run/benchmarks/ (report.md, report.json).
cmd_bench() {
  # Benchmarks that load their own data get databases of their own (benchmarks/run.py: _bench), per checkout
  # (KPI_DB_SUFFIX) and per CKAN version, so that a 2.12 run never migrates another checkout's 2.11 databases.
  DB_SUFFIX="_bench${KPI_DB_SUFFIX:-}$VERSION_SUFFIX"
  setup_common
  setup_demo
  setup_test_database
  print_step_times
  exec 9>&-
  trap - ERR
  say "==> [benchmarks] benchmarks/run.py"
  "$VENV/bin/python" "$ROOT/benchmarks/run.py" "$@"
}

stop_pidfile() {
  local name="$1" file="$2"
  if [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null; then
    kill "$(cat "$file")" && say "stopped $name"
    local i
    for i in $(seq 60); do kill -0 "$(cat "$file")" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$file"
}

cmd_stop() {
  stop_supervisor
  stop_pidfile Solr "$RUN/solr.pid"
  if [ -f "$RUN/redis.pid" ]; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 && say "stopped Redis"
    rm -f "$RUN/redis.pid"
  fi
  if [ -f "$RUN/postgres.started-by-us" ]; then
    pg_ctlcluster "${PG_CLUSTER[@]}" stop && say "stopped PostgreSQL"
    rm -f "$RUN/postgres.started-by-us"
  fi
}

cmd_status() {
  pg_lsclusters
  redis-cli -p "$REDIS_PORT" ping 2>/dev/null | sed 's/^/redis: /' || say "redis: down"
  solr_answers && say "solr: up on $SOLR_PORT" || say "solr: down"
  http_ok "http://127.0.0.1:$DEMO_PORT/api/3/action/status_show" && say "ckan: up on $DEMO_PORT" || say "ckan: down"
  supervisor_running && "$VENV/bin/supervisorctl" -c "$SUPERVISOR_CONF" status || true
}

main() {
  local command="${1:-}"
  shift || true
  case "$command" in
    demo) cmd_demo ;;
    test) cmd_test "$@" ;;
    pytest) trap - ERR; cmd_pytest "$@" ;;
    serve-demo) trap - ERR; serve_ckan "${2:-$DEMO_INI}" "${1:-$DEMO_PORT}" ;;
    serve-nginx) trap - ERR; serve_nginx "${1:?PORT}" "${2:?UPSTREAM_PORT}" ;;
    topology) trap - ERR; cmd_topology "$@" ;;
    bench) cmd_bench "$@" ;;
    setup) cmd_setup ;;
    stop) trap - ERR; cmd_stop ;;
    status) trap - ERR; cmd_status ;;
    *) say "usage: scripts/stack.sh demo|test|setup|stop|status"; exit 2 ;;
  esac
}

main "$@"
