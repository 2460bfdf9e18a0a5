#!/bin/sh
# Set up Second Look from a clean clone: the system libraries Qt needs on Linux (installed
# with apt-get when missing), then a virtual environment in .venv with the app in it.
#   sh packaging/setup.sh          the app
#   sh packaging/setup.sh --dev    the app plus test and lint tools
set -eu
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

# Qt's libraries for the offscreen platform, then those a desktop (xcb) session needs;
# a Python venv module; a font with Chinese/Japanese/Korean glyphs for names in the PDF.
qt_offscreen="libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3"
qt_desktop="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-shape0 libxcb-xkb1"
extra_packages="fonts-wqy-microhei"
# the test that no network socket is opened watches the process with strace
[ "${1:-}" = "--dev" ] && extra_packages="$extra_packages strace"

# A Python of 3.11 or newer: Ubuntu 22.04's python3 is 3.10, but python3.11 is packaged.
python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python="$candidate"
        break
    fi
done

missing=""
if [ -z "$python" ]; then
    python="python3.11"
    missing="python3.11 python3.11-venv"
fi
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    for package in $qt_offscreen $qt_desktop $extra_packages; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
            missing="$missing $package"
        fi
    done
    if command -v "$python" >/dev/null 2>&1 &&
        ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
        missing="$missing $(basename "$python")-venv"
    fi
fi
if [ -n "$missing" ]; then
    echo "Installing system packages:$missing"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".$extras"
echo "Second Look is set up in .venv"
