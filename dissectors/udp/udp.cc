// dissectors/udp/udp.cc: UDP header, RFC 768 (see udp.h).
#include "dissectors/udp/udp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::udp {

Result<Header> parse(ByteView datagram) noexcept {
    if (datagram.size() < kHeaderLen) return fail(ParseError::truncated(datagram.size(), kErrTruncated));
    ByteReader r(datagram);
    Header h;
    h.sport = *r.be16();  // cannot fail: size checked above
    h.dport = *r.be16();
    h.length = *r.be16();
    h.checksum = *r.be16();
    if (h.length == 0) {
        h.payload = r.rest();  // RFC 2675 jumbogram: the IP layer holds the length
        return h;
    }
    if (h.length < kHeaderLen) return fail(ParseError::malformed(4, kErrBadLength));
    h.truncated = h.length > datagram.size();
    h.payload = datagram.prefix(h.length).tail(kHeaderLen);
    return h;
}

}  // namespace dissect::udp
