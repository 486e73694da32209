"""Root of every test layer.

eventlet must patch the standard library before anything imports socket or threading
(STACK.md, snag 4), hence first thing here; then the kit's pytest plugin brings the shared
fixtures (a RabbitMQ vhost, databases, service containers) to every test.
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402

pytest_plugins = ["contest_kit.testing"]
