// dissectors/icmp/icmp.cc: ICMP for IPv4, RFC 792 (see icmp.h).
#include "dissectors/icmp/icmp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::icmp {

Result<Header> parse(ByteView message) noexcept {
    if (message.size() < kHeaderLen) return fail(ParseError::truncated(message.size(), kErrTruncated));
    ByteReader r(message);
    Header h;
    h.type = *r.u8();  // cannot fail: size checked above
    h.code = *r.u8();
    h.checksum = *r.be16();
    h.payload = r.rest();
    return h;
}

}  // namespace dissect::icmp
