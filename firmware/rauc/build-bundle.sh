#!/usr/bin/env bash
# Builds a signed RAUC update bundle (verity format) for the sensord appliance
# from an ext4 root file system image:
#
#   build-bundle.sh --rootfs IMG --version V --cert CERT.pem --key KEY.pem \
#                   [--keyring CA.pem] [--intermediate INT.pem] [--force] \
#                   --out BUNDLE.raucb
#
#   --rootfs IMG        ext4 image of the new root file system (goes into the
#                       inactive slot rootfs-a or rootfs-b)
#   --version V         the bundle's version ([update] version=), e.g. 1.4.0
#   --cert CERT.pem     signing certificate (keyUsage digitalSignature,
#                       extendedKeyUsage codeSigning) or a PKCS#11 URL
#   --key KEY.pem       its private key or a PKCS#11 URL. Read by rauc only:
#                       never copied, and refused if it lies inside this
#                       source tree
#   --keyring CA.pem    verify the finished bundle the way the appliance will
#                       (`rauc info --keyring` with system.conf's [keyring]
#                       policy); a bundle that fails is deleted
#   --intermediate P    intermediate CA certificate(s) to embed in the bundle
#   --force             replace an existing --out
#
# The manifest comes from manifest.raucm.in next to this script; the image and
# the manifest are put together in a temporary directory beside --out (so the
# image can be hard-linked rather than copied), removed on exit.
# Needs rauc (>= 1.5, for the verity format) and mksquashfs (squashfs-tools).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcroot=$(cd "$here/../.." && pwd -P)
template=$here/manifest.raucm.in
sysconf=$here/system.conf

die() { echo "build-bundle.sh: error: $*" >&2; exit 1; }
usage() {
  cat >&2 <<'EOF'
usage: build-bundle.sh --rootfs IMG --version V --cert CERT.pem --key KEY.pem
                       [--keyring CA.pem] [--intermediate INT.pem] [--force]
                       --out BUNDLE.raucb
EOF
  exit 2
}

rootfs='' version='' cert='' key='' keyring='' out='' force=0
intermediates=()
while (($#)); do
  case $1 in
    --rootfs|--version|--cert|--key|--keyring|--intermediate|--out)
      (($# >= 2)) || die "$1 needs a value"
      case $1 in
        --rootfs) rootfs=$2 ;;
        --version) version=$2 ;;
        --cert) cert=$2 ;;
        --key) key=$2 ;;
        --keyring) keyring=$2 ;;
        --intermediate) intermediates+=("$2") ;;
        --out) out=$2 ;;
      esac
      shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) usage ;;
    *) echo "build-bundle.sh: unknown argument: $1" >&2; usage ;;
  esac
done

[[ -n $rootfs && -n $version && -n $cert && -n $key && -n $out ]] ||
  { echo "build-bundle.sh: --rootfs, --version, --cert, --key and --out are required" >&2; usage; }

for tool in rauc mksquashfs; do
  command -v "$tool" >/dev/null || die "'$tool' not found (apt-get install rauc squashfs-tools)"
done
[[ -r $template ]] || die "manifest template not found: $template"
[[ -r $sysconf ]] || die "system.conf not found: $sysconf"

# The version ends up in an ini-style manifest and in file names: keep it to
# a safe alphabet (no '=', newlines or spaces).
[[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._+~-]*$ ]] ||
  die "invalid --version '$version' (letters, digits and . _ + ~ - only)"

[[ -f $rootfs && -r $rootfs ]] || die "rootfs image not found or unreadable: $rootfs"
# The slots are type=ext4 and the manifest calls the image rootfs.ext4: check
# the ext2/3/4 superblock magic (0xEF53, little-endian, at byte 1080) so a
# squashfs, tarball or partition table image is caught here, not on a device.
magic=$(od -An -tx1 -j1080 -N2 "$rootfs" 2>/dev/null | tr -d ' \n') || true
[[ $magic == 53ef ]] || die "$rootfs is not an ext4 image (no ext superblock magic at byte 1080)"

is_pkcs11() { [[ $1 == pkcs11:* ]]; }
for f in "$cert" "$key"; do
  is_pkcs11 "$f" || [[ -r $f ]] || die "not found or unreadable: $f"
done
if ! is_pkcs11 "$key"; then
  keyreal=$(realpath -- "$key")
  case $keyreal in
    "$srcroot"/*) die "the private key $key is inside the source tree ($srcroot); keep signing keys outside the repository (or use a PKCS#11 URL)" ;;
  esac
fi
if [[ -n $keyring ]]; then
  [[ -r $keyring ]] || die "keyring not found or unreadable: $keyring"
fi
for f in "${intermediates[@]}"; do
  [[ -r $f ]] || die "intermediate certificate not found or unreadable: $f"
done

# The manifest's compatible must be the one the appliance checks.
want=$(sed -n 's/^compatible=//p' "$sysconf" | head -n1)
have=$(sed -n 's/^compatible=//p' "$template" | head -n1)
[[ -n $want && $want == "$have" ]] ||
  die "compatible in manifest.raucm.in ('$have') differs from system.conf ('$want')"

outdir=$(dirname -- "$out")
[[ -d $outdir && -w $outdir ]] || die "output directory missing or not writable: $outdir"
if [[ -e $out ]]; then
  ((force)) || die "$out exists (use --force to replace it)"
  rm -f -- "$out"
fi

tmp=$(mktemp -d "$outdir/.build-bundle.XXXXXX")
cleanup() { rm -rf -- "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

content=$tmp/content
mkdir "$content"
# A hard link when the image is on the same file system (no copy of a
# multi-GB file), a reflink or a copy otherwise.
ln -- "$rootfs" "$content/rootfs.ext4" 2>/dev/null ||
  cp --reflink=auto -- "$rootfs" "$content/rootfs.ext4"

build_id="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
if git_rev=$(git -C "$srcroot" describe --always --dirty 2>/dev/null); then
  build_id="$build_id $git_rev"
fi
sed -e "s/@VERSION@/$version/g" -e "s/@BUILD@/$build_id/g" "$template" > "$content/manifest.raucm"
if grep -q '@[A-Z_]*@' "$content/manifest.raucm"; then
  die "unreplaced placeholder in the manifest: $(grep '@[A-Z_]*@' "$content/manifest.raucm")"
fi

# RAUC reads a system config for bundle/info too, /etc/rauc/system.conf by
# default: give it one made from system.conf's [system] and [keyring]
# sections, so the host's own RAUC setup (if any) plays no part and the
# verification applies the appliance's policy (check-purpose, allowed bundle
# formats, partial chains, CRLs). Slots, bootloader, grubenv and the data
# directory are the device's business and left out (RAUC would create the
# data directory on this host), and so is the keyring path (/etc/rauc/...,
# the device's): `rauc info --keyring` names the CA to check against.
verify_conf=$tmp/verify.conf
awk '
  /^[[:space:]]*\[/ { sect = $0; gsub(/[[:space:]]/, "", sect)
                      keep = (sect == "[system]" || sect == "[keyring]")
                      if (keep) print sect
                      if (sect == "[system]") print "bootloader=noop"
                      next }
  !keep || /^[[:space:]]*(#|$)/ { next }
  /^(bootloader|grubenv|data-directory|statusfile|path)=/ { next }
  { print }
' "$sysconf" > "$verify_conf"

sign_args=(--cert="$cert" --key="$key")
for f in "${intermediates[@]}"; do
  sign_args+=(--intermediate="$f")
done

echo "build-bundle.sh: building $out (version $version)"
rauc --conf="$verify_conf" bundle "${sign_args[@]}" "$content" "$out" ||
  { rm -f -- "$out"; die "rauc bundle failed"; }

if [[ -n $keyring ]]; then
  echo "build-bundle.sh: verifying $out against $keyring"
  if ! rauc --conf="$verify_conf" info --keyring="$keyring" "$out" > "$tmp/info.txt" 2> "$tmp/info.err"; then
    sed 's/^/  /' "$tmp/info.err" >&2
    rm -f -- "$out"
    die "the bundle does not verify against $keyring (deleted): is the signing certificate issued by that CA, with keyUsage digitalSignature and extendedKeyUsage codeSigning?"
  fi
  grep -E "^(Compatible|Version|Bundle Format):" "$tmp/info.txt" | sed 's/^/  /' || true
else
  echo "build-bundle.sh: no --keyring given: the bundle was NOT checked against the appliance's CA" >&2
fi
echo "build-bundle.sh: wrote $out"
