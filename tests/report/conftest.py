"""One mock-provider run for the report tests, made once; each test gets its own copy to change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.report.builders import build_mc_run


@pytest.fixture(scope="session")
def pristine_run(tmp_path_factory) -> Path:
    return build_mc_run(tmp_path_factory.mktemp("report-run"))


@pytest.fixture
def run_dir(pristine_run: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(pristine_run, copy)
    return copy
