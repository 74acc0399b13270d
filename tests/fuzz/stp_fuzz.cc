// Fuzz target for spanning-tree BPDUs (dissectors/stp) and their mapper
// (posture/evidence/stp). Checks the MST views lie inside the input and have
// their fixed sizes, the MSTI count fits the bytes, and the mapper's output is
// one record at most. A violated invariant aborts. Seeds: tests/fuzz/corpus/stp/
// (tests/unit/dissectors/stp_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/packet/packet.h"
#include "dissectors/stp/stp.h"
#include "posture/evidence/stp.h"

namespace {

using dissect::ByteView;
namespace stp = dissect::stp;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    const auto b = stp::parse(input);
    if (b && b->version3_length) {
        require(within(input, b->mst_config_name) && b->mst_config_name.size() == stp::kMstNameBytes);
        require(within(input, b->mst_digest) && b->mst_digest.size() == stp::kMstDigestBytes);
        require(stp::kMstBytes + std::size_t{b->msti_count} * stp::kMstiBytes <= size);
    }
    static const dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    const auto r = posture::evidence::stp_frame(input, ctx, out);
    require(r.has_value() == b.has_value());
    require(out.size() == (b ? 1u : 0u));
    return 0;
}
