"""The Python module against the command: frictionlens.analyze() gives the report of
`frictionlens analyze --format json` (the same bytes once rendered, the same dict), on the
demo store and on the Taobao capture in ../shared/data; shard -> partial -> merge ->
report in-process gives it too; funnel_table / friction_table have the CSV's columns."""

import io
import json
import os
import sys
import threading
import time
import unittest

import support

import frictionlens


class ModuleAgainstCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.set_up_store(cls, "fl-python-")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_analyze_equals_cli_on_the_demo_store(self):
        started = time.monotonic()
        text = frictionlens.analyze_json([self.store])
        print(f"analyze (module) on the demo store: {time.monotonic() - started:.2f} s", file=sys.stderr)
        self.assertEqual(text.encode(), self.cli_json)
        report = frictionlens.analyze(self.store, journey="store", threads=1)
        self.assertEqual(report, json.loads(self.cli_json))
        # The dict, rendered by the core again, is the command's bytes.
        self.assertEqual(frictionlens.render(report, "json").encode(), self.cli_json)

    def test_analyze_equals_cli_on_taobao(self):
        if not os.path.exists(support.TAOBAO):
            self.skipTest(f"{support.TAOBAO} is absent (../shared/data, see its README.md)")
        expected = support.cli("analyze", support.TAOBAO, "--columns", support.TAOBAO_OPTIONS["columns"],
                               "--journey", support.TAOBAO_JOURNEY, "--format", "json")
        text = frictionlens.analyze_json(support.TAOBAO, journey=support.TAOBAO_JOURNEY, **support.TAOBAO_OPTIONS)
        self.assertEqual(text.encode(), expected)
        # The journey as a dict and the columns as a list: the same report.
        with open(support.TAOBAO_JOURNEY, encoding="utf-8") as f:
            spec = json.load(f)
        report = frictionlens.analyze([support.TAOBAO], journey=spec, columns=support.TAOBAO_OPTIONS["columns"].split(","))
        self.assertEqual(report, json.loads(expected))
        self.assertGreater(report["input"]["rejected"], 0)  # the cut-off last line

    def test_shard_partial_merge_report_in_process(self):
        out = os.path.join(self.tmp.name, "shards")
        shards = frictionlens.shard([self.store], 5, out)
        self.assertEqual([os.path.basename(p) for p in shards], [f"shard-{i:05d}-of-00005.fltable" for i in range(5)])
        self.assertTrue(all(frictionlens.is_shard_file(p) for p in shards))
        self.assertFalse(frictionlens.is_shard_file(self.store))
        states = [frictionlens.partial([p]) for p in shards]
        self.assertTrue(all(isinstance(s, bytes) for s in states))
        # Any grouping: bytes and paths mixed, written and read back.
        left = frictionlens.merge(states[:2], output=os.path.join(self.tmp.name, "left.flstate"))
        right = frictionlens.merge([states[4], states[2], states[3]])
        # partial() of several shards is their states merged: the same bytes.
        self.assertEqual(frictionlens.partial(shards[2:]), right)
        merged = frictionlens.merge([right, left])
        self.assertEqual(frictionlens.report(merged), json.loads(self.cli_json))
        self.assertEqual(frictionlens.report(merged, format="json").keys(), json.loads(self.cli_json).keys())
        self.assertEqual(frictionlens.render(frictionlens.report(merged), "json").encode(), self.cli_json)
        self.assertEqual(frictionlens.report(merged, format="csv", table="friction").encode(),
                         support.cli("analyze", self.store, "--format", "csv", "--table", "friction"))
        self.assertEqual(frictionlens.state_json(merged)["shards"], [0, 1, 2, 3, 4])
        # A state that lacks a shard is refused, never reported as all users.
        with self.assertRaises(ValueError):
            frictionlens.report(frictionlens.merge(states[:4]))
        # A shard given twice is refused.
        with self.assertRaises(ValueError):
            frictionlens.merge([states[0], states[0]])

    def test_tables_have_the_csv_columns(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed (Debian: python3-pandas)")
        import pandas
        report = json.loads(self.cli_json)
        for table, make in (("funnel", frictionlens.funnel_table), ("friction", frictionlens.friction_table)):
            frame = make(report)
            csv = support.cli("analyze", self.store, "--format", "csv", "--table", table).decode()
            self.assertEqual(frictionlens.render(report, "csv", table), csv)
            expected = pandas.read_csv(io.StringIO(csv), keep_default_na=False, na_values=[""])
            self.assertEqual(list(frame.columns), csv.splitlines()[0].split(","))
            pandas.testing.assert_frame_equal(frame, expected)
            self.assertEqual(len(frame), len(csv.splitlines()) - 1)
        self.assertEqual(list(frictionlens.funnel_table(report)["step"]), [s["name"] for s in report["funnel"]["steps"]])

    def test_errors(self):
        with self.assertRaises(FileNotFoundError):
            frictionlens.analyze([os.path.join(self.tmp.name, "missing.csv")])
        with self.assertRaises(TypeError):
            frictionlens.analyze(self.store, colums="a,b")
        with self.assertRaises(ValueError):
            frictionlens.analyze(self.store, format="xml")
        with self.assertRaises(ValueError):
            frictionlens.partial([self.store])  # not a shard file
        with self.assertRaises(ValueError):
            frictionlens.report(b"not a state")

    def test_the_gil_is_released(self):
        # Another Python thread runs while the core works.
        ticks = []
        stop = threading.Event()

        def tick():
            while not stop.is_set():
                ticks.append(1)
                time.sleep(0.001)

        thread = threading.Thread(target=tick)
        thread.start()
        try:
            before = len(ticks)
            frictionlens.analyze_json(self.store, threads=1)
            during = len(ticks) - before
        finally:
            stop.set()
            thread.join()
        self.assertGreater(during, 5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
