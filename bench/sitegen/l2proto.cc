#include "bench/sitegen/l2proto.h"

#include "bench/sitegen/packet_builder.h"

namespace sitegen::l2 {
namespace {

void tlv(Writer& w, unsigned type, ByteSpan body) {
    w.be16((type << 9) | static_cast<unsigned>(body.size() & 0x1ff)).bytes(body);
}
void tlv(Writer& w, unsigned type, std::string_view s) { tlv(w, type, as_bytes(s)); }

void org_tlv(Writer& w, std::uint32_t oui, unsigned subtype, ByteSpan body) {
    Writer b;
    b.be24(oui).u8(subtype).bytes(body);
    tlv(w, 127, b.data());
}
void org_tlv(Writer& w, std::uint32_t oui, unsigned subtype, std::string_view s) { org_tlv(w, oui, subtype, as_bytes(s)); }

constexpr std::uint32_t kOui8021 = 0x0080c2;
constexpr std::uint32_t kOui8023 = 0x00120f;
constexpr std::uint32_t kOuiMed = 0x0012bb;

void cdp_tlv(Writer& w, unsigned type, ByteSpan body) {
    w.be16(type).be16(static_cast<unsigned>(4 + body.size())).bytes(body);
}
void cdp_tlv(Writer& w, unsigned type, std::string_view s) { cdp_tlv(w, type, as_bytes(s)); }

}  // namespace

Bytes lldp_pdu(const LldpInfo& in) {
    Writer w(256);
    {
        Writer b;
        b.u8(4).bytes(in.chassis.b);  // chassis id subtype 4: MAC address
        tlv(w, 1, b.data());
    }
    {
        Writer b;
        if (in.port_id.empty()) {
            b.u8(3).bytes(in.chassis.b);  // port id subtype 3: MAC address
        } else {
            b.u8(5).str(in.port_id);      // subtype 5: interface name
        }
        tlv(w, 2, b.data());
    }
    {
        Writer b;
        b.be16(in.ttl_s);
        tlv(w, 3, b.data());
    }
    if (!in.port_desc.empty()) tlv(w, 4, in.port_desc);
    if (!in.sys_name.empty()) tlv(w, 5, in.sys_name);
    if (!in.sys_desc.empty()) tlv(w, 6, in.sys_desc);
    {
        Writer b;
        b.be16(in.caps).be16(in.caps_enabled);
        tlv(w, 7, b.data());
    }
    if (in.mgmt.v != 0) {
        Writer b;
        b.u8(5).u8(1).bytes(in.mgmt.bytes());  // address string length, IANA family IPv4
        b.u8(2).be32(in.mgmt_ifindex).u8(0);    // ifIndex numbering, no OID
        tlv(w, 8, b.data());
    }
    if (in.port_vlan != 0) {
        Writer b;
        b.be16(in.port_vlan);
        org_tlv(w, kOui8021, 1, b.data());
    }
    if (in.mau_type != 0) {
        Writer b;
        b.u8(0x03).be16(0x6c01).be16(in.mau_type);  // autoneg supported+enabled, 10/100/1000 advertised
        org_tlv(w, kOui8023, 1, b.data());
    }
    if (in.med_class != 0) {
        {
            Writer b;
            b.be16(0x0033).u8(in.med_class);  // caps: LLDP-MED, network policy, MDI-PD, inventory
            org_tlv(w, kOuiMed, 1, b.data());
        }
        if (in.med_voice_vlan != 0) {
            Writer b;
            // Application 1 (voice); U=0, T=1 (tagged), X=0; VLAN; L2 priority 5; DSCP 46.
            const std::uint32_t bits = (1u << 22) | (std::uint32_t{in.med_voice_vlan & 0x0fffu} << 9) | (5u << 6) | 46u;
            b.u8(1).be24(bits);
            org_tlv(w, kOuiMed, 2, b.data());
        }
        {
            Writer b;
            b.u8(0x53).be16(65);  // PD device, PSE source, high priority; 6.5 W
            org_tlv(w, kOuiMed, 4, b.data());
        }
        if (!in.med_hw.empty()) org_tlv(w, kOuiMed, 5, in.med_hw);
        if (!in.med_fw.empty()) org_tlv(w, kOuiMed, 6, in.med_fw);
        if (!in.med_sw.empty()) org_tlv(w, kOuiMed, 7, in.med_sw);
        if (!in.med_serial.empty()) org_tlv(w, kOuiMed, 8, in.med_serial);
        if (!in.med_mfg.empty()) org_tlv(w, kOuiMed, 9, in.med_mfg);
        if (!in.med_model.empty()) org_tlv(w, kOuiMed, 10, in.med_model);
    }
    w.be16(0);  // End of LLDPDU
    return w.take();
}

Bytes cdp_llc(const CdpInfo& in) {
    Writer head(256);
    cdp_tlv(head, 0x0001, in.device_id);
    {
        Writer b;
        // One address: NLPID protocol type, length 1, protocol 0xcc (IP), 4-byte address.
        b.be32(1).u8(1).u8(1).u8(0xcc).be16(4).bytes(in.address.bytes());
        cdp_tlv(head, 0x0002, b.data());
    }
    cdp_tlv(head, 0x0003, in.port_id);
    {
        Writer b;
        b.be32(in.caps);
        cdp_tlv(head, 0x0004, b.data());
    }
    Writer tail(128);
    cdp_tlv(tail, 0x0006, in.platform);
    if (in.native_vlan != 0) {
        Writer b;
        b.be16(in.native_vlan);
        cdp_tlv(tail, 0x000a, b.data());
    }
    {
        Writer b;
        b.u8(in.full_duplex ? 1 : 0);
        cdp_tlv(tail, 0x000b, b.data());
    }
    if (in.power_mw != 0) {
        Writer b;
        b.be16(in.power_mw);
        cdp_tlv(tail, 0x0010, b.data());
    }
    {
        Writer b;
        b.be32(1).u8(1).u8(1).u8(0xcc).be16(4).bytes(in.address.bytes());
        cdp_tlv(tail, 0x0016, b.data());  // management addresses
    }
    // Cisco computes the checksum of an odd-length PDU in a non-RFC 1071 way;
    // keep the PDU even by ending the (multi-line) version text with a newline.
    std::string software = in.software;
    if ((4 + head.size() + 4 + software.size() + tail.size()) % 2 != 0) software.push_back('\n');

    Writer w(512);
    w.u8(0xaa).u8(0xaa).u8(0x03).be24(0x00000c).be16(0x2000);  // LLC/SNAP, Cisco OUI, CDP
    const std::size_t pdu = w.size();
    w.u8(2).u8(180).be16(0);  // version 2, holdtime 180 s, checksum
    w.bytes(head.data());
    cdp_tlv(w, 0x0005, software);
    w.bytes(tail.data());
    const std::uint16_t c = inet_checksum({ByteSpan(w.data()).subspan(pdu)});
    w.patch_be16(pdu + 2, c);
    return w.take();
}

Bytes rstp_llc(const RstpInfo& in) {
    Writer w(40);
    w.u8(0x42).u8(0x42).u8(0x03);      // LLC: STP SAP
    w.be16(0).u8(2).u8(2);             // protocol 0, version 2 (RSTP), type 2 (RST BPDU)
    w.u8(0x3c);                        // flags: forwarding, learning, designated role
    w.be16(in.root_priority).bytes(in.root.b).be32(in.root_cost);
    w.be16(in.bridge_priority).bytes(in.bridge.b).be16(in.port_id);
    w.be16(in.message_age).be16(20 * 256).be16(2 * 256).be16(15 * 256);
    w.u8(0);                           // version 1 length
    return w.take();
}

}  // namespace sitegen::l2
