"""The editors' review page as its tests start it: `python -m bot.editors` (as `make editors`
does) on a free port, over a copy of the project (so a review writes the copy's
data/nlu/reviewed.yml, never the repository's), signed in with requests or Chromium."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import requests

from servers import PROJECT, free_port, server_env, start, stop, wait_until_up

SECRET = "test-editors-secret-0123456789"
#: What a copy of the project needs to be reviewed, validated and retrained with `make train`;
#: the folders that are large or shared (the venv, the spaCy pipeline, the code, the evaluation
#: sets) are linked, not copied.
COPIED = ("config.yml", "domain.yml", "Makefile", "requirements.lock", "requirements-dev.lock",
          "data", "scripts")
LINKED = (".venv", ".spacy", "bot", "actions", "tests", "web")


def project_copy(folder: Path) -> Path:
    """A copy of the project in `folder` (timestamps kept, so `make` sees nothing to set up)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, copy_function=shutil.copy2)
        else:
            shutil.copy2(source, folder / name)
    for name in LINKED:
        if (PROJECT / name).exists():
            (folder / name).symlink_to(PROJECT / name)
    return folder


class EditorsPage:
    """A running review page."""

    def __init__(self, project: Path, endpoints: Path, log: Path,
                 model: Optional[Path] = None, secret: str = SECRET,
                 env: Optional[Dict[str, str]] = None) -> None:
        self.project, self.port = project, free_port()
        self.url = f"http://127.0.0.1:{self.port}/editors/"
        command = [sys.executable, "-m", "bot.editors", "--endpoints", str(endpoints),
                   "--project", str(project), "--port", str(self.port)]
        if model is not None:
            command += ["--model", str(model)]
        self.process = start(command, log,
                             server_env(**(env or {}), PATHWAY_EDITORS_SECRET=secret))
        wait_until_up(self.url + "sign-in", self.process, log, limit=120)

    def stop(self) -> None:
        stop([self.process])

    def session(self) -> requests.Session:
        """A signed-in session."""
        session = requests.Session()
        reply = session.post(self.url + "sign-in", data={"secret": SECRET}, timeout=30)
        assert reply.status_code == 200 and "Inbox" in reply.text, reply.text[:500]
        return session

    @property
    def reviewed(self) -> Path:
        return self.project / "data" / "nlu" / "reviewed.yml"


def form_token(html: str) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def row_ids(page_html: str) -> Dict[str, str]:
    """question -> row id, for the inbox rows on a page."""
    return {html.unescape(question): row_id for row_id, question in
            re.findall(r'<h3 id="q-([0-9a-f]+)" class="question">(.*?)</h3>', page_html)}


def review(page: EditorsPage, session: requests.Session, question: str, decision: str,
           **fields: str) -> requests.Response:
    """Act on the inbox row of `question` as the page's form does."""
    inbox = session.get(page.url, timeout=30).text
    rows = row_ids(inbox)
    assert question in rows, f"{question!r} not in the inbox: {list(rows)}"
    data = {"form_token": form_token(inbox), "row": rows[question], "decision": decision,
            "back": "", **fields}
    return session.post(page.url + "review", data=data, timeout=60)


def validate(project: Path) -> subprocess.CompletedProcess:
    """`rasa data validate --fail-on-warnings` in the project copy, as `make test` runs it."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    return subprocess.run([rasa, "data", "validate", "--fail-on-warnings"], cwd=project,
                          env=server_env(), capture_output=True, text=True, timeout=600)


def examples(project: Path) -> Dict[str, List[str]]:
    from bot.editors.training import REVIEWED, read_nlu
    return read_nlu(project / REVIEWED)
