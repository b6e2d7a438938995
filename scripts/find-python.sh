#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10; the project pins 3.10).
# Looks at $PYTHON, then python3.10 on PATH, then pyenv's versions. Fails with a clear message.
set -u
is310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
roots=()
command -v pyenv >/dev/null 2>&1 && roots+=("$(pyenv root 2>/dev/null)")
roots+=("${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv /opt/pyenv)
for root in "${roots[@]}"; do
  [ -n "$root" ] || continue
  for python in "$root"/versions/3.10*/bin/python3.10 "$root"/versions/3.10*/bin/python; do
    candidates+=("$python")
  done
done
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10 python3)
for python in "${candidates[@]}"; do
  path=$(command -v "$python" 2>/dev/null) || continue
  # A pyenv shim may exist without the version behind it; ask the interpreter itself.
  real=$("$path" -c 'import sys; print(sys.executable)' 2>/dev/null) || continue
  if is310 "$real"; then echo "$real"; exit 0; fi
done
cat >&2 <<'MSG'
error: no Python 3.10 found.
Rasa Open Source 3.6 needs Python 3.8-3.10 and this project pins 3.10.
Install it (for example `pyenv install 3.10.13`, or your system's python3.10 package),
or point to it with PYTHON=/path/to/python3.10 make ...
MSG
exit 1
