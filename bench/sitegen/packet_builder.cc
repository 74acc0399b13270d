#include "bench/sitegen/packet_builder.h"

#include <array>

namespace sitegen {
namespace {

constexpr std::size_t kMinFrame = 60;  // without FCS

void put_l2(Writer& w, const L2& l2, std::uint16_t type_or_len) {
    w.bytes(l2.dst.b).bytes(l2.src.b);
    if (l2.vlan != 0) w.be16(kEtherVlan).be16((unsigned{l2.pcp} << 13) | (l2.vlan & 0x0fff));
    w.be16(type_or_len);
}

Bytes finish_frame(Writer& w, const L2& l2) {
    const std::size_t min = kMinFrame + (l2.vlan != 0 ? 4 : 0);
    if (w.size() < min) w.zeros(min - w.size());
    return w.take();
}

std::array<std::uint8_t, 12> pseudo4(const Ip4& src, const Ip4& dst, std::uint8_t proto, std::size_t len) {
    const auto s = src.bytes();
    const auto d = dst.bytes();
    return {s[0], s[1], s[2], s[3], d[0], d[1], d[2], d[3], 0, proto,
            static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len)};
}

std::array<std::uint8_t, 40> pseudo6(const Ip6& src, const Ip6& dst, std::uint8_t next, std::size_t len) {
    std::array<std::uint8_t, 40> p{};
    for (int i = 0; i < 16; ++i) {
        p[i] = src.b[i];
        p[16 + i] = dst.b[i];
    }
    p[34] = static_cast<std::uint8_t>(len >> 8);
    p[35] = static_cast<std::uint8_t>(len);
    p[39] = next;
    return p;
}

Bytes udp_common(ByteSpan pseudo, std::uint16_t sport, std::uint16_t dport, ByteSpan payload) {
    Writer w(8 + payload.size());
    w.be16(sport).be16(dport).be16(static_cast<unsigned>(8 + payload.size())).be16(0).bytes(payload);
    Bytes b = w.take();
    std::uint16_t c = inet_checksum({pseudo, b});
    if (c == 0) c = 0xffff;  // RFC 768: a computed zero is sent as all ones
    b[6] = static_cast<std::uint8_t>(c >> 8);
    b[7] = static_cast<std::uint8_t>(c);
    return b;
}

}  // namespace

std::uint16_t inet_checksum(std::initializer_list<ByteSpan> parts) noexcept {
    std::uint64_t sum = 0;
    bool odd = false;  // a part of odd length shifts the pairing of the next one
    for (const ByteSpan part : parts) {
        for (const std::uint8_t v : part) {
            sum += odd ? v : (std::uint64_t{v} << 8);
            odd = !odd;
        }
    }
    while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

Bytes ethernet_frame(const L2& l2, std::uint16_t ethertype, ByteSpan payload) {
    Writer w(18 + payload.size() + 4);
    put_l2(w, l2, ethertype);
    w.bytes(payload);
    return finish_frame(w, l2);
}

Bytes ieee8023_frame(const L2& l2, ByteSpan llc_payload) {
    Writer w(18 + llc_payload.size() + 4);
    put_l2(w, l2, static_cast<std::uint16_t>(llc_payload.size()));
    w.bytes(llc_payload);
    return finish_frame(w, l2);
}

Bytes arp_body(std::uint16_t op, const Mac& sha, const Ip4& spa, const Mac& tha, const Ip4& tpa) {
    Writer w(28);
    w.be16(1).be16(kEtherIpv4).u8(6).u8(4).be16(op);
    w.bytes(sha.b).bytes(spa.bytes()).bytes(tha.b).bytes(tpa.bytes());
    return w.take();
}

Bytes ipv4_frame(const L2& l2, const Ip4Header& ip, ByteSpan l4) {
    Writer w(18 + 20 + l4.size() + 4);
    put_l2(w, l2, kEtherIpv4);
    const std::size_t at = w.size();
    w.u8(0x45).u8(ip.tos).be16(static_cast<unsigned>(20 + l4.size())).be16(ip.id);
    w.be16(ip.df ? 0x4000 : 0).u8(ip.ttl).u8(ip.proto).be16(0);
    w.bytes(ip.src.bytes()).bytes(ip.dst.bytes());
    const std::uint16_t c = inet_checksum({ByteSpan(w.data()).subspan(at, 20)});
    w.patch_be16(at + 10, c);
    w.bytes(l4);
    return finish_frame(w, l2);
}

Bytes ipv6_frame(const L2& l2, const Ip6Header& ip, ByteSpan l4) {
    Writer w(18 + 40 + l4.size() + 4);
    put_l2(w, l2, kEtherIpv6);
    w.be32((6u << 28) | (std::uint32_t{ip.tclass} << 20) | (ip.flow & 0xfffff));
    w.be16(static_cast<unsigned>(l4.size())).u8(ip.next).u8(ip.hop_limit);
    w.bytes(ip.src.b).bytes(ip.dst.b).bytes(l4);
    return finish_frame(w, l2);
}

Bytes udp4(const Ip4& src, const Ip4& dst, std::uint16_t sport, std::uint16_t dport, ByteSpan payload) {
    const auto ph = pseudo4(src, dst, kProtoUdp, 8 + payload.size());
    return udp_common(ph, sport, dport, payload);
}

Bytes udp6(const Ip6& src, const Ip6& dst, std::uint16_t sport, std::uint16_t dport, ByteSpan payload) {
    const auto ph = pseudo6(src, dst, kProtoUdp, 8 + payload.size());
    return udp_common(ph, sport, dport, payload);
}

Bytes tcp4(const Ip4& src, const Ip4& dst, const TcpHeader& h, ByteSpan payload) {
    const std::size_t opt_len = (h.options.size() + 3) / 4 * 4;
    const std::size_t hdr_len = 20 + opt_len;
    Writer w(hdr_len + payload.size());
    w.be16(h.sport).be16(h.dport).be32(h.seq).be32(h.ack);
    w.u8(static_cast<unsigned>((hdr_len / 4) << 4)).u8(h.flags).be16(h.window).be16(0).be16(0);
    w.bytes(h.options).zeros(opt_len - h.options.size()).bytes(payload);
    Bytes b = w.take();
    const auto ph = pseudo4(src, dst, kProtoTcp, b.size());
    const std::uint16_t c = inet_checksum({ph, b});
    b[16] = static_cast<std::uint8_t>(c >> 8);
    b[17] = static_cast<std::uint8_t>(c);
    return b;
}

Bytes icmp6(const Ip6& src, const Ip6& dst, ByteSpan msg) {
    Bytes b(msg.begin(), msg.end());
    b[2] = 0;
    b[3] = 0;
    const auto ph = pseudo6(src, dst, kProtoIcmp6, b.size());
    const std::uint16_t c = inet_checksum({ph, b});
    b[2] = static_cast<std::uint8_t>(c >> 8);
    b[3] = static_cast<std::uint8_t>(c);
    return b;
}

}  // namespace sitegen
