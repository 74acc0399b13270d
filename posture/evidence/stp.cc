// posture/evidence/stp.cc
// BPDU mapper: see stp.h for what it emits.
#include "posture/evidence/stp.h"

#include <string>

#include "dissectors/stp/stp.h"

namespace posture::evidence {
namespace {

constexpr std::uint8_t kBridgeWeight = 60;

std::string bridge_text(const dissect::stp::BridgeId& id) {
    return std::to_string(id.bridge_priority()) + "/" + std::to_string(id.system_id_ext()) + "/" +
           dissect::to_string(id.mac);
}

std::string port_text(std::uint16_t port) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kDigits[(port >> shift) & 0xf]);
    return out;
}

}  // namespace

dissect::Result<void> stp_frame(dissect::ByteView l2_payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto b = dissect::stp::parse(l2_payload);
    if (!b) return dissect::fail(b.error());
    Fingerprint fp;
    if (b->type != dissect::stp::kTcn) {
        Map e;
        e.insert_or_assign("root_id", Value(bridge_text(b->root)));
        e.insert_or_assign("bridge_id", Value(bridge_text(b->bridge)));
        e.insert_or_assign("port_id", Value(port_text(b->port_id)));
        e.insert_or_assign("version", Value(std::uint64_t{b->version}));
        fp.key = "stp";
        fp.singleton = true;
        fp.entry = Value(std::move(e));
    }
    fp.hints.push_back(ClassHint{"type", "network", kBridgeWeight, "stp.bpdu"});
    out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence
