"""Hostile and leaky example data, planted into a temp copy of the example project.

Injection corpus: every free-text value that reaches a page (candidate name, tags, source,
role title, stage name, competency name and rubric, question, note body) carries markup that
would set ``window.__pwned`` if any of it ran. Values stay valid for the schemas: a value
that fails validation is never rendered, so it would test nothing.

Leak corpus: canary strings in ``private:`` blocks; the real build must contain none of them.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import seal_private

TRAP = "window.__pwned"
JS = f"{TRAP}=1"

#: Candidate names, tags and other one-line values: tag breakouts, attribute breakouts,
#: attr_list, Markdown links, quotes, angle brackets.
HOSTILE_VALUES = [
    f"</title><script>{JS}</script>",
    f'"><img src=x onerror="{JS}">',
    f"'><svg onload={JS}>",
    f'{{: onclick="{JS}" }}',
    f"[click](javascript:{JS})",
    f"<a href='javascript:{JS}'>x</a>",
    f'<iframe src="javascript:{JS}"></iframe>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{JS}">',
    'Zoë "Quotes" O\'Brien <b>&amp; co</b>',
]

#: Note body: raw HTML, Markdown links with javascript: in several spellings, attr_list.
HOSTILE_NOTE = f"""## Strong English
<script>{JS}</script>
<img src=x onerror="{JS}">
[a](javascript:{JS}) [b](JaVaScRiPt:{JS}) [c](java&#x09;script:{JS}) [d](&#106;avascript:{JS})
[e](  javascript:{JS}) [f](vbscript:{JS}) [g](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)
<a href="javascript&colon;{JS}">h</a> <a href="jav&#x0A;ascript:{JS}">i</a> <a href=" &#14;javascript:{JS}">j</a>
<iframe src="javascript:{JS}"></iframe>
<form action="javascript:{JS}"><button formaction="javascript:{JS}">go</button><input onfocus="{JS}" autofocus></form>
<meta http-equiv="refresh" content="0;url=javascript:{JS}">
<p onclick="{JS}" style="background:url(javascript:{JS})">styled</p>
<details open ontoggle="{JS}"><summary>s</summary></details>
<svg><script>{JS}</script><animate onbegin="{JS}" attributeName="x" dur="1s"/></svg>
<math><mi xlink:href="javascript:{JS}">m</mi></math>
<object data="javascript:{JS}"></object><embed src="javascript:{JS}">
<base href="http://evil.invalid/">
<link rel="stylesheet" href="http://evil.invalid/x.css">
<style>@import url(http://evil.invalid/y.css); body {{ background: red }}</style>
{{: onclick="{JS}" }}
Paragraph with an attr_list {{: onclick="{JS}" }}

## Exploratory testing
### heading </h4><script>{JS}</script>
<div onmouseover="{JS}">hover</div> "quotes" & 'apostrophes' <not-a-tag>
"""


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML 1.2)."""
    return json.dumps(value, ensure_ascii=False)


def plant_injection_corpus(project: Path) -> list[str]:
    """Add hostile candidates and a hostile role stage/competency to ``project``.

    Returns the new candidate ids (one per entry of :data:`HOSTILE_VALUES`).
    """
    role = project / "roles/qa-engineer.yml"
    text = role.read_text(encoding="utf-8")
    text = text.replace("title: QA Engineer", f"title: {_yaml('QA ' + HOSTILE_VALUES[0])}", 1)
    text = text.replace("name: Recruiter screen", f"name: {_yaml('Screen ' + HOSTILE_VALUES[1])}", 1)
    text = text.replace("name: Exploratory testing", f"name: {_yaml('Exploring ' + HOSTILE_VALUES[3])}", 1)
    text = text.replace("      1: Only runs written cases.", f"      1: {_yaml('Only ' + HOSTILE_VALUES[6])}", 1)
    text = text.replace(
        "        - What would you do first to test our app?", f"        - {_yaml('First? ' + HOSTILE_VALUES[7])}", 1
    )
    role.write_text(text, encoding="utf-8")
    ids = []
    for index, value in enumerate(HOSTILE_VALUES):
        cid = f"c-ee00{index:02x}"
        folder = project / "candidates" / cid
        (folder / "interviews").mkdir(parents=True)
        tags = [value, HOSTILE_VALUES[(index + 1) % len(HOSTILE_VALUES)]]
        (folder / "candidate.yml").write_text(
            f"name: {_yaml('Eve ' + value)}\nrole: qa-engineer\nstage: screen\nstatus: active\n"
            f"applied: 2026-11-12\nsource: {_yaml(HOSTILE_VALUES[(index + 2) % len(HOSTILE_VALUES)])}\n"
            f"tags: {json.dumps(tags, ensure_ascii=False)}\n",
            encoding="utf-8",
        )
        (folder / "interviews/2026-11-20-screen-bea.md").write_text(
            "---\ninterviewer: bea\ndate: 2026-11-20\nstage: screen\nratings: {english: 3, exploratory: 2}\n"
            f"recommendation: yes\n---\n{HOSTILE_NOTE}",
            encoding="utf-8",
        )
        ids.append(cid)
    return ids


#: Canaries in private: blocks, one per kind of private value.
PRIVATE_CANARIES = {
    "email": "canary.private.mail@example.invalid",
    "phone": "+44 7700 900123",
    "salary": "CANARY-SALARY-91234",
    "note": "canary private remark about relocation",
}


def plant_leak_corpus(project: Path) -> str:
    """Add a candidate whose private: block holds every canary; return their id."""
    cid = "c-1eaf01"
    folder = project / "candidates" / cid
    (folder / "interviews").mkdir(parents=True)
    (folder / "candidate.yml").write_text(
        "name: Quentin Canary\nrole: backend-engineer\nstage: screen\nstatus: active\napplied: 2026-11-12\n"
        "source: referral\ntags: [remote]\nprivate:\n"
        f"  email: {PRIVATE_CANARIES['email']}\n"
        f'  phone: "{PRIVATE_CANARIES["phone"]}"\n'
        f"  expected_salary: {PRIVATE_CANARIES['salary']}\n"
        f"  notes: [{_yaml(PRIVATE_CANARIES['note'])}]\n",
        encoding="utf-8",
    )
    seal_private(project)  # as the team stores it: sealed for the admins
    (folder / "interviews/2026-11-20-screen-bea.md").write_text(
        "---\ninterviewer: bea\ndate: 2026-11-20\nstage: screen\nratings: {english: 3}\n---\n"
        "## Strong English\n- Clear and precise; explained the on-call rota in detail.\n",
        encoding="utf-8",
    )
    return cid
