#include "bench/sitegen/dhcp.h"

namespace sitegen::dhcp {
namespace {

constexpr std::uint32_t kMagicCookie = 0x63825363;
constexpr std::size_t kBootpMinBytes = 300;

void bootp_header(Writer& w, std::uint8_t op, std::uint32_t xid, std::uint16_t secs, bool broadcast,
                  const Ip4& ciaddr, const Ip4& yiaddr, const Ip4& siaddr, const Mac& chaddr) {
    w.u8(op).u8(1).u8(6).u8(0).be32(xid).be16(secs).be16(broadcast ? 0x8000 : 0);
    w.bytes(ciaddr.bytes()).bytes(yiaddr.bytes()).bytes(siaddr.bytes()).be32(0);  // giaddr
    w.bytes(chaddr.b).zeros(10);   // chaddr padded to 16
    w.zeros(64 + 128);             // sname, file
    w.be32(kMagicCookie);
}

void opt(Writer& w, unsigned code, ByteSpan body) { w.u8(code).u8(static_cast<unsigned>(body.size())).bytes(body); }
void opt(Writer& w, unsigned code, std::string_view s) { opt(w, code, as_bytes(s)); }
void opt_ip(Writer& w, unsigned code, const Ip4& ip) { opt(w, code, ip.bytes()); }
void opt_u32(Writer& w, unsigned code, std::uint32_t v) { w.u8(code).u8(4).be32(v); }

}  // namespace

Bytes code_list(std::string_view csv) {
    Bytes out;
    unsigned cur = 0;
    bool have = false;
    for (const char c : csv) {
        if (c == ',') {
            if (have) out.push_back(static_cast<std::uint8_t>(cur));
            cur = 0;
            have = false;
        } else if (c >= '0' && c <= '9') {
            cur = cur * 10 + static_cast<unsigned>(c - '0');
            have = true;
        }
    }
    if (have) out.push_back(static_cast<std::uint8_t>(cur));
    return out;
}

Bytes dns_name(std::string_view dotted) {
    Writer w;
    while (!dotted.empty()) {
        const std::size_t dot = dotted.find('.');
        const std::string_view label = dotted.substr(0, dot);
        w.u8(static_cast<unsigned>(label.size())).str(label);
        dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
    }
    w.u8(0);
    return w.take();
}

Bytes client_message(const ClientStack& stack, const ClientMessage& m) {
    Writer w(kBootpMinBytes + 64);
    bootp_header(w, 1, m.xid, m.secs, stack.broadcast_flag, m.ciaddr, Ip4{}, Ip4{}, m.mac);
    const std::string_view order = m.type == Type::kDiscover ? stack.discover_order : stack.request_order;
    for (const std::uint8_t code : code_list(order)) {
        switch (code) {
        case 53: w.u8(53).u8(1).u8(static_cast<unsigned>(m.type)); break;
        case 61: w.u8(61).u8(7).u8(1).bytes(m.mac.b); break;
        case 50: if (m.requested.v != 0) opt_ip(w, 50, m.requested); break;
        case 54: if (m.server_id.v != 0) opt_ip(w, 54, m.server_id); break;
        case 12: if (!m.hostname.empty()) opt(w, 12, m.hostname); break;
        case 60: if (!stack.vendor_class.empty()) opt(w, 60, stack.vendor_class); break;
        case 55: opt(w, 55, code_list(stack.prl)); break;
        case 57: if (stack.max_message_size != 0) w.u8(57).u8(2).be16(stack.max_message_size); break;
        case 51: if (stack.lease_request_s != 0) opt_u32(w, 51, stack.lease_request_s); break;
        case 81:
            if (!m.fqdn.empty()) {
                // Flags 0 (client updates A), RCODE1/2 = 0, name in ASCII as Windows sends it.
                w.u8(81).u8(static_cast<unsigned>(3 + m.fqdn.size())).u8(0).u8(0).u8(0).str(m.fqdn);
            }
            break;
        case 116: w.u8(116).u8(1).u8(1); break;  // auto-configure
        default: break;
        }
    }
    w.u8(255);
    if (stack.pad_to_300 && w.size() < kBootpMinBytes) w.zeros(kBootpMinBytes - w.size());
    return w.take();
}

Bytes server_message(const ServerMessage& m) {
    Writer w(kBootpMinBytes + 64);
    bootp_header(w, 2, m.xid, 0, m.broadcast_flag, Ip4{}, m.yiaddr, Ip4{}, m.chaddr);
    w.u8(53).u8(1).u8(static_cast<unsigned>(m.type));
    opt_ip(w, 54, m.server);
    opt_u32(w, 51, m.lease_s);
    opt_u32(w, 58, m.lease_s / 2);
    opt_u32(w, 59, m.lease_s / 8 * 7);
    opt_ip(w, 1, m.mask);
    opt_ip(w, 3, m.router);
    opt_ip(w, 6, m.dns);
    if (!m.domain.empty()) opt(w, 15, m.domain);
    if (m.tftp.v != 0) opt_ip(w, 150, m.tftp);
    w.u8(255);
    if (w.size() < kBootpMinBytes) w.zeros(kBootpMinBytes - w.size());
    return w.take();
}

Bytes solicit6(const Solicit6& s) {
    Writer w(128);
    w.u8(1).be24(s.xid & 0xffffff);
    w.be16(1).be16(14).be16(1).be16(1).be32(s.duid_time).bytes(s.mac.b);  // client id: DUID-LLT, ethernet
    w.be16(3).be16(12).be32(s.iaid).be32(0).be32(0);                      // IA_NA, T1/T2 left to server
    w.be16(8).be16(2).be16(0);                                            // elapsed time
    if (!s.fqdn.empty()) {
        const Bytes name = dns_name(s.fqdn);
        w.be16(39).be16(static_cast<unsigned>(1 + name.size())).u8(0).bytes(name);
    }
    if (s.enterprise != 0) {
        w.be16(16).be16(static_cast<unsigned>(4 + 2 + s.vendor_class.size()));
        w.be32(s.enterprise).be16(static_cast<unsigned>(s.vendor_class.size())).str(s.vendor_class);
    }
    const Bytes oro = code_list(s.oro);
    w.be16(6).be16(static_cast<unsigned>(oro.size() * 2));
    for (const std::uint8_t c : oro) w.be16(c);
    return w.take();
}

}  // namespace sitegen::dhcp
