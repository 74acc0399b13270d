// Fuzz target for LLDP: the parser (dissectors/lldp) and the mapper
// (posture/evidence/lldp) over any bytes. A violated invariant aborts, which
// libFuzzer and the replay driver both report. Seeds: tests/fuzz/corpus/lldp/
// (the LLDPDUs of tests/unit/dissectors/lldp_frames.h and real ones from the
// BSD/Apache-licensed shared captures).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/lldp/lldp.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/lldp.h"

namespace {

bool within(dissect::ByteView outer, dissect::ByteView inner) {
    if (inner.empty()) return true;
    return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

void check(const dissect::lldp::Message& m, dissect::ByteView in) {
    bool ok = within(in, m.chassis.value) && within(in, m.port.value) && within(in, m.system_name) &&
              within(in, m.system_description) && within(in, m.port_description) && within(in, m.med_model) &&
              within(in, m.med_manufacturer) && within(in, m.mud_url) && m.mgmt_count <= dissect::lldp::kMaxMgmtAddrs &&
              m.vlan_name_count <= dissect::lldp::kMaxVlanNames &&
              m.policy_count <= dissect::lldp::kMaxNetworkPolicies && m.tlv_count <= dissect::lldp::kMaxTlvs;
    for (std::uint8_t i = 0; i < m.mgmt_count && ok; ++i) ok = within(in, m.mgmt[i].address) && within(in, m.mgmt[i].oid);
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const dissect::ByteView in{data, size};
    if (const auto m = dissect::lldp::parse(in)) check(*m, in);
    static const dissect::packet::Decoded dec{};
    static const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    const auto r = posture::evidence::lldp_frame(in, ctx, out);
    if (!r && !out.empty()) std::abort();  // an error appends nothing
    for (const auto& fp : out)
        for (const auto& n : fp.names)
            if (n.name.size() > posture::kMaxString) std::abort();
    return 0;
}
