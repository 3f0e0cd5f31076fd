"""``ckan kpi …`` commands."""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
import click

from ckanext.kpi import demo


@click.group(short_help="ckanext-kpi commands")
def kpi() -> None:
    """Commands of the ckanext-kpi extension."""


@kpi.command("load-demo")
def load_demo() -> None:
    """Create (or update) the demo organisations and sample datasets, and load the five seed documents
    (KPI_SEEDS_DIR) into the organisations of their agencies through one harvest source each, running
    their jobs to completion. Safe to re-run."""
    # The harvest jobs log every object at INFO and the activity plugin at DEBUG: the command's own lines
    # say what happened, and the job reports on /harvest keep the details.
    for noisy in ("ckanext.harvest", "ckanext.activity", "ckanext.kpi.harvesters"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        for line in demo.load_demo_data():
            click.echo(line)
        for line in demo.load_seed_documents():
            click.echo(line)
        click.echo(demo.report_demo_catalog_url())
    except tk.ValidationError as error:
        raise click.ClickException(f"demo data rejected by validation: {error.error_summary}") from error


@kpi.command("load")
@click.argument("location", metavar="FILE|URL")
@click.option("--org", required=True, help="Name or id of the owner organisation.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A source config (JSON, as for the kpi_document/kpi_table harvesters): dataset_defaults, overrides.",
)
@click.option(
    "--public", is_flag=True, help="Publish public (default: private until personal-data screening)."
)
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False),
    help="An admin mapping (JSON or YAML, ckanext/kpi/schemas/mapping.schema.json) for tables the generic "
    "KPI reader misreads.",
)
def load_file(
    location: str, org: str, config_file: str | None, public: bool, mapping_file: str | None
) -> None:
    """Import one document (text extraction) or spreadsheet (KPI or NSO metadata template) without a
    harvest source. Re-running with the same file changes nothing."""
    from ckanext.kpi.harvesters.cli import run_load

    failed = False
    for line, ok in run_load(location, org, config_file, public, mapping_file):
        click.echo(line, err=not ok)
        failed = failed or not ok
    if failed:
        raise click.exceptions.Exit(1)


@kpi.command("migrate-kpi-type")
@click.option("--dry-run", is_flag=True, help="Only list the datasets that would be migrated.")
def migrate_kpi_type(dry_run: bool) -> None:
    """Turn the datasets of the former `kpi` dataset type into `dataset`-type datasets with the KPI fields
    (issue 16: a catalog without this extension can then harvest them), update their activity records and
    reindex them. Run once after upgrading; re-running changes nothing."""
    from ckanext.kpi.migration import kpi_type

    if dry_run:
        names = [package.name for package in kpi_type.legacy_packages()]
        click.echo(f"{len(names)} dataset(s) of type 'kpi' would be migrated" + (f": {', '.join(names)}"
                                                                                   if names else ""))
        return
    for line in kpi_type.migrate().lines():
        click.echo(line)


def get_commands() -> list[click.Command]:
    return [kpi]


@kpi.command("harvest-scheduler")
@click.option("--interval", default=60, show_default=True, type=click.IntRange(min=1),
              help="Seconds between two harvest checks (ckanext-harvest's `harvester run`).")
@click.option("--loop/--scheduled-job", "loop", default=None,
              help="Run the checks in this process, or as a chain of scheduled jobs in CKAN's jobs worker "
              "(this process then only restarts a chain Redis lost). Default: scheduled jobs where the jobs "
              "worker runs RQ's scheduler (CKAN 2.12), else the loop (CKAN 2.11).")
@click.option("--times", type=click.IntRange(min=1), default=None,
              help="Stop after N passes (default: run until stopped).")
def harvest_scheduler(interval: int, loop: bool | None, times: int | None) -> None:
    """Run the harvest check (create due jobs, mark finished ones Finished) every INTERVAL seconds."""
    from ckanext.kpi import compat
    from ckanext.kpi.harvesters import schedule

    if loop is None:
        loop = not compat.JOBS_WORKER_RUNS_SCHEDULER
    if loop:
        click.echo(f"harvest scheduler: checking every {interval} s in this process")
        schedule.run_in_a_loop(interval, times)
        return
    click.echo(f"harvest scheduler: the check runs every {interval} s as a scheduled job in CKAN's jobs "
               "worker")
    started = schedule.keep_scheduled_runs(interval, times)
    click.echo(f"harvest scheduler: {started} chain(s) of scheduled checks started")
