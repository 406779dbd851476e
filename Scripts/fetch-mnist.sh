#!/usr/bin/env bash
# Puts the four MNIST files in data/mnist/ (or the folder given as $1), each checked against the
# SHA-256 sums in data/mnist.sha256. Sources, in order: the folder named by MNIST_MIRROR, the
# verified copy in ../shared/mnist, then the public HTTPS mirrors. Idempotent: files already there
# and correct are left alone. A download goes to a temporary name first, so an interruption never
# leaves a partial file under the final name, and a file whose sum is wrong is never kept.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/data/mnist}
sums=$root/data/mnist.sha256
mirrors=(
  "https://ossci-datasets.s3.amazonaws.com/mnist"
  "https://storage.googleapis.com/cvdf-datasets/mnist"
)
folders=()
[ -n "${MNIST_MIRROR:-}" ] && folders+=("$MNIST_MIRROR")
folders+=("$root/../shared/mnist")

mkdir -p "$dest"
tmp=$(mktemp -d "$dest/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

expected_sum() { awk -v f="$1" '$2 == f { print $1 }' "$sums"; }
sum_ok() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

failed=0
while read -r want name; do
  if [ -f "$dest/$name" ]; then
    sum_ok "$dest/$name" "$want" && continue
    echo "fetch-mnist: $dest/$name does not match its SHA-256; removing it" >&2
    rm -f "$dest/$name"
  fi
  tried=()
  got=""
  for folder in "${folders[@]}"; do
    tried+=("$folder/$name")
    if [ -f "$folder/$name" ] && cp "$folder/$name" "$tmp/$name" && sum_ok "$tmp/$name" "$want"; then
      got=$folder; break
    fi
  done
  if [ -z "$got" ]; then
    for url in "${mirrors[@]}"; do
      tried+=("$url/$name")
      if curl -fsSL --connect-timeout 10 --max-time 300 -o "$tmp/$name" "$url/$name" 2>/dev/null \
        && sum_ok "$tmp/$name" "$want"; then
        got=$url; break
      fi
    done
  fi
  if [ -z "$got" ]; then
    echo "fetch-mnist: could not get $name with SHA-256 $want. Tried:" >&2
    printf '  %s\n' "${tried[@]}" >&2
    failed=1
    continue
  fi
  chmod 644 "$tmp/$name"
  mv -f "$tmp/$name" "$dest/$name"
  echo "fetch-mnist: $name from $got"
done < "$sums"

if [ "$failed" -ne 0 ]; then
  echo "fetch-mnist: put the published MNIST .gz files in a folder and run again with MNIST_MIRROR=/that/folder" >&2
  exit 1
fi
echo "fetch-mnist: $dest holds the four MNIST files, checked"
