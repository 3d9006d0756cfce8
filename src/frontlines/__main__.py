"""`frontlines` and `python -m frontlines`: the command line, imported only when it runs.

This module must stay light. A worker process started from the lean fork server
(frontlines.workers) first re-runs the program's main script, as multiprocessing does for
every process it does not fork from the parent itself; with this as the console script's
module that costs nothing, where importing `frontlines.cli` would load every command, the
site and the store into each worker.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130  # as frontlines.cli.app's


def main() -> None:
    try:
        from frontlines.cli import main as run
    except KeyboardInterrupt:  # Ctrl-C while the commands load: nothing was done yet
        sys.stderr.write("Interrupted before anything was done\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    run()


if __name__ == "__main__":
    main()
