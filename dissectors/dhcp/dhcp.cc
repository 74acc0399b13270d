// dissectors/dhcp/dhcp.cc
// DHCPv4 parser: see dhcp.h for the fields, the specs and the limits.
#include "dissectors/dhcp/dhcp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::dhcp {
namespace {

constexpr std::uint8_t kPad = 0;
constexpr std::uint8_t kEnd = 255;
constexpr std::size_t kFqdnFixedBytes = 3;  // flags, rcode1, rcode2

IpAddr ip4(ByteView v) noexcept { return IpAddr::v4(v.data()); }

void apply_option(Message& m, std::uint8_t code, ByteView body) noexcept {
    switch (code) {
        case 53: if (body.size() == 1) m.msg_type = body[0]; break;
        case 55: m.param_request_list = body; break;
        case 60: m.vendor_class = body; break;
        case 12: m.hostname = body; break;
        case 61: m.client_id = body; break;
        case 81:
            // A repeated option replaces the whole of an earlier one.
            m.fqdn = body;
            m.fqdn_flags.reset();
            m.fqdn_name = {};
            // RFC 4702 §2: flags, two deprecated RCODE bytes, then the name.
            if (body.size() >= kFqdnFixedBytes) {
                m.fqdn_flags = body[0];
                m.fqdn_name = body.tail(kFqdnFixedBytes);
            }
            break;
        case 52: if (body.size() == 1) m.overload = body[0]; break;
        case 57: if (body.size() == 2) m.max_message_size = static_cast<std::uint16_t>(body[0] << 8 | body[1]); break;
        case 50: if (body.size() == 4) m.requested_ip = ip4(body); break;
        case 54: if (body.size() == 4) m.server_id = ip4(body); break;
        case 51:
            if (body.size() == 4)
                m.lease_s = std::uint32_t{body[0]} << 24 | std::uint32_t{body[1]} << 16 | std::uint32_t{body[2]} << 8 | body[3];
            break;
        case 3: m.routers = body; break;
        case 6: m.dns_servers = body; break;
        case 15: m.domain_name = body; break;
        case 77: m.user_class = body; break;
        case 124: m.vi_vendor_class = body; break;
        case 125: m.vi_vendor_info = body; break;
        default: break;
    }
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    ByteReader r(payload);
    Message m;
    auto fixed = r.take(kFixedHeaderBytes);
    if (!fixed) return fail(ParseError::truncated(payload.size(), "dhcp header"));
    ByteReader h(*fixed);
    m.op = *h.u8();
    m.htype = *h.u8();
    m.hlen = *h.u8();
    m.hops = *h.u8();
    m.xid = *h.be32();
    m.secs = *h.be16();
    m.flags = *h.be16();
    m.ciaddr = ip4(*h.take(4));
    m.yiaddr = ip4(*h.take(4));
    m.siaddr = ip4(*h.take(4));
    m.giaddr = ip4(*h.take(4));
    const ByteView chaddr = *h.take(16);
    if (m.htype == 1 && m.hlen == 6)
        for (std::size_t i = 0; i < 6; ++i) m.client_mac.b[i] = chaddr[i];
    const auto cookie = r.be32();
    if (!cookie) return fail(ParseError::truncated(r.offset(), "dhcp magic cookie"));
    if (*cookie != kMagicCookie) return fail(ParseError::malformed(r.offset() - 4, "dhcp magic cookie"));
    while (!r.empty()) {
        const std::uint8_t code = *r.u8();  // cannot fail: !r.empty()
        if (code == kPad) continue;
        if (code == kEnd) {
            m.end_seen = true;
            break;
        }
        const auto len = r.u8();
        if (!len) return fail(ParseError::truncated(r.offset(), "dhcp option length"));
        const auto body = r.take(*len);  // sub-view: a lying length cannot spill over
        if (!body) return fail(ParseError::truncated(r.offset(), "dhcp option body"));
        if (m.option_count < kMaxOptions) {
            m.option_codes[m.option_count++] = code;
            apply_option(m, code, *body);
        } else {
            ++m.options_skipped;
        }
    }
    return m;
}

}  // namespace dissect::dhcp
