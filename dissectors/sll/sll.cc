// dissectors/sll/sll.cc: Linux cooked capture v1 (see sll.h).
#include "dissectors/sll/sll.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::sll {
namespace {

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView frame, Header& h) noexcept {
    if (frame.size() < kHeaderLen) return ParseError::truncated(frame.size(), kErrTruncated);
    ByteReader r(frame);
    h.packet_type = *r.be16();  // cannot fail: size checked above
    h.arphrd = *r.be16();
    h.addr_len = *r.be16();
    const ByteView addr_field = *r.take(kAddrFieldLen);
    h.addr = addr_field.prefix(h.addr_len);
    h.protocol = *r.be16();
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView frame) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(frame, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::sll
