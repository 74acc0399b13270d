// dissectors/vxlan/vxlan.cc: VXLAN, RFC 7348 (see vxlan.h).
#include "dissectors/vxlan/vxlan.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::vxlan {
namespace {
constexpr std::uint8_t kFlagI = 0x08;  // "valid VNI"
}  // namespace

Result<Header> parse(ByteView v) noexcept {
    if (v.size() < kHeaderLen) return fail(ParseError::truncated(v.size(), kErrTruncated));
    ByteReader r(v);
    Header h;
    h.flags = *r.u8();  // cannot fail: size checked above
    if ((h.flags & kFlagI) == 0) return fail(ParseError::malformed(0, kErrNoVni));
    (void)r.skip(3);                 // reserved
    h.vni = *r.be32() >> 8;          // VNI(24) + reserved(8)
    h.payload = r.rest();
    return h;
}

}  // namespace dissect::vxlan
