"""Checks that recompute and never overwrite: each disagreement becomes a row in findings.csv.

Stated values stay in the tidy tables as printed; a check only reports what it computed next to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .model import BudgetLine, Finding
from .thai import format_decimal


def as_printed(value: Decimal) -> str:
    """A decimal with the precision it was printed with (18.7580 stays 18.7580)."""
    return format(value, "f")


# A single project or activity above this many baht is implausible for these agencies (H20: 003:8413
# prints 61 trillion baht where baht was meant).
IMPLAUSIBLE_PROJECT_THB = Decimal(10) ** 11


def check_sum(
    rule: str,
    label: str,
    stated: Decimal | None,
    parts: Iterable[Decimal],
    *,
    line: int | None,
    owner_code: str = "",
    severity: str = "warning",
) -> Finding | None:
    """A finding when ``stated`` differs from the sum of ``parts`` (exact decimal arithmetic)."""
    values = list(parts)
    if stated is None or not values:
        return None
    computed = sum(values, Decimal(0))
    if computed == stated:
        return None
    return Finding(
        severity=severity,
        rule=rule,
        message=f"{label}: stated {as_printed(stated)}, "
        f"the {len(values)} parts add up to {as_printed(computed)}",
        source_line=line,
        stated_value=as_printed(stated),
        computed_value=as_printed(computed),
        owner_code=owner_code,
    )


def check_weights(
    weights: Iterable[Decimal], *, line: int | None, label: str, expected: Decimal = Decimal(100)
) -> Finding | None:
    """Weights of the scored indicators of one document must add up to 100."""
    finding = check_sum("weights_sum", label, expected, weights, line=line)
    if finding:
        finding.message = f"{label}: weights add up to {finding.computed_value}, not {finding.stated_value}"
    return finding


def check_average(
    stated: Decimal | None, parts: list[Decimal], *, line: int | None, label: str, owner_code: str = ""
) -> Finding | None:
    """A stated average against the mean of its parts, rounded to the stated precision."""
    if stated is None or not parts:
        return None
    mean = sum(parts, Decimal(0)) / len(parts)
    exponent = stated.as_tuple().exponent
    rounded = mean.quantize(Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0))
    if rounded == stated:
        return None
    return Finding(
        "warning",
        "stated_average",
        f"{label}: stated average {format_decimal(stated)}, "
        f"the mean of {len(parts)} values is {format_decimal(rounded)}",
        line,
        format_decimal(stated),
        format_decimal(rounded),
        owner_code=owner_code,
    )


def plausibility(amount_thb: Decimal | None, *, malformed: bool = False) -> str:
    """ok, malformed (a repaired decimal comma) or magnitude_suspect (H20)."""
    if malformed:
        return "malformed"
    if amount_thb is not None and amount_thb > IMPLAUSIBLE_PROJECT_THB:
        return "magnitude_suspect"
    return "ok"


def budget_plausibility_findings(lines: Iterable[BudgetLine]) -> list[Finding]:
    """A warning per amount that is implausibly large (H20) or whose decimal comma was repaired (H17)."""
    findings = []
    for line in lines:
        if line.plausibility == "ok":
            continue
        amount = format_decimal(line.amount_thb)
        if line.plausibility == "magnitude_suspect":
            rule = "implausible_magnitude"
            limit = f"{IMPLAUSIBLE_PROJECT_THB:,}"
            message = f"{line.owner_code}: {line.amount_text_original!r} is {amount} baht, above {limit} baht"
        else:
            rule = "malformed_number"
            message = (
                f"{line.owner_code}: {line.amount_text_original!r} has a decimal comma; read as {amount} baht"
            )
        findings.append(
            warning(
                rule,
                message,
                line.source_line,
                owner_code=line.owner_code,
                stated=line.amount_text_original,
                computed=amount,
            )
        )
    return findings


def info(
    rule: str, message: str, line: int | None = None, *, owner_code: str = "", stated: str = ""
) -> Finding:
    return Finding("info", rule, message, line, stated, owner_code=owner_code)


def warning(
    rule: str,
    message: str,
    line: int | None = None,
    *,
    owner_code: str = "",
    stated: str = "",
    computed: str = "",
) -> Finding:
    return Finding("warning", rule, message, line, stated, computed, owner_code=owner_code)
