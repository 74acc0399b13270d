// dissectors/geneve/geneve.cc: Geneve, RFC 8926 (see geneve.h).
#include "dissectors/geneve/geneve.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::geneve {
namespace {
constexpr std::uint8_t kVersion = 0;
constexpr std::uint8_t kFlagOam = 0x80;
constexpr std::uint8_t kFlagCritical = 0x40;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    ByteReader r(v);
    const auto ver_len = r.peek_u8();
    if (ver_len && (*ver_len >> 6) != kVersion) return ParseError::unsupported(0, kErrUnsupportedVersion);
    if (r.remaining() < kBaseHeaderLen) return ParseError::truncated(v.size(), kErrTruncated);
    const std::size_t options_len = std::size_t{*r.u8() & 0x3fu} * 4;  // cannot fail: size checked
    const std::uint8_t flags = *r.u8();
    h.oam = (flags & kFlagOam) != 0;
    h.critical = (flags & kFlagCritical) != 0;
    h.protocol = *r.be16();
    h.vni = *r.be32() >> 8;  // VNI(24) + reserved(8)
    const auto options = r.take(options_len);
    if (!options) return ParseError::truncated(v.size(), kErrTruncated);
    h.options = *options;
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::geneve
