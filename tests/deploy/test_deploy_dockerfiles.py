"""The one Dockerfile (every service, chosen by build arguments) and .dockerignore, read as text.

There is no Docker engine here to build images. Instead each service's image is resolved from the
Dockerfile with the build arguments docker-compose.yml passes for it (ARG and ENV substituted where
Docker substitutes them), and the commands the image runs (its guard, HEALTHCHECK and CMD) are run
here with `sh` and `python`, with the environment the image would give them.
"""

import fnmatch
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import textwrap

import pytest

DOCKERFILE = "Dockerfile"
# Instructions in which Docker replaces $VAR and ${VAR} at build time; RUN, CMD and HEALTHCHECK
# are left to the shell or program that runs them.
SUBSTITUTED = {"ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"}


def _instructions(path):
    """Dockerfile -> [(INSTRUCTION, arguments)], continuation lines joined, comments dropped."""
    instructions, pending = [], ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def _substitute(text, scope):
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: scope.get(m.group(1) or m.group(2), ""), text)


def _env_pairs(arguments):
    return dict(token.split("=", 1) for token in shlex.split(arguments))


def _resolve(instructions, build_args):
    """The Dockerfile as built with `build_args`: (instructions with variables replaced, the image's ENV)."""
    scope, env, resolved = {}, {}, []
    for keyword, arguments in instructions:
        if keyword in SUBSTITUTED:
            arguments = _substitute(arguments, scope)
        if keyword == "ARG":
            name, _, default = arguments.partition("=")
            scope[name] = build_args.get(name, default)
        elif keyword == "ENV":
            pairs = _env_pairs(arguments)
            scope |= pairs
            env |= pairs
        resolved.append((keyword, arguments))
    return resolved, env


def _arguments(instructions, keyword):
    return [arguments for found, arguments in instructions if found == keyword]


@pytest.fixture(scope="module")
def dockerfile(repo_root):
    return _instructions(repo_root / DOCKERFILE)


@pytest.fixture(scope="module")
def build_args(compose, service_ports):
    """What docker-compose.yml builds each service with."""
    return {name: compose["services"][name]["build"].get("args", {}) for name in service_ports}


@pytest.fixture(scope="module")
def images(dockerfile, build_args):
    """Per service: (its image's instructions, resolved; the image's ENV)."""
    return {
        name: _resolve(dockerfile, {key: str(value) for key, value in args.items()})
        for name, args in build_args.items()
    }


def _copy_sources(instructions):
    """Build-context paths that COPY/ADD read (multi-stage `--from` copies read no context)."""
    sources = []
    for arguments in _arguments(instructions, "COPY") + _arguments(instructions, "ADD"):
        tokens = json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)
        if any(token.startswith("--from") for token in tokens):
            continue
        sources += [token for token in tokens[:-1] if not token.startswith("--")]
    return sources


def _dockerignore_patterns(repo_root):
    lines = (repo_root / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _ignored(path, patterns):
    """True when path or one of its parents matches a pattern (fnmatch's `*` also crosses `/`)."""
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    globs = [glob for pattern in patterns for glob in (pattern, pattern.replace("**/", ""))]
    return any(fnmatch.fnmatch(prefix, glob) for prefix in prefixes for glob in globs)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_one_dockerfile_builds_every_service(repo_root, service_ports, build_args):
    assert sorted(str(path.relative_to(repo_root)) for path in repo_root.glob("services/*/Dockerfile")) == []
    assert build_args == {name: {"SERVICE": name, "PORT": str(port)} for name, port in service_ports.items()}


def test_dockerfile_takes_service_and_port_as_build_arguments_without_defaults(dockerfile):
    assert _arguments(dockerfile, "ARG") == ["SERVICE", "PORT"]


def test_dockerfile_shared_layers_come_before_the_build_arguments(dockerfile):
    # The contracts and the kit are installed before ARG SERVICE, so their layers are cached once
    # for all five images.
    keywords = [keyword for keyword, _ in dockerfile]
    first_arg = keywords.index("ARG")
    shared = [arguments for keyword, arguments in dockerfile[:first_arg] if keyword in ("COPY", "RUN")]

    assert shared == [
        "libs/contest_contracts /src/contest_contracts",
        "libs/contest_kit /src/contest_kit",
        "pip install /src/contest_contracts /src/contest_kit",
    ]


@pytest.mark.parametrize(
    "env, refused",
    [({}, True), ({"SERVICE": "review"}, True), ({"PORT": "8002"}, True),
     ({"SERVICE": "review", "PORT": "8002"}, False)],
)
def test_dockerfile_refuses_to_build_without_service_and_port(dockerfile, env, refused):
    # The first RUN after the build arguments, before anything of the service is copied.
    keywords = [keyword for keyword, _ in dockerfile]
    after_args = dockerfile[keywords.index("ARG"):]
    guard = next(arguments for keyword, arguments in after_args if keyword == "RUN")
    first_copy = next(arguments for keyword, arguments in after_args if keyword == "COPY")

    assert after_args.index(("RUN", guard)) < after_args.index(("COPY", first_copy))

    result = subprocess.run(["sh", "-c", guard], env={"PATH": os.environ["PATH"], **env},
                            capture_output=True, text=True, timeout=10, check=False)

    assert (result.returncode != 0) is refused
    assert ("--build-arg SERVICE=<service> --build-arg PORT=<port>" in result.stderr) is refused


def test_dockerfile_copy_sources_exist_and_are_not_ignored(repo_root, images):
    patterns = _dockerignore_patterns(repo_root)
    sources = {name: _copy_sources(resolved) for name, (resolved, _) in images.items()}

    assert sources == {
        name: ["libs/contest_contracts", "libs/contest_kit", f"services/{name}"] for name in images
    }
    assert [path for paths in sources.values() for path in paths if not (repo_root / path).is_dir()] == []
    assert [path for paths in sources.values() for path in paths if _ignored(path, patterns)] == []


def test_dockerfile_service_dir_has_pyproject_and_config(repo_root, service_ports):
    # COPY services/<name> /app then `pip install /app`; serve reads /app/config.yml.
    missing = [
        f"services/{name}/{file}"
        for name in service_ports
        for file in ("pyproject.toml", "config.yml")
        if not (repo_root / "services" / name / file).is_file()
    ]

    assert missing == []


def test_dockerfile_service_dir_is_the_working_directory(images):
    # `python -m contest_kit.serve` puts the working directory first on the path: the package is
    # found in /app/<service>, and its config.yml beside it in /app.
    for name, (resolved, _) in images.items():
        assert f"services/{name} /app" in _arguments(resolved, "COPY"), name
        assert _arguments(resolved, "WORKDIR") == ["/app"], name


def test_dockerfile_base_image_is_python_311_slim(dockerfile):
    assert _arguments(dockerfile, "FROM") == ["python:3.11-slim"]


def test_dockerfile_exposes_conventional_port(images, service_ports):
    exposed = {name: _arguments(resolved, "EXPOSE") for name, (resolved, _) in images.items()}

    assert exposed == {name: [str(port)] for name, port in service_ports.items()}


def test_dockerfile_web_server_address_binds_exposed_port(images, service_ports):
    addresses = {name: env.get("WEB_SERVER_ADDRESS") for name, (_, env) in images.items()}

    assert addresses == {name: f"0.0.0.0:{port}" for name, port in service_ports.items()}


def test_dockerfile_bakes_service_and_port_into_the_image_env(images, service_ports):
    baked = {name: (env.get("SERVICE"), env.get("PORT")) for name, (_, env) in images.items()}

    assert baked == {name: (name, str(port)) for name, port in service_ports.items()}


FAKE_SERVICE = textwrap.dedent("""
    import sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/health" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", int(sys.argv[1])), Health)
    print("serving", flush=True)
    server.serve_forever()
""")


def test_dockerfile_healthcheck_probes_health_with_python_on_its_port(dockerfile, images):
    (healthcheck,) = _arguments(dockerfile, "HEALTHCHECK")
    command = json.loads(healthcheck[healthcheck.index("CMD ") + 4 :])
    _, env = images["review"]
    port = _free_port()

    def probe():
        return subprocess.run(command, env={**os.environ, **env, "PORT": str(port)},
                              capture_output=True, timeout=15, check=False).returncode

    nobody_listens = probe()
    service = subprocess.Popen([sys.executable, "-c", FAKE_SERVICE, str(port)], stdout=subprocess.PIPE,
                               text=True)
    try:
        assert service.stdout.readline().strip() == "serving"
        answered = probe()
    finally:
        service.kill()
        service.wait()

    assert command[:2] == ["python", "-c"]
    assert "/health" in command[2] and "os.environ['PORT']" in command[2]
    assert (nobody_listens != 0, answered) == (True, 0)


def test_dockerfile_runs_as_non_root_user(dockerfile):
    assert _arguments(dockerfile, "USER") == ["10001:10001"]


def test_dockerfile_cmd_serves_the_service_it_was_built_for(dockerfile, images, tmp_path):
    # CMD goes through sh only to expand $SERVICE; `exec` leaves Python as PID 1. Run it with a
    # `python` that prints how it was called, in the environment of each image.
    (cmd,) = [json.loads(arguments) for arguments in _arguments(dockerfile, "CMD")]
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "$$ $*"\n')
    fake.chmod(0o755)
    ran = {}
    for name, (_, env) in images.items():
        result = subprocess.run([*cmd[:2], f"echo $$; {cmd[2]}"],
                                env={**env, "PATH": f"{tmp_path}:{os.environ['PATH']}"},
                                capture_output=True, text=True, timeout=10, check=False)
        shell_pid, python_line = result.stdout.splitlines()
        python_pid, _, argv = python_line.partition(" ")
        ran[name] = (argv, python_pid == shell_pid)

    assert cmd[:2] == ["sh", "-c"]
    assert ran == {name: (f"-m contest_kit.serve {name}", True) for name in images}


def test_dockerignore_excludes_local_state_caches_and_tests(repo_root):
    patterns = _dockerignore_patterns(repo_root)
    probes = [".git", ".venv", "var", "services/notify/var", "libs/contest_kit/contest_kit/__pycache__",
              "services/review/tests", "libs/contest_kit/tests"]

    assert [path for path in probes if not _ignored(path, patterns)] == []
