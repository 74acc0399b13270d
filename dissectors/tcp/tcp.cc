// dissectors/tcp/tcp.cc: TCP header, RFC 9293 (see tcp.h).
#include "dissectors/tcp/tcp.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::tcp {
namespace {
constexpr std::size_t kDataOffsetAt = 12;  // byte holding data offset (high nibble)
constexpr std::uint8_t kMinDataOffset = 5;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView segment, Header& h) noexcept {
    // Check the data offset as soon as its byte is there, so a short capture
    // of a header with a bad offset still reports the more useful error.
    const auto off_byte = segment.at(kDataOffsetAt);
    if (off_byte && (*off_byte >> 4) < kMinDataOffset)
        return ParseError::malformed(kDataOffsetAt, kErrBadDataOffset);
    if (segment.size() < kMinHeaderLen) return ParseError::truncated(segment.size(), kErrTruncated);

    h.header_len = static_cast<std::uint8_t>((*off_byte >> 4) * 4);
    if (segment.size() < h.header_len) return ParseError::truncated(segment.size(), kErrTruncated);

    // The whole header is captured: the reads below cannot fail.
    ByteReader r(segment);
    h.sport = *r.be16();
    h.dport = *r.be16();
    h.seq = *r.be32();
    h.ack = *r.be32();
    const std::uint16_t off_flags = *r.be16();
    h.reserved = static_cast<std::uint8_t>((off_flags >> 8) & 0x0f);
    h.flags = static_cast<std::uint8_t>(off_flags & 0xff);
    h.window = *r.be16();
    h.checksum = *r.be16();
    h.urgent = *r.be16();
    h.options = *r.take(h.header_len - kMinHeaderLen);
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView segment) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(segment, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::tcp
