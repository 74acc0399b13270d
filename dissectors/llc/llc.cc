// dissectors/llc/llc.cc: IEEE 802.2 LLC + SNAP (see llc.h).
#include "dissectors/llc/llc.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::llc {
namespace {
constexpr std::uint8_t kUFormatMask = 0x03;  // low two bits 11: U format, 1-byte control
constexpr std::uint8_t kCommandResponseBit = 0x01;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView pdu, Header& h) noexcept {
    ByteReader r(pdu);
    const auto dsap = r.u8();
    const auto ssap = r.u8();
    const auto ctl0 = r.u8();
    if (!dsap || !ssap || !ctl0) return ParseError::truncated(r.offset(), kErrTruncated);
    h.dsap = *dsap;
    h.ssap = *ssap;
    h.control = *ctl0;
    if ((*ctl0 & kUFormatMask) != kUFormatMask) {
        const auto ctl1 = r.u8();
        if (!ctl1) return ParseError::truncated(r.offset(), kErrTruncated);
        h.control = static_cast<std::uint16_t>((*ctl0 << 8) | *ctl1);
    }
    // SNAP is only defined for UI frames; the SSAP's C/R bit does not matter.
    h.snap = h.dsap == kSapSnap && (h.ssap & ~kCommandResponseBit) == kSapSnap && h.control == kControlUi;
    if (h.snap) {
        const auto oui = r.be24();
        const auto pid = r.be16();
        if (!oui || !pid) return ParseError::truncated(r.offset(), kErrTruncated);
        h.oui = *oui;
        h.pid = *pid;
    }
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView pdu) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(pdu, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::llc
