"""services/*/Dockerfile and .dockerignore, read as text: no Docker engine here to build them."""

import fnmatch
import json
import re
import shlex


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


def _arguments(instructions, keyword):
    return [arguments for found, arguments in instructions if found == keyword]


def _dockerfiles(repo_root, service_ports):
    return {name: _instructions(repo_root / "services" / name / "Dockerfile") for name in service_ports}


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


def test_dockerfile_copy_sources_exist_and_are_not_ignored(repo_root, service_ports):
    patterns = _dockerignore_patterns(repo_root)
    sources = {name: _copy_sources(found) for name, found in _dockerfiles(repo_root, service_ports).items()}

    assert sources == {name: ["libs/contest_kit", f"services/{name}"] for name in service_ports}
    assert [path for paths in sources.values() for path in paths if not (repo_root / path).is_dir()] == []
    assert [path for paths in sources.values() for path in paths if _ignored(path, patterns)] == []


def test_dockerfile_service_dir_has_pyproject_and_config(repo_root, service_ports):
    # COPY services/<name> /app then `pip install /app` and `--config /app/config.yml` need both.
    missing = [
        f"services/{name}/{file}"
        for name in service_ports
        for file in ("pyproject.toml", "config.yml")
        if not (repo_root / "services" / name / file).is_file()
    ]

    assert missing == []


def test_dockerfile_base_image_is_python_311_slim(repo_root, service_ports):
    bases = {
        name: _arguments(found, "FROM") for name, found in _dockerfiles(repo_root, service_ports).items()
    }

    assert bases == {name: ["python:3.11-slim"] for name in service_ports}


def test_dockerfile_exposes_conventional_port(repo_root, service_ports):
    exposed = {
        name: _arguments(found, "EXPOSE") for name, found in _dockerfiles(repo_root, service_ports).items()
    }

    assert exposed == {name: [str(port)] for name, port in service_ports.items()}


def test_dockerfile_web_server_address_binds_exposed_port(repo_root, service_ports):
    addresses = {
        name: re.findall(r"WEB_SERVER_ADDRESS=(\S+)", " ".join(_arguments(found, "ENV")))
        for name, found in _dockerfiles(repo_root, service_ports).items()
    }

    assert addresses == {name: [f"0.0.0.0:{port}"] for name, port in service_ports.items()}


def test_dockerfile_healthcheck_probes_health_with_python_on_its_port(repo_root, service_ports):
    for name, found in _dockerfiles(repo_root, service_ports).items():
        (healthcheck,) = _arguments(found, "HEALTHCHECK")
        command = json.loads(healthcheck[healthcheck.index("CMD ") + 4 :])

        assert command[:2] == ["python", "-c"], name
        assert f"urlopen('http://127.0.0.1:{service_ports[name]}/health'" in command[2], name


def test_dockerfile_runs_as_non_root_user(repo_root, service_ports):
    users = {
        name: _arguments(found, "USER") for name, found in _dockerfiles(repo_root, service_ports).items()
    }

    assert users == {name: ["10001:10001"] for name in service_ports}


def test_dockerfile_cmd_runs_nameko_with_app_config(repo_root, service_ports):
    commands = {
        name: [json.loads(arguments) for arguments in _arguments(found, "CMD")]
        for name, found in _dockerfiles(repo_root, service_ports).items()
    }

    assert commands == {
        name: [["nameko", "run", "--config", "/app/config.yml", f"{name}.service:{name.capitalize()}Service"]]
        for name in service_ports
    }


def test_dockerignore_excludes_local_state_and_caches(repo_root):
    patterns = _dockerignore_patterns(repo_root)
    probes = [".git", ".venv", "var", "services/notify/var", "libs/contest_kit/contest_kit/__pycache__"]

    assert [path for path in probes if not _ignored(path, patterns)] == []
