#!/bin/sh
# Build Second Look for Linux from a clean clone: a one-folder PyInstaller bundle of the app
# and the command line, then from that folder a Debian package and a portable tar.gz.
#   sh packaging/build.sh            build into dist/
#   sh packaging/build.sh --help     this text
# Needs the .venv that packaging/setup.sh makes (made here if missing) and Debian's packaging
# tools (installed here when run as root). The details go to build/build.log.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

case "${1:-}" in
    "") ;;
    -h | --help)
        sed -n '2,7s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    *)
        echo "build.sh: unknown argument: $1 (try --help)" >&2
        exit 2
        ;;
esac

mkdir -p build dist
log="$root/build/build.log"
: >"$log"
step() { printf '%s\n' "$*"; printf '\n== %s\n' "$*" >>"$log"; }
quietly() {
    if ! "$@" >>"$log" 2>&1; then
        echo "build.sh: failed: $* (details in $log)" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
}
# the tools this script and packaging/smoke_test.sh use, installed when missing
tools="dpkg-deb:dpkg-dev dpkg-shlibdeps:dpkg-dev objdump:binutils xz:xz-utils \
desktop-file-validate:desktop-file-utils appstreamcli:appstream lintian:lintian"
missing=""
for pair in $tools; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ' | sed 's/ *$//')
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        step "Installing the build tools: $missing"
        quietly apt-get update -qq
        # shellcheck disable=SC2086 # a list of package names
        quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    else
        echo "build.sh: these tools are missing; install them, then run this again:" >&2
        echo "  sudo apt-get install $missing" >&2
        exit 1
    fi
fi

[ -x .venv/bin/python ] || quietly sh packaging/setup.sh
python="$root/.venv/bin/python"
# PyInstaller needs Python's shared library; Debian's own python3.X keeps it apart
base=$("$python" -c 'import sys; print(sys.base_prefix)')
shared=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("INSTSONAME") or "")')
if [ "$base" = /usr ] && [ -n "$shared" ] && ! ldconfig -p | grep -q "$shared"; then
    package=$("$python" -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])')
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        step "Installing $package (Python's shared library, for PyInstaller)"
        quietly apt-get update -qq
        quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package"
    else
        echo "build.sh: PyInstaller needs $shared: sudo apt-get install $package" >&2
        exit 1
    fi
fi
step "Installing PyInstaller into .venv"
quietly "$python" -m pip install --quiet -e ".[package]"
version=$("$python" -c 'import organizer; print(organizer.__version__)')
arch=$(dpkg --print-architecture)

step "Bundling the app and the command line with PyInstaller (a few minutes)"
rm -rf build/pyinstaller
quietly "$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath build/pyinstaller/dist --workpath build/pyinstaller/work \
    packaging/pyinstaller/second-look.spec
bundle="$root/build/pyinstaller/dist/second-look"

step "Adding the licences, icons and desktop files"
# libraries are not programs, and need no symbols to run (the programs themselves carry
# PyInstaller's archive at their end and must not be stripped)
find "$bundle/_internal" -type f -name '*.so*' -exec chmod 644 {} + \
    -exec strip --strip-unneeded {} + 2>>"$log" || true
quietly "$python" -c "import sys; from pathlib import Path; \
from organizer.licences import write_licence_folder; \
write_licence_folder(Path(sys.argv[1]), Path(sys.argv[2]))" "$bundle/licences" "$root/LICENSE"
# the system libraries PyInstaller copied in come from Debian packages: add their terms
mkdir -p "$bundle/licences/system-libraries"
find "$bundle/_internal" -maxdepth 1 -name 'lib*.so*' | while read -r library; do
    package=$(dpkg -S "$(basename "$library")" 2>/dev/null | head -n 1 | cut -d: -f1) || true
    if [ -n "$package" ] && [ -f "/usr/share/doc/$package/copyright" ]; then
        cp "/usr/share/doc/$package/copyright" "$bundle/licences/system-libraries/$package.txt"
    fi
done
share="$bundle/share"
install -Dm644 packaging/linux/second-look.desktop "$share/applications/second-look.desktop"
install -Dm644 packaging/linux/second-look.metainfo.xml \
    "$share/metainfo/io.github.secondlook.SecondLook.metainfo.xml"
install -Dm644 packaging/linux/second-look.svg "$share/icons/hicolor/scalable/apps/second-look.svg"
for size in 16 22 24 32 48 64 128 256 512; do
    install -Dm644 "packaging/linux/icons/second-look-$size.png" \
        "$share/icons/hicolor/${size}x$size/apps/second-look.png"
done
install -m755 packaging/linux/install-desktop-entry.sh "$bundle/install-desktop-entry.sh"

step "Making the portable tar.gz"
tarball="dist/second-look-$version-linux-$arch.tar.gz"
quietly tar -C build/pyinstaller/dist --owner=0 --group=0 --numeric-owner \
    --transform "s,^second-look,second-look-$version," -czf "$tarball" second-look

step "Making the Debian package"
stage="$root/build/deb"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/doc/second-look"
cp -a "$bundle" "$stage/opt/second-look"
install -Dm644 packaging/linux/lintian-overrides "$stage/usr/share/lintian/overrides/second-look"
rm -f "$stage/opt/second-look/install-desktop-entry.sh"  # the package does that itself
mv "$stage/opt/second-look/share/"* "$stage/usr/share/"
rmdir "$stage/opt/second-look/share"
for program in second-look second-look-cli; do
    printf '#!/bin/sh\nexec /opt/second-look/%s "$@"\n' "$program" >"$stage/usr/bin/$program"
    chmod 755 "$stage/usr/bin/$program"
done
sed "s/@VERSION@/$version/" packaging/linux/copyright >"$stage/usr/share/doc/second-look/copyright"
printf 'second-look (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
    "$version" "$version" "The Second Look developers <second-look@users.noreply.github.com>" \
    "$(date -R -u -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}")" |
    gzip -9n >"$stage/usr/share/doc/second-look/changelog.gz"
depends=$(packaging/linux/depends.sh "$stage/opt/second-look" 2>>"$log")
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_size/" \
    -e "s/@DEPENDS@/$depends/" packaging/linux/control >"$stage/DEBIAN/control"
cp packaging/linux/postinst packaging/linux/postrm "$stage/DEBIAN/"
chmod 755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/postrm"
deb="dist/second-look_${version}_$arch.deb"
quietly dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb"  # xz takes 10+ minutes here

size=$(du -sh "$bundle" | cut -f1)
echo "Built (the bundle folder is $size):"
ls -sh "$deb" "$tarball" | sed 's/^/  /'
