"""No include runs up the layers of core/ or sideways between report sections.

Layers, lowest first: the base (core/*.h outside the folders below, core/json, core/stats),
core/ingest and core/demo, core/journey (spec and matcher), core/sections (the section
interface), the sections themselves (funnel, friction, forms, input_quality, experiment, survival, delivery, paths, correlation, conformance: never each
other), core/report (registry, driver, report), core/scaleout (shards, partial states
and their merge, over the report layer), core/analyzer.*, and core/session (a finished
run's table kept for more journeys) on top.
"""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
SECTIONS = {"funnel", "friction", "forms", "input_quality", "experiment", "survival", "delivery", "paths", "correlation", "conformance"}
LAYER = {"base": 0, "json": 0, "stats": 0, "ingest": 1, "demo": 1, "journey": 2, "sections": 3,
         "section": 4, "report": 5, "scaleout": 6, "analyzer": 7, "session": 8}


def place(path):
    """(layer name, folder) of a path relative to core/."""
    parts = path.split("/")
    if len(parts) == 1:
        return ("analyzer", "analyzer") if parts[0].startswith("analyzer.") else ("base", "base")
    folder = parts[0]
    if folder in SECTIONS:
        return "section", folder
    if folder not in LAYER:
        raise SystemExit(f"core/{folder}: a folder this test does not know; give it a layer")
    return folder, folder


bad = []
core = os.path.join(ROOT, "core")
for dirpath, _, files in os.walk(core):
    for name in files:
        if not name.endswith((".h", ".cc")):
            continue
        rel = os.path.relpath(os.path.join(dirpath, name), core)
        layer, folder = place(rel)
        for line in open(os.path.join(dirpath, name), encoding="utf-8"):
            m = re.match(r'#include "core/([^"]+)"', line)
            if not m:
                continue
            their_layer, their_folder = place(m.group(1))
            if LAYER[their_layer] > LAYER[layer]:
                bad.append(f"core/{rel} includes core/{m.group(1)}: up the layers")
            elif layer == "section" and their_layer == "section" and their_folder != folder:
                bad.append(f"core/{rel} includes core/{m.group(1)}: another section")
for line in bad:
    print(line)
if bad:
    sys.exit(1)
print("layers hold")
