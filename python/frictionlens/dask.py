"""frictionlens on a Dask cluster: the report of ``frictionlens analyze``, exact to the byte.

    import frictionlens.dask
    report = frictionlens.dask.analyze(["day1.csv", "day2.csv"], journey="store")

The steps of the command line, as Dask tasks: when the inputs are event files (not shard
files already), one task reads them as ``analyze`` does and splits them by person into
shard files (``frictionlens.shard``); one task per shard writes its partial state
(``frictionlens.partial``); pairs of states are merged in a tree (``frictionlens.merge``)
and the last state gives the report (``frictionlens.report``). Workers get file paths,
never bytes: shards and states are files in ``workdir``, which every worker must see
(one machine, or a shared filesystem; see docs/scale-out.md). A state is written under a
temporary name and renamed, so a worker lost mid-task leaves nothing half-written, and
Dask reruns its tasks, with the same result.
"""

import contextlib as _contextlib
import os as _os
import shutil as _shutil
import sys as _sys
import tempfile as _tempfile
import uuid as _uuid

import distributed as _distributed

import frictionlens as _fl

__all__ = ["analyze", "submit_shard", "submit_partials", "submit_merge_tree", "submit_report", "local_client"]


# ---- the tasks (run on workers: plain paths in, paths or the report out) ----------------

def _shard_task(paths, shards, output_dir, journey, threads, options):
    return _fl.shard(paths, shards, output_dir, journey=journey, threads=threads, **options)


def _partial_task(shard_path, journey, output):
    return _fl.partial([shard_path], journey=journey, output=output)


def _merge_task(state_paths, output):
    return _fl.merge(state_paths, output=output)


def _report_task(state_path):
    return _fl.report(state_path)


# ---- building blocks (each returns Dask futures) ----------------------------------------

def _absolute(paths):
    return [_os.path.abspath(p) for p in _fl._paths(paths)]


def _journey(journey):
    """A spec file's path made absolute (workers may run elsewhere); names and specs as given."""
    journey = _fl._journey(journey)
    if journey.lstrip().startswith("{") or not _os.path.exists(journey):
        return journey
    return _os.path.abspath(journey)


def _run_id():
    return _uuid.uuid4().hex[:12]


def submit_shard(client, paths, shards, output_dir, journey="store", run=None, resources=None, **options):
    """One task that reads the event files and writes ``shards`` shard files into
    ``output_dir``; its future holds their paths. It holds the whole input in memory:
    ``resources`` (Dask worker resources, e.g. {"memory-large": 1}) can send it to a
    larger worker."""
    threads = options.pop("threads", 1)
    return client.submit(_shard_task, _absolute(paths), int(shards), _os.path.abspath(output_dir), _journey(journey),
                         threads, options, key=f"frictionlens-shard-{run or _run_id()}", resources=resources)


def submit_partials(client, shard_paths, state_dir, journey="store", run=None):
    """One task per shard file writing its state into ``state_dir``; the futures hold
    the states' paths."""
    run = run or _run_id()
    state_dir = _os.path.abspath(state_dir)
    journey = _journey(journey)
    return [client.submit(_partial_task, path, journey, _os.path.join(state_dir, f"partial-{i:05d}.flstate"),
                          key=f"frictionlens-partial-{run}-{i:05d}")
            for i, path in enumerate(shard_paths)]


def submit_merge_tree(client, state_futures, state_dir, run=None):
    """Merges states in a tree of pairs (an odd one out goes up a level as it is); the
    future of the root's path. Merging is exact in any grouping, so the tree's shape never
    changes the report."""
    if not state_futures:
        raise ValueError("no states to merge")
    run = run or _run_id()
    state_dir = _os.path.abspath(state_dir)
    level, depth = list(state_futures), 0
    while len(level) > 1:
        depth += 1
        up = []
        for i in range(0, len(level), 2):
            if i + 1 == len(level):
                up.append(level[i])
                continue
            output = _os.path.join(state_dir, f"merge-{depth}-{i // 2:05d}.flstate")
            up.append(client.submit(_merge_task, [level[i], level[i + 1]], output,
                                    key=f"frictionlens-merge-{run}-{depth}-{i // 2:05d}"))
        level = up
    return level[0]


def submit_report(client, state_future, run=None):
    """The report (a dict) of the state that covers every shard."""
    return client.submit(_report_task, state_future, key=f"frictionlens-report-{run or _run_id()}")


@_contextlib.contextmanager
def local_client(n_workers=2, threads_per_worker=1, **cluster_options):
    """A LocalCluster on 127.0.0.1 (worker processes, no dashboard) and its client, both
    closed on leaving the block."""
    cluster_options.setdefault("host", "127.0.0.1")
    cluster_options.setdefault("dashboard_address", None)
    cluster_options.setdefault("processes", True)
    cluster = _distributed.LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker, **cluster_options)
    try:
        client = _distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def _interactive():
    return hasattr(_sys, "ps1") or "ipykernel" in _sys.modules or _sys.stderr.isatty()


def _worker_threads(client):
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def analyze(paths, journey="store", client=None, shards=None, workdir=None, progress=None, timeout=None,
            **options):
    """The report (a dict) of event files or shard files, computed on a Dask cluster: the
    same as ``frictionlens.analyze(paths, journey, **options)``, byte for byte.

    paths: event files (read as ``analyze`` reads them, then sharded on one worker), or
      the shard files of ``frictionlens.shard`` (used as they are).
    client: a ``distributed.Client``; None uses the current default client, or starts a
      LocalCluster on 127.0.0.1 for this call.
    shards: how many shards to cut event files into (default: twice the cluster's threads).
    workdir: where shards and states go, seen by every worker (default: a temporary
      directory, removed afterwards; a given workdir keeps them under ``run-<id>/``).
    progress: show Dask's progress bar (default: when interactive).
    timeout: seconds to wait for the report (default: no limit).
    options: the input options of ``frictionlens.analyze`` (format, delimiter, map,
      time_format, session_gap, ...; threads for the sharding task).
    """
    paths = _absolute(paths)
    if not paths:
        raise ValueError("no input files")
    kinds = {_fl.is_shard_file(p) for p in paths}
    if kinds == {True, False}:
        raise ValueError("paths mix shard files and event files; give one kind")
    already_sharded = kinds == {True}
    if already_sharded and options:
        raise TypeError("input options apply to event files, not to shard files: " + ", ".join(sorted(options)))
    _fl.input_options(**{k: v for k, v in options.items() if k != "threads"})  # unknown options fail here

    with _contextlib.ExitStack() as stack:
        if client is None:
            try:
                client = _distributed.get_client()
            except ValueError:
                client = stack.enter_context(local_client())
        run = _run_id()
        if workdir is None:
            base = _tempfile.mkdtemp(prefix="frictionlens-dask-")
            stack.callback(_shutil.rmtree, base, True)
        else:
            base = _os.path.join(_os.path.abspath(workdir), f"run-{run}")
        shard_dir, state_dir = _os.path.join(base, "shards"), _os.path.join(base, "states")
        _os.makedirs(state_dir, exist_ok=True)

        if already_sharded:
            shard_paths = paths
        else:
            count = int(shards) if shards else 2 * _worker_threads(client)
            shard_future = submit_shard(client, paths, count, shard_dir, journey, run=run, **options)
            if progress if progress is not None else _interactive():
                _distributed.progress(shard_future)
            shard_paths = shard_future.result(timeout=timeout)
        partials = submit_partials(client, shard_paths, state_dir, journey, run=run)
        root = submit_merge_tree(client, partials, state_dir, run=run)
        report_future = submit_report(client, root, run=run)
        if progress if progress is not None else _interactive():
            _distributed.progress(report_future, *partials)
        return report_future.result(timeout=timeout)
