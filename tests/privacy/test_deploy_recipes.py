"""The shipped recipes for deploy on merge: the systemd service and timer, and the workflow examples."""

from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

SYSTEMD = ROOT / "deploy" / "systemd"
GITHUB = ROOT / "deploy" / "github"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string((SYSTEMD / name).read_text())
    return parser


def test_the_service_runs_the_pull_deploy_unprivileged_and_hardened() -> None:
    service = unit("hiring-wiki-deploy.service")["Service"]
    assert service["ExecStart"] == "/srv/hiring-wiki/venv/bin/invoke deploy --from-remote"
    assert (service["Type"], service["User"], service["Group"]) == ("oneshot", "hiring-deploy", "hiring-deploy")
    assert service["WorkingDirectory"] == "/srv/hiring-wiki/repo"
    hardening = {key: service[key] for key in (
        "NoNewPrivileges", "CapabilityBoundingSet", "ProtectSystem", "ReadWritePaths", "ProtectHome", "PrivateTmp",
        "RestrictSUIDSGID", "SystemCallFilter", "UMask")}  # fmt: skip
    assert hardening == {
        "NoNewPrivileges": "yes", "CapabilityBoundingSet": "", "ProtectSystem": "strict",
        "ReadWritePaths": "/srv/hiring-wiki", "ProtectHome": "read-only", "PrivateTmp": "yes",
        "RestrictSUIDSGID": "yes", "SystemCallFilter": "@system-service", "UMask": "0022",
    }  # fmt: skip
    timer = unit("hiring-wiki-deploy.timer")
    assert timer["Timer"]["Unit"] == "hiring-wiki-deploy.service"
    assert timer["Timer"]["OnUnitInactiveSec"] == "5min" and timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units() -> None:
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "./hiring-wiki-deploy.service", "./hiring-wiki-deploy.timer"],
        cwd=SYSTEMD, capture_output=True, text=True, check=False,
    )  # fmt: skip
    # The only complaint on a machine without the instance: the venv's invoke is not installed here.
    problems = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert problems in (
        [],
        [
            "hiring-wiki-deploy.service: Command /srv/hiring-wiki/venv/bin/invoke is not executable: "
            "No such file or directory"
        ],
    ), problems


@pytest.mark.parametrize("name", ["deploy-self-hosted.yml", "deploy-rsync.yml"])
def test_the_workflow_examples_deploy_only_from_main_on_a_self_hosted_runner(name: str) -> None:
    workflow = YAML(typ="safe").load((GITHUB / name).read_text())
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["deploy"]
    assert job["runs-on"][0] == "self-hosted"
    commands = [step.get("run", "") for step in job["steps"]]
    assert any("invoke" in command and "deploy" in command for command in commands)
    assert not any(step.get("uses", "").startswith("actions/upload-artifact") for step in job["steps"])
