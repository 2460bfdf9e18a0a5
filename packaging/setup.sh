#!/bin/sh
# Set up Second Look from a clean clone: the system libraries Qt needs on Linux (installed
# with the system's package manager when missing), then a virtual environment in .venv with
# the app in it, and the two commands linked into ~/.local/bin.
usage() {
    cat <<'EOF'
Usage: sh packaging/setup.sh [--dev]

Sets up Second Look from this folder: the system libraries Qt needs (Linux: apt-get, dnf,
pacman or zypper, through sudo when you are not root), a virtual environment in .venv with
the app installed in it, and links to second-look and second-look-cli in ~/.local/bin.

  --dev     also install the test and lint tools
  --help    show this text

Without sudo and not root, it prints the one command to install the system libraries and
stops; run that as root, then run setup.sh again. The details of each step go to setup.log.
EOF
}
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

extras=""
for argument in "$@"; do
    case "$argument" in
        --dev) extras="[dev]" ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            echo "setup.sh: unknown argument: $argument" >&2
            usage >&2
            exit 2
            ;;
    esac
done

log="$root/setup.log"
: >"$log"
step() { printf '%s\n' "$*"; printf '\n== %s\n' "$*" >>"$log"; }
quietly() {
    if ! "$@" >>"$log" 2>&1; then
        echo "setup.sh: this step failed: $*" >&2
        echo "The last lines of $log:" >&2
        tail -n 15 "$log" >&2
        exit 1
    fi
}

case "$(uname -s)" in
    Darwin)
        echo "On macOS, the easiest is the Second Look app (.dmg). To run it from this folder"
        echo "instead, Python 3.11 or newer with pip is all it needs; setting that up here."
        ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
        echo "On Windows, install Second Look with its installer (SecondLook-Setup.exe), or from"
        echo "this folder with Python 3.11 or newer:"
        echo "  py -3.11 -m venv .venv && .venv\\Scripts\\pip install -e ."
        exit 1
        ;;
esac

# A Python of 3.11 or newer: Ubuntu 22.04's python3 is 3.10, but python3.11 is packaged.
python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python="$candidate"
        break
    fi
done

# Qt's libraries for the offscreen platform and for a desktop (xcb) session; a font with
# Chinese/Japanese/Korean glyphs for names in the PDF. "a|b" is one library under two names
# (Debian 13 and Ubuntu 24.04 renamed some for 64-bit time: libglib2.0-0 -> libglib2.0-0t64).
apt_packages="libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0t64|libglib2.0-0 \
libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-shape0 libxcb-xkb1 fonts-wqy-microhei"
# The tests also read exported packets back with Debian's tools: dcmtk (DICOMDIR checks),
# poppler-utils (page pictures) and qpdf; strace watches that no network socket is opened.
if [ -n "$extras" ]; then
    apt_packages="$apt_packages dcmtk poppler-utils qpdf strace"
fi
dnf_packages="mesa-libGL mesa-libEGL libxkbcommon libxkbcommon-x11 fontconfig glib2 dbus-libs \
xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms xcb-util-renderutil libxcb \
wqy-microhei-fonts"
pacman_packages="libglvnd libxkbcommon libxkbcommon-x11 fontconfig glib2 dbus xcb-util-cursor \
xcb-util-wm xcb-util-image xcb-util-keysyms xcb-util-renderutil libxcb wqy-microhei"
zypper_packages="Mesa-libGL1 Mesa-libEGL1 libxkbcommon0 libxkbcommon-x11-0 fontconfig \
libglib-2_0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-shape0 libxcb-xkb1 wqy-microhei-fonts"

# packages that are not installed, from a list where "a|b" means either name will do
missing_of() {
    is_installed=$1
    shift
    for alternatives in "$@"; do
        found=""
        for name in $(printf '%s' "$alternatives" | tr '|' ' '); do
            if $is_installed "$name"; then
                found=yes
                break
            fi
        done
        [ -n "$found" ] || printf '%s\n' "$alternatives"
    done
}
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
rpm_installed() { rpm -q "$1" >/dev/null 2>&1; }
pacman_installed() { pacman -Q "$1" >/dev/null 2>&1; }
# of "a|b", the name this system's apt knows (the first one that has a candidate)
apt_name() {
    for name in $(printf '%s' "$1" | tr '|' ' '); do
        if apt-cache policy "$name" 2>/dev/null | grep -q 'Candidate: [^(]'; then
            printf '%s\n' "$name"
            return
        fi
    done
    printf '%s\n' "${1##*|}"
}

manager=""
missing=""
if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
    manager=apt-get
    # shellcheck disable=SC2086 # lists of package names
    missing=$(missing_of deb_installed $apt_packages)
    if [ -z "$python" ]; then
        missing="$missing python3.11 python3.11-venv"
    elif ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
        missing="$missing $(basename "$python")-venv"
    fi
elif command -v dnf >/dev/null 2>&1; then
    manager=dnf
    # shellcheck disable=SC2086
    missing=$(missing_of rpm_installed $dnf_packages)
    [ -n "$python" ] || missing="$missing python3.11"
elif command -v pacman >/dev/null 2>&1; then
    manager=pacman
    # shellcheck disable=SC2086
    missing=$(missing_of pacman_installed $pacman_packages)
    [ -n "$python" ] || missing="$missing python"
elif command -v zypper >/dev/null 2>&1; then
    manager=zypper
    # shellcheck disable=SC2086
    missing=$(missing_of rpm_installed $zypper_packages)
    [ -n "$python" ] || missing="$missing python311"
elif [ "$(uname -s)" = Linux ]; then
    echo "setup.sh: no apt-get, dnf, pacman or zypper here: make sure Qt 6's libraries for"
    echo "X11 or Wayland (libGL, libEGL, xkbcommon, fontconfig, glib, dbus, xcb-cursor) and"
    echo "Python 3.11 or newer with venv are installed; continuing with the Python part."
fi
missing=$(printf '%s\n' $missing | tr '\n' ' ' | sed 's/ *$//')

if [ -n "$missing" ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        fi
    fi
    case "$manager" in
        apt-get)
            if [ -n "$sudo" ] || [ "$(id -u)" -eq 0 ]; then
                quietly $sudo apt-get update -qq
            fi
            names=""
            for alternatives in $missing; do names="$names $(apt_name "$alternatives")"; done
            install="apt-get install -y --no-install-recommends$names"
            ;;
        dnf) install="dnf install -y $missing" ;;
        pacman) install="pacman -S --needed --noconfirm $missing" ;;
        zypper) install="zypper --non-interactive install $missing" ;;
    esac
    if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
        echo "Second Look needs some system packages, and this account cannot install them"
        echo "(it is not root and there is no sudo). Run this as root, then run setup.sh again:"
        echo
        echo "  $install"
        exit 1
    fi
    step "Installing system packages:$(printf ' %s' $missing)${sudo:+ (through sudo)}"
    # shellcheck disable=SC2086 # the command and its package names
    quietly $sudo env DEBIAN_FRONTEND=noninteractive $install
fi
[ -n "$python" ] || python=python3.11

if [ ! -x .venv/bin/python ]; then
    step "Making the virtual environment .venv ($("$python" --version 2>&1))"
    quietly "$python" -m venv .venv
fi
step "Installing Second Look${extras:+ with the test and lint tools} into .venv"
quietly .venv/bin/python -m pip install --upgrade pip
quietly .venv/bin/python -m pip install -e ".$extras"

# the commands by name, from any folder: links in ~/.local/bin (never over a real file)
bin="$HOME/.local/bin"
linked=""
if mkdir -p "$bin" 2>/dev/null; then
    for program in second-look second-look-cli; do
        if [ -L "$bin/$program" ] || [ ! -e "$bin/$program" ]; then
            ln -sf "$root/.venv/bin/$program" "$bin/$program" && linked="$linked $program"
        fi
    done
fi
echo "Second Look is set up in .venv. Start it with: .venv/bin/second-look"
if [ -n "$linked" ]; then
    echo "The commands$linked are linked in $bin."
    case ":$PATH:" in
        *":$bin:"*) ;;
        *) echo "That folder is not on your PATH yet: open a new terminal, or add it to PATH." ;;
    esac
fi
