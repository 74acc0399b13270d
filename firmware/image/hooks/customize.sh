#!/bin/sh
# mmdebstrap --customize-hook (build-image.sh): everything is installed; add
# the image's files, the sample capture, the mount points, enable the units.
set -eu
root=${1:?}
overlay=${SENSORD_IMAGE_OVERLAY:?}
sample=${SENSORD_IMAGE_SAMPLE:?}

# The overlay, owned by root whatever the checkout's owner (modes as in git).
(cd "$overlay" && find . -type d) | while read -r d; do install -d -m 0755 "$root/$d"; done
(cd "$overlay" && find . -type f) | while read -r f; do
  if [ -x "$overlay/$f" ]; then m=0755; else m=0644; fi
  install -m "$m" -o root -g root "$overlay/$f" "$root/$f"
done
install -D -m 0644 "$sample" "$root/usr/share/sensord/sample.pcap"

# Mount points: the data partition and the bind mounts' targets. The package's
# /etc/sensord/keys (root:sensord 0750, with an empty clients/) stays: the bind
# mount of /data/keys covers it. No key may be baked into the image.
install -d -m 0755 "$root/data" "$root/var/lib/sensord"
if [ -n "$(find "$root/etc/sensord/keys" ! -type d)" ]; then
  echo "customize: $root/etc/sensord/keys holds files: no keys in the image" >&2; exit 1
fi

# Host-independent files (mmdebstrap copies the build host's).
printf '127.0.0.1\tlocalhost\n127.0.1.1\tsensord\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
rm -f "$root/etc/resolv.conf"

chroot "$root" systemctl set-default multi-user.target
chroot "$root" systemctl enable sensord-data.service sensord-smoke.service
# Timers that write to the root file system or fetch from the network: an
# appliance with a read-only root is updated as a whole image (RAUC).
for t in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service; do
  if [ -e "$root/lib/systemd/system/$t" ]; then chroot "$root" systemctl disable "$t" 2>/dev/null || true; fi
done

# What went in, for the build's record (no dates: reproducible).
chroot "$root" dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\n' | LC_ALL=C sort > "$root/usr/lib/sensord-image/packages.txt"
