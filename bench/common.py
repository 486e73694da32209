"""What the benchmark scripts share: a RabbitMQ vhost of their own."""
import subprocess
import uuid


def vhost():
    """A fresh vhost, so a benchmark never meets another run's queues; delete it afterwards."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", name], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", name, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True)
    return name
