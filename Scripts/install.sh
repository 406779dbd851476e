#!/usr/bin/env bash
# Installs digits as a Unix tool:
#   PREFIX/bin/digits                                        a release build, Swift runtime linked in, stripped
#   PREFIX/share/man/man1/digits*.1                          manual pages, from swift-argument-parser's generate-manual
#   PREFIX/share/bash-completion/completions/digits          bash completion
#   PREFIX/share/zsh/site-functions/_digits                  zsh completion
#   PREFIX/share/fish/vendor_completions.d/digits.fish       fish completion
#   PREFIX/share/digits/installed-files                      the list --uninstall removes
#
# Usage: Scripts/install.sh [--prefix DIR] [--with-data] [--uninstall]
#   --prefix DIR   where to install (default ~/.local)
#   --with-data    also put the MNIST files in $XDG_DATA_HOME/digits/mnist (~/.local/share/digits/mnist),
#                  where digits looks for them from any folder
#   --uninstall    remove exactly the files a previous install listed, and the folders it made that are now empty
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$HOME/.local
with_data=false
uninstall=false
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --with-data) with_data=true; shift ;;
    --uninstall) uninstall=true; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
manifest=$prefix/share/digits/installed-files

if $uninstall; then
  [ -f "$manifest" ] || { echo "install.sh: nothing installed in $prefix (no $manifest)" >&2; exit 1; }
  # Files first, then the folders the install created, deepest first, when empty.
  while IFS=$'\t' read -r kind path; do
    [ "$kind" = file ] && rm -f "$path"
  done < "$manifest"
  made=$(grep $'^dir\t' "$manifest.dirs" 2>/dev/null | cut -f2 | sort -r || true)
  rm -f "$manifest" "$manifest.dirs"
  while IFS= read -r dir; do [ -n "$dir" ] && { rmdir "$dir" 2>/dev/null || true; }; done <<< "$made"
  echo "removed digits from $prefix"
  exit 0
fi

cd "$root"
# A build folder of its own: the static build links differently from a development one, and a
# `swift test` that runs this script holds the lock on .build.
scratch=(--scratch-path "$root/.build-install")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/man"
# The manual first: its plugin builds digits its own way, which the static build then replaces.
swift package "${scratch[@]}" plugin --allow-writing-to-directory "$stage" generate-manual --multi-page --output-directory "$stage/man" >/dev/null
binary=$(swift build "${scratch[@]}" -c release --show-bin-path)/digits
rm -f "$binary"   # SwiftPM does not relink for a changed --static-swift-stdlib alone
swift build "${scratch[@]}" -c release --product digits --static-swift-stdlib
"$binary" --generate-completion-script bash > "$stage/digits.bash"
"$binary" --generate-completion-script zsh > "$stage/_digits"
"$binary" --generate-completion-script fish > "$stage/digits.fish"

# Every folder this install creates is recorded, so --uninstall leaves the prefix as it found it.
dirs=()
make_dir() {
  local missing=() dir=$1
  while [ ! -d "$dir" ]; do missing+=("$dir"); dir=$(dirname "$dir"); done
  mkdir -p "$1"
  for dir in "${missing[@]}"; do dirs+=("$dir"); done
}
files=()
put() { # mode source destination
  make_dir "$(dirname "$3")"
  install -m "$1" "$2" "$3"
  files+=("$3")
}

put 755 "$binary" "$prefix/bin/digits"
strip "$prefix/bin/digits" 2>/dev/null || true
for page in "$stage"/man/*.1; do put 644 "$page" "$prefix/share/man/man1/$(basename "$page")"; done
put 644 "$stage/digits.bash" "$prefix/share/bash-completion/completions/digits"
put 644 "$stage/_digits" "$prefix/share/zsh/site-functions/_digits"
put 644 "$stage/digits.fish" "$prefix/share/fish/vendor_completions.d/digits.fish"

make_dir "$(dirname "$manifest")"
# Merge with an earlier install's list, so a reinstall still uninstalls everything.
{ [ -f "$manifest" ] && cat "$manifest"; for f in "${files[@]}"; do printf 'file\t%s\n' "$f"; done; } | sort -u > "$manifest.new"
mv "$manifest.new" "$manifest"
{ [ -f "$manifest.dirs" ] && cat "$manifest.dirs"; for d in "${dirs[@]}"; do printf 'dir\t%s\n' "$d"; done; } | sort -u > "$manifest.dirs.new"
mv "$manifest.dirs.new" "$manifest.dirs"

echo "installed $prefix/bin/digits ($(du -h "$prefix/bin/digits" | cut -f1)), its manual pages and completions for bash, zsh and fish"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to PATH to run it as digits" ;; esac

if $with_data; then
  data=${XDG_DATA_HOME:-$HOME/.local/share}/digits/mnist
  "$root/Scripts/fetch-mnist.sh" "$data"
  echo "MNIST is in $data, where digits finds it from any folder (not removed by --uninstall)"
fi
