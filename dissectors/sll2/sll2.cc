// dissectors/sll2/sll2.cc: Linux cooked capture v2 (see sll2.h).
#include "dissectors/sll2/sll2.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::sll2 {

Result<Header> parse(ByteView frame) noexcept {
    if (frame.size() < kHeaderLen) return fail(ParseError::truncated(frame.size(), kErrTruncated));
    ByteReader r(frame);
    Header h;
    h.protocol = *r.be16();  // cannot fail: size checked above
    (void)r.skip(2);         // reserved (MBZ)
    h.if_index = *r.be32();
    h.arphrd = *r.be16();
    h.packet_type = *r.u8();
    h.addr_len = *r.u8();
    const ByteView addr_field = *r.take(kAddrFieldLen);
    h.addr = addr_field.prefix(h.addr_len);
    h.payload = r.rest();
    return h;
}

}  // namespace dissect::sll2
