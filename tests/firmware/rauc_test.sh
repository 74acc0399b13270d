#!/usr/bin/env bash
# RAUC bundle signing and verification for the sensord appliance
# (firmware/rauc/): builds bundles with build-bundle.sh from a throwaway PKI
# and shows that
#   (a) a bundle signed under the appliance CA verifies (rauc info --keyring)
#       and its payload checks out (rauc extract);
#   (b) tampering is refused: a flipped byte in the squashfs payload, in the
#       signed manifest inside the CMS signature, and in the signature value;
#   (c) a bundle signed under an unrelated CA is refused against the appliance
#       CA (and accepted against its own, so the refusal is about trust);
#   (d) build-bundle.sh refuses to leave behind a bundle that does not verify
#       against the --keyring it was given;
#   (e) mark-good.sh marks the slot good for a sensord@ instance that keeps
#       running, and not for one that keeps restarting (fake systemctl/rauc).
#
# usage: rauc_test.sh [SOURCE_DIR]   (default: two levels above this script)
# Needs rauc (>= 1.5), openssl, mksquashfs/unsquashfs (squashfs-tools) and
# mkfs.ext4 (e2fsprogs); exits 77 (CTest: skipped) when one is missing.
# Everything generated -- keys included -- lives in one mktemp directory that
# is removed on exit. Exit 0 only if every check passes.
set -uo pipefail

src=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
rauc_dir=$src/firmware/rauc
build=$rauc_dir/build-bundle.sh
for f in "$build" "$rauc_dir/system.conf" "$rauc_dir/manifest.raucm.in" "$rauc_dir/mark-good.sh"; do
  [[ -r $f ]] || { echo "rauc_test: missing $f (wrong SOURCE_DIR '$src'?)"; exit 1; }
done

# --- prerequisites: skip (77) when a tool is missing --------------------------
missing=()
for t in rauc openssl mksquashfs unsquashfs; do
  command -v "$t" >/dev/null || missing+=("$t")
done
# mkfs.ext4 lives in /usr/sbin, which is not on a normal user's PATH on Debian.
mkfs_ext4=$(PATH=$PATH:/usr/sbin:/sbin command -v mkfs.ext4) || missing+=(mkfs.ext4)
if ((${#missing[@]})); then
  echo "SKIP: missing ${missing[*]} (apt-get install rauc squashfs-tools openssl e2fsprogs)"
  exit 77
fi
rauc_version=$(rauc --version | awk '{print $2}')
IFS=. read -r rv_major rv_minor _ <<< "$rauc_version"
if ! [[ $rv_major =~ ^[0-9]+$ && $rv_minor =~ ^[0-9]+$ ]] || ((rv_major == 1 && rv_minor < 5 || rv_major < 1)); then
  echo "SKIP: rauc $rauc_version has no verity bundle format (needs >= 1.5)"
  exit 77
fi
echo "rauc_test: rauc $rauc_version, $(openssl version | cut -d' ' -f1-2), $(mksquashfs -version | head -n1 | cut -d' ' -f1-3)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rauc_test.XXXXXX") || exit 1
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT TERM
cd "$tmp" || exit 1

checks=0 failures=0
pass() { checks=$((checks + 1)); echo "PASS $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $*"; }
# rauc's own error lines from a stderr capture (its info chatter filtered out).
rauc_error() {
  grep -v -e 'rauc-Message' -e 'rauc-WARNING' -e '^[[:space:]]*$' "$1" | tail -n 2 | sed 's/^/       rauc said: /'
}
setup_failed() { echo "FAIL setup: $*"; [[ -s $tmp/setup.log ]] && sed 's/^/       /' "$tmp/setup.log" | tail -n 20; exit 1; }

# --- throwaway PKI --------------------------------------------------------------
# Two unrelated CAs, each with a release-signing certificate as the appliance
# expects it: keyUsage digitalSignature, extendedKeyUsage codeSigning (checked
# by RAUC with system.conf's check-purpose=codesign). EC P-256 keys: instant.
mkdir pki
cat > pki/signer.ext <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
make_ca() {  # NAME
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 60 \
    -subj "/O=sensord test/CN=$1" -keyout "pki/$1.key" -out "pki/$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" >> setup.log 2>&1
}
make_signer() {  # CA NAME
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/O=sensord test/CN=$2" -keyout "pki/$2.key" -out "pki/$2.csr" >> setup.log 2>&1 &&
  openssl x509 -req -in "pki/$2.csr" -CA "pki/$1.pem" -CAkey "pki/$1.key" -CAcreateserial \
    -days 60 -extfile pki/signer.ext -out "pki/$2.pem" >> setup.log 2>&1
}
if ! { make_ca appliance-ca && make_signer appliance-ca appliance-signer &&
       make_ca other-ca && make_signer other-ca other-signer; }; then
  setup_failed "openssl could not create the PKI"
fi
# Preconditions: each signer chains to its own CA only.
openssl verify -purpose any -CAfile pki/appliance-ca.pem pki/appliance-signer.pem >> setup.log 2>&1 ||
  setup_failed "appliance-signer does not chain to appliance-ca"
if openssl verify -purpose any -CAfile pki/appliance-ca.pem pki/other-signer.pem >> setup.log 2>&1; then
  setup_failed "other-signer unexpectedly chains to appliance-ca"
fi

# --- a tiny root file system image ----------------------------------------------
# 2 MiB ext4 with 256 KiB of random data: RAUC refuses a payload squashfs of a
# single 4 KiB block, and an all-zero image compresses to exactly that.
mkdir rootfs
printf 'ID=sensord-appliance\nVERSION_ID=1.0.0-test\n' > rootfs/os-release
head -c 262144 /dev/urandom > rootfs/payload.bin
"$mkfs_ext4" -q -F -d rootfs rootfs.ext4 2M >> setup.log 2>&1 || setup_failed "mkfs.ext4 -d failed"

# The appliance's keyring policy for `rauc info`: system.conf's [system] and
# [keyring] sections without the device-only keys (same derivation as
# build-bundle.sh). Without check-purpose=codesign, RAUC would reject the
# codeSigning-only certificates ("unsuitable certificate purpose").
awk '
  /^[[:space:]]*\[/ { sect = $0; gsub(/[[:space:]]/, "", sect)
                      keep = (sect == "[system]" || sect == "[keyring]")
                      if (keep) print sect
                      if (sect == "[system]") print "bootloader=noop"
                      next }
  !keep || /^[[:space:]]*(#|$)/ { next }
  /^(bootloader|grubenv|data-directory|statusfile|path)=/ { next }
  { print }
' "$rauc_dir/system.conf" > verify.conf
grep -qx 'check-purpose=codesign' verify.conf || setup_failed "system.conf no longer sets check-purpose=codesign: update this test's PKI"

rauc_info() {  # KEYRING BUNDLE OUT ERR
  rauc --conf="$tmp/verify.conf" info --keyring="$1" "$2" > "$3" 2> "$4"
}

# --- bundles ----------------------------------------------------------------------
if ! bash "$build" --rootfs rootfs.ext4 --version 1.0.0-test --cert pki/appliance-signer.pem \
     --key pki/appliance-signer.key --keyring pki/appliance-ca.pem --out good.raucb > build-good.log 2>&1 ||
   [[ ! -s good.raucb ]]; then
  sed 's/^/       /' build-good.log
  fail "(setup) build-bundle.sh could not build the appliance-signed bundle"
  echo "rauc_test: $checks checks, $failures failed"
  exit 1
fi
pass "(setup) build-bundle.sh built good.raucb and verified it against appliance-ca"
if ! bash "$build" --rootfs rootfs.ext4 --version 1.0.0-test --cert pki/other-signer.pem \
     --key pki/other-signer.key --keyring pki/other-ca.pem --out other.raucb > build-other.log 2>&1; then
  sed 's/^/       /' build-other.log
  fail "(setup) build-bundle.sh could not build the bundle signed under other-ca"
fi

# --- (a) the good bundle verifies -----------------------------------------------
if rauc_info pki/appliance-ca.pem good.raucb a.out a.err &&
   grep -q "^Compatible:.*'sensord-appliance'" a.out && grep -q "^Version:.*'1.0.0-test'" a.out &&
   grep -q "^Bundle Format:.*verity" a.out; then
  pass "(a) rauc info --keyring appliance-ca.pem good.raucb: signature and chain accepted (verity, sensord-appliance, 1.0.0-test)"
else
  fail "(a) rauc info --keyring appliance-ca.pem good.raucb did not verify"
  rauc_error a.err
fi
# The payload: rauc extract checks the squashfs against the signed verity root
# hash before unpacking, as install does through dm-verity.
if rauc --conf="$tmp/verify.conf" extract --keyring=pki/appliance-ca.pem good.raucb extracted > a2.out 2> a2.err &&
   cmp -s extracted/rootfs.ext4 rootfs.ext4; then
  pass "(a) rauc extract good.raucb: payload matches the signed verity hash, rootfs.ext4 identical to the input image"
else
  fail "(a) rauc extract of the good bundle failed or gave a different image"
  rauc_error a2.err
fi

# --- (b) tampered bundles are refused --------------------------------------------
# Bundle layout (verity): squashfs payload | verity hash tree | CMS signature
# (with the manifest inside) | CMS size as a big-endian uint64.
flip_byte() {  # FILE OFFSET: invert all bits of one byte
  local b
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf '%b' "\\0$(printf '%03o' $((b ^ 0xff)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
size=$(stat -c %s good.raucb)
cms_size=$((16#$(od -An -tx1 -j $((size - 8)) -N8 good.raucb | tr -d ' \n')))
cms_off=$((size - 8 - cms_size))
squashfs_size=$(od -An -tu8 -j 40 -N8 good.raucb | tr -d ' ')  # superblock bytes_used (little-endian host)
echo "      good.raucb: $size bytes, squashfs payload $squashfs_size, CMS signature $cms_size at $cms_off"

refused() {  # NAME OUT ERR PATTERN -- $? of the rauc command must be nonzero
  local rc=$1 name=$2 err=$3 pattern=$4
  if ((rc != 0)) && grep -Eq "$pattern" "$err"; then
    pass "$name: refused (exit $rc)"
    rauc_error "$err"
  elif ((rc != 0)); then
    fail "$name: failed (exit $rc), but not with the expected verification error /$pattern/"
    rauc_error "$err"
  else
    fail "$name: ACCEPTED"
  fi
}
tampered() {  # NAME OFFSET
  cp good.raucb "$1.raucb" && flip_byte "$1.raucb" "$2"
  if cmp -s good.raucb "$1.raucb"; then
    fail "(b) $1: could not modify the copy at offset $2"
    return 1
  fi
}

if tampered payload $((squashfs_size / 2)); then
  rauc --conf="$tmp/verify.conf" extract --keyring=pki/appliance-ca.pem payload.raucb payload-x > b1.out 2> b1.err
  refused $? "(b) payload byte flipped at offset $((squashfs_size / 2)), rauc extract" b1.err \
    'payload is corrupted|[Vv]erification (of data area )?failed'
  # Informational: `rauc info` checks the signed manifest only; with the verity
  # format the payload is checked when it is read (install, extract, mount).
  rauc_info pki/appliance-ca.pem payload.raucb b1i.out b1i.err
  echo "      note: rauc info on that bundle exits $? (it does not read the payload)"
fi

manifest_at=$(grep -obUa "version=1.0.0-test" good.raucb | awk -F: -v off="$cms_off" '$1 >= off {print $1; exit}')
if [[ -z $manifest_at ]]; then
  fail "(b) could not find the signed manifest inside the CMS signature"
elif tampered manifest $((manifest_at + 8)); then
  rauc_info pki/appliance-ca.pem manifest.raucb b2.out b2.err
  refused $? "(b) signed manifest byte flipped (version= inside the CMS), rauc info" b2.err \
    'signature verification failed'
fi

if tampered signature $((size - 9)); then
  rauc_info pki/appliance-ca.pem signature.raucb b3.out b3.err
  refused $? "(b) signature value byte flipped (last byte of the CMS), rauc info" b3.err \
    'signature verification failed'
fi

# --- (c) a bundle signed under another CA ----------------------------------------
if [[ -s other.raucb ]]; then
  rauc_info pki/appliance-ca.pem other.raucb c.out c.err
  refused $? "(c) bundle signed by other-signer (other-ca), rauc info --keyring appliance-ca.pem" c.err \
    'signature verification failed.*(unable to get local issuer certificate|certificate verify)'
  if rauc_info pki/other-ca.pem other.raucb c2.out c2.err; then
    pass "(c) control: the same bundle verifies against its own other-ca.pem"
  else
    fail "(c) control: the other-ca bundle does not verify against other-ca.pem either (so (c) proves nothing)"
    rauc_error c2.err
  fi
fi

# --- (d) build-bundle.sh will not leave an unverifiable bundle behind -------------
bash "$build" --rootfs rootfs.ext4 --version 1.0.0-test --cert pki/other-signer.pem \
  --key pki/other-signer.key --keyring pki/appliance-ca.pem --out wrong.raucb > d.out 2> d.err
rc=$?
if ((rc != 0)) && [[ ! -e wrong.raucb ]] && grep -q 'does not verify against' d.err; then
  pass "(d) build-bundle.sh with other-signer and --keyring appliance-ca.pem: exit $rc, no bundle left"
  grep 'signature verification failed' d.err | tail -n 1 | sed 's/^ */       rauc said: /'
else
  fail "(d) build-bundle.sh with a signer outside --keyring: exit $rc, bundle left: $([[ -e wrong.raucb ]] && echo yes || echo no)"
  sed 's/^/       /' d.err | tail -n 5
fi

# --- (e) mark-good.sh against a fake systemctl and rauc ---------------------------
mkdir fakebin
cat > fakebin/systemctl <<'EOF'
#!/usr/bin/env bash
# list-units: one instance. show: its state from $FAKE_STATE; "flapping" makes
# every look see a new activation (as Restart=on-failure would).
case $1 in
  list-units) echo "sensord@eth9.service loaded active running sensord on eth9" ;;
  show)
    n=$(( $(cat "$FAKE_STATE.count" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$FAKE_STATE.count"
    case $(cat "$FAKE_STATE") in
      stable)   printf 'NRestarts=0\nActiveState=active\nSubState=running\nActiveEnterTimestampMonotonic=1000\n' ;;
      flapping) printf 'NRestarts=%s\nActiveState=active\nSubState=running\nActiveEnterTimestampMonotonic=%s\n' "$n" "$((1000 + n))" ;;
    esac ;;
esac
EOF
cat > fakebin/rauc <<'EOF'
#!/usr/bin/env bash
echo "$*" >> "$FAKE_RAUC_LOG"
EOF
chmod +x fakebin/systemctl fakebin/rauc
mark_good() {  # STATE TIMEOUT
  echo "$1" > fake.state
  rm -f fake.state.count rauc-calls.log
  FAKE_STATE=$tmp/fake.state FAKE_RAUC_LOG=$tmp/rauc-calls.log PATH=$tmp/fakebin:$PATH \
    MARK_GOOD_STABLE_S=2 MARK_GOOD_POLL_S=1 MARK_GOOD_TIMEOUT_S=$2 \
    bash "$rauc_dir/mark-good.sh" > "mark-good-$1.log" 2>&1
}
mark_good stable 20
rc=$?
if ((rc == 0)) && [[ $(cat rauc-calls.log 2>/dev/null) == "status mark-good booted" ]]; then
  pass "(e) mark-good.sh: instance running 2s without restart -> 'rauc status mark-good booted'"
else
  fail "(e) mark-good.sh with a stable instance: exit $rc, rauc calls: $(cat rauc-calls.log 2>/dev/null || echo none)"
  sed 's/^/       /' mark-good-stable.log
fi
mark_good flapping 4
rc=$?
if ((rc == 1)) && [[ ! -e rauc-calls.log ]] && grep -q 'NOT marking' mark-good-flapping.log; then
  pass "(e) mark-good.sh: instance restarting on every poll -> exit 1 after the timeout, rauc not called"
else
  fail "(e) mark-good.sh with a restarting instance: exit $rc, rauc calls: $(cat rauc-calls.log 2>/dev/null || echo none)"
  sed 's/^/       /' mark-good-flapping.log
fi

echo "rauc_test: $checks checks, $failures failed"
((failures == 0))
