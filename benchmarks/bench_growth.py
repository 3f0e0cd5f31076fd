"""Growth: how the cost of the catalog's pages grows with its size, at 100, 1,000 and 10,000 datasets.

    python benchmarks/bench_growth.py [OUT.json]        (through scripts/stack.sh pytest; make bench runs it)
    KPI_GROWTH_SIZES=100,1000 python benchmarks/bench_growth.py      (fewer sizes)

A generator builds a realistic catalog in the benchmark's own databases (``_bench`` under make bench,
``_growth`` alone): five agencies; one dataset in ten a KPI dataset copied from seed 001 as the harvester
imported it (its resources, with its uploaded KPI tables copied in the file store; the copies have no
DataStore tables, which the pages do not read), the others copies of a DGA dataset with the 14 DGA items
(created through package_create); Thai titles and descriptions composed from the seeds' vocabulary. The
catalog grows in place (100, then 900 more, then 9,000 more). Copies are made in bulk at the model level
(no action layer, no per-dataset index write: CKAN's synchronous_search plugin is unloaded), committed every
BATCH datasets, then indexed in one search-index rebuild; both are timed.

At each size, with the response cache off (the rendering cost is measured, not the cache), through CKAN's
WSGI application in the process: search p95 (package_search over the Thai queries of
ckanext/kpi/examples/search/thai_queries.yaml), /catalog.ttl page p95 (pages spread over the whole
catalog), indicator page p95 and KPI dashboard (/kpi/<name>) p95 (random KPI datasets), harvest throughput
(synthetic documents of seeds 000 and 001 through the harvester's import), the Solr index size and the
PostgreSQL size (CKAN and DataStore databases). The report gives the growth factor from the smallest to the
largest size; the target is < 2 for every p95. It empties the test database it runs on.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_harvest import synthetic_document
from figures import Figure, load_average, percentile, write_figures

REPO_ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in os.environ.get("KPI_GROWTH_SIZES", "100,1000,10000").split(",")]
OUT = Path(os.environ.get("KPI_BENCH_OUT") or REPO_ROOT / ".run" / "benchmarks" / "growth.json")
COMPLETE_EXAMPLE = REPO_ROOT / "ckanext" / "kpi" / "examples" / "ckan" / "dataset_complete.json"
THAI_QUERIES = REPO_ROOT / "ckanext" / "kpi" / "examples" / "search" / "thai_queries.yaml"
TEMPLATE_SEED = "001_f22d53a17e33890d.txt"
HARVEST_TEMPLATES = ("000_a7de958303e1344d.txt", "001_f22d53a17e33890d.txt")
KPI_SHARE = 10  # one dataset in ten is a KPI dataset
BATCH = 500
# The columns a model-level copy takes from its template (name, title, notes and owner_org are its own).
CLONED_COLUMNS = ("type", "license_id", "url", "version", "author", "author_email", "maintainer",
                  "maintainer_email", "creator_user_id", "private", "state", "plugin_data")
SAMPLES = int(os.environ.get("KPI_GROWTH_SAMPLES", "40"))
HARVEST_DOCUMENTS = 4
TARGET_GROWTH = 2.0
INDICATOR = "1.1.2"

AGENCIES = [
    ("git", "สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ"),
    ("dip", "กรมทรัพย์สินทางปัญญา"),
    ("nso", "สำนักงานสถิติแห่งชาติ"),
    ("opdc", "สำนักงานคณะกรรมการพัฒนาระบบราชการ"),
    ("dga", "สำนักงานพัฒนารัฐบาลดิจิทัล"),
]
SUBJECTS = ["ตัวชี้วัด", "แผนปฏิบัติราชการ", "รายงานผลการดำเนินงาน", "สถิติ", "งบประมาณรายจ่าย",
            "โครงการ", "ผลการสำรวจ", "ทะเบียน"]
TOPICS = ["อัญมณีและเครื่องประดับ", "การส่งออก", "ความพึงพอใจของผู้รับบริการ", "การตรวจสอบคุณภาพ",
          "โลหะมีค่า", "ทรัพยากรบุคคล", "เทคโนโลยีสารสนเทศ", "การฝึกอบรม", "ทรัพย์สินทางปัญญา",
          "ประชากรและเคหะ", "รัฐบาลดิจิทัล", "การพัฒนาระบบราชการ"]

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "activity datastore scheming_datasets harvest dcat kpi"),
    pytest.mark.ckan_config("ckanext.kpi.cache.enabled", "false"),
    pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "100"),
    pytest.mark.ckan_config("ckan.search.solr_commit", "false"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    from ckan import model
    from ckan.plugins.toolkit import config

    reset_db()
    for plugin in ("activity", "harvest", "kpi"):
        migrate_db_for(plugin)
    model.init_model(sa.engine_from_config(config, prefix="sqlalchemy."))  # pooled, as bench_harvest.py


def seeds_dir() -> Path:
    return Path(os.environ.get("KPI_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))


def thai_title(rng: random.Random, index: int) -> str:
    year = rng.randint(2560, 2569)
    return f"{rng.choice(SUBJECTS)}ด้าน{rng.choice(TOPICS)} ปีงบประมาณ {year} ชุดที่ {index}"


# ----------------------------------------------------------------------------------------------- generator
class Generator:
    def __init__(self, sysadmin: dict[str, Any], complete_example: dict[str, Any]) -> None:
        from ckan.tests import factories
        from ckan.tests.helpers import call_action

        self.call = call_action
        self.user = sysadmin["name"]
        self.rng = random.Random(22)
        self.count = 0
        self.kpi_names: list[str] = []
        self.organizations = [factories.Organization(name=name, title=title, user=sysadmin)["id"]
                              for name, title in AGENCIES]
        self.example = {k: v for k, v in complete_example.items()
                        if k not in ("id", "name", "title", "owner_org", "resources", "private")}
        self.template = self._import_template()
        self.kpi_names.append(self.template["package"]["name"])
        self.dga_template = self._dga_template()
        self.count = 2

    def _import_template(self) -> dict[str, Any]:
        """Seed 001 through the harvester's import: the KPI dataset every KPI copy repeats."""
        from ckanext.kpi.harvesters.config import SourceConfig
        from ckanext.kpi.harvesters.loading import load, read_location

        config = SourceConfig(dataset_defaults=self.example, private=False)
        outcomes = list(load(read_location(str(seeds_dir() / TEMPLATE_SEED), config), config, org="git",
                             user=self.user))
        return {"package": self.call("package_show", id=outcomes[0].name)}

    def _dga_template(self) -> str:
        """One DGA dataset through package_create (validated by the schema); the others are its copies."""
        created = self.call("package_create", context={"user": self.user}, **{
            **self.example, "name": "growth-dga-template", "title": thai_title(self.rng, 0),
            "owner_org": self.organizations[0],
            "resources": [{"name": "ข้อมูล (CSV)", "url": "https://data.example.go.th/0.csv", "format": "CSV"}],
        })
        return created["id"]

    def _clone(self, template_id: str, **fields: Any) -> Any:
        """A copy of a dataset at the model level (its extras, resources and tags): bulk creation without the
        action layer, its validation, activities and index writes; the index is rebuilt afterwards."""
        from ckan import model

        source = model.Package.get(template_id)
        package = model.Package(**{column: getattr(source, column) for column in CLONED_COLUMNS}, **fields)
        model.Session.add(package)
        for key, value in source.extras.items():
            package.extras[key] = value
        for resource in source.resources:
            package.resources_all.append(model.Resource(
                url=resource.url, format=resource.format, name=resource.name,
                description=resource.description,
                url_type=resource.url_type, mimetype=resource.mimetype, size=resource.size,
                extras=dict(resource.extras or {}),
            ))
        for tag in source.get_tags():
            package.add_tag(tag)
        return package

    def _kpi_copy(self, index: int) -> None:
        from ckan import model

        from ckanext.kpi.uploads import upload_path

        name = f"growth-kpi-{index:05d}"
        package = self._clone(self.template["package"]["id"], name=name, title=thai_title(self.rng, index),
                              owner_org=self.rng.choice(self.organizations))
        model.Session.flush()
        for original, copy in zip(self.template["package"]["resources"], package.resources, strict=True):
            if original.get("url_type") == "upload":
                # The indicator pages and the dashboard read the uploaded tables from the file store.
                target = upload_path({"id": copy.id, "url_type": "upload"})
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(upload_path(original), target)
        self.kpi_names.append(name)

    def _dga_dataset(self, index: int) -> None:
        topic = self.rng.choice(TOPICS)
        self._clone(self.dga_template, name=f"growth-{index:05d}", title=thai_title(self.rng, index),
                    notes=f"ข้อมูล{topic}ของหน่วยงาน รวบรวมจากระบบงานและรายงานประจำปี เผยแพร่เป็นข้อมูลเปิดภาครัฐ",
                    owner_org=self.rng.choice(self.organizations))

    def grow_to(self, size: int) -> dict[str, float]:
        """Create datasets until the catalog holds ``size``, index off; then rebuild the index."""
        import ckan.plugins as plugins
        from ckan import model
        from ckan.lib import search

        started = time.monotonic()
        plugins.unload("synchronous_search")
        try:
            while self.count < size:
                index = self.count
                if index % KPI_SHARE == 0:
                    self._kpi_copy(index)
                else:
                    self._dga_dataset(index)
                self.count += 1
                if self.count % BATCH == 0:
                    model.Session.commit()
            model.Session.commit()
        finally:
            plugins.load("synchronous_search")
        created = time.monotonic() - started
        started = time.monotonic()
        search.rebuild(only_missing=True, defer_commit=True, quiet=True)  # what the last size lacks
        search.commit()
        return {"create_s": round(created, 1), "index_s": round(time.monotonic() - started, 1)}


# ----------------------------------------------------------------------------------------------- measures
def timed_p95(app: Any, paths: list[str]) -> float:
    app.get(paths[0])  # warm
    times = []
    for path in paths:
        started = time.perf_counter()
        answer = app.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return round(percentile(times, 95), 1)


def harvest_per_minute(generator: Generator, size: int) -> float:
    from ckanext.kpi.harvesters.config import SourceConfig
    from ckanext.kpi.harvesters.loading import load
    from ckanext.kpi.harvesters.resource_files import OriginalFile

    config = SourceConfig(dataset_defaults=generator.example, private=False)
    started = time.monotonic()
    for n in range(HARVEST_DOCUMENTS):
        template = HARVEST_TEMPLATES[n % 2]
        text = synthetic_document((seeds_dir() / template).read_text(encoding="utf-8"), size + n + 1)
        name = f"growth-{size}-{n}.txt"
        original = OriginalFile(name, text.encode("utf-8"), "text/plain", f"file:///growth/{name}")
        list(load(original, config, org="git", user=generator.user))
    return round(HARVEST_DOCUMENTS / ((time.monotonic() - started) / 60), 1)


def solr_size() -> dict[str, Any]:
    from ckan.plugins.toolkit import config

    solr_url = config["solr_url"].rstrip("/")
    base, core = solr_url.rsplit("/", 1)
    status = requests.get(f"{base}/admin/cores", params={"action": "STATUS", "core": core, "wt": "json"},
                          timeout=60).json()["status"][core]["index"]
    site = requests.get(f"{solr_url}/select", params={"q": "*:*", "rows": 0, "wt": "json",
                        "fq": f"site_id:\"{config['ckan.site_id']}\""}, timeout=60).json()
    return {"core_bytes": status["sizeInBytes"], "core_documents": status["numDocs"],
            "site_documents": site["response"]["numFound"]}


def postgres_bytes() -> int:
    from ckan.plugins.toolkit import config

    total = 0
    for url in (config["sqlalchemy.url"], config["ckan.datastore.write_url"]):
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            total += connection.execute(sa.text("SELECT pg_database_size(current_database())")).scalar()
        engine.dispose()
    return total


def measure(app: Any, generator: Generator, size: int) -> dict[str, Any]:
    from urllib.parse import urlencode

    rng = random.Random(size)
    queries = [entry["q"] for entry in yaml.safe_load(THAI_QUERIES.read_text(encoding="utf-8"))["queries"]]
    search = [f"/api/3/action/package_search?{urlencode({'q': q})}" for q in queries]
    search = (search * (SAMPLES // len(search) + 1))[:max(SAMPLES, len(search))]
    last_page = max(1, -(-size // 100))
    catalog = [f"/catalog.ttl?page={1 + (i * (last_page - 1)) // max(1, SAMPLES // 2 - 1)}"
               for i in range(SAMPLES // 2)]
    kpis = [rng.choice(generator.kpi_names) for _ in range(SAMPLES)]
    # Other work on the machine moves every figure: each row says how busy the cores were around it.
    load_before = load_average()
    return {
        "datasets": size,
        "load_average_before": load_before,
        "search_p95_ms": timed_p95(app, search),
        "catalog_page_p95_ms": timed_p95(app, catalog),
        "indicator_page_p95_ms": timed_p95(app, [f"/dataset/{name}/indicator/{INDICATOR}" for name in kpis]),
        "dashboard_p95_ms": timed_p95(app, [f"/dataset/{name}" for name in kpis]),
        "harvest_per_minute": harvest_per_minute(generator, size),
        "solr": solr_size(),
        "postgres_bytes": postgres_bytes(),
        "load_average_after": load_average(),
    }


P95_FIGURES = (("search_p95_ms", "search p95"), ("catalog_page_p95_ms", "/catalog.ttl page p95"),
               ("indicator_page_p95_ms", "indicator page p95"), ("dashboard_p95_ms", "dashboard p95"))


def load_span(row: dict[str, Any]) -> str:
    """The 1-minute load average before → after the row's measurement."""
    return f"{row['load_average_before'][0]:.2f} → {row['load_average_after'][0]:.2f}"


def busy_rows(rows: list[dict[str, Any]], cores: int) -> list[int]:
    """The sizes measured while the 1-minute load average was above the number of cores (work queued)."""
    return [row["datasets"] for row in rows
            if max(row["load_average_before"][0], row["load_average_after"][0]) > cores]


def growth_figures(rows: list[dict[str, Any]]) -> list[Figure]:
    figures = []
    for row in rows:
        size = f"{row['datasets']:,} datasets"
        figures += [Figure(f"{label}, {size}", row[key], "ms", note=f"load average {load_span(row)}")
                    for key, label in P95_FIGURES]
        figures += [
            Figure(f"harvest throughput, {size}", row["harvest_per_minute"], "documents/min"),
            Figure(f"Solr index (whole core), {size}", round(row["solr"]["core_bytes"] / 2**20, 1), "MiB",
                   note=f"{row['solr']['site_documents']} documents of this site, "
                        f"{row['solr']['core_documents']} in the core"),
            Figure(f"PostgreSQL (CKAN + DataStore), {size}", round(row["postgres_bytes"] / 2**20, 1), "MiB"),
            Figure(f"generation: creation, {size}", row["generation"]["create_s"], "s"),
            Figure(f"generation: index rebuild, {size}", row["generation"]["index_s"], "s"),
            # In the report's table too: a p95 means little without how busy the cores were.
            Figure(f"load average (1 min) before measuring, {size}", row["load_average_before"][0], "load"),
            Figure(f"load average (1 min) after measuring, {size}", row["load_average_after"][0], "load"),
        ]
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        span = f"{first['datasets']:,} → {last['datasets']:,}"
        figures += [Figure(f"growth of {label}, {span}", round(last[key] / first[key], 2), "×", TARGET_GROWTH)
                    for key, label in P95_FIGURES]
        figures.append(Figure(f"growth of harvest throughput, {span}",
                              round(last["harvest_per_minute"] / first["harvest_per_minute"], 2), "×"))
    return figures


def markdown_table(rows: list[dict[str, Any]], cores: int | None = None) -> str:
    cores = cores or os.cpu_count() or 1
    lines = ["| datasets | search p95 | catalog page p95 | indicator p95 | dashboard p95 | harvest/min "
             "| Solr MiB | PostgreSQL MiB | load average (1 min) before → after |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row['datasets']:,} | {row['search_p95_ms']} ms | {row['catalog_page_p95_ms']} ms "
            f"| {row['indicator_page_p95_ms']} ms | {row['dashboard_p95_ms']} ms "
            f"| {row['harvest_per_minute']} "
            f"| {row['solr']['core_bytes'] / 2**20:.1f} | {row['postgres_bytes'] / 2**20:.1f} "
            f"| {load_span(row)} |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        cells = [f"{last[key] / first[key]:.2f}×" for key, _ in P95_FIGURES]
        lines.append(f"| growth {first['datasets']:,} → {last['datasets']:,} | " + " | ".join(cells)
                     + f" | {last['harvest_per_minute'] / first['harvest_per_minute']:.2f}× | | | |")
    busy = busy_rows(rows, cores)
    if busy:
        lines.append(f"\nMeasured with a load average above the {cores} cores (other work queued): "
                     f"{', '.join(f'{size:,}' for size in busy)} datasets. The growth factors compare "
                     "unequal machines; re-run on a quiet machine.")
    return "\n".join(lines) + "\n"


def test_growth(app):
    from ckan.tests import factories

    sysadmin = factories.Sysadmin()
    generator = Generator(sysadmin, json.loads(COMPLETE_EXAMPLE.read_text(encoding="utf-8")))
    rows = []
    for size in SIZES:
        generation = generator.grow_to(size)
        time.sleep(2)  # Solr's soft commit
        row = {**measure(app, generator, size), "generation": generation}
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    write_figures(OUT, "growth", growth_figures(rows), rows=rows, table=markdown_table(rows))
    OUT.with_suffix(".md").write_text(markdown_table(rows), encoding="utf-8")
    print(markdown_table(rows))


if __name__ == "__main__":
    command = ["bash", str(REPO_ROOT / "scripts" / "stack.sh"), "pytest", __file__, "-q", "-s", "-p",
               "no:randomly"]
    out = {"KPI_BENCH_OUT": str(Path(sys.argv[1]).resolve())} if len(sys.argv) > 1 else {}
    environment = {"KPI_DB_SUFFIX": "_growth", "KPI_REDIS_DB": "6", **os.environ, **out}
    sys.exit(subprocess.call(command, env=environment))
