"""`import frictionlens, frictionlens.dask` in Debian's python3 with no PYTHONPATH (ctest
runs this with it unset): the .pth file that `./dev python` and `./dev test` write must make
this checkout's package and its built module importable. Arguments: the source and build
directories."""

import os
import sys

source_dir, build_dir = (os.path.realpath(d) for d in sys.argv[1:3])
try:
    import frictionlens
    import frictionlens.dask  # noqa: F401
except ImportError as e:
    sys.exit(f"import frictionlens failed ({e}); run ./dev python, which writes frictionlens.pth into "
             "Debian's site-packages (see README, Python and Dask)")
package = os.path.realpath(frictionlens.__file__)
native = os.path.realpath(frictionlens._native.__file__)
if not package.startswith(os.path.join(source_dir, "python") + os.sep):
    sys.exit(f"frictionlens comes from {package}, not this checkout ({source_dir}): run ./dev python here")
if not native.startswith(os.path.join(build_dir, "python") + os.sep):
    sys.exit(f"frictionlens._native comes from {native}, not this build ({build_dir}): run ./dev python here")
print(f"frictionlens {frictionlens.__version__}: {package}, {native}")
