# Helpers shared by ./dev and scripts/*: sourced, never run.
# Installs go through apt-get only (Debian's archive) and npm (the npm registry):
# nothing is downloaded from anywhere else.

FL_ROOT="${FL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# Debian's Emscripten runs its JS optimizer on the machine's Node, which does not look in
# /usr/share/nodejs for Debian's node-acorn (see ../shared/notes/toolchain.md).
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

fl_say() { printf '[dev] %s\n' "$*" >&2; }

# Runs a command as root: directly when we are root (CI), through sudo when available.
fl_as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fl_say "need root to run: $*  (not root and no sudo)"
    return 1
  fi
}

# fl_ensure_packages PKG...: installs the Debian packages that `dpkg -s` does not find.
# Quick and silent when everything is present, so every ./dev command may call it.
fl_ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  fl_say "installing Debian packages: ${missing[*]}"
  fl_as_root apt-get update -q
  fl_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# zlib1g-dev, libzstd-dev: compressed input; zstd: the command, for tests/cli/compressed_input_test.sh.
# libsimdjson-dev: bench/jsonl_flatten_bench only (simdjson On-Demand against our JSON
# Lines reader, issue 24); the build skips that bench without it.
FL_NATIVE_PACKAGES=(cmake g++ make libabsl-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
                    zlib1g-dev libzstd-dev zstd libsimdjson-dev)
# The Python module and the Dask driver (python/): Debian's python3 only, never pip.
FL_PYTHON_PACKAGES=(python3-dev pybind11-dev python3-dask python3-distributed python3-pandas)
FL_WASM_PACKAGES=(cmake make emscripten node-acorn dpkg-dev)
FL_BROWSER_PACKAGES=(chromium)
# libFuzzer targets (fuzz/, scripts/fuzz-smoke): clang 14, its sanitizer runtimes, libFuzzer.
FL_FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev libfuzzer-14-dev)
