// posture/evidence/fingerprint.h
// Fingerprint: the owned, capped record that posture/evidence/<proto>.cc makes
// from a dissector's result. It says what goes into the device record's `fp`
// map (WIRE-PROTOCOL.md §4), which names the device announced, and which
// classification hints the observation carries. Strings are copied here, capped
// (kMaxString, with `truncated` set), so nothing points into a packet slot.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "posture/record/value.h"

namespace posture {

inline constexpr std::size_t kMaxString = 256;        // WIRE-PROTOCOL §4 string bound
inline constexpr std::size_t kMaxEvidenceValue = 512;  // evidence `val` bound

// Where a host name came from (WIRE-PROTOCOL §4 `names[].src`).
enum class NameSource : std::uint8_t { Dhcp, Mdns, Nbns, Dns, Llmnr, Lldp, Cdp, Dhcpv6, Snmp, Smb };

struct NameHint {
    std::string name;
    NameSource src = NameSource::Dhcp;
};

// One weighted vote for a classification attribute (issue 4 fuses them).
struct ClassHint {
    std::string attribute;  // type, os.name, os.version, vendor, model
    std::string value;
    std::uint8_t weight = 0;  // 0..100
    std::string src;          // e.g. dhcp.fp, http.ua, mdns.txt
};

// A cleartext secret or risky behaviour seen (never the secret itself).
struct Observation {
    std::string what;    // stable id, e.g. "cleartext.telnet.login", "smb.v1"
    std::string detail;  // capped, no secrets
};

struct Fingerprint {
    // fp map key and entry. For list-valued keys (dhcp, tcp, ja3, sni, ...)
    // `entry` is prepended (newest first, deduplicated, capped at 8); for
    // map-valued keys (lldp, cdp, smb) `singleton` is true and the entry's
    // keys are merged into the existing map.
    std::string key;
    Value entry;
    bool singleton = false;
    std::vector<NameHint> names;
    std::vector<ClassHint> hints;
    std::vector<Observation> observations;
};

// Copies wire bytes into a string of at most `max` bytes; sets `truncated`
// when it had to cut. Bytes are kept as they are (renderers escape them).
[[nodiscard]] inline std::string capped(std::string_view s, bool* truncated = nullptr, std::size_t max = kMaxString) {
    if (s.size() <= max) return std::string(s);
    if (truncated) *truncated = true;
    return std::string(s.substr(0, max));
}

// Lowercase hex of raw bytes (binary values in records are hex, §10).
[[nodiscard]] inline std::string hex(std::string_view bytes, std::size_t max_bytes = kMaxString / 2) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    const std::size_t n = bytes.size() < max_bytes ? bytes.size() : max_bytes;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

}  // namespace posture
