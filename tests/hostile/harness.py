"""Run one hostile input in a forked child process with limits, and check what it gives.

A case builds its input under an empty folder (``setup``), then names the call to make: a
Python entry point (:class:`Api`) or the command line (:class:`Cli`). The call runs in a child
forked from the test process (so the library is already imported and each case costs
milliseconds), with

* ``RLIMIT_AS`` set to the child's address space at the fork plus ``memory_mib``, so a reader
  that builds something huge fails with ``MemoryError`` instead of exhausting the machine;
* a wall-clock deadline of ``seconds``, after which the parent kills the child and the case
  fails as a hang.

The child reports the outcome as JSON in a file: the exception's class (its module and the
names of its bases), its message, and for the command line the exit status and the output.
The parent then asserts the expected error class, that the message contains every fragment
(``{tmp}`` stands for the case's folder, so a fragment can require the file's path), that the
command line printed no traceback and no ``internal error``, and runs the case's own ``check``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import collective_impact
from collective_impact import CollectiveImpactError

__all__ = ["Api", "Case", "Cli", "Outcome", "run_case"]


class Api:
    """A call of a Python entry point: ``func(*args, **kwargs)``, in the child process."""

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.func, self.args, self.kwargs = func, args, kwargs

    def __repr__(self) -> str:
        return f"Api({getattr(self.func, '__name__', self.func)!r})"


@dataclass(frozen=True)
class Cli:
    """A run of ``collective_impact.cli.main(argv)``; ``{tmp}`` in an argument is the folder."""

    argv: Sequence[str]


@dataclass(frozen=True)
class Case:
    """One hostile input and what it must give.

    ``error`` is the expected exception class (the raised one must be it or a subclass), or
    ``None`` when the input must be accepted (for :class:`Cli`: exit status 0). ``fragments``
    must all appear in the message (for :class:`Cli`: in stdout + stderr), after ``{tmp}`` is
    replaced by the case's folder.
    """

    id: str
    kind: int
    setup: Callable[[Path], Api | Cli]
    error: type[BaseException] | None
    fragments: tuple[str, ...] = ()
    seconds: float = 10.0
    memory_mib: int = 1024
    check: Callable[[Path], None] | None = None
    skip_reason: str | None = field(default=None)


@dataclass(frozen=True)
class Outcome:
    """What the child reported."""

    kind: str  # "ok" | "raised" | "exit"
    type: str | None = None
    bases: tuple[str, ...] = ()
    message: str = ""
    status: int | None = None
    output: str = ""
    traceback: str = ""


def _vm_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(call: Api | Cli, folder: Path, memory_mib: int, seconds: float, result: Path) -> None:
    limit = _vm_bytes() + memory_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    report: dict[str, Any]
    if isinstance(call, Cli):
        from collective_impact import cli

        argv = [a.replace("{tmp}", str(folder)) for a in call.argv]
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    status = cli.main(argv)
                except SystemExit as exc:  # argparse's usage errors
                    status = exc.code if isinstance(exc.code, int) else 2
            report = {"kind": "exit", "status": status, "output": out.getvalue() + err.getvalue()}
        except BaseException as exc:
            report = {
                "kind": "raised",
                "type": f"{type(exc).__module__}.{type(exc).__qualname__}",
                "bases": [c.__name__ for c in type(exc).__mro__],
                "message": _message(exc),
                "traceback": traceback.format_exc(),
                "output": out.getvalue() + err.getvalue(),
            }
    else:
        try:
            call.func(*call.args, **call.kwargs)
            report = {"kind": "ok"}
        except BaseException as exc:
            report = {
                "kind": "raised",
                "type": f"{type(exc).__module__}.{type(exc).__qualname__}",
                "bases": [c.__name__ for c in type(exc).__mro__],
                "message": _message(exc),
                "traceback": traceback.format_exc(),
            }
    result.write_text(json.dumps(report))


def _message(exc: BaseException) -> str:
    try:
        return str(exc)
    except BaseException as inner:
        return f"<str() of the exception raised {type(inner).__name__}: {inner}>"


def run_case(case: Case, folder: Path) -> Outcome:
    """Set up ``case`` in ``folder``, run its call in a forked child with limits; say what it did.

    Raises
    ------
    AssertionError
        When the child hangs past the deadline, dies by a signal, or reports nothing.
    """
    call = case.setup(folder)
    result = folder.parent / f".{folder.name}.outcome.json"
    result.unlink(missing_ok=True)
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 0
        try:
            _child(call, folder, case.memory_mib, case.seconds, result)
        except BaseException:
            traceback.print_exc()
            code = 70
        finally:
            os._exit(code)
    deadline = time.monotonic() + case.seconds
    status = None
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"{case.id}: still running after {case.seconds:g} s (killed)")
        time.sleep(0.005)
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise AssertionError(f"{case.id}: the child died of {name} (time or memory limit?)")
    if not result.exists():
        raise AssertionError(f"{case.id}: the child reported nothing (exit {status})")
    data = json.loads(result.read_text())
    result.unlink()
    return Outcome(
        kind=data["kind"],
        type=data.get("type"),
        bases=tuple(data.get("bases", ())),
        message=data.get("message", ""),
        status=data.get("status"),
        output=data.get("output", ""),
        traceback=data.get("traceback", ""),
    )


def check_outcome(case: Case, outcome: Outcome, folder: Path) -> None:
    """Assert that ``outcome`` is what ``case`` expects (see :class:`Case`)."""
    fragments = [f.replace("{tmp}", str(folder)) for f in case.fragments]
    if outcome.kind == "exit":  # the command line
        text = outcome.output
        assert "Traceback" not in text, f"{case.id}: traceback printed:\n{text}"
        assert "internal error" not in text, f"{case.id}: internal error:\n{text}"
        if case.error is None:
            assert outcome.status == 0, f"{case.id}: exit {outcome.status}:\n{text}"
        else:
            assert outcome.status not in (0, 3), f"{case.id}: exit {outcome.status}:\n{text}"
    elif outcome.kind == "raised":
        text = outcome.message
        assert case.error is not None, f"{case.id}: raised\n{outcome.traceback}"
        assert case.error.__name__ in outcome.bases, (
            f"{case.id}: expected {case.error.__name__}, got {outcome.type}\n{outcome.traceback}"
        )
        assert CollectiveImpactError.__name__ in outcome.bases, (
            f"{case.id}: {outcome.type} is not a library error\n{outcome.traceback}"
        )
    else:
        text = ""
        assert case.error is None, f"{case.id}: accepted, expected {case.error.__name__}"
    for fragment in fragments:
        assert fragment in text, f"{case.id}: {fragment!r} not in:\n{text}"
    if case.check is not None:
        case.check(folder)


#: Shared by the case modules: the smallest valid initiative, in YAML.
MINIMAL_YAML = """\
schema_version: 1
name: Tiny
partners:
  - {id: united-way, name: United Way, sector: nonprofit}
  - {id: schools, name: Schools, sector: government}
indicators:
  - {id: k-ready, name: Readiness}
goals:
  - {id: ready, statement: Ready, indicators: [k-ready]}
"""

assert collective_impact  # the library is imported before any fork
