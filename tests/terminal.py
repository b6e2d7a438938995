"""A command in a pseudo-terminal, read and typed into as a person would (stdlib only).
Used by tests/test_chat.py and bench/chat_start.py."""

import os
import pty
import re
import select
import signal
import time

#: Colours, cursor moves and carriage returns: what a person does not read as text.
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[=>]|\r")


class Terminal:
    """A command run in a pseudo-terminal, read and typed into as a person would."""

    def __init__(self, command, cwd, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the command, on the terminal's side
            os.chdir(cwd)
            os.execvpe(command[0], command, env)
        self.seen, self.pos = "", 0

    def read_until(self, pattern, timeout=180):
        """Read until `pattern` shows after what was matched last; return the text up to it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.seen[self.pos:])
            if match:
                start, self.pos = self.pos, self.pos + match.end()
                return self.seen[start:self.pos]
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:
                    break
                self.seen += ANSI.sub("", chunk)
        raise AssertionError(f"never saw {pattern!r}; the screen ended with:\n{self.seen[-2000:]}")

    def type(self, text):
        os.write(self.fd, text.encode())

    def wait(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            ready, _, _ = select.select([self.fd], [], [], 0.1)  # never block on a live child
            if ready:
                try:
                    os.read(self.fd, 65536)
                except OSError:
                    time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("the chat did not exit")



    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
