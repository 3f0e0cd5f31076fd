"""The table contract: schemas, row types and CSV formatting agree."""

from __future__ import annotations

import json
from dataclasses import fields
from decimal import Decimal

import pytest
from frictionless import Schema

from ckanext.kpi.extraction.model import TABLE_ROW_TYPES, BudgetLine, cell_value, row_dict
from ckanext.kpi.extraction.tables import SCHEMA_DIR, field_names, load_schema

CONTRACT = {
    "indicators": [
        "indicator_id",
        "code",
        "name",
        "owner_type",
        "owner_code",
        "unit",
        "weight_pct",
        "measure_type",
        "direction",
        "source_line",
    ],
    "observations": [
        "indicator_id",
        "fiscal_year_be",
        "quarter",
        "value_role",
        "comparator",
        "value_num",
        "value_num_max",
        "unit",
        "status",
        "value_text_original",
        "source_line",
    ],
    "projects": [
        "project_id",
        "code",
        "name",
        "parent_code",
        "strategy_code",
        "responsible_unit",
        "progress_pct",
        "status",
        "source_line",
    ],
    "budget": [
        "owner_type",
        "owner_code",
        "fiscal_year_be",
        "role",
        "fund_source",
        "amount_thb",
        "amount_text_original",
        "plausibility",
        "source_line",
    ],
    "findings": ["severity", "rule", "message", "source_line", "stated_value", "computed_value"],
}


@pytest.mark.parametrize("table", sorted(TABLE_ROW_TYPES))
def test_schema_is_a_valid_table_schema_matching_its_row_type(table):
    descriptor = json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))
    Schema.from_descriptor(descriptor)  # raises on an invalid descriptor
    assert set(field_names(table)) == {item.name for item in fields(TABLE_ROW_TYPES[table])}


@pytest.mark.parametrize(("table", "columns"), sorted(CONTRACT.items()))
def test_public_contract_columns_come_first_in_order(table, columns):
    assert field_names(table)[: len(columns)] == columns


def test_value_roles_are_the_contracted_ones():
    roles = next(f for f in load_schema("observations")["fields"] if f["name"] == "value_role")[
        "constraints"
    ]["enum"]
    assert roles == [
        "target",
        "actual",
        "target_level_50",
        "target_level_75",
        "target_level_100",
        "score_level_1",
        "score_level_2",
        "score_level_3",
        "score_level_4",
        "score_level_5",
        "plan_target",
        "baseline",
        "previous_actual",
        "project_weight_pct",
    ]


def test_cell_values():
    assert cell_value(Decimal("12150000.0000")) == "12150000"
    assert cell_value(True) == "true"
    assert cell_value(None) == ""
    row = row_dict(
        BudgetLine("project", "X", "allocated", "12.1500", 11, amount_thb=Decimal("12.15") * 1_000_000)
    )
    assert row["amount_thb"] == "12150000" and row["source_line"] == "11"
