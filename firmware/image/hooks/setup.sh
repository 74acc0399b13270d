#!/bin/sh
# mmdebstrap --setup-hook (build-image.sh): before any package is installed,
# the files that the kernel's initramfs is built from (fstab: root is pass 0,
# so no fsck goes into the initramfs; no resume device), and the sensord .deb
# at the path apt will give dpkg (under /tmp, which mmdebstrap empties).
set -eu
root=${1:?}
overlay=${SENSORD_IMAGE_OVERLAY:?}
install -D -m 0644 "$overlay/etc/fstab" "$root/etc/fstab"
install -D -m 0644 "$overlay/etc/initramfs-tools/conf.d/sensord-image" "$root/etc/initramfs-tools/conf.d/sensord-image"
deb=${SENSORD_IMAGE_DEB:?}
case $deb in /tmp/*) ;; *) echo "setup.sh: $deb is not under /tmp" >&2; exit 1 ;; esac
install -D -m 0644 "$deb" "$root$deb"
