"""``python -m collective_impact`` and the ``collective-impact`` command run the command line.

:func:`run` is the command's entry point: it imports the command line itself, so that a Ctrl-C
while Python is still importing (the first tenth of a second) ends the command as one later
does, with "interrupted" and status 130, not a traceback. This module imports nothing else.
"""

import sys

#: The exit status of a command interrupted (Ctrl-C), as :mod:`collective_impact.cli` says.
_INTERRUPTED = 130


def run() -> int:
    """Run the command line on ``sys.argv``; return the exit status."""
    try:
        from .cli import main

        return main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):  # no standard error to say it on
            pass
        return _INTERRUPTED


if __name__ == "__main__":
    sys.exit(run())
