#!/usr/bin/python3
"""frictionlens on a Dask LocalCluster: the demo store's report computed by two worker
processes, checked against the single-machine report.

    ./dev python                                   # Debian packages, build, .pth file
    build/native/native-cli/frictionlens generate --users 20000 --seed 1 --output store.csv
    /usr/bin/python3 python/examples/local_cluster.py store.csv

On a real cluster, replace local_client() by distributed.Client("tcp://scheduler:8786")
and put the files where every worker sees them (docs/scale-out.md).
"""

import sys
import time

import frictionlens
import frictionlens.dask


def main(paths):
    # Worker processes are started by spawning: this file is imported by each of them,
    # hence the __main__ guard below.
    with frictionlens.dask.local_client(n_workers=2, threads_per_worker=1) as client:
        started = time.monotonic()
        report = frictionlens.dask.analyze(paths, journey="store", client=client, shards=8)
        print(f"on the cluster: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    single = frictionlens.analyze(paths, journey="store")
    print(f"on one machine: {time.monotonic() - started:.1f} s; the same report: {report == single}")
    print(frictionlens.render(report, "table"))
    try:
        print(frictionlens.funnel_table(report).to_string(index=False))
    except ImportError as e:  # no pandas
        print(e)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
