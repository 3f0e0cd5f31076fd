"""``ckan kpi …`` commands."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from ckanext.kpi import demo


@click.group(short_help="ckanext-kpi commands")
def kpi() -> None:
    """Commands of the ckanext-kpi extension."""


@kpi.command("load-demo")
def load_demo() -> None:
    """Create (or update) the demo organisations and sample datasets. Safe to re-run."""
    try:
        for line in demo.load_demo_data():
            click.echo(line)
    except tk.ValidationError as error:
        raise click.ClickException(f"demo data rejected by validation: {error.error_summary}") from error


def get_commands() -> list[click.Command]:
    return [kpi]
