// dissectors/icmpv6/icmpv6.cc: ICMPv6, RFC 4443 (see icmpv6.h).
#include "dissectors/icmpv6/icmpv6.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::icmpv6 {
namespace {

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView message, Header& h) noexcept {
    if (message.size() < kHeaderLen) return ParseError::truncated(message.size(), kErrTruncated);
    ByteReader r(message);
    h.type = *r.u8();  // cannot fail: size checked above
    h.code = *r.u8();
    h.checksum = *r.be16();
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView message) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(message, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::icmpv6
