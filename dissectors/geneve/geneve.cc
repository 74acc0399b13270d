// dissectors/geneve/geneve.cc: Geneve, RFC 8926 (see geneve.h).
#include "dissectors/geneve/geneve.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::geneve {
namespace {
constexpr std::uint8_t kVersion = 0;
constexpr std::uint8_t kFlagOam = 0x80;
constexpr std::uint8_t kFlagCritical = 0x40;
}  // namespace

Result<Header> parse(ByteView v) noexcept {
    ByteReader r(v);
    const auto ver_len = r.peek_u8();
    if (ver_len && (*ver_len >> 6) != kVersion) return fail(ParseError::unsupported(0, kErrUnsupportedVersion));
    if (r.remaining() < kBaseHeaderLen) return fail(ParseError::truncated(v.size(), kErrTruncated));
    Header h;
    const std::size_t options_len = std::size_t{*r.u8() & 0x3fu} * 4;  // cannot fail: size checked
    const std::uint8_t flags = *r.u8();
    h.oam = (flags & kFlagOam) != 0;
    h.critical = (flags & kFlagCritical) != 0;
    h.protocol = *r.be16();
    h.vni = *r.be32() >> 8;  // VNI(24) + reserved(8)
    const auto options = r.take(options_len);
    if (!options) return fail(ParseError::truncated(v.size(), kErrTruncated));
    h.options = *options;
    h.payload = r.rest();
    return h;
}

}  // namespace dissect::geneve
