#!/bin/sh
# For the portable tar.gz: add Second Look to your desktop's menu (for you only, no root),
# with the two commands linked into ~/.local/bin. Run it from the unpacked folder; run it
# again with --remove to take the menu entry and links away (your records stay).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$data/applications/second-look.desktop" "$bin/second-look" "$bin/second-look-cli"
    find "$data/icons/hicolor" -name 'second-look.*' -delete 2>/dev/null || true
    echo "Second Look's menu entry and command links are removed (your records are kept)."
    exit 0
fi
mkdir -p "$bin" "$data/applications"
ln -sf "$here/second-look" "$bin/second-look"
ln -sf "$here/second-look-cli" "$bin/second-look-cli"
cp -r "$here/share/icons" "$data/"
sed -e "s|^Exec=second-look|Exec=\"$here/second-look\"|" \
    -e "s|^TryExec=second-look|TryExec=$here/second-look|" \
    "$here/share/applications/second-look.desktop" >"$data/applications/second-look.desktop"
command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "$data/applications" 2>/dev/null || true
echo "Second Look is in your desktop's menu; the commands second-look and second-look-cli"
echo "are linked in $bin (open a new terminal if that folder was not on your PATH yet)."
