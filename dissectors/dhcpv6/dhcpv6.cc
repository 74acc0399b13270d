// dissectors/dhcpv6/dhcpv6.cc
// DHCPv6 parser: see dhcpv6.h for the fields, the specs and the limits.
#include "dissectors/dhcpv6/dhcpv6.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::dhcpv6 {
namespace {

constexpr std::uint16_t kOptClientId = 1;
constexpr std::uint16_t kOptServerId = 2;
constexpr std::uint16_t kOptOro = 6;
constexpr std::uint16_t kOptElapsedTime = 8;
constexpr std::uint16_t kOptRelayMsg = 9;
constexpr std::uint16_t kOptRapidCommit = 14;
constexpr std::uint16_t kOptUserClass = 15;
constexpr std::uint16_t kOptVendorClass = 16;
constexpr std::uint16_t kOptVendorOpts = 17;
constexpr std::uint16_t kOptInterfaceId = 18;
constexpr std::uint16_t kOptClientFqdn = 39;

constexpr std::size_t kEnterpriseBytes = 4;
constexpr std::size_t kUuidBytes = 16;
constexpr std::size_t kMacBytes = 6;

// Reads the length-prefixed items of a class option body (RFC 8415 §21.15).
void read_items(ByteView body, ClassItems& out) noexcept {
    ByteReader r(body);
    while (!r.empty()) {
        const auto len = r.be16();
        const auto item = len ? r.take(*len) : std::nullopt;
        if (!item) {  // the item claims more than its option holds
            out.malformed = true;
            return;
        }
        if (out.count < kMaxClassItems) out.items[out.count++] = *item;
        else ++out.dropped;
    }
}

std::uint32_t be32_at(ByteView v) noexcept {
    return std::uint32_t{v[0]} << 24 | std::uint32_t{v[1]} << 16 | std::uint32_t{v[2]} << 8 | v[3];
}

void apply_option(Message& m, std::uint16_t code, ByteView body) noexcept {
    switch (code) {
        case kOptClientId: m.client_id = body; break;
        case kOptServerId: m.server_id = body; break;
        case kOptOro: m.oro = body.prefix(body.size() & ~std::size_t{1}); break;
        case kOptElapsedTime:
            if (body.size() == 2) m.elapsed_cs = static_cast<std::uint16_t>(body[0] << 8 | body[1]);
            break;
        case kOptRelayMsg: m.relay_message = body; break;
        case kOptRapidCommit: m.rapid_commit = true; break;
        case kOptUserClass: read_items(body, m.user_class); break;
        case kOptVendorClass:
            if (body.size() < kEnterpriseBytes) break;
            m.vendor_class_enterprise = be32_at(body);
            read_items(body.tail(kEnterpriseBytes), m.vendor_class);
            break;
        case kOptVendorOpts:
            if (body.size() >= kEnterpriseBytes) m.vendor_opts_enterprise = be32_at(body);
            break;
        case kOptInterfaceId: m.interface_id = body; break;
        case kOptClientFqdn:
            if (body.empty()) break;
            m.fqdn_flags = body[0];
            m.fqdn_name = body.tail(1);
            break;
        default: break;
    }
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    ByteReader r(payload);
    Message m;
    const auto type = r.u8();
    if (!type) return fail(ParseError::truncated(0, "dhcpv6 header"));
    m.msg_type = *type;
    if (m.msg_type == kRelayForw || m.msg_type == kRelayRepl) {
        const auto hdr = r.take(kRelayHeaderBytes - 1);
        if (!hdr) return fail(ParseError::truncated(payload.size(), "dhcpv6 relay header"));
        m.hop_count = (*hdr)[0];
        m.link_address = IpAddr::v6(hdr->data() + 1);
        m.peer_address = IpAddr::v6(hdr->data() + 17);
    } else {
        const auto xid = r.be24();
        if (!xid) return fail(ParseError::truncated(payload.size(), "dhcpv6 header"));
        m.transaction_id = *xid;
    }
    while (!r.empty()) {
        const auto code = r.be16();
        if (!code) return fail(ParseError::truncated(r.offset(), "dhcpv6 option code"));
        const auto len = r.be16();
        if (!len) return fail(ParseError::truncated(r.offset(), "dhcpv6 option length"));
        const auto body = r.take(*len);  // sub-view: a lying length cannot spill over
        if (!body) return fail(ParseError::truncated(r.offset(), "dhcpv6 option body"));
        if (m.option_count < kMaxOptions) {
            m.option_codes[m.option_count++] = *code;
            apply_option(m, *code, *body);
        } else {
            ++m.options_skipped;
        }
    }
    return m;
}

Result<Duid> parse_duid(ByteView duid) noexcept {
    ByteReader r(duid);
    Duid d;
    const auto type = r.be16();
    if (!type) return fail(ParseError::truncated(duid.size(), "dhcpv6 duid type"));
    d.type = *type;
    switch (d.type) {
        case kDuidLlt: {
            const auto hw = r.be16();
            const auto time = hw ? r.be32() : std::nullopt;
            if (!time) return fail(ParseError::truncated(duid.size(), "dhcpv6 duid-llt"));
            d.hw_type = *hw;
            d.time = *time;
            break;
        }
        case kDuidEn: {
            const auto en = r.be32();
            if (!en) return fail(ParseError::truncated(duid.size(), "dhcpv6 duid-en"));
            d.enterprise = *en;
            break;
        }
        case kDuidLl: {
            const auto hw = r.be16();
            if (!hw) return fail(ParseError::truncated(duid.size(), "dhcpv6 duid-ll"));
            d.hw_type = *hw;
            break;
        }
        case kDuidUuid:
            if (r.remaining() < kUuidBytes) return fail(ParseError::truncated(duid.size(), "dhcpv6 duid-uuid"));
            break;
        default: break;
    }
    d.id = r.rest();
    if ((d.type == kDuidLlt || d.type == kDuidLl) && d.hw_type == kHwTypeEthernet && d.id.size() == kMacBytes) {
        MacAddr mac;
        for (std::size_t i = 0; i < kMacBytes; ++i) mac.b[i] = d.id[i];
        d.mac = mac;
    }
    return d;
}

}  // namespace dissect::dhcpv6
