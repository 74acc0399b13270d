// dissectors/arp/arp.cc: ARP, RFC 826 (see arp.h).
#include "dissectors/arp/arp.h"

#include "dissectors/core/byte_reader.h"
#include "dissectors/eth/eth.h"

namespace dissect::arp {
namespace {
constexpr std::uint8_t kMacLen = 6;
constexpr std::uint8_t kIpv4Len = 4;

MacAddr to_mac(ByteView six) noexcept {
    MacAddr m;
    for (std::size_t i = 0; i < m.b.size(); ++i) m.b[i] = six[i];
    return m;
}
}  // namespace

Result<Header> parse(ByteView v) noexcept {
    ByteReader r(v);
    if (r.remaining() < kFixedLen) return fail(ParseError::truncated(r.remaining(), kErrTruncated));
    Header h;
    h.htype = *r.be16();  // cannot fail: kFixedLen checked above
    h.ptype = *r.be16();
    h.hlen = *r.u8();
    h.plen = *r.u8();
    h.opcode = *r.be16();
    const auto cut = [&r] { return fail(ParseError::truncated(r.offset(), kErrTruncated)); };
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
        h.sender_mac = to_mac(h.sender_hw);
        h.sender_ip = IpAddr::v4(h.sender_proto.data());
        h.target_mac = to_mac(h.target_hw);
        h.target_ip = IpAddr::v4(h.target_proto.data());
    }
    h.payload = r.rest();
    return h;
}

}  // namespace dissect::arp
