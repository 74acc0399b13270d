// Link-layer discovery and bridging PDUs: LLDP with IEEE 802.1 / 802.3 and
// LLDP-MED (ANSI/TIA-1057) extensions (IEEE 802.1AB), Cisco CDP v2 (carried
// over LLC/SNAP, OUI 00-00-0C, PID 0x2000) and RSTP BPDUs (IEEE 802.1D/Q).
#pragma once

#include <cstdint>
#include <string>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/bytes.h"

namespace sitegen::l2 {

inline const Mac kLldpMulticast{{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}};
inline const Mac kCdpMulticast{{0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc}};
inline const Mac kStpMulticast{{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}};

// LLDP system capability bits.
inline constexpr std::uint16_t kCapBridge = 0x0004;
inline constexpr std::uint16_t kCapRouter = 0x0010;
inline constexpr std::uint16_t kCapTelephone = 0x0020;
inline constexpr std::uint16_t kCapStation = 0x0080;

struct LldpInfo {
    Mac chassis;
    std::string port_id;      // interface name (subtype 5) or, when empty, the MAC (subtype 3)
    std::string port_desc;
    std::string sys_name;
    std::string sys_desc;
    std::uint16_t caps = 0;
    std::uint16_t caps_enabled = 0;
    Ip4 mgmt;                 // 0 = no management address TLV
    std::uint32_t mgmt_ifindex = 0;
    std::uint16_t ttl_s = 120;
    std::uint16_t port_vlan = 0;  // 802.1 port VLAN ID TLV (0 = omitted)
    std::uint16_t mau_type = 0;   // 802.3 MAC/PHY TLV (0 = omitted); 30 = 1000BASE-T FD, 16 = 100BASE-TX FD
    // LLDP-MED (endpoint), sent when med_class != 0.
    std::uint8_t med_class = 0;   // 3 = endpoint class III (communication device)
    std::uint16_t med_voice_vlan = 0;
    std::string med_hw, med_fw, med_sw, med_serial, med_mfg, med_model;
};
// LLDPDU (the Ethernet payload after ethertype 0x88cc).
Bytes lldp_pdu(const LldpInfo& info);

// CDP capability bits.
inline constexpr std::uint32_t kCdpRouter = 0x01;
inline constexpr std::uint32_t kCdpSwitch = 0x08;
inline constexpr std::uint32_t kCdpHost = 0x10;
inline constexpr std::uint32_t kCdpIgmp = 0x20;
inline constexpr std::uint32_t kCdpPhone = 0x80;
inline constexpr std::uint32_t kCdpTwoPortMacRelay = 0x400;

struct CdpInfo {
    std::string device_id;
    Ip4 address;
    std::string port_id;
    std::uint32_t caps = 0;
    std::string software;
    std::string platform;
    std::uint16_t native_vlan = 0;  // 0 = omitted
    bool full_duplex = true;
    std::uint16_t power_mw = 0;     // phones: power consumption TLV (0 = omitted)
};
// LLC/SNAP header + CDP v2 PDU with its checksum (an 802.3 frame payload).
Bytes cdp_llc(const CdpInfo& info);

struct RstpInfo {
    std::uint16_t root_priority = 32768;
    Mac root;
    std::uint32_t root_cost = 0;
    std::uint16_t bridge_priority = 32768;
    Mac bridge;
    std::uint16_t port_id = 0x8001;
    std::uint16_t message_age = 0;  // 1/256 s
};
// LLC header + RSTP BPDU (designated, forwarding, learning, agreement).
Bytes rstp_llc(const RstpInfo& info);

}  // namespace sitegen::l2
