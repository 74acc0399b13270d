// dissectors/sll/sll.cc: Linux cooked capture v1 (see sll.h).
#include "dissectors/sll/sll.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::sll {

Result<Header> parse(ByteView frame) noexcept {
    if (frame.size() < kHeaderLen) return fail(ParseError::truncated(frame.size(), kErrTruncated));
    ByteReader r(frame);
    Header h;
    h.packet_type = *r.be16();  // cannot fail: size checked above
    h.arphrd = *r.be16();
    h.addr_len = *r.be16();
    const ByteView addr_field = *r.take(kAddrFieldLen);
    h.addr = addr_field.prefix(h.addr_len);
    h.protocol = *r.be16();
    h.payload = r.rest();
    return h;
}

}  // namespace dissect::sll
