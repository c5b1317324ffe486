"""frictionlens.dask on a 2-worker LocalCluster (worker processes, 127.0.0.1, no
dashboard): the report equals `frictionlens analyze`'s (the dict, and the bytes once the
core renders it) for the demo store; for the store split into one file per day (users
spanning files), sharded on the cluster; and when a worker is killed mid-job (its nanny
restarts it and Dask reruns what was lost)."""

import json
import os
import signal
import sys
import time
import unittest

import support

import frictionlens
import frictionlens.dask as fld

TIMEOUT = 240  # seconds for any one wait on the cluster


class DaskAgainstCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import distributed
        support.set_up_store(cls, "fl-dask-")
        started = time.monotonic()
        cls.cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                               dashboard_address=None, silence_logs=40)
        try:
            cls.client = distributed.Client(cls.cluster, timeout=60)
        except BaseException:
            cls.cluster.close()
            raise
        print(f"LocalCluster of 2 workers up in {time.monotonic() - started:.1f} s", file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.client.close()
        finally:
            cls.cluster.close()
            cls.tmp.cleanup()

    def assertSameReport(self, report, cli_json):
        self.assertEqual(report, json.loads(cli_json))
        self.assertEqual(frictionlens.render(report, "json").encode(), cli_json)

    def test_1_local_cluster_equals_analyze(self):
        started = time.monotonic()
        report = fld.analyze([self.store], "store", client=self.client, shards=4, progress=False, timeout=TIMEOUT)
        print(f"dask.analyze, demo store, 4 shards: {time.monotonic() - started:.2f} s", file=sys.stderr)
        self.assertSameReport(report, self.cli_json)
        with self.assertRaises(TypeError):  # a misspelt option fails before any task runs
            fld.analyze([self.store], client=self.client, colums="a,b")
        # Shard files given directly are used as they are; a workdir keeps what was written.
        shards = frictionlens.shard(self.store, 3, os.path.join(self.tmp.name, "given"))
        workdir = os.path.join(self.tmp.name, "work")
        report = fld.analyze(shards, client=self.client, workdir=workdir, progress=False, timeout=TIMEOUT)
        self.assertSameReport(report, self.cli_json)
        (run,) = os.listdir(workdir)
        states = sorted(os.listdir(os.path.join(workdir, run, "states")))
        self.assertEqual(states, ["merge-1-00000.flstate", "merge-2-00000.flstate",
                                  "partial-00000.flstate", "partial-00001.flstate", "partial-00002.flstate"])

    def test_2_split_by_day_still_exact(self):
        day_dir = os.path.join(self.tmp.name, "days")
        os.mkdir(day_dir)
        days = support.split_by_day(self.store, day_dir)
        self.assertGreater(len(days), 7)
        expected = support.cli("analyze", *days, "--format", "json")
        # Users span the files: the report counts each once, as analyze does.
        self.assertEqual(json.loads(expected)["input"]["users"], json.loads(self.cli_json)["input"]["users"])
        started = time.monotonic()
        report = fld.analyze(days, journey="store", client=self.client, shards=6, progress=False, timeout=TIMEOUT)
        print(f"dask.analyze, {len(days)} day files, 6 shards: {time.monotonic() - started:.2f} s", file=sys.stderr)
        self.assertSameReport(report, expected)

    def test_3_worker_killed_mid_job(self):
        client = self.client
        shard_dir = os.path.join(self.tmp.name, "kill-shards")
        state_dir = os.path.join(self.tmp.name, "kill-states")
        os.mkdir(state_dir)
        shard_paths = fld.submit_shard(client, [self.store], 8, shard_dir, run="kill").result(timeout=TIMEOUT)
        partials = fld.submit_partials(client, shard_paths, state_dir, run="kill")
        import distributed
        done, _ = distributed.wait(partials, timeout=TIMEOUT, return_when="FIRST_COMPLETED")
        first = next(iter(done))
        holder = client.who_has([first])[first.key][0]
        pids = client.run(os.getpid)
        os.kill(pids[holder], signal.SIGKILL)
        finished = sum(f.done() for f in partials)
        print(f"killed worker {holder} (pid {pids[holder]}) holding {first.key}; {finished} of {len(partials)} "
              "partials finished", file=sys.stderr)
        # The merges and the report need the lost state: Dask reruns its task on a worker.
        root = fld.submit_merge_tree(client, partials, state_dir, run="kill")
        report = fld.submit_report(client, root, run="kill").result(timeout=TIMEOUT)
        self.assertSameReport(report, self.cli_json)

        def runs(dask_scheduler, key):
            return sum(1 for t in dask_scheduler.story(key) if t[1] == "processing" and t[2] == "memory")
        self.assertGreaterEqual(client.run_on_scheduler(runs, key=first.key), 2, "the lost partial was not rerun")
        # The nanny brought the worker back.
        deadline = time.monotonic() + 60
        while len(client.scheduler_info()["workers"]) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(len(client.scheduler_info()["workers"]), 2)
        self.assertNotIn(pids[holder], client.run(os.getpid).values())


if __name__ == "__main__":
    unittest.main(verbosity=2)
