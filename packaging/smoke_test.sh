#!/bin/sh
# Check what packaging/build.sh made, as CI does: the .deb's control file and contents, the
# desktop file and AppStream metadata, lintian, then the programs themselves from the
# unpacked package: the CLI imports sample files and exports a packet; the app starts
# offscreen, opens the sample packet and quits with exit 0; without a display it says so.
#   sh packaging/smoke_test.sh
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
version=$(.venv/bin/python -c 'import organizer; print(organizer.__version__)')
arch=$(dpkg --print-architecture)
deb="$root/dist/second-look_${version}_$arch.deb"
tarball="$root/dist/second-look-$version-linux-$arch.tar.gz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "smoke test: FAILED: $*" >&2
    exit 1
}
check() { printf '  ok  %s\n' "$*"; }

echo "Checking $(basename "$deb")"
dpkg-deb --info "$deb" >"$work/info"
for field in "Package: second-look" "Version: $version" "Architecture: $arch" \
    "libxcb-cursor0" "libxkbcommon-x11-0" "libfontconfig1" "libglib2.0-0t64" "| libglib2.0-0"; do
    grep -qF "$field" "$work/info" || fail "the control file lacks '$field'"
done
check "control file: $(grep '^ Depends:' "$work/info" | cut -c1-70)..."
dpkg-deb --contents "$deb" | awk '{print $NF}' >"$work/contents"
for path in ./opt/second-look/second-look ./opt/second-look/second-look-cli \
    ./opt/second-look/licences/README.txt ./opt/second-look/licences/Qt-and-PySide6-.*/README-Qt.txt \
    ./usr/bin/second-look ./usr/bin/second-look-cli \
    ./usr/share/applications/second-look.desktop \
    ./usr/share/metainfo/io.github.secondlook.SecondLook.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/second-look.svg \
    ./usr/share/doc/second-look/copyright; do
    grep -qx "$path" "$work/contents" || fail "the package lacks $path"  # a regex, whole line
done
for size in 16 22 24 32 48 64 128 256 512; do
    grep -qx "./usr/share/icons/hicolor/${size}x$size/apps/second-look.png" "$work/contents" ||
        fail "the package lacks the ${size}px icon"
done
check "contents: programs, commands, licences, desktop file, metainfo, icons 16-512 px + SVG"

dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/second-look.desktop" ||
    fail "desktop-file-validate"
check "desktop-file-validate"
appstreamcli validate --no-net \
    "$work/root/usr/share/metainfo/io.github.secondlook.SecondLook.metainfo.xml" >"$work/as" 2>&1 ||
    { cat "$work/as"; fail "appstreamcli validate"; }
check "appstreamcli validate"
if command -v lintian >/dev/null 2>&1; then
    # errors fail the build; warnings (a bundled app trips some by design) are listed
    lintian --tag-display-limit 0 "$deb" >"$work/lintian" 2>&1 || true
    sed 's/^/      /' "$work/lintian"
    ! grep -q '^E:' "$work/lintian" || fail "lintian reported errors"
    check "lintian: no errors ($(grep -c '^W:' "$work/lintian" || true) warnings)"
else
    echo "  --  lintian is not installed here: skipped"
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -s -qq "$deb" >"$work/apt" 2>&1 || { cat "$work/apt"; fail "apt-get cannot install it"; }
    check "apt-get install --simulate: every dependency resolves on this system"
fi

app="$work/root/opt/second-look"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
mkdir -p "$HOME"
cli="$app/second-look-cli"
[ "$("$cli" --version)" = "second-look-cli $version" ] || fail "second-look-cli --version"
library="$work/library"
"$cli" --library "$library" person add --name "Ana Diaz" --dob 1961-04-09 --sex F >/dev/null
"$cli" --library "$library" packet add --person 1 --title "Smoke test" >/dev/null
"$cli" --library "$library" import --person 1 tests/data/samples/pdf tests/data/samples/images \
    tests/data/samples/ccda >"$work/import" || fail "the CLI import: $(tail -n 3 "$work/import")"
grep -q "^imported [1-9]" "$work/import" || fail "the CLI imported nothing"
mkdir "$work/stick"
"$cli" --library "$library" export --packet 1 --to "$work/stick" >"$work/export" 2>&1 ||
    fail "the CLI export: $(cat "$work/export")"
( cd "$work/stick"/SecondOpinion_* && sha256sum --quiet -c SHA256SUMS ) ||
    fail "the exported folder does not match its SHA256SUMS"
check "CLI: $(tail -n 1 "$work/import"); export: $(grep '^total' "$work/export")"

ready=$(QT_QPA_PLATFORM=offscreen "$app/second-look" --library "$work/app-library" \
    --open-sample --quit-when-ready 2>"$work/app.err") || { cat "$work/app.err"; fail "the app"; }
case "$ready" in "ready in "*) ;; *) fail "the app did not say it was ready: $ready" ;; esac
check "app: started offscreen, opened the sample packet, quit with exit 0 ($ready)"
code=0
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$app/second-look" 2>"$work/nodisplay" ||
    code=$?
[ "$code" -eq 1 ] && grep -q "needs a graphical desktop" "$work/nodisplay" ||
    fail "without a display: exit $code, $(cat "$work/nodisplay")"
check "app without a display: one line, exit 1"

tar -xzf "$tarball" -C "$work"
[ "$("$work/second-look-$version/second-look-cli" --version)" = "second-look-cli $version" ] ||
    fail "the tar.gz's second-look-cli"
check "tar.gz: unpacks and runs"
echo "Sizes: package $(du -h "$deb" | cut -f1), tar.gz $(du -h "$tarball" | cut -f1)," \
    "installed $(du -sh "$app" | cut -f1)"
echo "smoke test: passed"
