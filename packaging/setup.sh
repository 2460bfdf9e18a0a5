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

missing=""
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    for package in $qt_offscreen $qt_desktop $extra_packages; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
            missing="$missing $package"
        fi
    done
    if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
        missing="$missing python3-venv"
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
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".$extras"
echo "Second Look is set up in .venv"
