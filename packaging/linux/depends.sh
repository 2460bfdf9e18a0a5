#!/bin/sh
# Print the Debian "Depends" line for a PyInstaller bundle folder: the system libraries its
# programs and Qt plugins load that the bundle does not carry, found by dpkg-shlibdeps.
# A library Debian 13 and Ubuntu 24.04 renamed for 64-bit time (libfoo -> libfoot64) is
# given as "new | old", so one package installs on Debian 12+ and Ubuntu 22.04+.
#   sh packaging/linux/depends.sh BUNDLE_FOLDER
set -eu
bundle=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
printf 'Source: second-look\n\nPackage: second-look\nArchitecture: any\n' >"$work/debian/control"

# every ELF file whose libraries all resolve here; a plugin for a desktop the build machine
# lacks (the GTK theme) loads only where that desktop is installed, so it adds no dependency
library_dirs=$(find "$bundle" -name '*.so*' -type f -exec dirname {} + | sort -u)
search=$(printf '%s\n' "$library_dirs" | tr '\n' ':')
find "$bundle" -type f \( -name '*.so*' -o -perm -u+x \) | while read -r file; do
    head -c 4 "$file" | grep -q 'ELF' || continue
    LD_LIBRARY_PATH="$search" ldd "$file" 2>/dev/null | grep -q 'not found' && continue
    echo "$file"
done >"$work/files"

set --
for folder in $library_dirs; do set -- "$@" "-l$folder"; done
cd "$work"
# shellcheck disable=SC2046 # one file name per line, none with spaces
dpkg-shlibdeps -O --ignore-missing-info --warnings=0 "$@" -e $(cat files) |
    sed -n 's/^shlibs:Depends=//p' | tr ',' '\n' | sed 's/^ *//' |
    while read -r dependency; do
        package=${dependency%% *}
        version=${dependency#"$package"}
        case "$package" in
            *t64) printf '%s | %s%s\n' "$dependency" "${package%t64}" "$version" ;;
            libglib2.0-0 | libssl3 | libpng16-16 | libreadline8 | libgdbm6 | libcups2 | \
                libasound2 | libcurl4 | libgnutls30)
                printf '%st64%s | %s\n' "$package" "$version" "$dependency" ;;
            *) printf '%s\n' "$dependency" ;;
        esac
    done | paste -sd, - | sed 's/,/, /g'
