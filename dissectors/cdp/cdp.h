// dissectors/cdp/cdp.h
// Cisco Discovery Protocol, versions 1 and 2 (Cisco's "CDP" specification as
// implemented by IOS; no IETF document; field layout as in Wireshark's
// packet-cdp.c). Carried in 802.3 frames with LLC/SNAP, OUI 00-00-0C, PID
// 0x2000; the input is the PDU after the SNAP header: version, TTL, checksum,
// then TLVs (16-bit type, 16-bit length that counts the 4-byte TLV header).
// Extracts device id, addresses (TLV 0x0002) and management addresses (0x0016),
// port id, capabilities, software version, platform, VTP management domain,
// native VLAN, duplex, VoIP VLAN, power, MTU, system name and location. Other
// TLVs are counted and skipped. Reads only inside `payload`; views point into
// it. Address lists have fixed capacity with a `dropped` count; the walk stops
// interpreting after kMaxTlvs TLVs. The checksum is read, not verified (Cisco
// computes odd-length PDUs in a non-RFC 1071 way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::cdp {

inline constexpr std::uint32_t kSnapOui = 0x00000c;
inline constexpr std::uint16_t kSnapPid = 0x2000;

inline constexpr std::size_t kHeaderLen = 4;     // version, TTL, checksum
inline constexpr std::size_t kTlvHeaderLen = 4;  // type, length
inline constexpr std::size_t kMaxTlvs = 64;       // TLVs interpreted per PDU
inline constexpr std::size_t kMaxAddresses = 8;   // per address list (0x0002 and 0x0016 each)

enum TlvType : std::uint16_t {
    kDeviceId = 0x0001, kAddresses = 0x0002, kPortId = 0x0003, kCapabilities = 0x0004,
    kSoftwareVersion = 0x0005, kPlatform = 0x0006, kVtpDomain = 0x0009, kNativeVlan = 0x000a,
    kDuplex = 0x000b, kVoipVlanReply = 0x000e, kPower = 0x0010, kMtu = 0x0011, kSystemName = 0x0014,
    kManagementAddresses = 0x0016, kLocation = 0x0017,
};

// Capability bits (TLV 0x0004).
enum Capability : std::uint32_t {
    kCapRouter = 0x001, kCapTransparentBridge = 0x002, kCapSourceRouteBridge = 0x004, kCapSwitch = 0x008,
    kCapHost = 0x010, kCapIgmp = 0x020, kCapRepeater = 0x040, kCapPhone = 0x080, kCapRemote = 0x100,
    kCapCvta = 0x200, kCapMacRelay = 0x400,
};

// Protocol types of an address entry.
inline constexpr std::uint8_t kProtoTypeNlpid = 1;
inline constexpr std::uint8_t kProtoType8022 = 2;

struct Address {
    std::uint8_t protocol_type = 0;  // kProtoTypeNlpid or kProtoType8022
    ByteView protocol;               // NLPID 0xcc = IPv4; 802.2 aa-aa-03-00-00-00-86-dd = IPv6
    ByteView address;

    [[nodiscard]] bool is_ipv4() const noexcept {
        return protocol_type == kProtoTypeNlpid && protocol.size() == 1 && protocol[0] == 0xcc && address.size() == 4;
    }
    [[nodiscard]] bool is_ipv6() const noexcept {
        return protocol_type == kProtoType8022 && protocol.size() == 8 && protocol[6] == 0x86 &&
               protocol[7] == 0xdd && address.size() == 16;
    }
};

struct AddressList {
    Address entries[kMaxAddresses] = {};
    std::uint8_t count = 0;
    std::uint16_t dropped = 0;
};

struct Message {
    std::uint8_t version = 0;  // 1 or 2
    std::uint8_t ttl_s = 0;    // holdtime
    std::uint16_t checksum = 0;
    ByteView device_id;
    AddressList addresses;         // 0x0002
    ByteView port_id;
    std::optional<std::uint32_t> capabilities;
    ByteView software_version;     // multi-line text
    ByteView platform;
    ByteView vtp_domain;
    std::optional<std::uint16_t> native_vlan;
    std::optional<bool> full_duplex;
    std::optional<std::uint16_t> voip_vlan;   // 0x000e: appliance id, VLAN
    std::optional<std::uint16_t> power_mw;
    std::optional<std::uint32_t> mtu;
    ByteView system_name;
    AddressList mgmt_addresses;    // 0x0016
    ByteView location;
    std::uint16_t tlv_count = 0;
    std::uint16_t skipped_tlvs = 0;    // unknown types, and TLVs past kMaxTlvs
    std::uint16_t malformed_tlvs = 0;  // known type, impossible contents: ignored
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.cdp.truncated";
inline constexpr const char kErrBadVersion[] = "dissect.cdp.bad_version";
inline constexpr const char kErrBadTlvLength[] = "dissect.cdp.bad_tlv_length";

// Parses one CDP PDU (the bytes after the SNAP header). Views point into
// `payload`. Errors: Truncated when the header or a TLV runs past the end;
// Malformed for a version other than 1 or 2 ("bad_version") or a TLV length
// below 4 ("bad_tlv_length": the walk cannot continue).
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::cdp
