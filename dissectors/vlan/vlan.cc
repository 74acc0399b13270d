// dissectors/vlan/vlan.cc: one IEEE 802.1Q / 802.1ad tag (see vlan.h).
#include "dissectors/vlan/vlan.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::vlan {
namespace {

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView after_tpid, Header& h) noexcept {
    ByteReader r(after_tpid);
    const auto tci = r.be16();
    const auto type = r.be16();
    if (!tci || !type) return ParseError::truncated(r.offset(), kErrTruncated);
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
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView after_tpid) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(after_tpid, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::vlan
