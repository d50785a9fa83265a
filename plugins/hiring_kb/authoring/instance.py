"""A new hiring wiki for a company: ``invoke init DIR`` (issue 16).

:func:`init_instance` writes a ready repository into a new folder: one commented template role, an
empty ``candidates/``, a ``hiring.yml`` with every setting explained, the product's ``mkdocs.yml``,
handbook pages (``docs/``), editor schemas, nginx recipe, pull-request workflow, template,
CODEOWNERS and pre-commit files, a README for the company and the command line (``tasks.py``).
It validates, builds strictly and passes ``invoke audit`` as written.

Everything comes from the installed package: the product files of :mod:`hiring_kb.authoring.product_files`
(copied into the wheel) and the texts below. The instance's ``tasks.py`` only loads the package's
tasks, so upgrading the package (the pin in ``requirements.txt``) brings their fixes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from hiring_kb.authoring.product_files import COPIED, PACKAGED, PACKAGED_DIR, WORKFLOW, copy_files

#: The product files inside the installed package (a wheel's copy, made by setup.py).
PACKAGED_PRODUCT = Path(__file__).resolve().parents[1] / PACKAGED_DIR
#: The product's repository, when the package runs from a checkout of it (an editable install).
CHECKOUT = Path(__file__).resolve().parents[3]

TEMPLATE_ROLE = "software-engineer"


class InitError(Exception):
    """The instance cannot be written (the folder is in use, or the product's files are missing)."""


def product_dir() -> Path:
    """The folder holding the product files (:data:`hiring_kb.authoring.product_files.PACKAGED`): the
    installed package's copy, else the checkout the package runs from (an editable install keeps
    them where the repository has them). Raises :class:`InitError` when neither has them."""
    for folder in (PACKAGED_PRODUCT, CHECKOUT):
        if all((folder / name).exists() for name in PACKAGED):
            return folder
    raise InitError(
        f"the installed hiring-kb package lacks the files of a new wiki ({PACKAGED_PRODUCT}): "
        "reinstall it from a wheel or from the product's repository"
    )


def init_instance(destination: Path, product: Path | None = None) -> list[str]:
    """Write a new hiring wiki into ``destination`` (a folder that does not exist or is empty).

    ``product`` is the folder of the product files (default: :func:`product_dir`). Returns the
    written paths, relative and sorted. Raises :class:`InitError` when ``destination`` holds files
    or ``product`` lacks a file to copy; then nothing is written. The files are written
    into a temporary folder next to ``destination`` and moved into place at the end, so an
    interrupted init leaves no half instance.
    """
    destination = Path(os.path.abspath(destination))
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise InitError(f"{destination} already exists and is not empty: give a new folder, nothing was written")
    product = product_dir() if product is None else product
    missing = [source for source in PACKAGED if not (product / source).exists()]
    if missing:
        raise InitError(f"the product's files are missing from {product}: {', '.join(missing)}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
    try:
        copy_files(product, staging, COPIED)
        files = {
            "hiring.yml": HIRING_YML,
            f"roles/{TEMPLATE_ROLE}.yml": TEMPLATE_ROLE_YML,
            "candidates/.gitkeep": "",  # git keeps no empty folder; validate reads none of it
            "README.md": README,
            "requirements.txt": _requirements(),
            ".github/CODEOWNERS": CODEOWNERS,
            ".github/workflows/hiring-checks.yml": _workflow(product),
        }
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        written = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
        if destination.exists():
            destination.rmdir()  # empty, checked above
        staging.rename(destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _requirements() -> str:
    """The package pinned to the version that wrote the instance (upgrade it to get fixes)."""
    try:
        version = metadata.version("hiring-kb")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        version = "0.1.0"
    return (
        "# The hiring wiki package: roles, scorecards, role fit, the site and the invoke tasks.\n"
        "# Upgrade this pin to get fixes; install with: pip install -r requirements.txt\n"
        f"hiring-kb=={version}\n"
    )


def _workflow(product: Path) -> str:
    """The product's pull-request workflow, installing the pinned package instead of the checkout."""
    text = (product / WORKFLOW).read_text(encoding="utf-8")
    return text.replace("run: pip install -e .\n", "run: pip install -r requirements.txt\n")


HIRING_YML = """\
# Settings shared by `invoke validate`, the site build and every other task.
# Every setting is listed here; the commented ones show their default. See docs/ for each topic.

# Where the data lives (folders inside this repository, outside docs/ and site/).
roles_dir: roles             # one <role id>.yml per role: competencies, rubric, interview loop
candidates_dir: candidates   # one folder per candidate: <opaque id>/candidate.yml and interviews/*.md

# Optional roster of interviewer handles: a scorecard's interviewer must be one of these.
# interviewers: [ana, bea]

# Role fit (docs/process.md "How role fit is computed").
fit:
  bar: 3            # a must-have's mean must reach this level (1..4; 3 = meets)
  strong_fit: 80    # fit (0..100) at or above this: strong-fit
  fit: 60           # at or above this: fit; below: weak-fit
  min_coverage: 0.6 # share of the role's weight that must be assessed before a verdict
  split_spread: 2   # max - min rating (levels) at or above this marks a split panel

# Debrief gate: hide a candidate's role fit and the scorecards of their current stage until every
# interview planned for that stage (planned: in candidate.yml) has its scorecard, so nobody anchors.
debrief_gate: true

# scorecards:
#   require_recommendation: true  # ratings without a recommendation fail validation (default: a warning)

# invoke import-notes FILE: free-form notes -> candidates (docs/commands.md).
import:
  person_heading_level: 3     # '### Name' or '### Role - Name' starts one person's notes
  role_hints:                 # hint in a heading (any case) -> role id
    engineer: software-engineer
  default_role: software-engineer  # for a person whose heading has no hint
  interviewer: imported       # interviewer handle written into imported notes
  unassigned_dir: imports     # text that belongs to no person is kept in a file here

# Notes lint word lists (docs/writing-notes.md); leave out to use the built-in lists.
# lint:
#   protected: {age: [age, years old], religion: [church, religion]}
#   verdicts: [culture fit, smart]

dashboard:
  stale_days: 14        # an active candidate with no interview for this many days needs attention
  recent_interviews: 8  # how many of the latest interviews the home page lists

# Interviewer calibration (the Interviewers page).
calibration:
  leniency: 0.75        # mean offset from the panel (levels) that flags an interviewer lenient (+) or harsh (-)
  min_comparisons: 3    # ratings shared with other interviewers before anyone is flagged
  min_candidates: 3     # ... and the distinct candidates those shared ratings must cover
  disagreement: 1       # mean absolute difference between interviewers (levels) that flags a competency
  min_pairable: 10      # ratings of candidates rated by 2+ interviewers below which reliability says "not enough data"

# Reasons a decision can give: `invoke move ID --status rejected --reason must-have-gap [--rationale "..."]`.
# id (typed in the command, stored in candidate.yml): label (shown on the site and in the pipeline report).
decision_reasons:
  must-have-gap: Must-have below the bar
  skills: Skills below the role's needs
  compensation: Compensation
  candidate-withdrew: Candidate withdrew
  hired-elsewhere: Accepted another offer
  role-closed: Role closed
  best-fit: Best fit for the role

# Retention (GDPR storage limitation, docs/publishing.md): days to keep a candidate after
# decided_on, per status; validate warns from warn_days before the due date, and deploy refuses
# after it (then: invoke purge ID). Leave out to use these defaults; `rejected: null` keeps without limit.
# retention:
#   warn_days: 30
#   days: {rejected: 180, withdrawn: 180}

# Where `invoke deploy` publishes (docs/publishing.md); without it, deploy refuses.
# deploy:
#   target: dir              # a folder served by nginx with deploy/nginx/privacy.conf and a sign-in part
#   path: /srv/hiring-wiki   # holds releases/<UTC timestamp>/ and the `current` symlink; outside the project
#   keep: 5                  # releases kept for `invoke rollback`
#   branch: main             # deploy only from this branch, with nothing uncommitted (--allow-dirty overrides)
#   group: www-data          # optional: releases 0750/0640 with this group instead of 0755/0644
#   web_user: www-data       # optional: the user nginx runs as; deploy checks it can read the release
#   pull_remote: origin      # optional: the remote `invoke deploy --from-remote` fetches `branch` from
# or, the same releases on the web server over ssh (no Python or repository needed there):
#   target: rsync
#   host: wiki.example.invalid           # the web server
#   user: hiring-deploy      # optional: the deploy user there (not root); or host: user@server
#   path: /srv/hiring-wiki   # an absolute folder on that server, owned by the deploy user
#   port: 22                 # optional: its ssh port
#   identity: ~/.ssh/hiring-wiki-deploy  # optional: the private key that may log in (default: ssh's own)
#   known_hosts: deploy/known_hosts      # optional: the server's host key, checked by you; others are refused
# or:
#   target: git              # one orphan commit per deploy, force-pushed
#   remote: git@git.example.invalid:hiring/wiki-site.git
#   publish_branch: site     # with audiences: site-<audience>

# Need-to-know sites (docs/publishing.md "Audiences"): each audience's site holds only the candidates
# of its roles; group: the sign-in group allowed to read it (invoke nginx-conf). Leave out: one site.
# audiences:
#   engineering: {roles: [software-engineer], group: "yourcompany:engineering-hiring"}
#   hiring-leads: {roles: all, group: "yourcompany:hiring-leads"}

# Sealed private: blocks (docs/privacy.md): the admins' public keys. Anyone can seal a value for
# them (invoke private-set); only an admin's identity opens it (HIRING_AGE_IDENTITY=FILE).
# Make a key pair with `invoke private-keygen --out FILE`, keep the file secret, and list its public key:
# private_recipients:
#   - age1...
"""

TEMPLATE_ROLE_YML = """\
# A template role: copy this file to roles/<role id>.yml for each opening (the file name is the
# role's id and its page address), then edit it. Delete or close (status: closed) this one once
# your own roles are in. Each key is explained on its line; docs/process.md explains the rating
# scale and how the weights make the role fit.
title: Software Engineer
status: open            # open or closed
summary: Builds and runs the services our product is made of.
# hiring_manager: ana   # the hiring manager's handle (one of interviewers: in hiring.yml, if set)
competencies:           # what the role needs; each is rated 1..4 in the scorecards
  - id: code            # typed in scorecards (ratings: {code: 3}): lowercase words and dashes
    name: Code          # shown on the site and as the '## Code' section of a scorecard
    weight: 3           # how much it counts in the role fit, relative to the others
    must_have: true     # below the bar (fit.bar in hiring.yml) is a must-have gap
    description: Writes clear, tested code in our stack.
    rubric:             # what each level looks like, so interviewers rate alike
      1: Cannot solve a small task without help.
      2: Solves it, but the code is hard to follow or untested.
      3: Clear, tested code; explains the trade-offs.
      4: Raises the bar for the team's code.
  - id: design
    name: System design
    weight: 2
    description: Designs services that are simple to run and to change.
    rubric:
      1: No design beyond a single function.
      2: Designs a component when the shape is given.
      3: Designs a service end to end and names its risks.
      4: Shapes how the team designs systems.
  - id: communication
    name: Communication
    weight: 1
    description: Explains technical work clearly to colleagues and clients.
    rubric:
      1: Hard to follow.
      2: Understood, with effort.
      3: Clear and concise.
      4: Makes hard topics easy for any audience.
stages:                 # the interview loop, in order
  - id: screen          # typed in commands (invoke new-interview ID --stage screen)
    name: Screen
    focus: [communication, code]   # the competencies this stage rates
    questions:          # the interview kit, per competency
      code:
        - Walk me through something you built recently. What would you change?
  - id: technical
    name: Technical interview
    focus: [code, design]
    questions:
      design:
        - How would you design a service that sends reminders to a million users?
  - id: offer
    name: Offer
"""

README = """\
# Our hiring wiki

Roles, interview kits, scorecards and role fit for our hiring team, published as a private site
behind sign-in. Candidate data is personal data: it stays in this repository and on our own server.

## Start

```bash
pip install -r requirements.txt
invoke validate   # check roles, candidates and scorecards
invoke serve      # preview the site at http://127.0.0.1:8000/
```

## First steps for the admin

1. Edit `roles/software-engineer.yml` (a commented template) or copy it for each open role.
2. Read `hiring.yml`: every setting is explained there; set `interviewers:` to your team's handles.
3. Replace the `@example-org` teams in `.github/CODEOWNERS` with your own and protect the main branch.
4. Make the admins' key pair for private values: `invoke private-keygen --out FILE` (docs/privacy.md).
5. Set up publishing: `deploy:` in `hiring.yml` and the nginx recipe in `deploy/nginx/` (docs/publishing.md).

## What is where

- `roles/`, `candidates/`, `hiring.yml`: our data and settings; changes go through pull requests.
  Candidate folders are opaque ids (`invoke new-candidate "Full Name" --role software-engineer`
  makes one), never names: the folder is the page address.
- `docs/`: the handbook (how we hire, writing notes, privacy, commands); edit it to fit us.
- `mkdocs.yml`, `tasks.py`, `schemas/`, `deploy/`, `.github/`: the wiki's machinery, from the
  `hiring-kb` package (pinned in `requirements.txt`). The commands, checks and pages come from the
  package: raise the pin to upgrade (docs/new-instance.md, "Upgrade").

Interviewers: start with docs/first-time.md and docs/interviewing.md.
"""

CODEOWNERS = """\
# Replace the @example-org teams with your own. With branch protection's "Require review from
# Code Owners", a pull request touching these paths needs their approval. The last matching line wins.

# Candidates and scorecards: any interviewer proposes, the hiring team reviews.
/candidates/                @example-org/hiring-team
/imports/                   @example-org/hiring-team

# Roles (competencies, weights, rubric, interview kit) and the settings that change verdicts
# (fit thresholds, debrief gate, retention): the hiring managers.
/roles/                     @example-org/hiring-managers
/hiring.yml                 @example-org/hiring-managers

# The wiki's machinery: the maintainers.
/mkdocs.yml                 @example-org/wiki-maintainers
/tasks.py                   @example-org/wiki-maintainers
/requirements.txt           @example-org/wiki-maintainers
/.github/                   @example-org/wiki-maintainers
/.pre-commit-config.yaml    @example-org/wiki-maintainers
"""
