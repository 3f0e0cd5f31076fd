"""Checks recompute and report; they never change the stated values."""

from __future__ import annotations

from decimal import Decimal

from ckanext.kpi.extraction.checks import (
    budget_plausibility_findings,
    check_average,
    check_sum,
    check_weights,
    plausibility,
)
from ckanext.kpi.extraction.model import BudgetLine


def test_sum_mismatch_keeps_the_printed_precision():
    finding = check_sum(
        "subtotal_mismatch",
        "strategy item 1.1",
        Decimal("18.7580"),
        [Decimal("12.1500"), Decimal("6.6088")],
        line=10,
        owner_code="1.1",
    )
    assert finding is not None
    assert (finding.stated_value, finding.computed_value, finding.source_line) == ("18.7580", "18.7588", 10)
    assert "stated 18.7580" in finding.message


def test_matching_sum_and_missing_stated_value_give_no_finding():
    assert check_sum("r", "x", Decimal("2.0267"), [Decimal("1.3500"), Decimal("0.6767")], line=51) is None
    assert check_sum("r", "x", None, [Decimal(1)], line=1) is None
    assert check_sum("r", "x", Decimal(1), [], line=1) is None


def test_weights():
    assert (
        check_weights([Decimal(n) for n in (10, 10, 5, 5, 10, 15, 10, 5, 10, 10, 10)], line=81, label="t")
        is None
    )
    finding = check_weights([Decimal(50), Decimal(45)], line=1, label="t")
    assert finding.computed_value == "95" and finding.rule == "weights_sum"


def test_stated_average_is_compared_at_its_precision():
    # 001:134: "เฉลี่ยร้อยละ 50.62" = mean(48.78, 52.46)
    assert check_average(Decimal("50.62"), [Decimal("48.78"), Decimal("52.46")], line=134, label="M1") is None
    finding = check_average(Decimal("55.49"), [Decimal(40), Decimal(60)], line=21, label="x")
    assert (finding.stated_value, finding.computed_value) == ("55.49", "50")


def test_implausible_magnitude_h20():
    # 003:8413: ๖๑,๒๖๘,๕๐๐ ล้านบาท = 61 trillion baht
    amount = Decimal("61268500") * Decimal(1_000_000)
    assert plausibility(amount) == "magnitude_suspect"
    assert plausibility(Decimal("12150000")) == "ok"
    assert plausibility(Decimal(1), malformed=True) == "malformed"
    suspect = BudgetLine(
        "project",
        "p",
        "allocated",
        "๖๑,๒๖๘,๕๐๐ ล้านบาท",
        8413,
        amount_thb=amount,
        plausibility=plausibility(amount),
    )
    repaired = BudgetLine(
        "project",
        "q",
        "allocated",
        "๑,๑๐๙,๐๐๐,๐๐๐,๐๐ บาท",
        6714,
        amount_thb=Decimal("1109000000.00"),
        plausibility="malformed",
    )
    fine = BudgetLine("project", "r", "allocated", "12.1500", 11, amount_thb=Decimal(12150000))
    findings = budget_plausibility_findings([suspect, repaired, fine])
    assert [(f.rule, f.source_line, f.computed_value) for f in findings] == [
        ("implausible_magnitude", 8413, "61268500000000"),
        ("malformed_number", 6714, "1109000000"),
    ]
