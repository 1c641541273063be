"""Run `recordkeeper` with a process death (or a pause) injected at one chosen point of a job.

    python -m tests.intake.fault_harness POINT [recordkeeper arguments...]

The code under test runs unchanged; only the step named by POINT is wrapped so that, when it is reached,
the service dies by SIGKILL exactly there (as a power cut or `kill -9` of the process group would leave
it). Points in the worker are installed in each worker process through its entry point.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
import types
from pathlib import Path

# Where each point is, and in which process it runs.
SERVICE_POINTS = ("before-spool-move", "after-spool-move")
WORKER_POINTS = ("during-archive-copy", "between-archive-and-commit", "after-commit", "during-quarantine",
                 "worker-dies-once", "hold-until-released")


def die_with_the_service() -> None:
    """SIGKILL the supervisor (from a worker) and this process: nothing gets to clean up."""
    if _in_worker():
        os.kill(os.getppid(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def _in_worker() -> bool:
    import multiprocessing

    return multiprocessing.parent_process() is not None


def install_service_point(point: str) -> None:
    from pipeline.intake import inbox

    if point == "before-spool-move":
        inbox._move_into_spool = lambda source, spool: die_with_the_service()
    elif point == "after-spool-move":
        original = inbox._move_into_spool

        def move_then_die(source, spool):
            original(source, spool)
            die_with_the_service()

        inbox._move_into_spool = move_then_die


def install_worker_point(point: str, marker: Path) -> None:
    from pipeline.catalog import archive
    from pipeline.enrich.analysis import Analyser
    from pipeline.intake import register, worker

    if point == "during-archive-copy":
        def half_then_die(source, target, length=0):
            target.write(source.read(512))  # part of the file is on disk under its temporary name
            target.flush()
            os.fsync(target.fileno())
            die_with_the_service()

        # Only the archive's own copy: the shared shutil module stays as it is for everything else.
        archive.shutil = types.SimpleNamespace(copyfileobj=half_then_die)
    elif point == "between-archive-and-commit":
        register.Registrar._archive_searchable_pdf = lambda self, made: die_with_the_service()
    elif point == "after-commit":
        worker.clear_spool_entry = lambda spool: die_with_the_service()
    elif point == "during-quarantine":
        register.quarantine_file = lambda *args, **kwargs: die_with_the_service()
    elif point in ("worker-dies-once", "hold-until-released"):
        original = Analyser.analyse

        def analyse(self, *args, **kwargs):
            if point == "worker-dies-once" and not marker.exists():
                marker.write_text("died once")
                os.kill(os.getpid(), signal.SIGKILL)  # this worker only; the service goes on
            while point == "hold-until-released" and not marker.exists():
                time.sleep(0.05)  # the test releases the job when it has done what it wanted meanwhile
            return original(self, *args, **kwargs)

        Analyser.analyse = analyse


def faulty_worker_main(point: str, marker: str, *args) -> None:
    from pipeline.intake.worker import worker_main

    install_worker_point(point, Path(marker))
    worker_main(*args)


def main() -> None:
    point, marker, *arguments = sys.argv[1:]
    from pipeline.cli.main import main as recordkeeper
    from pipeline.intake import service

    if point in SERVICE_POINTS:
        install_service_point(point)
    elif point in WORKER_POINTS:
        service.worker_main = functools.partial(faulty_worker_main, point, marker)
    else:
        raise SystemExit(f"unknown point {point}")
    sys.argv = ["recordkeeper", *arguments]
    recordkeeper()


if __name__ == "__main__":
    main()
