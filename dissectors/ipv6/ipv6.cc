// dissectors/ipv6/ipv6.cc: IPv6 header + extension chain, RFC 8200 (see ipv6.h).
#include "dissectors/ipv6/ipv6.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::ipv6 {
namespace {
constexpr std::uint8_t kVersion = 6;
constexpr std::size_t kFragmentHeaderLen = 8;       // RFC 8200 §4.5: fixed size
constexpr std::uint16_t kFragOffsetShift = 3;       // offset is the top 13 bits of its 16
constexpr std::uint16_t kFragMoreFlag = 0x0001;

[[nodiscard]] constexpr bool is_ext_header(std::uint8_t nh) noexcept {
    switch (nh) {
        case kNhHopByHop:
        case kNhRouting:
        case kNhFragment:
        case kNhAh:
        case kNhDestOpts:
        case kNhMobility:
        case kNhHip:
        case kNhShim6: return true;
        default: return false;
    }
}

// Total length of an extension header from its second byte (RFC 8200 §4.3-4.6:
// 8-byte units not counting the first 8; RFC 4302 §2.2: AH counts 4-byte units
// not counting the first 8).
[[nodiscard]] constexpr std::size_t ext_header_len(std::uint8_t nh, std::uint8_t len_field) noexcept {
    if (nh == kNhFragment) return kFragmentHeaderLen;  // its length byte is reserved
    if (nh == kNhAh) return (std::size_t{len_field} + 2) * 4;
    return (std::size_t{len_field} + 1) * 8;
}

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    ByteReader r(v);
    if (r.remaining() < kFixedHeaderLen) {
        // Report a wrong version even on a short capture: it says more than "truncated".
        const auto first = r.peek_u8();
        if (first && (*first >> 4) != kVersion) return ParseError::malformed(0, kErrBadVersion);
        return ParseError::truncated(v.size(), kErrTruncated);
    }
    // The fixed header is captured: the reads below cannot fail.
    const std::uint32_t vtf = *r.be32();
    if ((vtf >> 28) != kVersion) return ParseError::malformed(0, kErrBadVersion);
    h.traffic_class = static_cast<std::uint8_t>(vtf >> 20);
    h.flow_label = vtf & 0x000fffff;
    h.payload_length = *r.be16();
    h.first_next_header = *r.u8();
    h.hop_limit = *r.u8();
    h.src = IpAddr::v6(r.take(16)->data());
    h.dst = IpAddr::v6(r.take(16)->data());

    std::size_t length = kFixedHeaderLen + h.payload_length;
    if (h.payload_length == 0 && h.first_next_header == kNhHopByHop) {
        h.jumbo = true;
        length = v.size();
    }
    h.truncated = length > v.size();
    h.packet = v.prefix(length);

    // Walk the chain inside `packet` only, so a header cannot borrow bytes past
    // the payload length. Running past `packet` is a snaplen cut when the
    // capture is what ended it, and a lying length otherwise.
    ByteReader chain(h.packet);
    (void)chain.skip(kFixedHeaderLen);  // cannot fail: length >= 40 and v.size() >= 40
    const auto overrun = [&h, &chain] {
        return h.truncated ? ParseError::truncated(chain.offset(), kErrTruncated)
                           : ParseError::malformed(chain.offset(), kErrBadExtHeaderLength);
    };
    std::uint8_t nh = h.first_next_header;
    while (is_ext_header(nh)) {
        if (h.ext_count == kMaxExtHeaders) return ParseError::limit(chain.offset(), kErrExtHeaderLimit);
        const auto next = chain.peek_u8(0);
        const auto len_field = chain.peek_u8(1);
        if (!next || !len_field) return overrun();
        auto ext = chain.take(ext_header_len(nh, *len_field));
        if (!ext) return overrun();
        ++h.ext_count;
        const bool is_fragment_header = nh == kNhFragment;
        nh = *next;
        if (is_fragment_header) {
            ByteReader f(*ext);
            (void)f.skip(2);  // next header, reserved: already read
            const std::uint16_t off_m = *f.be16();
            h.fragment = true;
            h.frag_offset = static_cast<std::uint16_t>(off_m >> kFragOffsetShift);
            h.frag_more = (off_m & kFragMoreFlag) != 0;
            h.frag_id = *f.be32();
            if (h.frag_offset != 0) break;  // the rest is fragment data, not headers
        }
    }
    h.protocol = nh;
    h.ext_headers = *h.packet.subview(kFixedHeaderLen, chain.offset() - kFixedHeaderLen);
    h.payload = chain.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::ipv6
