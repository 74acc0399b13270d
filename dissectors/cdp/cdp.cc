#include "dissectors/cdp/cdp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::cdp {
namespace {

// An address TLV: a 32-bit count, then entries of protocol type (1), protocol
// length (1), protocol, address length (2), address. A count that promises
// more entries than the TLV holds is malformed; the entries before are kept.
bool read_addresses(ByteView body, AddressList& out) noexcept {
    ByteReader r(body);
    const auto count = r.be32();
    if (!count) return false;
    for (std::uint32_t i = 0; i < *count; ++i) {
        const auto ptype = r.u8();
        const auto plen = ptype ? r.u8() : std::nullopt;
        const auto proto = plen ? r.take(*plen) : std::nullopt;
        const auto alen = proto ? r.be16() : std::nullopt;
        const auto addr = alen ? r.take(*alen) : std::nullopt;
        if (!addr) return false;
        if (out.count < kMaxAddresses) out.entries[out.count++] = Address{*ptype, *proto, *addr};
        else ++out.dropped;
    }
    return true;
}

void apply_tlv(Message& m, std::uint16_t type, ByteView body) noexcept {
    ByteReader r(body);
    switch (type) {
        case kDeviceId: m.device_id = body; return;
        case kAddresses:
            if (!read_addresses(body, m.addresses)) ++m.malformed_tlvs;
            return;
        case kPortId: m.port_id = body; return;
        case kCapabilities:
            if (body.size() == 4) m.capabilities = *r.be32();
            else ++m.malformed_tlvs;
            return;
        case kSoftwareVersion: m.software_version = body; return;
        case kPlatform: m.platform = body; return;
        case kVtpDomain: m.vtp_domain = body; return;
        case kNativeVlan:
            if (body.size() == 2) m.native_vlan = *r.be16();
            else ++m.malformed_tlvs;
            return;
        case kDuplex:
            if (body.size() == 1) m.full_duplex = body[0] != 0;
            else ++m.malformed_tlvs;
            return;
        case kVoipVlanReply:  // appliance id (1), VLAN (2); some phones append more
            if (body.size() >= 3) {
                (void)r.u8();
                m.voip_vlan = *r.be16();
            } else {
                ++m.malformed_tlvs;
            }
            return;
        case kPower:
            if (body.size() == 2) m.power_mw = *r.be16();
            else ++m.malformed_tlvs;
            return;
        case kMtu:
            if (body.size() == 4) m.mtu = *r.be32();
            else ++m.malformed_tlvs;
            return;
        case kSystemName: m.system_name = body; return;
        case kManagementAddresses:
            if (!read_addresses(body, m.mgmt_addresses)) ++m.malformed_tlvs;
            return;
        case kLocation: m.location = body; return;
        default: ++m.skipped_tlvs; return;
    }
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    ByteReader r(payload);
    Message m;
    const auto version = r.u8();
    if (!version) return fail(ParseError::truncated(0, kErrTruncated));
    if (*version != 1 && *version != 2) return fail(ParseError::malformed(0, kErrBadVersion));
    const auto ttl = r.u8();
    const auto checksum = ttl ? r.be16() : std::nullopt;
    if (!checksum) return fail(ParseError::truncated(r.offset(), kErrTruncated));
    m.version = *version;
    m.ttl_s = *ttl;
    m.checksum = *checksum;
    while (!r.empty()) {
        const std::size_t at = r.offset();
        const auto type = r.be16();
        const auto len = type ? r.be16() : std::nullopt;
        if (!len) return fail(ParseError::truncated(r.offset(), kErrTruncated));
        if (*len < kTlvHeaderLen) return fail(ParseError::malformed(at, kErrBadTlvLength));
        const auto body = r.take(*len - kTlvHeaderLen);  // sub-view: a lying length cannot spill over
        if (!body) return fail(ParseError::truncated(r.offset(), kErrTruncated));
        if (m.tlv_count >= kMaxTlvs) {
            ++m.skipped_tlvs;
            continue;
        }
        ++m.tlv_count;
        apply_tlv(m, *type, *body);
    }
    return m;
}

}  // namespace dissect::cdp
