// dissectors/vlan/vlan.cc: one IEEE 802.1Q / 802.1ad tag (see vlan.h).
#include "dissectors/vlan/vlan.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::vlan {

Result<Header> parse(ByteView after_tpid) noexcept {
    ByteReader r(after_tpid);
    const auto tci = r.be16();
    const auto type = r.be16();
    if (!tci || !type) return fail(ParseError::truncated(r.offset(), kErrTruncated));
    Header h;
    h.pcp = static_cast<std::uint8_t>(*tci >> 13);
    h.dei = (*tci & 0x1000) != 0;
    h.vid = static_cast<std::uint16_t>(*tci & 0x0fff);
    h.inner_type = *type;
    h.is_8023 = *type <= eth::kMaxLength;
    h.payload = r.rest();
    if (h.is_8023) {
        h.truncated = *type > h.payload.size();
        h.payload = h.payload.prefix(*type);
    }
    return h;
}

}  // namespace dissect::vlan
