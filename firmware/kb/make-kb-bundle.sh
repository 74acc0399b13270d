#!/usr/bin/env bash
# make-kb-bundle.sh --kb DIR --rules DIR --version V --key ED25519_KEY.pem --out DIR
# Writes a signed knowledge-base bundle (posture/kb/bundle.h): the *.yaml of
# --kb and --rules copied under OUT/kb and OUT/rules, OUT/manifest.txt with
# their SHA-256, and OUT/manifest.sig, the Ed25519 signature of the manifest
# (openssl pkeyutl -rawin). The private key never goes into the bundle.
# Make a key pair:   openssl genpkey -algorithm ed25519 -out kb-signing.pem
#                    openssl pkey -in kb-signing.pem -pubout -out kb-signing.pub.pem
# and install the .pub.pem on the sensor as /etc/sensord/kb-keys/NAME.pem.
set -euo pipefail
kb= rules= version= key= out=
while (($#)); do
  case $1 in
    --kb) kb=$2; shift 2 ;;
    --rules) rules=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "make-kb-bundle: unknown argument $1" >&2; exit 2 ;;
  esac
done
for v in kb rules version key out; do
  [[ -n ${!v} ]] || { echo "make-kb-bundle: --$v is required" >&2; exit 2; }
done
[[ $version =~ ^[A-Za-z0-9._+-]{1,64}$ ]] || { echo "make-kb-bundle: version '$version' is not [A-Za-z0-9._+-]{1,64}" >&2; exit 2; }
[[ ! -e $out ]] || { echo "make-kb-bundle: $out exists" >&2; exit 2; }
mkdir -p "$out/kb" "$out/rules"
cp "$kb"/*.yaml "$out/kb/"
cp "$rules"/*.yaml "$out/rules/"
{
  echo "sensord-kb 1"
  echo "version $version"
  (cd "$out" && sha256sum kb/*.yaml rules/*.yaml | awk '{print "sha256 " $1 " " $2}')
} >"$out/manifest.txt"
openssl pkeyutl -sign -rawin -inkey "$key" -in "$out/manifest.txt" -out "$out/manifest.sig"
echo "make-kb-bundle: $out (version $version, $(($(wc -l <"$out/manifest.txt") - 2)) files)"
