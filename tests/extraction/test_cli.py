"""The kpi-extract CLI: outputs valid against the shipped schemas, traceable to the source, and bad input
reported with a clear message, a non-zero exit and no output that looks complete."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from ckanext.kpi.extraction import cli
from ckanext.kpi.extraction.cells import plain_text
from ckanext.kpi.extraction.profiles import PROFILES
from ckanext.kpi.extraction.tables import ALWAYS_WRITTEN

from .helpers import validation_errors

OUR_SEEDS = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def outputs(seed_path, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("kpi-extract")
    status = cli.main([*(str(seed_path(prefix)) for prefix in OUR_SEEDS), "--out", str(out), "--quiet"])
    assert status == cli.EXIT_OK
    return {prefix: out / seed_path(prefix).stem for prefix in OUR_SEEDS}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("prefix", OUR_SEEDS)
def test_every_output_validates_against_the_shipped_schemas(outputs, prefix):
    folder = outputs[prefix]
    csv_files = sorted(folder.glob("*.csv"))
    assert {path.stem for path in csv_files} >= set(ALWAYS_WRITTEN)
    for path in csv_files:
        assert validation_errors(path, path.stem) == [], path.name


@pytest.mark.parametrize("prefix", OUR_SEEDS)
def test_document_json_describes_the_run(outputs, prefix):
    document = json.loads((outputs[prefix] / "document.json").read_text(encoding="utf-8"))
    assert document["status"] == "complete"
    assert document["document_id"] == outputs[prefix].name
    assert len(document["sha256"]) == 64
    for table, info in document["tables"].items():
        assert info["rows"] == len(_read_csv(outputs[prefix] / info["path"])), table
    structure = json.loads((outputs[prefix] / "structure.json").read_text(encoding="utf-8"))
    assert structure["blocks"] and structure["grids"]


def test_activities_only_where_the_document_has_them(outputs):
    assert (outputs["000"] / "activities.csv").exists()
    assert not (outputs["001"] / "activities.csv").exists()


def test_csv_numbers_use_arabic_digits_and_no_separators(outputs):
    numeric = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
    for prefix in OUR_SEEDS:
        for row in _read_csv(outputs[prefix] / "observations.csv"):
            for column in ("value_num", "value_num_max", "value_num_alt", "fiscal_year_be"):
                assert row[column] == "" or numeric.match(row[column]), (prefix, column, row[column])
    budget = {
        row["owner_code"]: row
        for row in _read_csv(outputs["000"] / "budget.csv")
        if row["role"] == "allocated"
    }
    assert budget["STR111_1/65"]["amount_thb"] == "12150000"


def test_thai_digits_survive_in_the_original_text(outputs):
    rows = _read_csv(outputs["001"] / "observations.csv")
    annex = [
        row
        for row in rows
        if row["source_section"] == "revised_annex" and row["value_role"] == "target_level_50"
    ]
    assert [(row["value_text_original"], row["value_num"]) for row in annex] == [
        ("๒๗๕", "275"),
        ("๓๓๐", "330"),
        ("๓๘๐", "380"),
    ]


def test_the_stated_subtotal_finding_is_in_findings_csv(outputs):
    rows = _read_csv(outputs["000"] / "findings.csv")
    subtotal = [row for row in rows if row["rule"] == "subtotal_mismatch"]
    assert [(r["stated_value"], r["computed_value"], r["source_line"]) for r in subtotal] == [
        ("18.7580", "18.7588", "10")
    ]


def _source_text(lines: list[str], source_lines: str) -> str:
    """The cited lines without markup or whitespace, as the faithfulness check of the seed analysis does."""
    text = " ".join(
        plain_text(cell) for number in source_lines.split(";") for cell in lines[int(number) - 1].split("\t")
    )
    return re.sub(r"\s+", "", text.replace("*", ""))


@pytest.mark.parametrize("prefix", OUR_SEEDS)
def test_every_original_text_is_found_in_its_cited_lines(outputs, seed_lines, prefix):
    lines = seed_lines(prefix)
    checked = 0
    for table, column in (
        ("observations", "value_text_original"),
        ("budget", "amount_text_original"),
        ("indicators", "name_text_original"),
    ):
        for row in _read_csv(outputs[prefix] / f"{table}.csv"):
            original = re.sub(r"\s+", "", row[column].replace("*", ""))
            cited = row["source_lines"] or row["source_line"]
            if original and ";" not in cited:  # glued values span lines and are checked per line below
                assert original in _source_text(lines, cited), (table, row["source_line"], row[column])
                checked += 1
    assert checked > 0


def test_glued_values_cite_both_lines(outputs, seed_lines):
    rows = [row for row in _read_csv(outputs["000"] / "indicators.csv") if ";" in row["source_lines"]]
    assert [row["source_lines"] for row in rows] == ["57;61", "90;94"]
    lines = seed_lines("000")
    for row in rows:
        head, tail = row["name_text_original"][:20], row["name_text_original"][-15:]
        first, second = (int(n) for n in row["source_lines"].split(";"))
        assert head.replace(" ", "") in lines[first - 1].replace(" ", "")
        assert tail.replace(" ", "") in lines[second - 1].replace(" ", "")


# --- bad input ----------------------------------------------------------------------------------------


def _run(capsys, *args: str) -> tuple[int, str, str]:
    status = cli.main([*args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _leftovers(out: Path) -> list[str]:
    return sorted(path.name for path in out.iterdir()) if out.exists() else []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("tis620.txt", "ยุทธศาสตร์ที่ ๑\tตัวชี้วัด\n".encode("cp874"), "TIS-620/cp874"),
    ],
)
def test_bad_input_fails_clearly_without_output(tmp_path, capsys, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out"
    status, stdout, stderr = _run(capsys, str(path), "--out", str(out))
    assert status == cli.EXIT_BAD_INPUT
    assert stderr.startswith(f"kpi-extract: error: {path}") and message in stderr
    assert "Traceback" not in stderr + stdout
    assert _leftovers(out) == []


def test_legacy_encoding_can_be_forced(seed_path, tmp_path, capsys):
    path = tmp_path / "legacy.txt"
    path.write_bytes(seed_path("004").read_text(encoding="utf-8").encode("cp874", errors="replace"))
    status, _, _ = _run(capsys, str(path), "--out", str(tmp_path / "out"), "--encoding", "cp874", "--quiet")
    assert status == cli.EXIT_OK
    assert (
        json.loads((tmp_path / "out" / "legacy" / "document.json").read_text(encoding="utf-8"))["encoding"]
        == "cp874"
    )


def test_unknown_family_writes_only_the_structure(tmp_path, capsys):
    out = tmp_path / "out"
    path = tmp_path / "minutes.txt"
    path.write_text("# รายงานการประชุม\n\nวาระที่\tเรื่อง\n๑\tรับรองรายงานการประชุม\n", encoding="utf-8")
    status, _, stderr = _run(capsys, str(path), "--out", str(out))
    assert status == cli.EXIT_UNKNOWN_FAMILY
    assert "no profile recognises this document" in stderr
    folder = out / path.stem
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert (document["status"], document["profile"]) == ("unknown_family", None)
    assert _read_csv(folder / "indicators.csv") == []
    for path in folder.glob("*.csv"):
        assert validation_errors(path, path.stem) == [], path.name
    assert json.loads((folder / "structure.json").read_text(encoding="utf-8"))["grids"]


def test_unknown_text_family(tmp_path, capsys):
    path = tmp_path / "recipe.txt"
    path.write_text("# แกงเขียวหวาน\n\nส่วนผสม\tปริมาณ\nไก่\t300 กรัม\n", encoding="utf-8")
    status, _, _ = _run(capsys, str(path), "--out", str(tmp_path / "out"))
    assert status == cli.EXIT_UNKNOWN_FAMILY


def test_a_batch_reports_the_most_serious_status_and_still_extracts_the_good_files(
    seed_path, tmp_path, capsys
):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    status, stdout, _ = _run(
        capsys, str(empty), str(seed_path("002")), str(seed_path("000")), "--out", str(out)
    )
    assert status == cli.EXIT_BAD_INPUT
    assert (out / seed_path("000").stem / "document.json").exists()
    assert "git_plan" in stdout


def test_forced_profile_that_does_not_fit(seed_path, tmp_path, capsys):
    status, _, stderr = _run(
        capsys, str(seed_path("004")), "--out", str(tmp_path / "out"), "--profile", "git_plan"
    )
    assert status == cli.EXIT_BAD_INPUT
    assert "no project rows" in stderr and str(seed_path("004")) in stderr


def test_internal_error_has_no_traceback_and_no_output(seed_path, tmp_path, capsys, monkeypatch):
    def broken(self, document, result):
        raise KeyError("boom")

    monkeypatch.setattr(type(PROFILES["pmqa_guide"]), "extract", broken)
    out = tmp_path / "out"
    status, stdout, stderr = _run(capsys, str(seed_path("004")), "--out", str(out))
    assert status == cli.EXIT_INTERNAL_ERROR
    assert "internal error while extracting" in stderr and "Traceback" not in stderr + stdout
    assert _leftovers(out) == []


def test_interrupted_write_leaves_no_partial_folder(seed_path, tmp_path, capsys, monkeypatch):
    from ckanext.kpi.extraction import tables

    real_write_csv = tables.write_csv
    calls = []

    def failing_write_csv(path, table, rows):
        calls.append(table)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write_csv(path, table, rows)

    monkeypatch.setattr(tables, "write_csv", failing_write_csv)
    out = tmp_path / "out"
    status, _, stderr = _run(capsys, str(seed_path("000")), "--out", str(out))
    assert status == cli.EXIT_BAD_INPUT
    assert "cannot write output" in stderr
    assert _leftovers(out) == []


def test_rerun_replaces_the_previous_output(seed_path, tmp_path, capsys):
    out = tmp_path / "out"
    folder = out / seed_path("004").stem
    assert _run(capsys, str(seed_path("004")), "--out", str(out), "--quiet")[0] == cli.EXIT_OK
    (folder / "stale.csv").write_text("old", encoding="utf-8")
    assert _run(capsys, str(seed_path("004")), "--out", str(out), "--quiet")[0] == cli.EXIT_OK
    assert not (folder / "stale.csv").exists()
    assert _leftovers(out) == [folder.name]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["some.txt"])
    assert exit_info.value.code == 2
    assert "--out DIR is required" in capsys.readouterr().err


def test_list_profiles(capsys):
    assert cli.main(["--list-profiles"]) == cli.EXIT_OK
    names = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert names == sorted(PROFILES) and "git_plan" in names


def test_ragged_rows_are_named_on_stderr(tmp_path, capsys):
    path = tmp_path / "ragged.txt"
    path.write_text("ชื่อ\tค่า\nก\t1\nข\t2\t3\t4\n", encoding="utf-8")
    status, _, stderr = _run(capsys, str(path), "--out", str(tmp_path / "out"))
    assert status == cli.EXIT_UNKNOWN_FAMILY
    assert f"{path}: 1 table rows have more cells than their header (lines 3)" in stderr
    findings = _read_csv(tmp_path / "out" / "ragged" / "findings.csv")
    assert [(row["rule"], row["source_line"]) for row in findings if row["severity"] == "warning"] == [
        ("ragged_row", "3")
    ]


def test_structure_json_keeps_html_structure_of_cells_000_37(outputs):
    structure = json.loads((outputs["000"] / "structure.json").read_text(encoding="utf-8"))
    row = next(r for grid in structure["grids"] for r in grid["rows"] if r["lines"] == [37])
    segments = row["cells"][2]["segments"]
    assert segments[0] == {
        "kind": "p",
        "text": "หลักสูตร : การพัฒนาเทคนิคการตรวจวิเคราะห์อัญมณีและเครื่องประดับ",
        "bold": True,
        "depth": 0,
        "line": 37,
    }
    assert segments[1] == {
        "kind": "li",
        "text": "หลักสูตรการวิเคราะห์พลอยสีพื้นฐาน",
        "bold": False,
        "depth": 1,
        "line": 37,
    }


def test_package_exports_the_public_api(seed_path, tmp_path):
    from ckanext.kpi.extraction import extract_document, structure_json, write_document_folder

    result, document = extract_document(seed_path("004"))
    folder = write_document_folder(result, structure_json(document), tmp_path)
    assert (folder / "indicators.csv").exists()
