"""The generic KPI reader on documents no profile knows, and forced on the five seeds (issue 19).

    python benchmarks/bench_generic.py [--seeds DIR] [OUT.json]

1. Corpus (tests/extraction/corpus/{dev,holdout}): every document is extracted with the content-chosen
   reader and scored against its YAML facts (found / missed / WRONG), per document and in total; the
   hold-out documents are reported apart (they were written before the reader and never tuned on).
2. Formats (tests/extraction/corpus/formats): DOCX, XLSX and PDF versions of table-based corpus documents
   (tools/fixtures/make_corpus_formats.py), scored against the text version's facts, per format and per
   document, through the same reader stage an agency's file goes through.
3. Seeds: ``--profile generic`` forced on each seed; its observations are compared with the family
   profile's: a profile observation is *found* when the generic reader has one with the same role, fiscal
   year, quarter and value for an indicator of the same name (matching key, or one containing the other),
   *wrong* when it has that slot with another value.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml
from figures import Figure

from ckanext.kpi.extraction.evaluation import compare_with_profile, score_facts
from ckanext.kpi.extraction.pipeline import extract_document

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT / "tests" / "extraction" / "corpus"
DEFAULT_OUT = REPO_ROOT / ".run" / "benchmarks" / "generic.json"


def corpus_documents(part: str) -> list[tuple[Path, Path]]:
    folder = CORPUS / part
    return [
        (path, path.with_suffix(".yaml"))
        for path in sorted(folder.iterdir())
        if path.suffix != ".yaml" and path.with_suffix(".yaml").exists()
    ]


def score_part(part: str) -> dict:
    documents = {}
    totals = defaultdict(int)
    for document, facts_file in corpus_documents(part):
        facts = yaml.safe_load(facts_file.read_text(encoding="utf-8"))["facts"]
        result, _ = extract_document(document)
        score = score_facts(result, facts).as_dict()
        score["profile"] = result.profile
        documents[document.name] = score
        for key in ("facts", "found", "missed", "wrong"):
            totals[key] += score[key]
    totals_dict = dict(totals)
    totals_dict["found_pct"] = round(100 * totals["found"] / totals["facts"], 1) if totals["facts"] else 0.0
    return {"documents": documents, "total": totals_dict}


FORMATS = ("docx", "xlsx", "pdf", "unruled/pdf")  # unruled/: the PDFs without table borders


def facts_of(stem: str) -> list[dict]:
    for part in ("dev", "holdout"):
        facts_file = CORPUS / part / f"{stem}.yaml"
        if facts_file.exists():
            return yaml.safe_load(facts_file.read_text(encoding="utf-8"))["facts"]
    raise FileNotFoundError(f"no facts YAML for {stem}")


def score_formats() -> dict:
    """Per format: the facts found and the WRONG values over its documents, and per document."""
    report: dict = {}
    for file_format in FORMATS:
        documents = {}
        totals = defaultdict(int)
        folder, _, suffix = file_format.rpartition("/")
        for document in sorted((CORPUS / "formats" / folder).glob(f"*.{suffix}")):
            result, _ = extract_document(document)
            score = score_facts(result, facts_of(document.stem)).as_dict()
            score["profile"] = result.profile
            documents[document.name] = score
            for key in ("facts", "found", "missed", "wrong"):
                totals[key] += score[key]
        total = dict(totals)
        total["found_pct"] = round(100 * totals["found"] / totals["facts"], 1) if totals["facts"] else 0.0
        report[file_format] = {"documents": documents, "total": total}
    return report


def score_seeds(seeds_dir: Path) -> dict:
    seeds = {}
    totals = defaultdict(int)
    for path in sorted(seeds_dir.glob("*.txt")):
        started = time.perf_counter()
        profile_result, _ = extract_document(path)
        generic_result, _ = extract_document(path, profile="generic")
        comparison = compare_with_profile(profile_result, generic_result)
        comparison["profile"] = profile_result.profile
        comparison["seconds"] = round(time.perf_counter() - started, 2)
        seeds[path.name[:3]] = comparison
        for key in ("profile_observations", "found", "wrong"):
            totals[key] += comparison[key]
    total = dict(totals)
    total["found_pct"] = round(100 * totals["found"] / totals["profile_observations"], 1)
    return {"seeds": seeds, "total": total}


def headline_figures(report: dict) -> list[dict]:
    """The totals for `make bench`'s report: share of facts found and wrong values, per corpus part and
    per file format; a wrong value is worse than a missing one, so its target is none."""
    parts = {f"{part} corpus": report[part]["total"] for part in ("dev", "holdout")}
    parts.update({f"{file_format} files": part["total"] for file_format, part in report["formats"].items()})
    figures = []
    for name, total in parts.items():
        figures.append(Figure(f"generic reader, {name}: facts found", total["found_pct"], "%",
                              note=f"{total['found']} of {total['facts']}").as_dict())
        figures.append(Figure(f"generic reader, {name}: wrong values", total["wrong"], "values", 1).as_dict())
    if "seeds_forced_generic" in report:
        total = report["seeds_forced_generic"]["total"]
        found = f"{total['found']} of {total['profile_observations']}"
        figures.append(Figure("generic reader forced on the seeds: profile observations found",
                              total["found_pct"], "%", note=found).as_dict())
        figures.append(Figure("generic reader forced on the seeds: wrong values", total["wrong"], "values", 1
                              ).as_dict())
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--seeds",
        type=Path,
        default=Path(os.environ.get("KPI_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds")),
    )
    parser.add_argument("--no-seeds", action="store_true", help="score the corpus only")
    args = parser.parse_args(argv)
    report = {"dev": score_part("dev"), "holdout": score_part("holdout"), "formats": score_formats()}
    if not args.no_seeds:
        report["seeds_forced_generic"] = score_seeds(args.seeds)
    report["figures"] = headline_figures(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for part in ("dev", "holdout"):
        print(f"{part}: {report[part]['total']}")
        for name, score in report[part]["documents"].items():
            print(
                f"  {name:40} {score['found']:>3}/{score['facts']:<3} wrong {score['wrong']}  "
                f"({score['profile']})"
            )
    for file_format, part in report["formats"].items():
        print(f"{file_format}: {part['total']}")
        for name, score in part["documents"].items():
            print(
                f"  {name:40} {score['found']:>3}/{score['facts']:<3} wrong {score['wrong']}  "
                f"({score['profile']})"
            )
    if "seeds_forced_generic" in report:
        print(f"seeds (--profile generic vs the profiles): {report['seeds_forced_generic']['total']}")
        for seed, comparison in report["seeds_forced_generic"]["seeds"].items():
            print(
                f"  {seed}: {comparison['found']}/{comparison['profile_observations']} wrong "
                f"{comparison['wrong']} ({comparison['profile']}, {comparison['seconds']} s)"
            )
    print(f"report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
