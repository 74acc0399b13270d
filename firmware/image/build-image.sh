#!/usr/bin/env bash
# firmware/image/build-image.sh --deb PATH --out DIR [--capture PCAP] [options]
#
# A minimal, reproducible Debian 12 root file system with sensord installed
# from its .deb (mmdebstrap, SOURCE_DATE_EPOCH), as a raw ext4 image meant to
# be mounted read-only, plus the kernel and initramfs to boot it directly:
#
#   DIR/rootfs.img    ext4, label sensord-root (a RAUC slot image)
#   DIR/vmlinuz       the image's kernel  (also /boot/vmlinuz-* inside)
#   DIR/initrd.img    its initramfs       (also /boot/initrd.img-* inside)
#   DIR/packages.txt  package, version, architecture of everything installed
#   DIR/build-info    inputs: SOURCE_DATE_EPOCH, mirror, .deb and sample hashes
#   DIR/SHA256SUMS    of the four files above
#
# State goes on a separate data partition (label sensord-data), see README.md.
# Options:
#   --capture PCAP     the sample capture put at /usr/share/sensord/sample.pcap
#                      (default: generated with build/bench/sitegen --devices 60
#                      --minutes 1, deterministic)
#   --sitegen PATH     sitegen binary (default: build/bench/sitegen)
#   --mirror URL       a Debian mirror, repeatable (default deb.debian.org:
#                      bookworm, -updates, -security); e.g. snapshot.debian.org
#                      to pin the package set, see README.md. A URL or a full
#                      sources.list line ("deb URL SUITE main")
#   --root-size SIZE   size of rootfs.img (default: the content plus headroom,
#                      rounded up to 64 MiB)
#   --apt-cache DIR    keep the downloaded .debs in DIR and reuse them (faster
#                      rebuilds; the image does not change)
#   --keep-tree        keep the unpacked root tree in DIR/root (debugging)
# Needs root, mmdebstrap, e2fsprogs and network access to the mirror.
set -euo pipefail
export LC_ALL=C TZ=UTC

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
die() { echo "build-image: $*" >&2; exit 1; }

mirrors=()
deb="" out="" capture="" sitegen="$repo/build/bench/sitegen" root_size="" keep_tree=0 apt_cache=""
while [ $# -gt 0 ]; do
  case $1 in
    --deb) deb=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --capture) capture=${2:?}; shift 2 ;;
    --sitegen) sitegen=${2:?}; shift 2 ;;
    --mirror) mirrors+=("${2:?}"); shift 2 ;;
    --root-size) root_size=${2:?}; shift 2 ;;
    --apt-cache) apt_cache=${2:?}; shift 2 ;;
    --keep-tree) keep_tree=1; shift ;;
    -h|--help) usage ;;
    *) echo "build-image: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$deb" ] && [ -n "$out" ] || usage
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap in root mode, device nodes, chown)"
for t in mmdebstrap mkfs.ext4 debugfs dumpe2fs e2fsck sha256sum; do
  command -v "$t" >/dev/null || die "$t missing (apt-get install mmdebstrap e2fsprogs)"
done
[ -f "$deb" ] || die "no package $deb (make package-deb)"
deb=$(readlink -f "$deb")

start=$(date +%s)
# One timestamp for everything: the last commit's, so a rebuild of the same
# commit (same .deb, same mirror state) gives the same bytes.
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || true)
  : "${SOURCE_DATE_EPOCH:=1735689600}"   # 2025-01-01, outside a git checkout
fi
export SOURCE_DATE_EPOCH
sde=$SOURCE_DATE_EPOCH

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/var/tmp}/sensord-image.XXXXXX")
# apt (outside the chroot) hands the .deb's path to dpkg (inside): the setup
# hook copies it to the same path under the root's /tmp, which mmdebstrap
# empties at the end.
debdir=$(mktemp -d /tmp/sensord-deb.XXXXXX)
trap 'rm -rf "$work" "$debdir"' EXIT
cp "$deb" "$debdir/"
deb_in=$debdir/$(basename "$deb")

# The sample capture: generated (sitegen is deterministic), never a site capture.
if [ -z "$capture" ]; then
  [ -x "$sitegen" ] || die "no $sitegen to generate the sample capture (build the project, or pass --capture)"
  "$sitegen" --devices 60 --minutes 1 --out "$work/sample" >/dev/null 2>&1 || die "$sitegen failed"
  capture=$work/sample/site.pcap
  min_devices=60
else
  [ -f "$capture" ] || die "no capture $capture"
  shared=$(readlink -f "$repo/../shared" 2>/dev/null || true)
  case $(readlink -f "$capture") in
    "$shared"/*) [ -n "$shared" ] && die "$capture is under $shared: site captures are not redistributed in images" ;;
  esac
  min_devices=1
fi

# mmdebstrap: variant apt (Essential + apt) plus what boots; the sensord .deb
# by path, so apt resolves its Depends from the mirror. No Recommends, no
# manuals, locales or docs (but copyrights and sensord's own), no GPU, sound,
# media, wireless or Bluetooth kernel modules.
overlay=$here/overlay
cache_opts=()
if [ -n "$apt_cache" ]; then
  mkdir -p "$apt_cache"
  apt_cache=$(cd "$apt_cache" && pwd)
  cache_opts=(--skip=essential/unlink
              --setup-hook='mkdir -p "$1"/var/cache/apt/archives'
              --setup-hook="sync-in $apt_cache /var/cache/apt/archives/"
              # apt makes these anew; the cache's copies carry its own times.
              --setup-hook='rm -rf "$1"/var/cache/apt/archives/partial "$1"/var/cache/apt/archives/lock'
              --customize-hook="sync-out /var/cache/apt/archives $apt_cache")
fi
echo "build-image: mmdebstrap bookworm (SOURCE_DATE_EPOCH=$sde $(date -u -d "@$sde" +%FT%TZ)) ..."
SENSORD_IMAGE_OVERLAY=$overlay SENSORD_IMAGE_SAMPLE=$capture SENSORD_IMAGE_DEB=$deb_in \
mmdebstrap --mode=root --variant=apt --format=directory \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-include=/usr/share/doc/sensord/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/gpu/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/media/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/net/wireless/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/bluetooth/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/infiniband/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/staging/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/sound/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/net/bluetooth/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/net/wireless/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/net/mac80211/*' \
  --include="systemd-sysv,udev,kmod,e2fsprogs,linux-image-amd64,$deb_in" \
  "${cache_opts[@]}" \
  --setup-hook="$here/hooks/setup.sh" \
  --customize-hook="$here/hooks/customize.sh" \
  bookworm "$work/root" "${mirrors[@]}" >"$out/mmdebstrap.log" 2>&1 \
  || { tail -40 "$out/mmdebstrap.log" >&2; die "mmdebstrap failed (log: $out/mmdebstrap.log)"; }
t_debootstrap=$(($(date +%s) - start))

root=$work/root
kver=$(cd "$root/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -1)
[ -n "$kver" ] && [ -f "$root/boot/initrd.img-$kver" ] || die "no kernel/initramfs in $root/boot"
install -m 0644 "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
install -m 0644 "$root/boot/initrd.img-$kver" "$out/initrd.img"
cp "$root/usr/lib/sensord-image/packages.txt" "$out/packages.txt"

# Timestamps: mtimes later than SOURCE_DATE_EPOCH (files written while
# installing) are clamped to it; atime and ctime, which mke2fs copies from
# the tree but nobody can set, are fixed in the image below.
find "$root" -newermt "@$sde" -print0 | xargs -0r touch -h -m -d "@$sde"

# The ext4 image. Fixed UUID, directory hash seed and creation time; the
# mke2fs settings from mke2fs.conf (not the host's); mke2fs -d adds the
# tree sorted by name, so inode numbers do not depend on the host either.
uuid_of() { printf '%s' "$1" | sha256sum | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*/\1-\2-4\3-8\4-\5/'; }
fs_uuid=$(uuid_of "sensord-root:$sde")
hash_seed=$(uuid_of "sensord-root-hash:$sde")
if [ -z "$root_size" ]; then
  # Content (4 KiB blocks per file, one per directory) + 25 % + 64 MiB (journal,
  # metadata), in 64 MiB steps: independent of the build host's file system.
  kib=$(find "$root" -xdev \( -type f -printf '%s\n' -o -printf '4096\n' \) |
        awk '{b += int(($1 + 4095) / 4096)} END {print int(b * 4 * 1.25) + 65536}')
  root_size=$(( (kib + 65535) / 65536 * 64 ))M
fi
rm -f "$out/rootfs.img"
truncate -s "$root_size" "$out/rootfs.img"
MKE2FS_CONFIG=$here/mke2fs.conf E2FSPROGS_FAKE_TIME=$sde \
  mkfs.ext4 -q -F -t ext4 -b 4096 -I 256 -i 16384 -m 0 -L sensord-root -U "$fs_uuid" \
  -E "hash_seed=$hash_seed,root_owner=0:0" -d "$root" "$out/rootfs.img"

# atime and ctime of every inode in use to SOURCE_DATE_EPOCH (debugfs with the
# same fake time, so the superblock's write time stays fixed too).
dumpe2fs "$out/rootfs.img" 2>/dev/null | awk -v t="$sde" '
  function emit(a, b,   x) { for (x = a; x <= b; x++) if (x == 2 || x >= 11) printf "sif <%d> atime @%s\nsif <%d> ctime @%s\n", x, t, x, t }
  /^Inodes per group:/ { ipg = $4 }
  /^Group [0-9]+:/ { g = $2 + 0 }
  /^  Free inodes:/ {
    sub(/^  Free inodes: */, ""); n = split($0, r, /, */)
    cur = g * ipg + 1; hi = (g + 1) * ipg
    for (i = 1; i <= n; i++) {
      if (r[i] == "") continue
      split(r[i], ab, "-"); a = ab[1] + 0; b = (ab[2] == "" ? a : ab[2] + 0)
      emit(cur, a - 1); cur = b + 1
    }
    emit(cur, hi)
  }' >"$work/times.debugfs"
E2FSPROGS_FAKE_TIME=$sde debugfs -w -f "$work/times.debugfs" "$out/rootfs.img" >/dev/null 2>"$work/debugfs.err" \
  || { cat "$work/debugfs.err" >&2; die "debugfs failed"; }
if grep -v '^debugfs [0-9]' "$work/debugfs.err" | grep -q .; then cat "$work/debugfs.err" >&2; die "debugfs reported errors"; fi
e2fsck -fn "$out/rootfs.img" >"$work/e2fsck.log" 2>&1 || { cat "$work/e2fsck.log" >&2; die "e2fsck: rootfs.img is not clean"; }

if [ "$keep_tree" = 1 ]; then rm -rf "$out/root"; mv "$root" "$out/root"; fi

cat >"$out/build-info" <<EOF
SOURCE_DATE_EPOCH=$sde
suite=bookworm
mirror=$(if [ ${#mirrors[@]} -gt 0 ]; then printf '%s; ' "${mirrors[@]}" | sed 's/; $//'; else echo "default (deb.debian.org: bookworm, bookworm-updates, bookworm-security)"; fi)
kernel=$kver
deb=$(basename "$deb") $(sha256sum "$deb" | cut -d' ' -f1)
sample=$(sha256sum "$capture" | cut -d' ' -f1)
sample_min_devices=$min_devices
root_size=$root_size
fs_uuid=$fs_uuid
mmdebstrap=$(mmdebstrap --version | awk '{print $2}')
e2fsprogs=$(mke2fs -V 2>&1 | awk 'NR==1 {print $2}')
EOF
(cd "$out" && sha256sum rootfs.img vmlinuz initrd.img packages.txt >SHA256SUMS)
elapsed=$(($(date +%s) - start))
echo "build-image: $out: rootfs.img ($root_size, $(du -h "$out/rootfs.img" | cut -f1) used), kernel $kver, $(wc -l <"$out/packages.txt") packages"
sed 's/^/  /' "$out/SHA256SUMS"
echo "build-image: done in ${elapsed} s (mmdebstrap ${t_debootstrap} s, ext4 image $((elapsed - t_debootstrap)) s)"
