#!/bin/sh
# /usr/lib/sensord-image/data-setup.sh DATA: the data partition's layout
# (sensord-data.service, before the bind mounts of /etc/fstab). Idempotent.
set -eu
data=${1:?usage: data-setup.sh DATA}

# /var/log: seeded once from the read-only image (wtmp, btmp, lastlog, the
# journal directory), then the image's copy is hidden by the bind mount.
if [ ! -d "$data/log" ]; then
  mkdir -p "$data/log.new"
  cp -a /var/log/. "$data/log.new/"
  mv "$data/log.new" "$data/log"
  echo "sensord-data: $data/log seeded from the image's /var/log"
fi
install -d -m 2755 -o root -g systemd-journal "$data/log/journal"

# /var/lib/sensord: systemd makes sensord/IFACE (StateDirectory=) itself.
install -d -m 0755 -o root -g root "$data/sensord"

# /etc/sensord/keys, as the package's postinst makes it: the sensor's key pair
# and clients/ (the engines' public keys, put there by the operator).
install -d -m 0750 -o root -g sensord "$data/keys" "$data/keys/clients"
if [ ! -e "$data/keys/sensor.key_secret" ] && [ ! -e "$data/keys/sensor.key" ]; then
  sensorctl keygen "$data/keys" sensor --role sensor
  chown sensord:sensord "$data/keys/sensor.key_secret"
  echo "sensord-data: generated the sensor's CURVE key pair in $data/keys (public key: sensor.key)"
elif [ ! -e "$data/keys/sensor.key_secret" ]; then
  echo "sensord-data: $data/keys/sensor.key without sensor.key_secret: sensord cannot serve (remove sensor.key to generate a new pair)" >&2
fi
