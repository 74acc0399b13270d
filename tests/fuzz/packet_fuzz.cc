// Fuzz target for the layer walker (dissectors/packet): decodes the input as
// a frame of every link type and checks what must hold for any bytes at all.
// A violated invariant aborts, which both libFuzzer and the replay driver
// report as a failure. Seeds: tests/fuzz/corpus/packet/ (frames from
// tests/unit/dissectors/packet_frames.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "dissectors/core/byte_view.h"
#include "dissectors/packet/packet.h"

namespace {

using dissect::ByteView;
using dissect::packet::Decoded;
using dissect::packet::LinkType;

constexpr LinkType kLinkTypes[] = {LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2,
                                   LinkType::RawIp,    LinkType::RawIpv4,  LinkType::RawIpv6};

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

bool known_anomaly(const char* name) {
    for (const char* n : dissect::packet::anomaly_names())
        if (std::strcmp(n, name) == 0) return true;
    return false;
}

void check(const Decoded& d, ByteView frame) {
    const bool ok = within(frame, d.l2_payload) && within(frame, d.ip) && within(frame, d.tcp_options) &&
                    within(frame, d.l4_payload) && d.tunnel_depth <= dissect::packet::kMaxTunnelDepth &&
                    d.vlan_count <= dissect::packet::kMaxVlanTags &&
                    (d.anomaly == nullptr || known_anomaly(d.anomaly));
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView frame{data, size};
    Decoded d;
    for (const LinkType lt : kLinkTypes) {
        dissect::packet::decode(frame, lt, d);
        check(d, frame);
    }
    return 0;
}
