// dissectors/gre/gre.cc: GRE, RFC 2784 / RFC 2890 / RFC 2637 (see gre.h).
#include "dissectors/gre/gre.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::gre {
namespace {
constexpr std::uint16_t kFlagChecksum = 0x8000;
constexpr std::uint16_t kFlagRouting = 0x4000;
constexpr std::uint16_t kFlagKey = 0x2000;
constexpr std::uint16_t kFlagSeq = 0x1000;
constexpr std::uint16_t kFlagAck = 0x0080;  // RFC 2637; part of Reserved0 in version 0
constexpr std::uint16_t kVersionMask = 0x0007;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    ByteReader r(v);
    const auto flags = r.be16();
    const auto protocol = r.be16();
    if (!flags || !protocol) return ParseError::truncated(r.offset(), kErrTruncated);
    h.version = static_cast<std::uint8_t>(*flags & kVersionMask);
    if (h.version != kVersionGre && h.version != kVersionPptp)
        return ParseError::unsupported(1, kErrUnsupportedVersion);
    if (*flags & kFlagRouting) return ParseError::unsupported(0, kErrUnsupportedRouting);
    h.protocol = *protocol;
    h.checksum_present = (*flags & kFlagChecksum) != 0;
    h.key_present = (*flags & kFlagKey) != 0;
    h.seq_present = (*flags & kFlagSeq) != 0;
    h.ack_present = h.version == kVersionPptp && (*flags & kFlagAck) != 0;

    // Optional fields, in this order, each present only when its flag is set.
    if (h.checksum_present) {
        const auto sum = r.be16();
        if (!sum || !r.skip(2)) return ParseError::truncated(r.offset(), kErrTruncated);  // + Reserved1
        h.checksum = *sum;
    }
    const auto read_u32 = [&r](bool present, std::uint32_t& out) {
        if (!present) return true;
        const auto x = r.be32();
        if (x) out = *x;
        return x.has_value();
    };
    if (!read_u32(h.key_present, h.key) || !read_u32(h.seq_present, h.seq) || !read_u32(h.ack_present, h.ack))
        return ParseError::truncated(r.offset(), kErrTruncated);
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::gre
