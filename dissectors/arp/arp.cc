// dissectors/arp/arp.cc: ARP, RFC 826 (see arp.h).
#include "dissectors/arp/arp.h"

#include <optional>

#include "dissectors/core/byte_reader.h"
#include "dissectors/eth/eth.h"
#include "dissectors/ipv4/ipv4.h"

namespace dissect::arp {
namespace {
constexpr std::uint8_t kMacLen = 6;
constexpr std::uint8_t kIpv4Len = 4;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    ByteReader r(v);
    if (r.remaining() < kFixedLen) return ParseError::truncated(r.remaining(), kErrTruncated);
    h.htype = *r.be16();  // cannot fail: kFixedLen checked above
    h.ptype = *r.be16();
    h.hlen = *r.u8();
    h.plen = *r.u8();
    h.opcode = *r.be16();
    const auto cut = [&r] { return ParseError::truncated(r.offset(), kErrTruncated); };
    const auto sha = r.take(h.hlen);
    if (!sha) return cut();
    const auto spa = r.take(h.plen);
    if (!spa) return cut();
    const auto tha = r.take(h.hlen);
    if (!tha) return cut();
    const auto tpa = r.take(h.plen);
    if (!tpa) return cut();
    h.sender_hw = *sha;
    h.sender_proto = *spa;
    h.target_hw = *tha;
    h.target_proto = *tpa;
    h.is_eth_ipv4 = h.htype == kHtypeEthernet && h.ptype == eth::kTypeIpv4 && h.hlen == kMacLen &&
                    h.plen == kIpv4Len;
    if (h.is_eth_ipv4) {
        h.sender_mac = eth::mac_from(h.sender_hw);
        ipv4::store_address(h.sender_ip, h.sender_proto);
        h.target_mac = eth::mac_from(h.target_hw);
        ipv4::store_address(h.target_ip, h.target_proto);
    }
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::arp
