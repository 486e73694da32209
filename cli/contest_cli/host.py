"""This machine as `contest up` and `contest down` see it: ports, processes, the lock on var/.

- `taken_ports` finds which of the ports the platform will listen on cannot be bound, and
  who holds them (Linux: /proc/net/tcp{,6} socket inodes matched with /proc/<pid>/fd links).
- `VarLock` is the exclusive lock a running `contest up` holds on `var/contest.lock`, with
  its pid written in the file, so a second one refuses to share the databases and names it.
- `die_with_parent` is the `preexec_fn` that makes a child get SIGTERM when the thread that
  started it ends (prctl PR_SET_PDEATHSIG), so a killed `contest up` leaves no orphans.
"""
import ctypes
import ctypes.util
import errno
import fcntl
import os
import signal
import socket
import sys
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1
UNKNOWN = "an unknown process"


# -- processes -------------------------------------------------------------------------------


def alive(pid):
    """True while `pid` runs; a zombie (exited, not yet reaped) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to somebody else
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: trust kill()
    return stat[stat.rindex(")") + 2:][:1] != "Z"


def command_line(pid):
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    text = raw.rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace")
    return text or None


def describe(pid):
    """'pid 123 (python -m contest_kit.serve gateway)', or without the command when hidden."""
    command = command_line(pid)
    return f"pid {pid} ({command})" if command else f"pid {pid}"


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


_prctl = _load_prctl()  # resolved here: the child between fork and exec should do next to nothing


def die_with_parent(sig=signal.SIGTERM):
    """A `preexec_fn`: the child gets `sig` when the thread that forked it ends (Linux only).

    Mind the thread: the kernel's "parent" is the forking thread, not the process, so a child
    must be started from a thread that lives as long as the child should.
    """
    if _prctl is None:
        return None
    parent = os.getpid()

    def preexec():
        _prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


# -- ports -----------------------------------------------------------------------------------


def port_free(port, host="127.0.0.1"):
    """Can a server bind `host:port` now? SO_REUSEADDR as the services use it, so a
    connection of an earlier run lingering in TIME_WAIT does not count as taken."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def _socket_inodes(port):
    """Inodes of TCP sockets bound to local `port`; listening ones first."""
    listening, other = [], []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[9] == "0":
                continue
            if int(fields[1].rsplit(":", 1)[1], 16) != port:
                continue
            (listening if fields[3] == "0A" else other).append(fields[9])
    return listening or other


def port_holders(port):
    """[(pid, command line or None)] of the processes holding `port`, as far as /proc shows.

    Empty when it cannot be seen (another user's process, another network namespace, no /proc).
    """
    wanted = {f"socket:[{inode}]" for inode in _socket_inodes(port)}
    if not wanted:
        return []
    holders = []
    try:
        pids = sorted(int(entry) for entry in os.listdir("/proc") if entry.isdigit())
    except OSError:
        return []
    for pid in pids:
        fd_dir = f"/proc/{pid}/fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"{fd_dir}/{fd}") in wanted:
                    holders.append((pid, command_line(pid)))
                    break
            except OSError:
                continue
    return holders


def holder_text(port):
    holders = port_holders(port)
    if not holders:
        return UNKNOWN
    return ", ".join(f"pid {pid} ({command})" if command else f"pid {pid}" for pid, command in holders)


def taken_ports(ports):
    """{label: port} -> [(label, port, who holds it)] for each port that cannot be bound."""
    return [(label, port, holder_text(port)) for label, port in ports.items() if not port_free(port)]


# -- the lock on var/ ------------------------------------------------------------------------


class VarLock:
    """`var/contest.lock`, held (flock, exclusive) by the `contest up` that runs over `var/`.

    The holder's pid is written in the file for the next one to name. The kernel drops the
    lock when the holder exits, however it exits, so a stale file never blocks anybody.
    """

    def __init__(self, var):
        self.path = Path(var) / "contest.lock"
        self._fd = None

    def acquire(self, record=True):
        """True when this process now holds the lock; False when somebody else does."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        if record:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def held_elsewhere(self):
        """Is the lock held by another process? (Takes and drops it when it is free.)"""
        if self._fd is not None or not self.path.exists():
            return False
        if not self.acquire(record=False):
            return True
        self.release()
        return False

    def holder(self, patience=1.0):
        """The pid the holder wrote, or None when it cannot be read.

        A holder writes its pid just after taking the lock: a pid that is not running (the
        previous holder's) or none at all is read again for up to `patience` seconds.
        """
        deadline = time.monotonic() + patience
        while True:
            try:
                pid = int(self.path.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pid = None
            if (pid is not None and alive(pid)) or time.monotonic() > deadline:
                return pid
            time.sleep(0.05)
