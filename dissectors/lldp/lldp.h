// dissectors/lldp/lldp.h
// LLDP (IEEE 802.1AB-2016 §8): the LLDPDU carried in an Ethernet frame of
// EtherType 0x88CC. Walks the TLVs (7-bit type, 9-bit length) and extracts what
// identifies the sending station:
//   - basic TLVs (§8.5): chassis id, port id, TTL, port description, system
//     name, system description, system capabilities, management addresses;
//   - IEEE 802.1 (OUI 00-80-C2, 802.1Q-2018 Annex D): port VLAN id, VLAN names;
//   - IEEE 802.3 (OUI 00-12-0F, 802.3-2018 clause 79): MAC/PHY configuration,
//     maximum frame size;
//   - LLDP-MED (OUI 00-12-BB, ANSI/TIA-1057 §10.2): capabilities and device
//     class, network policies (voice VLAN), inventory (hardware, firmware and
//     software revisions, serial number, manufacturer, model, asset id);
//   - the MUD URL (RFC 8520 §4.1, IANA OUI 00-00-5E subtype 1).
// Every other TLV is counted and skipped. Reads only inside `payload`; all
// views point into it. Lists have fixed capacity with a `dropped` count, and
// the walk stops after kMaxTlvs TLVs (the rest is counted as skipped).
//
// Leniency: the mandatory order (chassis, port, TTL first) is not enforced and
// a missing End TLV is accepted (`end_seen` = false), as real senders get both
// wrong (arkime/wireshark-lldp.pcap frame 1 has two TTL TLVs and no End). A
// fixed-size TLV with the wrong length is ignored and counted in `malformed_tlvs`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::lldp {

inline constexpr std::uint16_t kEtherType = 0x88cc;

inline constexpr std::size_t kMaxTlvs = 128;          // TLVs walked per LLDPDU (a 1500-byte PDU holds ~750)
inline constexpr std::size_t kMaxMgmtAddrs = 4;       // management address TLVs kept
inline constexpr std::size_t kMaxVlanNames = 8;       // 802.1 VLAN name TLVs kept
inline constexpr std::size_t kMaxNetworkPolicies = 4; // LLDP-MED network policy TLVs kept

// TLV types (802.1AB-2016 Table 8-1).
enum TlvType : std::uint8_t {
    kEnd = 0, kChassisId = 1, kPortId = 2, kTtl = 3, kPortDescription = 4, kSystemName = 5,
    kSystemDescription = 6, kSystemCapabilities = 7, kManagementAddress = 8, kOrgSpecific = 127,
};

inline constexpr std::uint32_t kOui8021 = 0x0080c2;
inline constexpr std::uint32_t kOui8023 = 0x00120f;
inline constexpr std::uint32_t kOuiMed = 0x0012bb;
inline constexpr std::uint32_t kOuiIana = 0x00005e;

// Chassis id subtypes (§8.5.2.2) and port id subtypes (§8.5.3.2).
enum ChassisSubtype : std::uint8_t {
    kChassisComponent = 1, kChassisInterfaceAlias = 2, kChassisPortComponent = 3, kChassisMac = 4,
    kChassisNetworkAddress = 5, kChassisInterfaceName = 6, kChassisLocal = 7,
};
enum PortSubtype : std::uint8_t {
    kPortInterfaceAlias = 1, kPortComponent = 2, kPortMac = 3, kPortNetworkAddress = 4,
    kPortInterfaceName = 5, kPortAgentCircuitId = 6, kPortLocal = 7,
};

// IANA address family numbers used by network-address ids and management addresses.
inline constexpr std::uint8_t kFamilyIpv4 = 1;
inline constexpr std::uint8_t kFamilyIpv6 = 2;
inline constexpr std::uint8_t kFamily802 = 6;

// System capability bits (§8.5.8.1, Table 8-4).
enum Capability : std::uint16_t {
    kCapOther = 0x0001, kCapRepeater = 0x0002, kCapBridge = 0x0004, kCapWlanAp = 0x0008,
    kCapRouter = 0x0010, kCapTelephone = 0x0020, kCapDocsis = 0x0040, kCapStationOnly = 0x0080,
    kCapCVlan = 0x0100, kCapSVlan = 0x0200, kCapTpmr = 0x0400,
};

struct Id {
    std::uint8_t subtype = 0;  // 0 = TLV absent or empty
    ByteView value;            // after the subtype byte
};

struct ManagementAddress {
    std::uint8_t family = 0;        // IANA address family (kFamilyIpv4, ...)
    ByteView address;               // the address bytes, after the family byte
    std::uint8_t if_subtype = 0;    // 1 unknown, 2 ifIndex, 3 system port number
    std::uint32_t if_number = 0;
    ByteView oid;                   // BER-encoded object identifier, may be empty
};

struct VlanName {
    std::uint16_t vid = 0;
    ByteView name;
};

// LLDP-MED network policy (TIA-1057 §10.2.3).
struct NetworkPolicy {
    std::uint8_t app_type = 0;  // 1 voice, 2 voice signaling, 3 guest voice, ... 8 video signaling
    bool unknown = false;       // U: policy not yet known
    bool tagged = false;        // T: VLAN-tagged
    std::uint16_t vlan = 0;     // 12 bits; 0 = priority tagged
    std::uint8_t priority = 0;  // 802.1D priority, 3 bits
    std::uint8_t dscp = 0;      // 6 bits
};

// IEEE 802.3 MAC/PHY configuration/status (802.3 clause 79.3.1).
struct MacPhy {
    std::uint8_t autoneg = 0;            // bit 0 supported, bit 1 enabled
    std::uint16_t pmd_advertised = 0;    // PMD auto-negotiation advertised capability
    std::uint16_t mau_type = 0;          // operational MAU type (RFC 4836)
};

struct Message {
    Id chassis;
    Id port;
    std::optional<std::uint16_t> ttl_s;
    ByteView port_description;
    ByteView system_name;
    ByteView system_description;
    std::optional<std::uint16_t> system_caps;   // capabilities the system has
    std::optional<std::uint16_t> enabled_caps;  // of those, the enabled ones
    ManagementAddress mgmt[kMaxMgmtAddrs] = {};
    std::uint8_t mgmt_count = 0;
    std::uint16_t mgmt_dropped = 0;

    // IEEE 802.1
    std::optional<std::uint16_t> port_vlan;     // PVID; 0 = port does not support VLANs
    VlanName vlan_names[kMaxVlanNames] = {};
    std::uint8_t vlan_name_count = 0;
    std::uint16_t vlan_names_dropped = 0;

    // IEEE 802.3
    std::optional<MacPhy> mac_phy;
    std::optional<std::uint16_t> max_frame_size;

    // LLDP-MED
    std::optional<std::uint16_t> med_caps;
    std::optional<std::uint8_t> med_device_class;  // 1..3 endpoint class, 4 network connectivity
    NetworkPolicy policies[kMaxNetworkPolicies] = {};
    std::uint8_t policy_count = 0;
    std::uint16_t policies_dropped = 0;
    ByteView med_hw_rev;
    ByteView med_fw_rev;
    ByteView med_sw_rev;
    ByteView med_serial;
    ByteView med_manufacturer;
    ByteView med_model;
    ByteView med_asset_id;

    ByteView mud_url;  // RFC 8520

    std::uint16_t tlv_count = 0;       // TLVs walked, End excluded
    std::uint16_t skipped_tlvs = 0;    // unknown types, and TLVs past kMaxTlvs
    std::uint16_t malformed_tlvs = 0;  // known type, impossible length: ignored
    bool end_seen = false;
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.lldp.truncated";

// Parses one LLDPDU (the Ethernet payload after EtherType 0x88CC; trailing
// padding after the End TLV is ignored). Views point into `payload`.
// Errors: Truncated when the payload is empty or a TLV header or body runs
// past the end. TLV contents never make the whole parse fail.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::lldp
