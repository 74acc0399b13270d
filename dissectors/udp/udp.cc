// dissectors/udp/udp.cc: UDP header, RFC 768 (see udp.h).
#include "dissectors/udp/udp.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::udp {
namespace {

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView datagram, Header& h) noexcept {
    if (datagram.size() < kHeaderLen) return ParseError::truncated(datagram.size(), kErrTruncated);
    ByteReader r(datagram);
    h.sport = *r.be16();  // cannot fail: size checked above
    h.dport = *r.be16();
    h.length = *r.be16();
    h.checksum = *r.be16();
    if (h.length == 0) {
        h.payload = r.rest();  // RFC 2675 jumbogram: the IP layer holds the length
        return std::nullopt;
    }
    if (h.length < kHeaderLen) return ParseError::malformed(4, kErrBadLength);
    h.truncated = h.length > datagram.size();
    h.payload = datagram.prefix(h.length).tail(kHeaderLen);
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView datagram) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(datagram, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::udp
