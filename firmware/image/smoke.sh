#!/usr/bin/env bash
# firmware/image/smoke.sh --image DIR [--timeout S] [--verbose]
#
# Boots the image that build-image.sh wrote to DIR under QEMU (KVM when
# /dev/kvm is usable, else TCG): its kernel and initramfs directly, rootfs.img
# as a read-only virtio disk and a fresh, empty data disk (DIR/data.img,
# ext4, label sensord-data), with sensord.smoke=1 on the kernel command line so
# that sensord-smoke.service runs its checks and powers off. The serial
# console goes to DIR/smoke.log. Passes only if the console shows
#   SMOKE: sensord read N devices ...   (N >= sample_min_devices of build-info)
#   SMOKE: sensord@dummy0 active
#   SMOKE: RESULT PASS ...
# and no "SMOKE: FAIL" line. rootfs.img is never written (readonly=on).
# Exit 0 pass, 1 fail, 77 when QEMU is missing (apt-get install qemu-system-x86).
set -euo pipefail
export LC_ALL=C

image="" timeout_s=600 verbose=0
while [ $# -gt 0 ]; do
  case $1 in
    --image) image=${2:?}; shift 2 ;;
    --timeout) timeout_s=${2:?}; shift 2 ;;
    --verbose) verbose=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "smoke: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$image" ] || { echo "usage: smoke.sh --image DIR [--timeout S] [--verbose]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
qemu=$(command -v qemu-system-x86_64 || true)
[ -n "$qemu" ] || { echo "smoke: qemu-system-x86_64 missing (apt-get install qemu-system-x86)" >&2; exit 77; }
for f in rootfs.img vmlinuz initrd.img build-info; do
  [ -f "$image/$f" ] || { echo "smoke: no $image/$f (firmware/image/build-image.sh --out $image)" >&2; exit 1; }
done
min_devices=$(sed -n 's/^sample_min_devices=//p' "$image/build-info")
: "${min_devices:=1}"

if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then accel=(-accel kvm -cpu host); mode=KVM
else accel=(-accel tcg,thread=multi -cpu max); mode=TCG; fi

# A new, empty data partition each run: the boot is a first boot (keys are
# generated, /data/log is seeded).
data=$image/data.img
rm -f "$data"
truncate -s 512M "$data"
MKE2FS_CONFIG=$here/mke2fs.conf mkfs.ext4 -q -F -t ext4 -b 4096 -L sensord-data "$data"

log=$image/smoke.log
start=$(date +%s)
echo "smoke: booting $image under QEMU ($mode, timeout ${timeout_s} s), console: $log"
qemu_args=(-machine q35 "${accel[@]}" -smp 2 -m 1024
  -nographic -no-reboot -nic none
  -device virtio-rng-pci
  -kernel "$image/vmlinuz" -initrd "$image/initrd.img"
  -append "root=/dev/vda ro console=ttyS0,115200 panic=-1 sensord.smoke=1"
  -drive "file=$image/rootfs.img,format=raw,if=virtio,readonly=on"
  -drive "file=$data,format=raw,if=virtio")
set +e
if [ "$verbose" = 1 ]; then
  timeout --kill-after=10 "$timeout_s" "$qemu" "${qemu_args[@]}" </dev/null 2>&1 | tee "$log"
  qrc=${PIPESTATUS[0]}
else
  timeout --kill-after=10 "$timeout_s" "$qemu" "${qemu_args[@]}" </dev/null >"$log" 2>&1
  qrc=$?
fi
set -e
elapsed=$(($(date +%s) - start))

# The SMOKE lines, without the console's carriage returns or anything a
# kernel message put in front of them on the same line.
smoke=$(tr -d '\r' <"$log" | grep -a -o 'SMOKE: .*' || true)
echo "$smoke" | grep -v '^SMOKE:   ' | sed 's/^/  /'
pass=1
n=$(echo "$smoke" | sed -n 's/^SMOKE: sensord read \([0-9][0-9]*\) devices.*/\1/p' | head -1)
if [ -z "$n" ] || [ "$n" -lt "$min_devices" ]; then echo "smoke: FAIL: no 'SMOKE: sensord read N devices' with N >= $min_devices"; pass=0; fi
echo "$smoke" | grep -qx 'SMOKE: sensord@dummy0 active' || { echo "smoke: FAIL: no 'SMOKE: sensord@dummy0 active'"; pass=0; }
echo "$smoke" | grep -q '^SMOKE: RESULT PASS' || { echo "smoke: FAIL: no 'SMOKE: RESULT PASS'"; pass=0; }
if echo "$smoke" | grep -q '^SMOKE: FAIL'; then echo "smoke: FAIL: the VM reported failures (above; details in $log)"; pass=0; fi
case $qrc in
  0) ;;
  124|137) echo "smoke: FAIL: QEMU still running after ${timeout_s} s (killed)"; pass=0 ;;
  *) echo "smoke: FAIL: QEMU exited $qrc"; pass=0 ;;
esac
if [ "$pass" = 1 ]; then
  echo "smoke: PASS in ${elapsed} s ($mode, QEMU exited after the guest powered off)"
else
  echo "smoke: last console lines ($log):"
  tr -d '\r' <"$log" | tail -40 | sed 's/^/  | /'
  echo "smoke: FAIL after ${elapsed} s"
  exit 1
fi
