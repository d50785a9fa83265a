"""The engine pins of pyproject.toml (issue 14, docs/engines.md): MkDocs 1.6.1 and later 1.x only, never a
2.0 pre-release; Material in the range the site is tested on; the installed versions inside them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from tests.conftest import ROOT
from tests.engines.test_properdocs import require_properdocs

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pins(requirements: list[str]) -> dict[str, SpecifierSet]:
    return {(r := Requirement(line)).name: r.specifier for line in requirements}


RUNTIME = _pins(PYPROJECT["project"]["dependencies"])
TEST = _pins(PYPROJECT["project"]["optional-dependencies"]["test"])


def test_mkdocs_is_pinned_to_1_6_1_and_later_1_x() -> None:
    assert RUNTIME["mkdocs"] == SpecifierSet(">=1.6.1,<2")


def test_no_mkdocs_2_release_or_pre_release_satisfies_the_pin() -> None:
    pin = RUNTIME["mkdocs"]
    # Even when pre-releases are asked for (pip --pre), the 2.0 dev releases stay out.
    assert [
        v for v in ("1.6.0", "1.6.1", "2.0.dev0", "2.0.dev6", "2.0.0a1", "2.0.0") if pin.contains(v, prereleases=True)
    ] == ["1.6.1"]


def test_material_is_pinned_to_the_tested_range() -> None:
    assert RUNTIME["mkdocs-material"] == SpecifierSet(">=9.8.2,<9.9")


def test_properdocs_is_pinned_for_the_engine_test() -> None:
    assert TEST["properdocs"] == SpecifierSet(">=1.6.7,<1.7")


def test_the_installed_engine_is_a_release_inside_the_pins() -> None:
    for name, pins in (("mkdocs", RUNTIME), ("mkdocs-material", RUNTIME)):
        installed = Version(version(name))
        assert not installed.is_prerelease, f"{name} {installed} is a pre-release"
        assert installed in pins[name], f"{name} {installed} is outside {pins[name]}"


def test_the_installed_properdocs_is_inside_its_pin() -> None:
    try:
        installed = Version(version("properdocs"))
    except PackageNotFoundError:
        require_properdocs()  # skips with what to run, or fails in CI
        raise
    assert not installed.is_prerelease and installed in TEST["properdocs"]
