"""Every way of starting the assistant runs with the project's Rasa patches: with the action
server stopped (or the in-process action hung), the user gets the apology within 2 s, not
Rasa's 5-minute wait. And none of them starts on a Rasa version the patches were not written
for. Paths: `make run`, `make shell`, the Helm values' container command (deploy/), `bot ask`
and `bot chat` (in-process actions), and the tests themselves (conftest.py)."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml
from servers import PROJECT, free_port, server_env, wait_until_up
from terminal import Terminal

from bot.rasa_server import patches as rasa_patches
from bot.rasa_server.action_fallback import apology

APOLOGY_LIMIT = 2  # the user-visible requirement: the apology within 2 seconds
FIRST_REPLY_LIMIT = 60  # the first message warms the model up; a guard, not a speed test
VALUES = PROJECT / "deploy" / "rasa-values.yaml"


def dead_action_endpoints(tmp: Path) -> Path:
    """An endpoints file whose action server is not running (nothing listens on the port)."""
    path = tmp / "endpoints.yml"
    path.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{free_port()}/webhook"\n')
    return path


def start_group(command, cwd: Path, log: Path, env: dict) -> subprocess.Popen:
    """Start `command` in its own process group, so everything it starts can be stopped."""
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def stop_group(process: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def say(url: str, text: str, timeout: float) -> str:
    response = requests.post(f"{url}/webhooks/rest/webhook",
                             json={"sender": "launch", "message": text}, timeout=timeout)
    assert response.status_code == 200, response.text
    return "\n".join(m.get("text") or "" for m in response.json())


def assert_apology_within_limit(url: str) -> None:
    """A first message (the model warms up), then the measured one."""
    assert say(url, "hello", FIRST_REPLY_LIMIT) == apology()
    assert say(url, "what is the IPP?", APOLOGY_LIMIT) == apology()


# --- no start on another Rasa version ------------------------------------------------------

def test_another_rasa_version_is_refused_with_a_clear_error():
    with pytest.raises(rasa_patches.WrongRasaVersion, match=r"patches Rasa 3\.6\.21 .* Rasa 3\.7\.0"):
        rasa_patches.check_version("3.7.0")
    rasa_patches.check_version(rasa_patches.RASA_VERSION)


@pytest.mark.parametrize("start", [
    "from bot.rasa_server.patches import main; raise SystemExit(main(['run']))",  # make run/shell, Helm
    "import bot.rasa_server.channels",  # a plain `rasa run --credentials credentials.yml`
    "from bot.tools.runtime import load; load()",  # bot ask, bot chat
])
def test_every_launch_path_refuses_another_rasa_version(start):
    fake = "import rasa.version; rasa.version.__version__ = '3.7.0'; "
    result = subprocess.run([sys.executable, "-c", fake + start], cwd=PROJECT, env=server_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "patches Rasa 3.6.21 (bot/rasa_server/patches.py) but Rasa 3.7.0 is installed" in result.stderr


def test_the_tests_run_with_every_patch_installed():
    assert rasa_patches.installed() == {name: True for name in rasa_patches.installed()}


# --- servers: make run, Helm values, make shell --------------------------------------------

@pytest.mark.model
def test_make_run_apologises_within_2_s_when_the_action_server_is_down(tmp_path):
    port = free_port()
    log = tmp_path / "make-run.log"
    server = start_group(["make", "--no-print-directory", "run", f"PORT={port}",
                          f"ACTION_PORT={free_port()}",
                          f"ENDPOINTS={dead_action_endpoints(tmp_path)}"],
                         PROJECT, log, server_env())
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/webhooks/rest/", server, log)
        assert_apology_within_limit(url)
        # The same channels as credentials.yml: the web widget's page is served too.
        assert requests.get(f"{url}/webhooks/web/", timeout=30).status_code == 200
    finally:
        stop_group(server)


def helm_container(tmp: Path, port: int) -> tuple:
    """The Rasa container's command and environment from deploy/rasa-values.yaml, with the
    image's /app as this project and the chart's generated files written to `tmp`."""
    values = yaml.safe_load(VALUES.read_text())
    credentials = tmp / "credentials.yml"  # what the chart writes from the values
    credentials.write_text(yaml.safe_dump(
        values["applicationSettings"]["credentials"]["additionalChannelCredentials"]))
    files = {"/app/credentials.yml": str(credentials),
             "/app/endpoints.yml": str(dead_action_endpoints(tmp))}
    args = [files.get(arg) or arg.replace("/app", str(PROJECT)) for arg in values["args"]]
    args[args.index("--port") + 1] = str(port)
    command = [sys.executable if part == "python" else part for part in values["command"]]
    env = {item["name"]: item["value"].replace("/app", str(PROJECT))
           for item in values["extraEnv"] if "value" in item}
    return command + args, server_env(**env)


@pytest.mark.model
def test_helm_values_container_apologises_within_2_s_when_the_action_server_is_down(tmp_path):
    port = free_port()
    command, env = helm_container(tmp_path, port)
    log = tmp_path / "helm.log"
    server = start_group(command, PROJECT, log, env)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/webhooks/rest/", server, log)
        assert_apology_within_limit(url)
        assert requests.get(f"{url}/webhooks/web/", timeout=30).status_code == 200
        assert requests.get(f"{url}/status", timeout=30).status_code == 404, "the API is off"
    finally:
        stop_group(server)


@pytest.mark.model
def test_make_shell_apologises_within_2_s_when_the_action_server_is_down(tmp_path):
    shell = Terminal(["make", "--no-print-directory", "shell", f"ACTION_PORT={free_port()}",
                      f"ENDPOINTS={dead_action_endpoints(tmp_path)}"], PROJECT,
                     server_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="200"))
    expected = re.escape(apology()[:40])
    try:
        shell.read_until(r"Your input ->", timeout=300)
        shell.type("hello\r")
        shell.read_until(expected, timeout=FIRST_REPLY_LIMIT)
        shell.read_until(r"Your input ->", timeout=FIRST_REPLY_LIMIT)
        started = time.monotonic()
        shell.type("what is the IPP?\r")
        shell.read_until(expected, timeout=APOLOGY_LIMIT)
        print(f"make shell: apology after {time.monotonic() - started:.2f} s")
    finally:
        try:
            os.killpg(shell.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        shell.kill()


# --- in-process actions: bot ask, bot chat ---------------------------------------------------

@pytest.fixture(scope="module")
def agent():
    from bot.tools.runtime import load

    return load()


@pytest.fixture
def hung_actions(monkeypatch):
    """The in-process action never answers, as a hung action server would."""
    from bot.tools.runtime import InProcessActions

    async def hang(self, *args, **kwargs):
        await asyncio.sleep(3600)

    monkeypatch.setattr(InProcessActions, "request", hang)


async def first_answer(agent, question: str) -> dict:
    from bot.tools.cli import ask

    async for result in ask([question], conversation=False, agent=agent):
        return result


@pytest.mark.model
def test_bot_ask_apologises_within_2_s_when_the_action_hangs(agent, hung_actions):
    started = time.monotonic()
    result = asyncio.run(first_answer(agent, "what is the IPP?"))
    assert result["text"] == apology()
    assert time.monotonic() - started < APOLOGY_LIMIT


@pytest.mark.model
def test_bot_chat_apologises_within_2_s_when_the_action_hangs(agent, content, hung_actions):
    from bot.tools.chat import Chat, Style

    out = io.StringIO()
    chat = Chat(agent, content, Style(False), 92, out)
    started = time.monotonic()
    assert asyncio.run(chat.handle("what is the IPP?"))
    assert time.monotonic() - started < APOLOGY_LIMIT
    assert " ".join(out.getvalue().split()) == apology()  # the chat wraps lines


# --- the deployment serves what `make run` serves ------------------------------------------

def test_helm_values_serve_the_channels_of_credentials_yml():
    values = yaml.safe_load(VALUES.read_text())
    served = values["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    assert served == yaml.safe_load((PROJECT / "credentials.yml").read_text())
    assert "/app/credentials.yml" in values["args"], "the chart writes the channels there"


def test_helm_values_start_rasa_through_the_patches_as_make_run_does():
    values = yaml.safe_load(VALUES.read_text())
    makefile = (PROJECT / "Makefile").read_text()
    assert values["command"] == ["python", "-m", "bot.rasa_server.patches"]
    assert "RASA_PATCHED := PYTHONPATH=. $(PY) -m bot.rasa_server.patches" in makefile
    assert values["args"][0] == "run" and "--enable-api" not in values["args"]
    cors = values["args"][values["args"].index("--cors") + 1]
    assert cors == values["applicationSettings"]["cors"]


# --- the images and the cluster around them (deploy/) --------------------------------------

DEPLOY = PROJECT / "deploy"
IMAGE_USER = 10001  # the numeric non-root user of both images and every pod


def dockerfile(name: str) -> str:
    """A Dockerfile's instructions (no comments), continuation lines joined."""
    lines = (DEPLOY / name).read_text().splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#")).replace("\\\n", " ")


def instructions(text: str, keyword: str) -> list:
    return [line.split(None, 1)[1] for line in text.splitlines()
            if line.split(None, 1)[:1] == [keyword]]


@pytest.mark.parametrize("name, lock", [("Dockerfile.rasa", "requirements.lock"),
                                        ("Dockerfile.actions", "requirements-actions.lock")])
def test_images_install_runtime_packages_only_and_run_as_a_numeric_non_root_user(name, lock):
    text = dockerfile(name)
    installs = [run for run in instructions(text, "RUN") if "pip install" in run]
    assert any(f"-r {lock}" in run for run in installs)
    assert "requirements-dev.lock" not in text and "pytest" not in text and "playwright" not in text
    assert instructions(text, "USER")[-1] == f"{IMAGE_USER}:{IMAGE_USER}"
    # Ubuntu 22.04 LTS: python3.10 with the distribution's security fixes (deploy/README.md).
    assert "ARG BASE=ubuntu:22.04" in text and "FROM ${BASE}" in text
    assert "python3.10" in text


def test_the_rasa_image_serves_the_built_widget_and_its_demo_page():
    """/webhooks/web/widget.js answers 503 without web/dist/chat-widget.js
    (bot/rasa_server/channels/web.py): the image builds it and copies it with the demo page."""
    text = dockerfile("Dockerfile.rasa")
    assert "npm ci" in text and "npm run build" in text
    assert "COPY --from=widget /web/dist/chat-widget.js web/dist/chat-widget.js" in text
    assert "COPY web/demo/ web/demo/" in text
    ignored = (PROJECT / ".dockerignore").read_text().split()
    assert "web/dist" in ignored, "the image's widget is the one built from web/'s sources"
    assert not {"web", "web/demo", "web/src", "models"} & set(ignored)


def load_values(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text())


@pytest.mark.parametrize("name", ["rasa-values.yaml", "action-server-values.yaml"])
def test_the_pods_run_as_the_image_user_with_a_read_only_root(name):
    values = load_values(name)
    assert values["podSecurityContext"]["runAsNonRoot"] is True
    assert values["podSecurityContext"]["runAsUser"] == IMAGE_USER
    container = values["securityContext"]
    assert container["readOnlyRootFilesystem"] is True
    assert container["allowPrivilegeEscalation"] is False
    assert container["capabilities"]["drop"] == ["ALL"]
    # /tmp only: no record is kept in a file of the pod (deploy/README.md, "What is kept where")
    assert {m["mountPath"] for m in values["volumeMounts"]} == {"/tmp"}


def test_the_purge_runs_as_the_image_user_with_a_read_only_root():
    purge = yaml.safe_load((DEPLOY / "purge-cronjob.yaml").read_text())
    pod = purge["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == IMAGE_USER
    assert pod["containers"][0]["securityContext"]["readOnlyRootFilesystem"] is True


def env_of(values: dict) -> dict:
    return {item["name"]: item.get("value", item.get("valueFrom")) for item in values["extraEnv"]}


def test_the_action_server_is_reachable_from_the_rasa_pods_only():
    values = load_values("action-server-values.yaml")
    assert values["ingress"]["enabled"] is False and values["service"]["type"] == "ClusterIP"
    policies = list(yaml.safe_load_all((DEPLOY / "network-policy.yaml").read_text()))
    actions = next(p for p in policies
                   if p["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
                   == "rasa-action-server")
    assert actions["spec"]["policyTypes"] == ["Ingress"]
    [rule] = actions["spec"]["ingress"]
    assert rule["from"] == [{"podSelector": {"matchLabels": {
        "app.kubernetes.io/name": "rasa", "app.kubernetes.io/instance": "pathway"}}}]
    assert rule["ports"] == [{"protocol": "TCP", "port": 5055}]
    assert "--port" in values["args"] and "5055" in values["args"]


def test_the_action_server_caps_bodies_as_sanic_reads_the_setting():
    cap = env_of(load_values("action-server-values.yaml"))["SANIC_REQUEST_MAX_SIZE"]
    assert cap == "1048576"
    assert f"SANIC_REQUEST_MAX_SIZE={cap}" in dockerfile("Dockerfile.actions")
    read = subprocess.run(
        [sys.executable, "-c", "from rasa_sdk.endpoint import create_app; "
                               "print(create_app('actions').config.REQUEST_MAX_SIZE)"],
        cwd=PROJECT, env=server_env(SANIC_REQUEST_MAX_SIZE=cap), capture_output=True, text=True,
        timeout=300)
    assert read.stdout.strip().splitlines()[-1] == cap, read.stderr


def test_the_ingress_upgrades_websockets_and_caps_rates_and_bodies():
    values = load_values("rasa-values.yaml")
    assert values["nginx"]["enabled"] is False, "the ingress controller is the one proxy"
    assert values["ingress"]["enabled"] is True and values["ingress"]["tls"]
    annotations = {key.split("/", 1)[1]: value
                   for key, value in values["ingress"]["annotations"].items()}
    assert annotations["proxy-http-version"] == "1.1"
    assert int(annotations["proxy-read-timeout"]) > 25 + 20  # engine.io ping interval + timeout
    assert int(annotations["proxy-send-timeout"]) > 25 + 20
    assert annotations["affinity"] == "cookie"
    assert annotations["session-cookie-secure"] == "true"
    assert int(annotations["limit-rps"]) > 0 and int(annotations["limit-connections"]) > 0
    assert annotations["proxy-body-size"] == "256k"
    assert env_of(values)["SANIC_PROXIES_COUNT"] == "1"


def test_the_rest_token_and_the_session_secret_come_from_a_secret():
    env = env_of(load_values("rasa-values.yaml"))
    readme = (DEPLOY / "README.md").read_text()
    for name in ("PATHWAY_REST_TOKEN", "PATHWAY_SESSION_SECRET"):
        assert env[name] == {"secretKeyRef": {"name": "pathway-app", "key": name}}
        assert f"--from-literal={name}=" in readme
