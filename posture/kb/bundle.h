// posture/kb/bundle.h
// Signed knowledge-base updates: the fingerprint tables (posture/kb) and the
// risk rules (posture/rules) replaced at run time by a bundle that a trusted
// key signed. sensord verifies a bundle before it loads anything from it and
// keeps the data it runs with on any failure.
//
// A bundle is a directory:
//   manifest.txt   "sensord-kb 1" / "version V" / one "sha256 HEX PATH" per file
//   manifest.sig   the Ed25519 signature of manifest.txt (64 bytes, raw)
//   kb/*.yaml      the classification tables
//   rules/*.yaml   the risk rules
// V is [A-Za-z0-9._+-]{1,64}; PATH is kb/NAME.yaml or rules/NAME.yaml. Every
// *.yaml under kb/ and rules/ must be listed (an unlisted file would be
// loaded unsigned) and match its hash; kb/ and rules/ must both have one.
// firmware/kb/make-kb-bundle.sh writes one (openssl pkeyutl -rawin).
//
// Trusted keys: *.pem (Ed25519 public keys, PEM) in a directory, by default
// /etc/sensord/kb-keys. Any one of them may sign.
//
// Errors name the bundle and what failed ("kb bundle /x: kb/os.yaml: sha256
// mismatch"). The bundle directory should be writable by root only: it is
// verified, then read again by the loaders.
#pragma once

#include <expected>
#include <string>

namespace posture::kb {

inline constexpr const char* kDefaultKbKeysDir = "/etc/sensord/kb-keys";

struct VerifiedBundle {
    std::string version;
    std::string kb_dir;     // <bundle>/kb
    std::string rules_dir;  // <bundle>/rules
    std::string signer;     // the trusted key file that verified it
};

[[nodiscard]] std::expected<VerifiedBundle, std::string> verify_bundle(const std::string& dir,
                                                                       const std::string& keys_dir);

}  // namespace posture::kb
