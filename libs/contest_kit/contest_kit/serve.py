"""`python -m contest_kit.serve SERVICE`: run one service the way every deployment runs it.

1. read the service's `config.yml` (beside its package; `--config` for another), with
   `${VAR:default}` from the environment, and check it against the service's settings
   class: a bad value stops the start here, named, instead of failing later where it is used;
2. configure logging, the same for every service (contest_kit.logs);
3. apply the service's migrations when `DB_AUTO_MIGRATE` is true: a step of its own, done
   before the service takes any work (Kubernetes runs it in an init container instead);
4. run the nameko service, as `nameko run` would, except that a second SIGTERM while the
   first is still stopping the service is ignored (nameko 2 hangs when two stops overlap, and
   a dying supervisor may well send two).
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402 - before anything imports socket or threading

import argparse  # noqa: E402
import errno  # noqa: E402
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import logging.config  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from contest_kit.logs import logging_config  # noqa: E402
from contest_kit.settings import Settings, SettingsError, SettingsProvider, load_config  # noqa: E402


def service_class(service):
    """`<service>.service:<Service>Service`, the one convention every service follows."""
    module = importlib.import_module(f"{service}.service")
    return getattr(module, f"{service.capitalize()}Service")


def default_config_path(service):
    """services/<name>/config.yml: beside the installed package, as in the image's /app."""
    spec = importlib.util.find_spec(service)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"service package {service!r} is not installed (run `make install`)")
    return Path(list(spec.submodule_search_locations)[0]).parent / "config.yml"


def settings_class(cls):
    provider = getattr(cls, "settings", None)
    return provider.settings_class if isinstance(provider, SettingsProvider) else Settings


def prepare(service, config_path=None):
    """The service class and its config, checked, with every setting in it typed."""
    cls = service_class(service)
    config = load_config(config_path or default_config_path(service))
    settings = settings_class(cls).from_config(config)
    for field, key, _env, _default, _doc in settings.described():
        config[key] = getattr(settings, field.name)
    return cls, config, settings


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m contest_kit.serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("service", help="registration, review, ranking, notify or gateway")
    parser.add_argument("--config", help="config file (default: the service's config.yml)")
    args = parser.parse_args(argv)
    try:
        cls, config, settings = prepare(args.service, args.config)
    except SettingsError as exc:
        print(f"{args.service}: {exc}", file=sys.stderr)
        return 2
    logging.config.dictConfig(logging_config(settings.log_level))
    if settings.db_auto_migrate:
        from contest_kit.migrate import upgrade_service
        upgrade_service(args.service, settings.db_url)
    run(cls, config)
    return 0


def run(cls, config):
    """nameko's `run`, with one stop at a time: SIGTERM or Ctrl-C stops gracefully, once."""
    from nameko.runners import ServiceRunner

    runner = ServiceRunner(config)
    runner.add_service(cls)
    stopping = []

    def stop(*_):
        if not stopping:  # signal handlers run in the main loop: stop in a greenthread
            stopping.append(eventlet.spawn(runner.stop))

    signal.signal(signal.SIGTERM, stop)
    runner.start()
    waiter = eventlet.spawn(runner.wait)
    while True:
        try:
            waiter.wait()
            # Stopped: a SIGTERM from now on must not kill the exit half-way (Python restores the
            # default action for handled signals while it shuts down, but leaves an ignored one).
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            return
        except OSError as exc:  # EINTR: a signal arrived while eventlet waited on a socket
            if exc.errno != errno.EINTR:
                raise
        except KeyboardInterrupt:
            stop()


if __name__ == "__main__":
    sys.exit(main())
