// posture/classify/classifier.h
// Evidence fusion: what a device is (type, OS name and version, vendor,
// model), how sure we are, and why.
//
// Votes. Every observation becomes a vote (attribute, value, weight 0..100,
// source): the hints the protocol mappers attached to fingerprints
// (posture/evidence), the knowledge base's patterns matched against the
// record's facts (posture/kb/*.yaml: host names, DHCP, DNS names, mDNS, SSDP,
// LLDP/CDP, HTTP servers, JA4, the OUI vendor), User-Agent strings parsed
// with uap-core (posture/kb/ua_db.h), and the router rule (l3.forwarding).
// A source votes once per (attribute, value). Votes are remembered
// (ClassState::remembered, at most kMaxRemembered, the weakest forgotten
// first): the record's fingerprint lists keep only their newest entries, and
// a vote must not come and go as a list rotates (a device whose one Android
// User-Agent is pushed out by others and comes back would flap).
//
// Fusion. Per attribute, each value's score is the sum of its votes' weights;
// the best score wins. An OS version counts only from sources that named the
// winning OS. Confidence of a verdict with score s, out of a total T for
// the attribute:  c = min(1, s / 100) * s / T  -- 100 points of agreeing
// evidence and none against is certainty; contradictions divide it. The
// record's confidence is the type's.
//
// Hysteresis. A verdict is replaced only by a challenger whose score is at
// least kMarginRatio * s + kMarginAbs (s + kMarginAbs while the verdict is
// weak, s < kWeakScore), and only once it has kept that lead for
// kSustainUs of packet time -- or at once when it overwhelms the verdict
// (>= 2 s + 20) or the verdict has no votes left. So a device whose evidence
// trickles in does not flap between near-equal values. A change of a
// verdict's value is a material change (ClassState::material), which is what
// device.update is emitted for; confidence drifts are not.
//
// Spoof detection. The sources that see the device's own software speak for
// it independently: DHCP (vendor class, request list), the TCP stack (p0f),
// the User-Agent, the TLS client stack (JA4), SMB/NetBIOS and the SSH banner.
// Their OS votes are compared by family (Windows; Apple: macOS, iOS ...;
// Linux and the systems built on it; BSD; else the name itself). A vote
// counts when its weight is at least kConflictMinWeight, and a pair only when
// one side reaches kConflictStrongWeight:
//   os_sources        two channels name different families ("DHCP says Windows
//                     (dhcp.vendor 80); TCP stack says Linux (tcp.syn 45)");
//                     not two sources of one channel (a NAT box's SYN+ACKs
//                     are its servers');
//   os_family_change  one source of a host-level channel (DHCP, TCP, SMB,
//                     SSH; not a User-Agent, which is per application) named
//                     two families: it spoke twice, with a different OS each
//                     time, as another machine on this MAC would;
//   vendor_os         the MAC's vendor is Apple, whose computers run Apple's
//                     systems, and a channel other than the TCP stack names
//                     another family (Apple's appliances run other kernels).
// Routers are exempt (forwarded traffic speaks for other hosts). A conflict
// lasts while its votes do; the strongest pair is the one named.
#pragma once

#include <cstdint>
#include <vector>

#include "posture/classify/state.h"
#include "posture/evidence/fingerprint.h"
#include "posture/record/value.h"

namespace posture {
struct Device;
class UaDb;
namespace kb {
class Kb;
}
}  // namespace posture

namespace posture::classify {

inline constexpr double kMarginRatio = 1.25;
inline constexpr unsigned kMarginAbs = 10;
inline constexpr unsigned kWeakScore = 50;
inline constexpr std::uint64_t kSustainUs = 30'000'000;  // 30 s of packet time
inline constexpr unsigned kConflictMinWeight = 25;
inline constexpr unsigned kConflictStrongWeight = 40;

class Classifier {
public:
    // Either may be null: no knowledge-base votes, no User-Agent votes.
    Classifier(const kb::Kb* kb, UaDb* ua) : kb_(kb), ua_(ua) {}

    // Every vote for `d` (deduplicated per source, attribute and value).
    [[nodiscard]] std::vector<ClassHint> votes(const Device& d) const;

    // Adds `votes` (all but the derived ones) to st.remembered, which
    // votes() of the device then includes.
    static void remember(ClassState& st, const std::vector<ClassHint>& votes);

    // Re-evaluates `st` from `votes` at packet time `now_us`. Returns true
    // when a verdict's value changed (a material change).
    bool update(ClassState& st, const std::vector<ClassHint>& votes, std::uint64_t now_us) const;

    // The record's `class` map (WIRE-PROTOCOL §4); empty when nothing is known.
    [[nodiscard]] static Map to_map(const ClassState& st);

private:
    const kb::Kb* kb_;
    UaDb* ua_;  // parsing fills its cache
};

}  // namespace posture::classify
