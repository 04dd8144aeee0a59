#!/usr/bin/env python3
"""Measure one command's whole-process wall time and peak RSS.

Usage: measure.py [--one-run] TIMES_FILE LOG_PREFIX -- COMMAND [ARG...]

Appends "<wall ms> <peak KiB>" to TIMES_FILE and prints the wall time in seconds. The
command's stdout and stderr go to LOG_PREFIX.out and LOG_PREFIX.err; a non-zero exit prints
its stderr and exits 1.

Peak RSS always comes from `/usr/bin/time -f %M` (the child's wait4 ru_maxrss). Wall time:

- default: a first run spawned directly (posix_spawn) and timed with a monotonic clock, then a
  second run under /usr/bin/time for the RSS. /usr/bin/time's %e has a 10 ms resolution, and a
  finer clock around /usr/bin/time would include its own fork and exec (1-2 ms here), both too
  coarse for a synthesis that takes a few milliseconds.
- --one-run: a single run under /usr/bin/time, timed around it with the monotonic clock, so
  the wall time includes /usr/bin/time's start (1-2 ms); for commands that take seconds.

The RSS is not taken from a run spawned by this script: a child's ru_maxrss includes the
memory of the process it was forked from until it calls exec, and Python's is ~10 MiB, while
/usr/bin/time's is ~2 MiB (that much is included in every figure).
"""
import os
import sys
import tempfile
import time


def spawn(command, log_prefix):
    """Runs `command` with output to the log files; returns (wall ns, exit code)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 1, log_prefix + ".out", flags, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, log_prefix + ".err", flags, 0o644)]
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    _, status, _ = os.wait4(pid, 0)
    return time.perf_counter_ns() - start, os.waitstatus_to_exitcode(status)


def fail(command, code, log_prefix):
    with open(log_prefix + ".err", encoding="utf-8", errors="replace") as err:
        sys.stderr.write(err.read())
    print(f"measure.py: {' '.join(command)}: exited with status {code}", file=sys.stderr)
    return 1


def main(argv):
    one_run = len(argv) > 1 and argv[1] == "--one-run"
    args = argv[2:] if one_run else argv[1:]
    if len(args) < 4 or args[2] != "--":
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    times_file, log_prefix, command = args[0], args[1], args[3:]

    wall_ns = None
    if not one_run:
        wall_ns, code = spawn(command, log_prefix)
        if code != 0:
            return fail(command, code, log_prefix)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as rss:
        timed_ns, code = spawn(["/usr/bin/time", "-f", "%M", "-o", rss.name] + command, log_prefix)
        if code != 0:
            return fail(command, code, log_prefix)
        peak_kib = int(rss.read().split()[-1])
    wall_ns = timed_ns if wall_ns is None else wall_ns

    with open(times_file, "a", encoding="utf-8") as out:
        out.write(f"{wall_ns / 1e6:.3f} {peak_kib}\n")
    print(f"{wall_ns / 1e9:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
