"""Shared by the Python tests (run by ctest, tests/CMakeLists.txt): the command's path,
the data, and running the command."""

import os
import subprocess
import unittest

CLI = os.environ.get("FL_CLI", "")
SOURCE_DIR = os.environ.get("FL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED_DIR = os.environ.get("FL_SHARED_DIR", os.path.join(SOURCE_DIR, "..", "shared"))
TAOBAO = os.path.join(SHARED_DIR, "data", "taobao", "UserBehavior_flink_subset.csv")
TAOBAO_OPTIONS = {"columns": "user_id,item_id,category_id,behavior,ts"}
TAOBAO_JOURNEY = os.path.join(SOURCE_DIR, "tests", "cases", "taobao_journey.json")


def need_cli(test):
    if not CLI or not os.access(CLI, os.X_OK):
        raise unittest.SkipTest("FL_CLI does not name the built frictionlens command (run through ctest)")


def cli(*args, timeout=300):
    """The command's standard output (bytes); fails the test on a non-zero exit."""
    done = subprocess.run([CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"frictionlens {' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return done.stdout


def generate_store(path, users=20000, seed=1):
    """The demo store's events (`frictionlens demo` generates the same: 20,000 users, seed 1)."""
    cli("generate", "--users", str(users), "--seed", str(seed), "--output", path)
    return path


def set_up_store(cls, prefix):
    """For a test class: a temporary directory (cls.tmp), the demo store in it (cls.store)
    and the command's JSON report of it (cls.cli_json)."""
    import tempfile
    need_cli(cls)
    cls.tmp = tempfile.TemporaryDirectory(prefix=prefix)
    cls.store = generate_store(os.path.join(cls.tmp.name, "store.csv"))
    cls.cli_json = cli("analyze", cls.store, "--format", "json")


def split_by_day(path, out_dir):
    """The CSV's rows in one file per day of their time (header repeated), in row order:
    a user's events span several files. Returns the files, by day."""
    import csv
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    time_column = next(i for i, name in enumerate(header) if name in ("timestamp", "time", "event_time", "ts"))
    days = {}
    for row in rows:
        days.setdefault(row[time_column][:10], []).append(row)
    files = []
    for day in sorted(days):
        name = os.path.join(out_dir, f"events-{day}.csv")
        with open(name, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(days[day])
        files.append(name)
    return files
