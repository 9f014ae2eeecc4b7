#!/bin/sh
# Builds the Debian test image used by the image end-to-end tests and benchmark: a debootstrap
# minbase root filesystem of this machine's Debian release, packed with umoci into an OCI image
# layout. The result is cached under .cache/test-image/<hash of this script>/ so that later runs
# (and CI, which calls this before the tests) skip debootstrap. Prints the cache directory.
#
# The cache holds:
#   oci/              OCI layout, tag "bookworm" (two layers: the root filesystem, then a layer
#                     that whites out /usr/share/doc, so whiteouts are exercised by a real tool)
#   rootfs/           the root filesystem itself (dpkg-query is run on it as the oracle)
#   dpkg-query.txt    `dpkg-query --admindir=rootfs/var/lib/dpkg -W` at build time
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
key=$(sha256sum "$0" | cut -c1-16)
cache="$repo/.cache/test-image"
out="$cache/$key"
if [ -f "$out/complete" ]; then
  echo "$out"
  exit 0
fi

for tool in debootstrap umoci dpkg-query; do
  command -v "$tool" >/dev/null || { echo "build-test-image: $tool is not installed (apt-get install -y debootstrap umoci)" >&2; exit 1; }
done

# The mirror and release apt already uses, so the build works wherever apt works.
mirror=""
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  mirror=$(awk '$1 == "URIs:" { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
fi
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
tag=$suite

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "build-test-image: debootstrap --variant=minbase $suite from $mirror" >&2
debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}
# apt's downloaded .debs are not part of an image anyone would ship.
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
dpkg-query --admindir="$work/rootfs/var/lib/dpkg" -W >"$work/dpkg-query.txt"

umoci init --layout "$work/oci"
umoci new --image "$work/oci:$tag"
umoci insert --image "$work/oci:$tag" --history.created_by "debootstrap --variant=minbase $suite" "$work/rootfs" /
umoci insert --image "$work/oci:$tag" --history.created_by "rm -rf /usr/share/doc" --whiteout /usr/share/doc
umoci config --image "$work/oci:$tag" --config.label "org.opencontainers.image.title=stockade-test-$suite" \
  --config.label "org.opencontainers.image.base.name=debian:$suite" --config.cmd /bin/bash \
  --history.created_by "labels"
umoci gc --layout "$work/oci"

mkdir -p "$out"
rm -rf "$out/oci" "$out/rootfs"
mv "$work/oci" "$work/rootfs" "$work/dpkg-query.txt" "$out/"
touch "$out/complete"
# Images built by earlier versions of this script are never used again.
for old in "$cache"/????????????????; do
  [ "$old" = "$out" ] || rm -rf "$old"
done
echo "$out"
