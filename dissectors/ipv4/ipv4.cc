// dissectors/ipv4/ipv4.cc: IPv4 header, RFC 791 (see ipv4.h).
#include "dissectors/ipv4/ipv4.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::ipv4 {
namespace {
constexpr std::uint8_t kVersion = 4;
constexpr std::uint8_t kMinIhl = 5;
constexpr std::uint16_t kFlagDf = 0x4000;
constexpr std::uint16_t kFlagMf = 0x2000;
constexpr std::uint16_t kFragOffsetMask = 0x1fff;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    ByteReader r(v);
    const auto ver_ihl = r.u8();
    if (!ver_ihl) return ParseError::truncated(0, kErrTruncated);
    if ((*ver_ihl >> 4) != kVersion) return ParseError::malformed(0, kErrBadVersion);
    const std::uint8_t ihl = *ver_ihl & 0x0f;
    if (ihl < kMinIhl) return ParseError::malformed(0, kErrBadHeaderLength);
    h.header_len = static_cast<std::uint8_t>(ihl * 4);
    if (v.size() < h.header_len) return ParseError::truncated(v.size(), kErrTruncated);

    // The whole header is captured: the reads below cannot fail.
    const std::uint8_t tos = *r.u8();
    h.dscp = static_cast<std::uint8_t>(tos >> 2);
    h.ecn = static_cast<std::uint8_t>(tos & 0x03);
    h.total_length = *r.be16();
    h.id = *r.be16();
    const std::uint16_t flags_frag = *r.be16();
    h.df = (flags_frag & kFlagDf) != 0;
    h.mf = (flags_frag & kFlagMf) != 0;
    h.frag_offset = static_cast<std::uint16_t>(flags_frag & kFragOffsetMask);
    h.ttl = *r.u8();
    h.protocol = *r.u8();
    h.checksum = *r.be16();
    store_address(h.src, *r.take(4));
    store_address(h.dst, *r.take(4));
    h.options = *r.take(h.header_len - kMinHeaderLen);

    std::size_t length = h.total_length;
    if (length == 0) {
        h.length_from_capture = true;
        length = v.size();
    } else if (length < h.header_len) {
        return ParseError::malformed(2, kErrBadTotalLength);
    }
    h.truncated = length > v.size();
    h.packet = v.prefix(length);
    h.payload = h.packet.tail(h.header_len);
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::ipv4
