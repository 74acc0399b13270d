// dissectors/eth/eth.cc: Ethernet II / IEEE 802.3 MAC header (see eth.h).
#include "dissectors/eth/eth.h"

namespace dissect::eth {

Result<Header> parse(ByteView frame) noexcept {
    if (frame.size() < kHeaderLen) return fail(ParseError::truncated(frame.size(), kErrTruncated));
    ByteReader r(frame);
    Header h;
    h.dst = *read_mac(r);  // cannot fail: size checked above
    h.src = *read_mac(r);
    h.type_or_length = *r.be16();
    h.is_8023 = h.type_or_length <= kMaxLength;
    h.payload = r.rest();
    if (h.is_8023) {
        // The length counts the LLC header and data only; anything after it is
        // padding up to the 64-byte minimum frame (or an FCS) and must not reach LLC.
        h.truncated = h.type_or_length > h.payload.size();
        h.payload = h.payload.prefix(h.type_or_length);
    }
    return h;
}

}  // namespace dissect::eth
