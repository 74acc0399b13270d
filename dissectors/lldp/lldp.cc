#include "dissectors/lldp/lldp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::lldp {
namespace {

// Organizationally specific subtypes we read.
constexpr std::uint8_t k8021PortVlanId = 1;
constexpr std::uint8_t k8021VlanName = 3;
constexpr std::uint8_t k8023MacPhy = 1;
constexpr std::uint8_t k8023MaxFrameSize = 4;
constexpr std::uint8_t kMedCapabilities = 1;
constexpr std::uint8_t kMedNetworkPolicy = 2;
constexpr std::uint8_t kMedHardwareRev = 5;
constexpr std::uint8_t kMedFirmwareRev = 6;
constexpr std::uint8_t kMedSoftwareRev = 7;
constexpr std::uint8_t kMedSerial = 8;
constexpr std::uint8_t kMedManufacturer = 9;
constexpr std::uint8_t kMedModel = 10;
constexpr std::uint8_t kMedAssetId = 11;
constexpr std::uint8_t kIanaMudUrl = 1;

constexpr std::size_t kOrgHeaderLen = 4;  // OUI + subtype

Id read_id(ByteView body) noexcept {
    Id id;
    if (body.empty()) return id;  // length 0 is invalid (min 2); nothing to keep
    id.subtype = body[0];
    id.value = body.tail(1);
    return id;
}

// Management address TLV (§8.5.9): string length (1 + address), family,
// address, interface numbering subtype, interface number, OID length, OID.
bool read_mgmt(ByteView body, ManagementAddress& out) noexcept {
    ByteReader r(body);
    const auto str_len = r.u8();
    if (!str_len || *str_len < 1) return false;
    const auto addr = r.take(*str_len);
    if (!addr) return false;
    out.family = (*addr)[0];
    out.address = addr->tail(1);
    const auto if_subtype = r.u8();
    const auto if_number = r.be32();
    const auto oid_len = r.u8();
    if (!if_subtype || !if_number || !oid_len) return false;
    const auto oid = r.take(*oid_len);
    if (!oid) return false;
    out.if_subtype = *if_subtype;
    out.if_number = *if_number;
    out.oid = *oid;
    return true;
}

void apply_8021(Message& m, std::uint8_t subtype, ByteView info) noexcept {
    ByteReader r(info);
    switch (subtype) {
        case k8021PortVlanId:
            if (info.size() == 2) m.port_vlan = *r.be16();
            else ++m.malformed_tlvs;
            return;
        case k8021VlanName: {
            const auto vid = r.be16();
            const auto len = r.u8();
            const auto name = len ? r.take(*len) : std::nullopt;
            if (!vid || !name) {
                ++m.malformed_tlvs;
                return;
            }
            if (m.vlan_name_count < kMaxVlanNames) m.vlan_names[m.vlan_name_count++] = VlanName{*vid, *name};
            else ++m.vlan_names_dropped;
            return;
        }
        default: ++m.skipped_tlvs; return;
    }
}

void apply_8023(Message& m, std::uint8_t subtype, ByteView info) noexcept {
    ByteReader r(info);
    switch (subtype) {
        case k8023MacPhy:
            if (info.size() == 5) m.mac_phy = MacPhy{*r.u8(), *r.be16(), *r.be16()};
            else ++m.malformed_tlvs;
            return;
        case k8023MaxFrameSize:
            if (info.size() == 2) m.max_frame_size = *r.be16();
            else ++m.malformed_tlvs;
            return;
        default: ++m.skipped_tlvs; return;
    }
}

void apply_med(Message& m, std::uint8_t subtype, ByteView info) noexcept {
    ByteReader r(info);
    switch (subtype) {
        case kMedCapabilities:
            if (info.size() == 3) {
                m.med_caps = *r.be16();
                m.med_device_class = *r.u8();
            } else {
                ++m.malformed_tlvs;
            }
            return;
        case kMedNetworkPolicy: {
            if (info.size() != 4) {
                ++m.malformed_tlvs;
                return;
            }
            const std::uint8_t app = *r.u8();
            const std::uint32_t bits = *r.be24();  // U T X | VLAN 12 | priority 3 | DSCP 6
            const NetworkPolicy p{app,
                                  (bits & 0x800000u) != 0,
                                  (bits & 0x400000u) != 0,
                                  static_cast<std::uint16_t>((bits >> 9) & 0x0fffu),
                                  static_cast<std::uint8_t>((bits >> 6) & 0x07u),
                                  static_cast<std::uint8_t>(bits & 0x3fu)};
            if (m.policy_count < kMaxNetworkPolicies) m.policies[m.policy_count++] = p;
            else ++m.policies_dropped;
            return;
        }
        case kMedHardwareRev: m.med_hw_rev = info; return;
        case kMedFirmwareRev: m.med_fw_rev = info; return;
        case kMedSoftwareRev: m.med_sw_rev = info; return;
        case kMedSerial: m.med_serial = info; return;
        case kMedManufacturer: m.med_manufacturer = info; return;
        case kMedModel: m.med_model = info; return;
        case kMedAssetId: m.med_asset_id = info; return;
        default: ++m.skipped_tlvs; return;
    }
}

void apply_org(Message& m, ByteView body) noexcept {
    ByteReader r(body);
    const auto oui = r.be24();
    const auto subtype = r.u8();
    if (!oui || !subtype) {
        ++m.malformed_tlvs;
        return;
    }
    const ByteView info = body.tail(kOrgHeaderLen);
    switch (*oui) {
        case kOui8021: return apply_8021(m, *subtype, info);
        case kOui8023: return apply_8023(m, *subtype, info);
        case kOuiMed: return apply_med(m, *subtype, info);
        case kOuiIana:
            if (*subtype == kIanaMudUrl) m.mud_url = info;
            else ++m.skipped_tlvs;
            return;
        default: ++m.skipped_tlvs; return;
    }
}

void apply_tlv(Message& m, std::uint8_t type, ByteView body) noexcept {
    ByteReader r(body);
    switch (type) {
        case kChassisId: m.chassis = read_id(body); return;
        case kPortId: m.port = read_id(body); return;
        case kTtl:
            if (body.size() == 2) m.ttl_s = *r.be16();
            else ++m.malformed_tlvs;
            return;
        case kPortDescription: m.port_description = body; return;
        case kSystemName: m.system_name = body; return;
        case kSystemDescription: m.system_description = body; return;
        case kSystemCapabilities:
            if (body.size() == 4) {
                m.system_caps = *r.be16();
                m.enabled_caps = *r.be16();
            } else {
                ++m.malformed_tlvs;
            }
            return;
        case kManagementAddress: {
            ManagementAddress a;
            if (!read_mgmt(body, a)) {
                ++m.malformed_tlvs;
                return;
            }
            if (m.mgmt_count < kMaxMgmtAddrs) m.mgmt[m.mgmt_count++] = a;
            else ++m.mgmt_dropped;
            return;
        }
        case kOrgSpecific: return apply_org(m, body);
        default: ++m.skipped_tlvs; return;
    }
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    if (payload.empty()) return fail(ParseError::truncated(0, kErrTruncated));
    ByteReader r(payload);
    Message m;
    while (!r.empty()) {
        const auto header = r.be16();
        if (!header) return fail(ParseError::truncated(r.offset(), kErrTruncated));
        const auto type = static_cast<std::uint8_t>(*header >> 9);
        const std::size_t len = *header & 0x01ffu;
        const auto body = r.take(len);  // sub-view: a lying length cannot spill into the next TLV
        if (!body) return fail(ParseError::truncated(r.offset(), kErrTruncated));
        if (type == kEnd) {
            m.end_seen = true;
            break;  // what follows is Ethernet padding (or an FCS)
        }
        if (m.tlv_count >= kMaxTlvs) {
            ++m.skipped_tlvs;
            continue;
        }
        ++m.tlv_count;
        apply_tlv(m, type, *body);
    }
    return m;
}

}  // namespace dissect::lldp
