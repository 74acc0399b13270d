// tests/unit/dissectors/lldp_frames.h
// LLDPDUs shared by the LLDP dissector and mapper tests, the fuzz seeds and
// the benchmark: one real (BSD-licensed capture), one written for the tests.
#pragma once

#include <cstdint>

namespace dissect::test {

// An SMC GS8P switch: zeek/lldp.pcap frame 1 (Zeek test suite, BSD-3-Clause),
// the LLDPDU without the Ethernet header and FCS.
constexpr std::uint8_t kSmcSwitch[] = {
    0x02, 0x07,                                                  // chassis id, length 7
    0x04, 0x00, 0x22, 0x2d, 0x81, 0xdb, 0x10,                    //   MAC 00:22:2d:81:db:10
    0x04, 0x02,                                                  // port id, length 2
    0x07, '1',                                                   //   locally assigned "1"
    0x06, 0x02, 0x00, 0x78,                                      // TTL 120 s
    0x08, 0x07, 'P', 'o', 'r', 't', ' ', '#', '1',               // port description
    0x0a, 0x0d, 'S', 'M', 'C', 'G', 'S', '8', 'P', '-', 'S', 'm', 'a', 'r', 't',  // system name
    0x0c, 0x23, 'S', 'M', 'C', 'G', 'S', '8', 'P', '-', 'S', 'm', 'a', 'r', 't', ' ', '-', ' ',  // system description
    'S', 'M', 'C', 'G', 'S', '8', 'P', '-', 'S', 'm', 'a', 'r', 't', ' ', 'v', '3', '.', '2', '0',
    0x0e, 0x04, 0x00, 0x04, 0x00, 0x04,                          // capabilities: bridge / bridge enabled
    0x10, 0x0c,                                                  // management address, length 12
    0x05, 0x01, 0xc0, 0xa8, 0x02, 0x0a,                          //   length 5, IPv4 192.168.2.10
    0x02, 0x00, 0x00, 0x00, 0x01,                                //   ifIndex 1
    0x00,                                                        //   no OID
    0x00, 0x00,                                                  // End of LLDPDU
};

// An IP phone with LLDP-MED inventory (written for this test: no public
// capture has MED inventory TLVs).
constexpr std::uint8_t kMedPhone[] = {
    0x02, 0x06, 0x05, 0x01, 0x0a, 0x01, 0x02, 0x03,              // chassis id: network address IPv4 10.1.2.3
    0x04, 0x07, 0x03, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,        // port id: MAC 00:11:22:33:44:55
    0x06, 0x02, 0x00, 0xb4,                                      // TTL 180 s
    0x0a, 0x0f, 'S', 'E', 'P', '0', '0', '1', '1', '2', '2', '3', '3', '4', '4', '5', '5',  // system name
    0x0e, 0x04, 0x00, 0x24, 0x00, 0x24,                          // caps: bridge, telephone / both enabled
    0xfe, 0x06, 0x00, 0x80, 0xc2, 0x01, 0x00, 0x01,              // 802.1 port VLAN id 1
    0xfe, 0x09, 0x00, 0x12, 0x0f, 0x01, 0x03, 0x6c, 0x01, 0x00, 0x10,  // 802.3 MAC/PHY: autoneg on, MAU 16
    0xfe, 0x06, 0x00, 0x12, 0x0f, 0x04, 0x05, 0xf2,              // 802.3 max frame size 1522
    0xfe, 0x07, 0x00, 0x12, 0xbb, 0x01, 0x00, 0x33, 0x03,        // MED capabilities 0x0033, class III
    0xfe, 0x08, 0x00, 0x12, 0xbb, 0x02, 0x01, 0x40, 0xc9, 0x6e,  // MED policy: voice, tagged, VLAN 100, prio 5, DSCP 46
    0xfe, 0x07, 0x00, 0x12, 0xbb, 0x05, '1', '.', '0',           // MED hardware revision
    0xfe, 0x07, 0x00, 0x12, 0xbb, 0x06, '2', '.', '3',           // MED firmware revision
    0xfe, 0x0a, 0x00, 0x12, 0xbb, 0x07, 's', 'i', 'p', '1', '4', '2',  // MED software revision
    0xfe, 0x0f, 0x00, 0x12, 0xbb, 0x08, 'F', 'C', 'H', '1', '2', '3', '4', 'A', 'B', 'C', 'D',  // MED serial
    0xfe, 0x09, 0x00, 0x12, 0xbb, 0x09, 'C', 'i', 's', 'c', 'o',  // MED manufacturer
    0xfe, 0x0b, 0x00, 0x12, 0xbb, 0x0a, 'C', 'P', '-', '8', '8', '4', '5',  // MED model
    0xfe, 0x08, 0x00, 0x12, 0xbb, 0x0b, 'A', '-', '4', '2',      // MED asset id
    0xfe, 0x0c, 0x00, 0x00, 0x5e, 0x01, 'h', 't', 't', 'p', 's', ':', '/', '/',  // MUD URL (IANA)
    0x00, 0x00,                                                  // End of LLDPDU
    0x00, 0x00, 0x00, 0x00,                                      // Ethernet padding
};

}  // namespace dissect::test
