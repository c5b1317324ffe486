"""frictionlens for Python: the C++ core's report as a dict, and scale-out on Dask.

    import frictionlens
    report = frictionlens.analyze(["events.csv"], journey="store")
    frictionlens.funnel_table(report)          # a pandas DataFrame

The same report as ``frictionlens analyze --format json`` (the core renders it; this
module only parses its text), and the scale-out steps of the command line:
``shard`` -> ``partial`` (per shard) -> ``merge`` -> ``report``, whose report is the
same, byte for byte. ``frictionlens.dask.analyze`` runs those steps on a Dask cluster.

The native part, ``frictionlens._native``, is built by CMake into
``build/native/python/frictionlens/``; this package's path is extended to it (pkgutil),
so both directories on ``sys.path`` (``./dev python`` writes a .pth file for Debian's
python3) make one package. Every call into the core releases the GIL.
"""

import json as _json
import os as _os
import pkgutil as _pkgutil

__path__ = _pkgutil.extend_path(__path__, __name__)

from . import _native  # noqa: E402  (after the path is extended)

__version__ = _native.__version__
__all__ = ["analyze", "shard", "partial", "merge", "report", "render", "state_json", "is_shard_file",
           "funnel_table", "friction_table", "input_options"]

# Keyword options and the analyzer option each sets (core/analyzer.h, ParseAnalyzerOptions);
# the command's flags --input-format, --source, --delimiter, --columns, --map,
# --time-format, --session-gap, --keep-time-outliers.
_OPTION_KEYS = {
    "format": "format", "input_format": "format", "source": "source", "delimiter": "delimiter",
    "columns": "columns", "map": "map", "time_format": "time_format", "session_gap": "session_gap",
    "keep_time_outliers": "keep_time_outliers",
}


def input_options(**options):
    """The analyzer options (JSON text) for keyword options as analyze() takes them.

    format / input_format ("auto", "csv", "jsonl", "otto"), source, delimiter (one
    character or "tab"), columns (a list or "a,b,c"), map ({"user": "col"} or
    "user=col,time=col"), time_format, session_gap ("30m"), keep_time_outliers.
    """
    out = {}
    for key, value in options.items():
        if key not in _OPTION_KEYS:
            raise TypeError(f"unknown option {key!r}; expected one of: {', '.join(sorted(_OPTION_KEYS))}, threads")
        if value is None:
            continue
        name = _OPTION_KEYS[key]
        if name == "columns" and isinstance(value, str):
            value = value.split(",")
        elif name == "map" and isinstance(value, str):
            pairs = {}
            for pair in filter(None, value.split(",")):
                role, sep, column = pair.partition("=")
                if not sep or not column:
                    raise ValueError(f"map: expected ROLE=COLUMN, got {pair!r}")
                pairs[role] = column
            value = pairs
        elif name == "columns":
            value = list(value)
        out[name] = value
    return _json.dumps(out)


def _journey(journey):
    """A journey as the core takes it: a built-in name, a spec file's path, or spec JSON text."""
    if isinstance(journey, dict):
        return _json.dumps(journey)
    return _os.fspath(journey)


def _paths(paths):
    if isinstance(paths, (str, bytes)) or isinstance(paths, _os.PathLike):
        paths = [paths]
    return [_os.fsdecode(_os.fspath(p)) for p in paths]


def _state(state):
    if isinstance(state, (bytearray, memoryview)):
        return bytes(state)
    return state


def analyze(paths, journey="store", threads=0, **options):
    """The report (a dict) of event files, the JSON of ``frictionlens analyze --format json``.

    paths: a file or a list of files (one data set); journey: "store" (built in), a spec
    file's path, or a spec as a dict; threads: 0 for the machine's cores (any count gives
    the same report); options: see input_options().
    """
    return _json.loads(analyze_json(paths, journey, threads, **options))


def analyze_json(paths, journey="store", threads=0, **options):
    """The report's JSON text, byte for byte what ``frictionlens analyze --format json`` writes."""
    return _native.analyze(_paths(paths), input_options(**options), _journey(journey), int(threads))


def shard(paths, shards, output_dir, journey="store", threads=0, **options):
    """Reads the files as analyze() does and splits them by person into ``shards`` files
    (``output_dir/shard-00000-of-0000N.fltable``, created if missing); returns their paths.

    Each shard holds every event of each of its persons and the whole input's context, so
    partial() of each, merge() and report() give analyze()'s report.
    """
    output_dir = _os.fsdecode(_os.fspath(output_dir))
    return _native.shard(_paths(paths), int(shards), output_dir, input_options(**options), _journey(journey),
                         int(threads))


def partial(shard_paths, journey="store", output=None, threads=1):
    """The partial state of shard files (merged when several): bytes, or, with ``output``,
    written there (atomically: a killed task never leaves half a state) and its path returned."""
    target = "" if output is None else _os.fsdecode(_os.fspath(output))
    state = _native.partial(_paths(shard_paths), _journey(journey), int(threads), target)
    return target if output is not None else state


def merge(states, output=None):
    """Merges partial states (bytes, or paths of state files) of disjoint shards of one
    input and journey: bytes, or, with ``output``, written there and its path returned."""
    if isinstance(states, (bytes, str)) or isinstance(states, _os.PathLike):
        states = [states]
    target = "" if output is None else _os.fsdecode(_os.fspath(output))
    merged = _native.merge([_state(s) for s in states], target)
    return target if output is not None else merged


def report(state, format="json", table="funnel"):
    """The report of a state (bytes or a path) covering every shard: a dict for
    format="json"; text for "table", "html" and "csv" (with table= funnel, friction,
    paths, correlation or conformance), as ``frictionlens report`` writes them."""
    text = _native.report(_state(state), format, table)
    return _json.loads(text) if format == "json" else text


def render(report, format="table", table="funnel"):
    """A report (a dict from analyze() or report(), or its JSON text) as the command's
    table, html, csv or json text."""
    text = report if isinstance(report, str) else _json.dumps(report, ensure_ascii=False)
    return _native.render(text, format, table)


def state_json(state):
    """A partial state's JSON view (a dict), for debugging."""
    return _json.loads(_native.state_json(_state(state)))


def is_shard_file(path):
    """Whether a file (or bytes) is a shard file written by shard() (its magic)."""
    return _native.is_shard_file(_state(path))


def _csv_frame(report, table):
    try:
        import pandas
    except ImportError as e:
        raise ImportError(f"frictionlens.{table}_table needs pandas (Debian: apt-get install python3-pandas)") from e
    import io
    if isinstance(report, dict) and table != "funnel" and table not in report:
        raise KeyError(f"the report has no {table} section (turned off, or it does not apply to this journey)")
    return pandas.read_csv(io.StringIO(render(report, "csv", table)), keep_default_na=False, na_values=[""])


def funnel_table(report):
    """The funnel as a pandas DataFrame, one row per step: the columns and values of
    ``frictionlens analyze --format csv --table funnel``."""
    return _csv_frame(report, "funnel")


def friction_table(report):
    """The friction points as a pandas DataFrame in rank order: the columns and values of
    ``frictionlens analyze --format csv --table friction``."""
    return _csv_frame(report, "friction")
