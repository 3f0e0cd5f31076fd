"""Run :func:`inspect_file` in a forked child process with a memory allowance and a wall-clock limit.

A ZIP bomb that slips past the header checks, a pathological workbook or a parser bug then costs one child
process, never the web worker or the job worker: the parent reports "stopped by the time/memory limit".
The child is a fork, so it starts in milliseconds with the libraries already imported, and it leaves with
``os._exit`` (multiprocessing's fork start), so it never closes the parent's database connections.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .findings import ERROR, Finding
from .limits import Limits


def run_isolated(
    path: Path, *, name: str, declared_format: str, limits: Limits, copies_dir: Path | None = None
) -> dict[str, Any]:
    """The report of ``path`` from a child; a limit hit or a crash becomes a ``check-stopped`` report."""
    # The libraries and the magic database load once in the parent, so that every child starts with them.
    import magic

    from . import inspect  # noqa: F401

    magic.from_buffer(b"", mime=True)

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    arguments = (sender, path, name, declared_format, limits, copies_dir)
    child = context.Process(target=_child, args=arguments, daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(limits.timeout_seconds):
            outcome = receiver.recv()
        else:
            outcome = ("stopped", "time", f"{limits.timeout_seconds} s")
    except EOFError:  # the child died without a word: killed by the kernel, most likely for memory
        outcome = ("stopped", "memory", f"exit code {child.exitcode}")
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome[0] == "report":
        return outcome[1]
    return stopped_report(name, declared_format, outcome[1], outcome[2])


def _child(
    sender: Connection, path: Path, name: str, declared_format: str, limits: Limits, copies_dir: Path | None
) -> None:
    _apply_limits(limits)
    try:
        from .inspect import inspect_file

        report = inspect_file(path, name=name, declared_format=declared_format, limits=limits,
                              copies_dir=copies_dir)
        sender.send(("report", report))
    except MemoryError:
        sender.send(("stopped", "memory", f"{limits.max_memory_bytes} bytes"))
    except Exception:  # a parser bug must become a report entry, not a lost job
        sender.send(("stopped", "process", traceback.format_exc(limit=3)[-300:]))
    finally:
        sender.close()


def _apply_limits(limits: Limits) -> None:
    """An address-space allowance on top of what the forked child already maps, and a CPU-time cap."""
    current = _mapped_bytes()
    allowance = current + limits.max_memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (allowance, allowance))
    cpu = limits.timeout_seconds + 5  # a second guard, should the parent be gone and not enforce the clock
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _mapped_bytes() -> int:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def stopped_report(name: str, declared_format: str, limit: str, detail: str) -> dict[str, Any]:
    finding = Finding("check-stopped", ERROR, {"file": name, "limit": limit, "detail": detail})
    return {
        "file": name, "size": None, "sha256": "", "declared_format": declared_format,
        "detected_format": "UNKNOWN", "mime": "", "encoding": "", "score": 0, "open": False,
        "machine_readable": False, "status": "fail", "findings": [finding.to_dict()], "copies": [],
    }
