// tests/unit/dissectors/cdp_frames.h
// CDP PDUs shared by the CDP dissector and mapper tests, the fuzz seeds and the
// benchmark, plus a TLV builder for variants.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "dissectors/cdp/cdp.h"

namespace dissect::test::cdp_frames {

using Bytes = std::vector<std::uint8_t>;
using namespace dissect::cdp;

inline Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

inline Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

inline Bytes tlv(std::uint16_t type, const Bytes& body) {
    const std::size_t len = body.size() + kTlvHeaderLen;
    Bytes out{static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type),
              static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len)};
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

inline const Bytes kOneIpv4Address = {
    0x00, 0x00, 0x00, 0x01,  // one address
    0x01, 0x01, 0xcc,        // NLPID, length 1, IP
    0x00, 0x04,              // address length 4
    0xc0, 0xa8, 0x00, 0x01,  // 192.168.0.1
};

// A Catalyst 3560: tcpdump/3560_CDP.pcap frame 1 (tcpdump test suite,
// BSD-3-Clause), the PDU after the SNAP header, byte for byte.
inline const Bytes kCatalyst3560 = cat({
    Bytes{0x02, 0xb4, 0xb0, 0xbd},  // version 2, TTL 180, checksum
    tlv(kDeviceId, text("Switch")),
    tlv(kSoftwareVersion,
        text("Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(25)SEB4, RELEASE SOFTWARE "
             "(fc1)\nCopyright (c) 1986-2005 by Cisco Systems, Inc.\nCompiled Tue 30-Aug-05 17:56 by yenanh")),
    tlv(kPlatform, text("cisco WS-C3560G-24PS")),
    tlv(kAddresses, kOneIpv4Address),
    tlv(kPortId, text("GigabitEthernet0/5")),
    tlv(kCapabilities, Bytes{0x00, 0x00, 0x00, 0x28}),  // switch, IGMP
    tlv(0x0008, Bytes{0x00, 0x00, 0x0c, 0x01, 0x12, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x21,
                      0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80, 0xff, 0x00,
                      0x00}),  // protocol hello (cluster management)
    tlv(kVtpDomain, text("Lab")),
    tlv(kNativeVlan, Bytes{0x00, 0x01}),
    tlv(kDuplex, Bytes{0x01}),  // full
    tlv(0x0012, Bytes{0x00}),   // trust bitmap
    tlv(0x0013, Bytes{0x00}),   // untrusted port CoS
    tlv(kManagementAddresses, kOneIpv4Address),
    tlv(0x001a, Bytes{0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff})});  // power available

}  // namespace dissect::test::cdp_frames
