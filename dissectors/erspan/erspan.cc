// dissectors/erspan/erspan.cc: ERSPAN type II / III, draft-foschiano-erspan-03 (see erspan.h).
#include "dissectors/erspan/erspan.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::erspan {
namespace {

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    ByteReader r(v);
    const auto first = r.peek_u8();
    if (!first) return ParseError::truncated(0, kErrTruncated);
    h.version = static_cast<std::uint8_t>(*first >> 4);
    if (h.version != kVersionType2 && h.version != kVersionType3)
        return ParseError::unsupported(0, kErrUnsupportedVersion);
    const std::size_t header_len = h.version == kVersionType2 ? kType2HeaderLen : kType3HeaderLen;
    if (r.remaining() < header_len) return ParseError::truncated(v.size(), kErrTruncated);

    // Common first word: Ver(4) VLAN(12) | COS(3) En/BSO(2) T(1) Session ID(10).
    const std::uint32_t w0 = *r.be32();  // cannot fail: header_len checked
    h.vlan = static_cast<std::uint16_t>((w0 >> 16) & 0x0fff);
    h.cos = static_cast<std::uint8_t>((w0 >> 13) & 0x7);
    h.encap = static_cast<std::uint8_t>((w0 >> 11) & 0x3);
    h.truncated = (w0 & 0x0400) != 0;
    h.session_id = static_cast<std::uint16_t>(w0 & 0x03ff);

    if (h.version == kVersionType2) {
        h.index = *r.be32() & 0x000fffff;  // Reserved(12) Index(20)
        h.payload = r.rest();
        return std::nullopt;
    }

    // Type III: Timestamp(32) | SGT(16) P(1) FT(5) HwID(6) D(1) Gra(2) O(1).
    h.timestamp = *r.be32();
    h.sgt = *r.be16();
    const std::uint16_t bits = *r.be16();
    h.p = (bits & 0x8000) != 0;
    h.frame_type = static_cast<std::uint8_t>((bits >> 10) & 0x1f);
    h.hw_id = static_cast<std::uint8_t>((bits >> 4) & 0x3f);
    h.egress = (bits & 0x0008) != 0;
    h.granularity = static_cast<std::uint8_t>((bits >> 1) & 0x3);
    h.has_platform = (bits & 0x0001) != 0;
    if (h.has_platform) {
        const auto sub = r.be64();
        if (!sub) return ParseError::truncated(r.offset(), kErrTruncated);
        h.platform_id = static_cast<std::uint8_t>(*sub >> 58);
        h.platform_info = *sub & ((std::uint64_t{1} << 58) - 1);
    }
    h.inner_is_ip = h.frame_type == kFrameTypeIp;
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::erspan
