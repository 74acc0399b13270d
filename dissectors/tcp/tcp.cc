// dissectors/tcp/tcp.cc: TCP header, RFC 9293 (see tcp.h).
#include "dissectors/tcp/tcp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::tcp {
namespace {
constexpr std::size_t kDataOffsetAt = 12;  // byte holding data offset (high nibble)
constexpr std::uint8_t kMinDataOffset = 5;
}  // namespace

Result<Header> parse(ByteView segment) noexcept {
    // Check the data offset as soon as its byte is there, so a short capture
    // of a header with a bad offset still reports the more useful error.
    const auto off_byte = segment.at(kDataOffsetAt);
    if (off_byte && (*off_byte >> 4) < kMinDataOffset)
        return fail(ParseError::malformed(kDataOffsetAt, kErrBadDataOffset));
    if (segment.size() < kMinHeaderLen) return fail(ParseError::truncated(segment.size(), kErrTruncated));

    Header h;
    h.header_len = static_cast<std::uint8_t>((*off_byte >> 4) * 4);
    if (segment.size() < h.header_len) return fail(ParseError::truncated(segment.size(), kErrTruncated));

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
    return h;
}

}  // namespace dissect::tcp
