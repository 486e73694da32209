"""deploy/k8s: base and overlays rendered by real kustomize, then checked against the k8s schemas."""

import re

import kubernetes_validate

# Schemas shipped offline by kubernetes-validate; 1.32 matches the kubectl client used to render.
K8S_VERSION = "1.32.0"
MEMORY_UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _by_kind(manifests, kind):
    return {doc["metadata"]["name"]: doc for doc in manifests if doc["kind"] == kind}


def _main_container(deployment):
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def _all_containers(deployment):
    pod = deployment["spec"]["template"]["spec"]
    return pod.get("initContainers", []) + pod["containers"]


def _container_port(container, port):
    """A probe or Service port (a number or a port name) as the container port number it reaches."""
    named = {declared.get("name"): declared["containerPort"] for declared in container["ports"]}
    return named.get(port, port)


def _untagged(image):
    """contest/review:0.1.0 or contest/review:${CONTEST_TAG:-dev} -> contest/review."""
    return re.sub(r":[^/]*$", "", image)


def _cpu(value):
    return int(value[:-1]) if value.endswith("m") else int(float(value) * 1000)


def _memory(value):
    return int(value[:-2]) * MEMORY_UNITS[value[-2:]] if value[-2:] in MEMORY_UNITS else int(value)


def test_k8s_manifests_valid_against_kubernetes_schemas(rendered):
    errors = []
    for target, manifests in rendered.items():
        for doc in manifests:
            try:
                kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
            except kubernetes_validate.ValidationError as error:
                path = "/".join(str(part) for part in error.path)
                errors.append(f"{target} {doc['kind']}/{doc['metadata']['name']} {path}: {error.message}")

    assert errors == []


def test_k8s_every_service_has_a_deployment_and_a_service(rendered, service_ports):
    for target, manifests in rendered.items():
        assert sorted(_by_kind(manifests, "Deployment")) == sorted(service_ports), target
        assert sorted(_by_kind(manifests, "Service")) == sorted(service_ports), target


def test_k8s_services_select_their_pods_on_the_conventional_port(rendered, service_ports):
    deployments, services = _by_kind(rendered["base"], "Deployment"), _by_kind(rendered["base"], "Service")
    for name, port in service_ports.items():
        pod_labels = deployments[name]["spec"]["template"]["metadata"]["labels"]
        (service_port,) = services[name]["spec"]["ports"]

        assert services[name]["spec"]["selector"].items() <= pod_labels.items(), name
        assert service_port["port"] == port, name
        assert _container_port(_main_container(deployments[name]), service_port["targetPort"]) == port, name


def test_k8s_probes_get_health_on_the_declared_port(rendered, service_ports):
    for name, deployment in _by_kind(rendered["base"], "Deployment").items():
        container = _main_container(deployment)
        probes = {kind: container[kind]["httpGet"] for kind in ("readinessProbe", "livenessProbe")}
        declared = [port["containerPort"] for port in container["ports"]]

        assert declared == [service_ports[name]], name
        assert {kind: get["path"] for kind, get in probes.items()} == {
            "readinessProbe": "/health",
            "livenessProbe": "/health",
        }, name
        assert {_container_port(container, get["port"]) for get in probes.values()} == {
            service_ports[name]
        }, name


def test_k8s_migrations_run_in_an_init_container_not_at_start(rendered, service_ports):
    for name, deployment in _by_kind(rendered["prod"], "Deployment").items():
        (init,) = deployment["spec"]["template"]["spec"]["initContainers"]
        main = _main_container(deployment)

        assert init["command"] == ["python", "-m", "contest_kit.migrate", name]
        assert init["image"] == main["image"]
        assert {env["name"]: env.get("value") for env in main["env"]}["DB_AUTO_MIGRATE"] == "false"


def test_k8s_containers_request_and_cap_small_resources(rendered):
    oversized = []
    for name, deployment in _by_kind(rendered["prod"], "Deployment").items():
        for container in _all_containers(deployment):
            requests, limits = container["resources"]["requests"], container["resources"]["limits"]
            if not (_cpu(requests["cpu"]) <= _cpu(limits["cpu"]) <= 1000):
                oversized.append(f"{name}/{container['name']} cpu")
            if not (_memory(requests["memory"]) <= _memory(limits["memory"]) <= 512 * 2**20):
                oversized.append(f"{name}/{container['name']} memory")

    assert oversized == []


def test_k8s_containers_read_env_from_contest_config_and_secrets(rendered):
    expected = [{"configMapRef": {"name": "contest-config"}}, {"secretRef": {"name": "contest-secrets"}}]
    for manifests in rendered.values():
        assert list(_by_kind(manifests, "ConfigMap")) == ["contest-config"]
        assert list(_by_kind(manifests, "Secret")) == ["contest-secrets"]
        for name, deployment in _by_kind(manifests, "Deployment").items():
            assert [container["envFrom"] for container in _all_containers(deployment)] == [
                expected,
                expected,
            ], name


def test_k8s_env_references_resolve_to_config_or_secret_keys(rendered):
    config = _by_kind(rendered["base"], "ConfigMap")["contest-config"]["data"]
    secret = _by_kind(rendered["base"], "Secret")["contest-secrets"]["stringData"]
    unresolved = []
    for name, deployment in _by_kind(rendered["base"], "Deployment").items():
        for container in _all_containers(deployment):
            for env in container.get("env", []):
                references = re.findall(r"\$\((\w+)\)", env.get("value", ""))
                unresolved += [
                    f"{name}/{env['name']}: {ref}" for ref in references if ref not in config | secret
                ]

    assert unresolved == []


def test_k8s_each_service_gets_every_env_var_it_uses(rendered, service_env):
    config = _by_kind(rendered["base"], "ConfigMap")["contest-config"]["data"]
    secret = _by_kind(rendered["base"], "Secret")["contest-secrets"]["stringData"]
    deployments = _by_kind(rendered["base"], "Deployment")
    missing = {}
    for name, needed in service_env.items():
        available = (
            set(config) | set(secret) | {env["name"] for env in _main_container(deployments[name])["env"]}
        )
        missing[name] = sorted(needed - available)

    assert missing == {name: [] for name in service_env}


def test_k8s_container_env_vars_are_read_by_the_service_config(rendered, config_vars):
    deployments = _by_kind(rendered["base"], "Deployment")
    unread = {
        name: sorted({env["name"] for env in _main_container(deployments[name])["env"]} - read)
        for name, read in config_vars.items()
    }

    assert unread == {name: [] for name in config_vars}


def test_k8s_secret_holds_only_marked_placeholders(rendered):
    secret = _by_kind(rendered["base"], "Secret")["contest-secrets"]

    assert "data" not in secret
    assert (
        sorted(key for key, value in secret["stringData"].items() if not value.startswith("CHANGE-ME")) == []
    )


def test_k8s_pods_carry_prometheus_scrape_annotations_for_their_port(rendered, service_ports):
    annotations = {
        name: deployment["spec"]["template"]["metadata"]["annotations"]
        for name, deployment in _by_kind(rendered["base"], "Deployment").items()
    }

    assert annotations == {
        name: {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": str(port),
            "prometheus.io/path": "/metrics",
        }
        for name, port in service_ports.items()
    }


def test_k8s_prod_scales_gateway_and_registration_beyond_dev(rendered, service_ports):
    def replicas(target):
        return {name: d["spec"]["replicas"] for name, d in _by_kind(rendered[target], "Deployment").items()}

    assert replicas("dev") == dict.fromkeys(service_ports, 1)
    assert replicas("prod") == dict.fromkeys(service_ports, 1) | {"gateway": 3, "registration": 2}


def test_k8s_prod_autoscales_the_gateway_deployment(rendered):
    (hpa,) = [doc for doc in rendered["prod"] if doc["kind"] == "HorizontalPodAutoscaler"]
    gateway = _by_kind(rendered["prod"], "Deployment")["gateway"]

    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "gateway"}
    assert hpa["spec"]["minReplicas"] == gateway["spec"]["replicas"]
    assert hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
    assert [doc["kind"] for doc in rendered["dev"] if doc["kind"] == "HorizontalPodAutoscaler"] == []


def test_k8s_overlays_put_everything_in_their_namespace(rendered):
    for target, namespace in (("dev", "contest-dev"), ("prod", "contest")):
        namespaced = [doc for doc in rendered[target] if doc["kind"] != "Namespace"]

        assert list(_by_kind(rendered[target], "Namespace")) == [namespace]
        assert sorted({doc["metadata"].get("namespace") for doc in namespaced}) == [namespace]


def test_k8s_images_pin_a_tag_other_than_latest(rendered):
    images = {
        container["image"]
        for manifests in rendered.values()
        for deployment in _by_kind(manifests, "Deployment").values()
        for container in _all_containers(deployment)
    }

    assert (
        sorted(image for image in images if ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest"))
        == []
    )


def test_k8s_each_service_runs_the_image_compose_builds_for_it(rendered, compose, service_ports):
    # Built from the one Dockerfile with SERVICE=<name>: the Deployment keeps the image's CMD
    # (python -m contest_kit.serve <name>) and overrides neither command nor args.
    deployments = _by_kind(rendered["base"], "Deployment")
    images = {name: _untagged(_main_container(deployments[name])["image"]) for name in service_ports}
    overridden = {
        name: sorted({"command", "args"} & set(_main_container(deployments[name])))
        for name in service_ports
    }

    assert images == {name: _untagged(compose["services"][name]["image"]) for name in service_ports}
    assert {name: compose["services"][name]["build"]["args"]["SERVICE"] for name in service_ports} == {
        name: name for name in service_ports
    }
    assert overridden == {name: [] for name in service_ports}
