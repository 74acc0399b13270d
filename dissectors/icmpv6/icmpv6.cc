// dissectors/icmpv6/icmpv6.cc: ICMPv6, RFC 4443 (see icmpv6.h).
#include "dissectors/icmpv6/icmpv6.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::icmpv6 {

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

}  // namespace dissect::icmpv6
