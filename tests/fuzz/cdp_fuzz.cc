// Fuzz target for CDP: the parser (dissectors/cdp) and the mapper
// (posture/evidence/cdp) over any bytes. A violated invariant aborts.
// Seeds: tests/fuzz/corpus/cdp/ (tests/unit/dissectors/cdp_frames.h and real
// PDUs from the BSD-licensed shared captures).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/cdp/cdp.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/cdp.h"

namespace {

bool within(dissect::ByteView outer, dissect::ByteView inner) {
    if (inner.empty()) return true;
    return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

bool list_ok(const dissect::cdp::AddressList& l, dissect::ByteView in) {
    if (l.count > dissect::cdp::kMaxAddresses) return false;
    for (std::uint8_t i = 0; i < l.count; ++i)
        if (!within(in, l.entries[i].address) || !within(in, l.entries[i].protocol)) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const dissect::ByteView in{data, size};
    if (const auto m = dissect::cdp::parse(in)) {
        const bool ok = within(in, m->device_id) && within(in, m->software_version) && within(in, m->platform) &&
                        within(in, m->port_id) && list_ok(m->addresses, in) && list_ok(m->mgmt_addresses, in) &&
                        m->tlv_count <= dissect::cdp::kMaxTlvs;
        if (!ok) std::abort();
    }
    static const dissect::packet::Decoded dec{};
    static const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    const auto r = posture::evidence::cdp_frame(in, ctx, out);
    if (!r && !out.empty()) std::abort();
    return 0;
}
