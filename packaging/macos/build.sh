#!/bin/sh
# Build Second Look on macOS: "Second Look.app" with PyInstaller, then a disk image (.dmg)
# to drag it into Applications. Run from a clean clone with Python 3.11+ (python.org or
# Homebrew); sign and notarise with your Developer ID before handing it out (below).
#   sh packaging/macos/build.sh
# Not run by CI (it needs macOS): see packaging/README.md.
set -eu
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[package]"
version=$(.venv/bin/python -c 'import organizer; print(organizer.__version__)')

# the .icns icon from the PNGs that Linux uses
iconset=build/second-look.iconset
rm -rf "$iconset" && mkdir -p "$iconset"
for size in 16 32 128 256 512; do
    sips -z "$size" "$size" packaging/linux/icons/second-look-512.png \
        --out "$iconset/icon_${size}x$size.png" >/dev/null
    double=$((size * 2))
    [ "$double" -le 512 ] && sips -z "$double" "$double" packaging/linux/icons/second-look-512.png \
        --out "$iconset/icon_${size}x$size@2x.png" >/dev/null
done
iconutil -c icns "$iconset" -o packaging/macos/second-look.icns

.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
    --distpath build/pyinstaller/dist --workpath build/pyinstaller/work \
    packaging/pyinstaller/second-look.spec
app="build/pyinstaller/dist/Second Look.app"
.venv/bin/python -c "import sys; from pathlib import Path; \
from organizer.licences import write_licence_folder; \
write_licence_folder(Path(sys.argv[1]), Path('LICENSE'))" "$app/Contents/Resources/licences"

# optional: sign with a Developer ID, then notarise the .dmg (see packaging/README.md)
if [ -n "${SIGN_IDENTITY:-}" ]; then
    codesign --deep --force --options runtime --sign "$SIGN_IDENTITY" "$app"
fi
mkdir -p dist
stage=build/dmg
rm -rf "$stage" && mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "Second Look" -srcfolder "$stage" -ov -format UDZO \
    "dist/SecondLook-$version.dmg"
echo "Built dist/SecondLook-$version.dmg"
