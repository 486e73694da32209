"""A local SMTP server that keeps every mail as a .eml file: the embedded default for mail.

Run as `python -m contest_cli.smtp_sink --port 8025 --dir var/mail`.
"""
import argparse
import os
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class SaveToDirectory:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._count = 0

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._count += 1
            name = f"{time.time_ns()}-{os.getpid()}-{self._count}.eml"
        tmp = self.directory / (name + ".part")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(self.directory / name)  # readers see whole files only
        return "250 Message accepted for delivery"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m contest_cli.smtp_sink")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", default="var/mail")
    args = parser.parse_args(argv)
    # SMTPUTF8, as the relays a production platform mails through: contacts' addresses may be Chinese.
    controller = Controller(SaveToDirectory(args.dir), hostname=args.host, port=args.port,
                            enable_SMTPUTF8=True)
    controller.start()
    print(f"smtp sink on {args.host}:{args.port}, mails kept in {args.dir}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
