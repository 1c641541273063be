"""One memory budget per page, through the real watch service: the 8400 x 8400 pt page of issue #13 is
filed with its text by workers that stay under 1 GB, and a worker killed for memory is reported as such."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.corpus import page_cases
from tests.intake.test_watch import Service

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not page_cases.fonts_present(), reason="needs the fonts of bootstrap.sh --test")]

_ONE_GB_KB = 1024 * 1024
# Runs the service as its child and reports the largest resident set of it and every worker it waited for.
_MEASURE = ("import json, resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, timeout=600); "
            "print(json.dumps(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")


def _huge_page(service: Service, tmp_path):
    staging = tmp_path / "staging"
    [case] = [case for case in page_cases.cases(staging) if case.path.name == "site-plan.pdf"]
    return case


def test_the_huge_page_is_filed_with_its_text_by_workers_under_one_gigabyte(tmp_path):
    service = Service(tmp_path, workers=1)
    case = _huge_page(service, tmp_path)
    os.replace(case.path, service.inbox / case.path.name)
    measured = subprocess.run([sys.executable, "-c", _MEASURE, *service.command("watch", "--exit-when-idle")],
                              check=True, capture_output=True, text=True, timeout=700)
    peak_kb = json.loads(measured.stdout.strip().splitlines()[-1])
    assert peak_kb < _ONE_GB_KB, f"peak resident set {peak_kb / 1024:.0f} MB"
    [(state, record_id)] = service.query("SELECT state, record_id FROM jobs")
    assert state == "done"
    [(text,)] = service.query("SELECT text FROM pages WHERE record_id = ?", record_id)
    assert case.must_contain in text


def test_a_worker_killed_by_the_system_is_reported_as_out_of_memory(tmp_path):
    service = Service(tmp_path, workers=1, watch_extra="max_attempts = 1")
    case = _huge_page(service, tmp_path)
    service.start()
    os.replace(case.path, service.inbox / case.path.name)
    # The page takes seconds to read: long enough to be stopped as the kernel's OOM killer stops a process.
    service.wait_for(lambda: service.query("SELECT worker_pid FROM jobs WHERE state = 'processing' "
                                           "AND worker_pid IS NOT NULL"))
    [(pid,)] = service.query("SELECT worker_pid FROM jobs WHERE state = 'processing'")
    os.kill(pid, signal.SIGKILL)
    service.wait_for(lambda: service.settled(1))
    assert service.stop() == 0
    [(state, reason)] = service.query("SELECT state, error_reason FROM jobs")
    assert state == "failed"
    assert "killed by the system" in reason and "memory" in reason
