"""Installs come from the lock (requirements/, issue 24): every pin exact and hashed, the lock files
agree with each other and with pyproject's ranges, and the guard `make test` runs first fails,
naming the package, when what is installed differs."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
REQ = ROOT / "requirements"
sys.path.insert(0, str(REQ))
import check_lock  # noqa: E402

LOCKS = ["tools.txt", "lock.txt", "bench.txt", "jdk.txt", "run.txt"]


def test_every_locked_package_is_pinned_exactly_with_hashes() -> None:
    for name in LOCKS:
        text = (REQ / name).read_text()
        blocks = [b for b in text.split("\n") if b and not b.startswith((" ", "#"))]
        assert blocks, name
        for line in blocks:
            assert check_lock.PIN.match(line), f"{name}: {line!r} is not pinned with =="
        assert text.count("--hash=sha256:") >= len(blocks), f"{name}: a pin without its hash"


def test_the_locks_agree_and_meet_the_pyproject_ranges() -> None:
    locked: dict[str, str] = {}
    for name in LOCKS:
        for package, version in check_lock.pins(REQ / name).items():
            assert locked.setdefault(package, version) == version, f"{package} differs in {name}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()
    wanted = [*project["dependencies"], *(r for extra in extras for r in extra)]
    for line in wanted:
        requirement = Requirement(line)
        package = check_lock.normalise(requirement.name)
        assert package in locked, f"{package} (pyproject) is in no lock: run `make lock`"
        assert requirement.specifier.contains(locked[package], prereleases=True), \
            f"{package} {locked[package]} is outside pyproject's {requirement.specifier}: run `make lock`"


def test_the_installed_packages_are_the_locked_ones() -> None:
    """What `make check-lock` runs (CI's guard) passes on the environment the suite runs in."""
    required, allowed = [REQ / "tools.txt", REQ / "lock.txt"], [REQ / "bench.txt", REQ / "jdk.txt"]
    assert check_lock.differences(required, allowed, check_lock.installed()) == []


def test_the_guard_names_a_package_at_another_version_a_missing_one_and_an_unlocked_one(
        tmp_path: Path) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text("fastapi==0.1.0 \\\n    --hash=sha256:00\nabsent-package==1.0 \\\n    --hash=sha256:00\n")
    have = check_lock.installed()
    problems = check_lock.differences([lock], [], have)
    assert f"fastapi: {have['fastapi']} is installed, {lock} locks 0.1.0" in problems
    assert f"absent-package: locked at 1.0 ({lock}) but not installed" in problems
    assert f"uvicorn: {have['uvicorn']} is installed but no lock names it" in problems
    result = subprocess.run([sys.executable, str(REQ / "check_lock.py"), "--require", str(lock)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "fastapi: " in result.stderr and "make clean test" in result.stderr


def test_two_locks_that_disagree_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("uvicorn==1.0\n")
    (tmp_path / "b.txt").write_text("uvicorn==2.0\n")
    with pytest.raises(SystemExit, match="uvicorn: .* locks 1.0"):
        check_lock.differences([tmp_path / "a.txt"], [tmp_path / "b.txt"], {})


def test_make_and_docker_install_only_from_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    for text in (makefile, dockerfile):
        for line in text.splitlines():
            if "pip install" in line:
                assert "--require-hashes" in line or "--no-deps" in line, line
    assert "check-lock" in makefile.split("\ntest:")[1].splitlines()[0]
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")
