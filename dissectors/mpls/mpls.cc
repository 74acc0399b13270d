// dissectors/mpls/mpls.cc: MPLS label stack + payload guess (see mpls.h).
#include "dissectors/mpls/mpls.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::mpls {
namespace {
constexpr std::uint32_t kBottomOfStack = 0x100;
constexpr std::uint8_t kNibbleIpv4 = 4;
constexpr std::uint8_t kNibbleIpv6 = 6;
constexpr std::uint8_t kNibbleControlWord = 0;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    ByteReader r(v);
    for (;;) {
        if (h.label_count == kMaxLabels) return ParseError::limit(r.offset(), kErrTooManyLabels);
        const auto entry = r.be32();
        if (!entry) return ParseError::truncated(r.offset(), kErrTruncated);
        const std::uint32_t label = *entry >> 12;
        if (h.label_count++ == 0) h.top_label = label;
        if (*entry & kBottomOfStack) {
            h.bottom_label = label;
            h.bottom_tc = static_cast<std::uint8_t>((*entry >> 9) & 0x7);
            h.bottom_ttl = static_cast<std::uint8_t>(*entry & 0xff);
            break;
        }
    }
    h.payload = r.rest();
    const auto first = r.peek_u8();
    if (!first) return std::nullopt;  // empty payload: nothing to guess from
    switch (*first >> 4) {
        case kNibbleIpv4: h.next = Next::Ipv4; break;
        case kNibbleIpv6: h.next = Next::Ipv6; break;
        case kNibbleControlWord:
            if (!r.skip(kControlWordLen)) return ParseError::truncated(r.offset(), kErrTruncated);
            h.next = Next::PwEthernet;
            h.payload = r.rest();
            break;
        default: break;
    }
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::mpls
