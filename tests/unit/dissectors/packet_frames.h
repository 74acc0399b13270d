// tests/unit/dissectors/packet_frames.h
// Whole frames for the layer-walker tests (packet_test.cc), built from
// per-layer byte arrays with one commented line per field. The fuzz seeds in
// tests/fuzz/corpus/packet/ were written from kNamedFrames, one file per entry.
//
// Addresses: outer/plain frames 02:00:00:00:00:01 (client) -> 02:00:00:00:00:02
// (server), 192.0.2.1 -> 198.51.100.2; tunnelled (inner) frames
// 0a:00:00:00:00:0a -> 0a:00:00:00:00:0b, 10.1.1.1 -> 10.2.2.2. Checksums are
// placeholders: nothing here verifies them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::test::frames {

// ---------------------------------------------------------------- Ethernet

inline constexpr std::uint8_t kEthIpv4[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // dst MAC 02:00:00:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC 02:00:00:00:00:01
    0x08, 0x00,                          // EtherType IPv4
};
inline constexpr std::uint8_t kEthIpv6[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // dst MAC
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x86, 0xdd,                          // EtherType IPv6
};
inline constexpr std::uint8_t kEthMpls[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // dst MAC
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x88, 0x47,                          // EtherType MPLS unicast
};
inline constexpr std::uint8_t kEthVlan[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // dst MAC
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x81, 0x00,                          // TPID 802.1Q
};
// Inner (mirrored / tunnelled) Ethernet header.
inline constexpr std::uint8_t kInnerEthIpv4[] = {
    0x0a, 0x00, 0x00, 0x00, 0x00, 0x0b,  // dst MAC 0a:00:00:00:00:0b
    0x0a, 0x00, 0x00, 0x00, 0x00, 0x0a,  // src MAC 0a:00:00:00:00:0a
    0x08, 0x00,                          // EtherType IPv4
};
inline constexpr std::uint8_t kInnerEthArp[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // dst MAC broadcast
    0x0a, 0x00, 0x00, 0x00, 0x00, 0x0a,  // src MAC 0a:00:00:00:00:0a
    0x08, 0x06,                          // EtherType ARP
};

// ---------------------------------------------------------------- TCP SYN

inline constexpr std::uint8_t kIpv4TcpSyn[] = {
    0x45,                    // version 4, IHL 5
    0x00,                    // DSCP 0, ECN 0
    0x00, 0x3c,              // total length 60 = 20 + 40
    0x1c, 0x46,              // id 0x1c46
    0x40, 0x00,              // flags DF, offset 0
    0x40,                    // TTL 64
    0x06,                    // protocol TCP
    0x00, 0x00,              // header checksum (not verified)
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline constexpr std::uint8_t kTcpSynWithOptions[] = {
    0xc0, 0x00,                          // src port 49152
    0x01, 0xbb,                          // dst port 443
    0x11, 0x22, 0x33, 0x44,              // seq
    0x00, 0x00, 0x00, 0x00,              // ack
    0xa0,                                // data offset 10 (40 bytes), reserved 0
    0x02,                                // flags SYN
    0xfa, 0xf0,                          // window 64240
    0x00, 0x00,                          // checksum
    0x00, 0x00,                          // urgent pointer
    0x02, 0x04, 0x05, 0xb4,              // option MSS 1460
    0x04, 0x02,                          // option SACK permitted
    0x08, 0x0a, 0x00, 0x00, 0x00, 0x01,  // option timestamps: TSval 1
    0x00, 0x00, 0x00, 0x00,              //   TSecr 0
    0x01,                                // option NOP
    0x03, 0x03, 0x07,                    // option window scale 7
};
inline const Bytes kEthIpv4TcpSyn = cat(kEthIpv4, kIpv4TcpSyn, kTcpSynWithOptions);

// ---------------------------------------------------------------- QinQ + IPv6 + UDP

inline constexpr std::uint8_t kEthQinQ[] = {
    0x33, 0x33, 0x00, 0x01, 0x00, 0x02,  // dst MAC (IPv6 multicast ff02::1:2)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x88, 0xa8,                          // TPID 802.1ad S-tag
};
inline constexpr std::uint8_t kSTagVid100[] = {
    0x00, 0x64,  // PCP 0, DEI 0, VID 100
    0x81, 0x00,  // next: TPID 802.1Q C-tag
};
inline constexpr std::uint8_t kCTagVid200Ipv6[] = {
    0xa0, 0xc8,  // PCP 5, DEI 0, VID 200
    0x86, 0xdd,  // next: IPv6
};
inline constexpr std::uint8_t kIpv6UdpDhcpv6[] = {
    0x60, 0x00, 0x00, 0x00,                          // version 6, traffic class 0, flow label 0
    0x00, 0x0c,                                      // payload length 12
    0x11,                                            // next header UDP
    0x01,                                            // hop limit 1
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // src fe80::1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
    0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // dst ff02::1:2
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02,  //
};
inline constexpr std::uint8_t kUdpDhcpv6[] = {
    0x02, 0x22,              // src port 546
    0x02, 0x23,              // dst port 547
    0x00, 0x0c,              // length 12
    0x00, 0x00,              // checksum
    0x01, 0x12, 0x34, 0x56,  // payload: DHCPv6 Solicit, transaction id
};
inline const Bytes kQinQIpv6Udp = cat(kEthQinQ, kSTagVid100, kCTagVid200Ipv6, kIpv6UdpDhcpv6, kUdpDhcpv6);

// ---------------------------------------------------------------- 802.3 LLC/SNAP (CDP)

inline constexpr std::uint8_t kLlcSnapCdp[] = {
    0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc,  // dst MAC (CDP multicast)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x00, 0x12,                          // 802.3 length 18 = LLC 3 + SNAP 5 + body 10
    0xaa,                                // DSAP SNAP
    0xaa,                                // SSAP SNAP
    0x03,                                // control UI
    0x00, 0x00, 0x0c,                    // OUI Cisco
    0x20, 0x00,                          // PID CDP
    0x02,                                // CDP version 2
    0xb4,                                // TTL 180
    0x00, 0x00,                          // checksum
    0x00, 0x01, 0x00, 0x06, 'R', '1',    // TLV device id "R1"
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // padding to the 60-byte minimum (28 bytes)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00,              //
};

// Cisco PVST+ BPDU: 802.1Q tag, then an 802.3 length and LLC/SNAP.
inline constexpr std::uint8_t kVlanLlcPvst[] = {
    0x00, 0x0a,                    // PCP 0, DEI 0, VID 10
    0x00, 0x0c,                    // 802.3 length 12 = LLC 3 + SNAP 5 + body 4
    0xaa, 0xaa, 0x03,              // DSAP, SSAP SNAP; control UI
    0x00, 0x00, 0x0c,              // OUI Cisco
    0x01, 0x0b,                    // PID PVST+
    0x00, 0x00, 0x02, 0x02,        // body: STP protocol id, version 2, BPDU type RST (truncated BPDU)
};
inline const Bytes kPvstFrame = cat(kEthVlan, kVlanLlcPvst);

// ---------------------------------------------------------------- MPLS + IPv4 + ICMP

inline constexpr std::uint8_t kMplsTwoLabels[] = {
    0x00, 0x01, 0x00, 0x40,  // label 16, TC 0, S 0, TTL 64
    0x00, 0x06, 0x41, 0x40,  // label 100, TC 0, S 1, TTL 64
};
inline constexpr std::uint8_t kIpv4Icmp[] = {
    0x45,                    // version 4, IHL 5
    0x00,                    // DSCP/ECN
    0x00, 0x1c,              // total length 28 = 20 + 8
    0x00, 0x01,              // id 1
    0x00, 0x00,              // flags 0, offset 0
    0x40,                    // TTL 64
    0x01,                    // protocol ICMP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline constexpr std::uint8_t kIcmpEchoRequest[] = {
    0x08,        // type echo request
    0x00,        // code 0
    0x00, 0x00,  // checksum
    0x12, 0x34,  // identifier
    0x00, 0x01,  // sequence
};
inline const Bytes kMplsIpv4Icmp = cat(kEthMpls, kMplsTwoLabels, kIpv4Icmp, kIcmpEchoRequest);
inline const Bytes kRawIpv4Icmp = cat(kIpv4Icmp, kIcmpEchoRequest);

// ---------------------------------------------------------------- ARP

inline constexpr std::uint8_t kArpRequestFrame[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // dst MAC broadcast
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x08, 0x06,                          // EtherType ARP
    0x00, 0x01,                          // htype Ethernet
    0x08, 0x00,                          // ptype IPv4
    0x06,                                // hlen
    0x04,                                // plen
    0x00, 0x01,                          // opcode request
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // sender MAC
    0xc0, 0x00, 0x02, 0x01,              // sender IP 192.0.2.1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // target MAC (unknown)
    0xc0, 0x00, 0x02, 0xfe,              // target IP 192.0.2.254
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // padding to 60 bytes (18)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
};

// ---------------------------------------------------------------- IPv6 HBH + Fragment + UDP

inline constexpr std::uint8_t kIpv6HbhFrag[] = {
    0x60, 0x01, 0x23, 0x45,                          // version 6, traffic class 0, flow label 0x12345
    0x00, 0x20,                                      // payload length 32 = HBH 8 + Frag 8 + UDP 8 + data 8
    0x00,                                            // next header Hop-by-Hop
    0x40,                                            // hop limit 64
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // src 2001:db8::1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // dst 2001:db8::2
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,  //
    0x2c,                                            // HBH: next header Fragment
    0x00,                                            // HBH: length 0 (8 bytes)
    0x01, 0x04, 0x00, 0x00, 0x00, 0x00,              // HBH: PadN option, 4 bytes
    0x11,                                            // Frag: next header UDP
    0x00,                                            // Frag: reserved
    0x00, 0x01,                                      // Frag: offset 0, M 1
    0xde, 0xad, 0xbe, 0xef,                          // Frag: identification
    0x13, 0x88,                                      // UDP src port 5000
    0x13, 0x89,                                      // UDP dst port 5001
    0x04, 0xb8,                                      // UDP length 1208 (the whole datagram, not this fragment)
    0x00, 0x00,                                      // UDP checksum
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // data
};
inline const Bytes kIpv6HbhFragUdp = cat(kEthIpv6, kIpv6HbhFrag);

// ---------------------------------------------------------------- IPv4 fragments

inline constexpr std::uint8_t kIpv4FirstFragmentUdp[] = {
    0x45,                    // version 4, IHL 5
    0x00,                    // DSCP/ECN
    0x00, 0x2c,              // total length 44 = 20 + UDP 8 + data 16
    0xbe, 0xef,              // id 0xbeef
    0x20, 0x00,              // flags MF, offset 0
    0x40,                    // TTL 64
    0x11,                    // protocol UDP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
    0x30, 0x39,              // UDP src port 12345
    0x00, 0x35,              // UDP dst port 53
    0x03, 0xf0,              // UDP length 1008 (whole datagram)
    0x00, 0x00,              // UDP checksum
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,  // data (16)
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,  //
};
inline constexpr std::uint8_t kIpv4NonFirstFragment[] = {
    0x45,                    // version 4, IHL 5
    0x00,                    // DSCP/ECN
    0x00, 0x24,              // total length 36 = 20 + data 16
    0xbe, 0xef,              // id 0xbeef
    0x00, 0xb9,              // flags 0, offset 185 (1480 bytes): the last fragment
    0x40,                    // TTL 64
    0x11,                    // protocol UDP (but no UDP header in this fragment)
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
    0x00, 0x35, 0x00, 0x35, 0x00, 0x10, 0x00, 0x00,  // data that looks like a UDP header (16)
    0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb,  //
};
inline const Bytes kIpv4FirstFragment = cat(kEthIpv4, kIpv4FirstFragmentUdp);
inline const Bytes kIpv4LastFragment = cat(kEthIpv4, kIpv4NonFirstFragment);

// ---------------------------------------------------------------- inner (mirrored) frame

inline constexpr std::uint8_t kInnerIpv4Tcp[] = {
    0x45,                    // version 4, IHL 5
    0x00,                    // DSCP/ECN
    0x00, 0x2c,              // total length 44 = 20 + TCP 20 + data 4
    0x00, 0x07,              // id 7
    0x40, 0x00,              // flags DF
    0x3f,                    // TTL 63
    0x06,                    // protocol TCP
    0x00, 0x00,              // checksum
    0x0a, 0x01, 0x01, 0x01,  // src 10.1.1.1
    0x0a, 0x02, 0x02, 0x02,  // dst 10.2.2.2
    0xc7, 0x38,              // TCP src port 51000
    0x00, 0x16,              // TCP dst port 22
    0x00, 0x00, 0x10, 0x00,  // seq 4096
    0x00, 0x00, 0x20, 0x00,  // ack 8192
    0x50,                    // data offset 5
    0x18,                    // flags PSH ACK
    0x01, 0x00,              // window 256
    0x00, 0x00,              // checksum
    0x00, 0x00,              // urgent pointer
    'S', 'S', 'H', '-',      // payload
};
// 14 + 44 = 58 bytes.
inline const Bytes kInnerFrame = cat(kInnerEthIpv4, kInnerIpv4Tcp);

inline constexpr std::uint8_t kArpBody[] = {
    0x00, 0x01,                          // htype Ethernet
    0x08, 0x00,                          // ptype IPv4
    0x06, 0x04,                          // hlen 6, plen 4
    0x00, 0x01,                          // opcode request
    0x0a, 0x00, 0x00, 0x00, 0x00, 0x0a,  // sender MAC 0a:00:00:00:00:0a
    0x0a, 0x01, 0x01, 0x01,              // sender IP 10.1.1.1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // target MAC
    0x0a, 0x01, 0x01, 0xfe,              // target IP 10.1.1.254
};
// 14 + 28 = 42 bytes.
inline const Bytes kInnerArpFrame = cat(kInnerEthArp, kArpBody);

// ---------------------------------------------------------------- ERSPAN over GRE

inline constexpr std::uint8_t kIpv4Gre94[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x5e,              // total length 94 = 20 + GRE 8 + ERSPAN II 8 + inner 58
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0xff, 0x2f,              // TTL 255; protocol GRE
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1 (switch)
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2 (sensor)
};
inline constexpr std::uint8_t kGreErspan2[] = {
    0x10, 0x00,              // flags S, version 0
    0x88, 0xbe,              // protocol ERSPAN type II
    0x00, 0x00, 0x00, 0x2a,  // sequence number 42
};
inline constexpr std::uint8_t kErspan2Header[] = {
    0x10, 0x0a,              // version 1, VLAN 10
    0x30, 0x05,              // COS 1, En 2, T 0, session id 5
    0x00, 0x00, 0x00, 0x07,  // reserved, index 7
};
inline const Bytes kErspan2InnerTcp = cat(kEthIpv4, kIpv4Gre94, kGreErspan2, kErspan2Header, kInnerFrame);

inline constexpr std::uint8_t kIpv4Gre98[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x62,              // total length 98 = 20 + GRE 8 + ERSPAN III 12 + inner 58
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0xff, 0x2f,              // TTL 255; protocol GRE
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline constexpr std::uint8_t kGreErspan3[] = {
    0x10, 0x00,              // flags S, version 0
    0x22, 0xeb,              // protocol ERSPAN type III
    0x00, 0x00, 0x00, 0x2b,  // sequence number 43
};
inline constexpr std::uint8_t kErspan3Header[] = {
    0x20, 0x14,              // version 2, VLAN 20
    0x00, 0x09,              // COS 0, BSO 0, T 0, session id 9
    0x00, 0x01, 0x00, 0x00,  // timestamp 65536
    0x00, 0x63,              // SGT 99
    0x00, 0x18,              // P 0, FT 0 (Ethernet), HW id 1, D 1 (egress), Gra 0, O 0
};
inline const Bytes kErspan3InnerTcp = cat(kEthIpv4, kIpv4Gre98, kGreErspan3, kErspan3Header, kInnerFrame);

inline constexpr std::uint8_t kIpv4Gre82[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x52,              // total length 82 = 20 + GRE 4 + inner 58
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0xff, 0x2f,              // TTL 255; protocol GRE
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline constexpr std::uint8_t kGreErspan1[] = {
    0x00, 0x00,  // no flags, version 0
    0x88, 0xbe,  // protocol ERSPAN type I/II; no sequence number: type I
};
inline const Bytes kErspan1InnerTcp = cat(kEthIpv4, kIpv4Gre82, kGreErspan1, kInnerFrame);

inline constexpr std::uint8_t kGreTeb[] = {
    0x00, 0x00,  // no flags, version 0
    0x65, 0x58,  // protocol transparent Ethernet bridging
};
inline const Bytes kGreTebInnerTcp = cat(kEthIpv4, kIpv4Gre82, kGreTeb, kInnerFrame);

inline constexpr std::uint8_t kIpv4Gre68[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x44,              // total length 68 = 20 + GRE 4 + inner IPv4 44
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0xff, 0x2f,              // TTL 255; protocol GRE
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline constexpr std::uint8_t kGreIpv4[] = {
    0x00, 0x00,  // no flags, version 0
    0x08, 0x00,  // protocol IPv4
};
inline const Bytes kGreInnerIpv4 = cat(kEthIpv4, kIpv4Gre68, kGreIpv4, kInnerIpv4Tcp);

// ---------------------------------------------------------------- VXLAN / Geneve

inline constexpr std::uint8_t kIpv4Udp94[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x5e,              // total length 94 = 20 + UDP 8 + VXLAN 8 + inner 58
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0x40, 0x11,              // TTL 64; protocol UDP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1 (VTEP)
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2 (sensor)
};
inline constexpr std::uint8_t kUdpVxlan74[] = {
    0xd4, 0x31,  // src port 54321 (flow entropy)
    0x12, 0xb5,  // dst port 4789 VXLAN
    0x00, 0x4a,  // length 74 = 8 + VXLAN 8 + inner 58
    0x00, 0x00,  // checksum
};
inline constexpr std::uint8_t kVxlanVni5000[] = {
    0x08,              // flags: I
    0x00, 0x00, 0x00,  // reserved
    0x00, 0x13, 0x88,  // VNI 5000
    0x00,              // reserved
};
inline const Bytes kVxlanInnerTcp = cat(kEthIpv4, kIpv4Udp94, kUdpVxlan74, kVxlanVni5000, kInnerFrame);

// ---------------------------------------------------------------- GTP-U

inline constexpr std::uint8_t kIpv4Udp80[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x50,              // total length 80 = 20 + UDP 8 + GTP-U 8 + inner 44
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0x40, 0x11,              // TTL 64; protocol UDP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1 (eNodeB)
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2 (SGW)
};
inline constexpr std::uint8_t kUdpGtpu60[] = {
    0x08, 0x68,  // src port 2152
    0x08, 0x68,  // dst port 2152 GTP-U
    0x00, 0x3c,  // length 60 = 8 + GTP-U 8 + inner 44
    0x00, 0x00,  // checksum
};
inline constexpr std::uint8_t kGtpuGpdu44[] = {
    0x30,                    // version 1, PT 1, no E/S/PN
    0xff,                    // G-PDU
    0x00, 0x2c,              // length 44: the T-PDU
    0x00, 0x00, 0x00, 0x2a,  // TEID 42
};
inline const Bytes kGtpuInnerTcp = cat(kEthIpv4, kIpv4Udp80, kUdpGtpu60, kGtpuGpdu44, kInnerIpv4Tcp);

inline constexpr std::uint8_t kIpv4Udp88[] = {
    0x45, 0x00, 0x00, 0x58,  // total length 88 = 20 + 8 + GTP-U 16 + inner 44
    0x00, 0x00, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
    0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
};
inline constexpr std::uint8_t kUdpGtpu68[] = {0x08, 0x68, 0x08, 0x68, 0x00, 0x44, 0x00, 0x00};
inline constexpr std::uint8_t kGtpuGpduPduSession[] = {
    0x34,                    // version 1, PT 1, E
    0xff,                    // G-PDU
    0x00, 0x34,              // length 52 = optional 4 + extension 4 + T-PDU 44
    0x00, 0x00, 0x00, 0x2a,  // TEID 42
    0x00, 0x00,              // sequence number (not meaningful: S clear)
    0x00,                    // N-PDU number
    0x85,                    // next: PDU Session Container (TS 38.415)
    0x01, 0x10, 0x09,        // length 1 (4 octets); UL PDU session information, QFI 9
    0x00,                    // no more extension headers
};
inline const Bytes kGtpuExtInnerTcp = cat(kEthIpv4, kIpv4Udp88, kUdpGtpu68, kGtpuGpduPduSession, kInnerIpv4Tcp);

inline constexpr std::uint8_t kIpv4Udp78[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x4e,              // total length 78 = 20 + UDP 8 + VXLAN 8 + inner ARP frame 42
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0x40, 0x11,              // TTL 64; protocol UDP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline constexpr std::uint8_t kUdpVxlan58[] = {
    0xd4, 0x32,  // src port 54322
    0x12, 0xb5,  // dst port 4789 VXLAN
    0x00, 0x3a,  // length 58 = 8 + VXLAN 8 + inner 42
    0x00, 0x00,  // checksum
};
inline const Bytes kVxlanInnerArp = cat(kEthIpv4, kIpv4Udp78, kUdpVxlan58, kVxlanVni5000, kInnerArpFrame);

inline constexpr std::uint8_t kIpv4Udp102[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x66,              // total length 102 = 20 + UDP 8 + Geneve 8 + options 8 + inner 58
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0x40, 0x11,              // TTL 64; protocol UDP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline constexpr std::uint8_t kUdpGeneve82[] = {
    0xd4, 0x33,  // src port 54323
    0x17, 0xc1,  // dst port 6081 Geneve
    0x00, 0x52,  // length 82 = 8 + Geneve 8 + options 8 + inner 58
    0x00, 0x00,  // checksum
};
inline constexpr std::uint8_t kGeneveWithOption[] = {
    0x02,                    // version 0, option length 2 (8 bytes)
    0x00,                    // O 0, C 0, reserved
    0x65, 0x58,              // protocol type: Ethernet
    0x00, 0x00, 0x2a,        // VNI 42
    0x00,                    // reserved
    0x01, 0x02,              // option class 0x0102
    0x03,                    // option type 3
    0x01,                    // reserved 0, option length 1 (4 bytes)
    0xde, 0xad, 0xbe, 0xef,  // option data
};
inline const Bytes kGeneveInnerTcp = cat(kEthIpv4, kIpv4Udp102, kUdpGeneve82, kGeneveWithOption, kInnerFrame);

// ---------------------------------------------------------------- Linux cooked, raw IP

inline constexpr std::uint8_t kSllIpv4[] = {
    0x00, 0x00,                                      // packet type: to us
    0x00, 0x01,                                      // ARPHRD_ETHER
    0x00, 0x06,                                      // address length 6
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,  // source address + 2 unused bytes
    0x08, 0x00,                                      // protocol IPv4
};
inline constexpr std::uint8_t kIpv4UdpNtp[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x20,              // total length 32 = 20 + UDP 8 + data 4
    0x00, 0x02, 0x00, 0x00,  // id 2; flags 0, offset 0
    0x40, 0x11,              // TTL 64; protocol UDP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
    0x00, 0x7b,              // UDP src port 123
    0x00, 0x7b,              // UDP dst port 123
    0x00, 0x0c,              // UDP length 12
    0x00, 0x00,              // UDP checksum
    0x23, 0x00, 0x00, 0x00,  // data (start of an NTP header)
};
inline const Bytes kSllIpv4Udp = cat(kSllIpv4, kIpv4UdpNtp);

inline constexpr std::uint8_t kSll2Ipv6[] = {
    0x86, 0xdd,                                      // protocol IPv6
    0x00, 0x00,                                      // reserved
    0x00, 0x00, 0x00, 0x02,                          // interface index 2
    0x00, 0x01,                                      // ARPHRD_ETHER
    0x04,                                            // packet type: outgoing
    0x06,                                            // address length 6
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,  // source address + 2 unused bytes
};
inline constexpr std::uint8_t kIpv6IcmpEcho[] = {
    0x60, 0x00, 0x00, 0x00,                          // version 6, traffic class 0, flow label 0
    0x00, 0x08,                                      // payload length 8
    0x3a,                                            // next header ICMPv6
    0x40,                                            // hop limit 64
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // src 2001:db8::1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // dst 2001:db8::2
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,  //
    0x80,                                            // ICMPv6 type echo request
    0x00,                                            // code 0
    0x00, 0x00,                                      // checksum
    0x00, 0x01, 0x00, 0x01,                          // identifier, sequence
};
inline const Bytes kSll2Ipv6Icmpv6 = cat(kSll2Ipv6, kIpv6IcmpEcho);

inline constexpr std::uint8_t kIpv6IcmpNs[] = {
    0x60, 0x00, 0x00, 0x00,                          // version 6, traffic class 0, flow label 0
    0x00, 0x18,                                      // payload length 24
    0x3a,                                            // next header ICMPv6
    0xff,                                            // hop limit 255
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // src fe80::1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
    0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // dst ff02::1:ff00:2
    0x00, 0x00, 0x00, 0x01, 0xff, 0x00, 0x00, 0x02,  //
    0x87,                                            // ICMPv6 type neighbor solicitation
    0x00,                                            // code 0
    0x00, 0x00,                                      // checksum
    0x00, 0x00, 0x00, 0x00,                          // reserved
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // target fe80::2
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,  //
};
inline const Bytes kEthIpv6IcmpNs = cat(kEthIpv6, kIpv6IcmpNs);

// ---------------------------------------------------------------- other EtherTypes

inline constexpr std::uint8_t kLldpFrame[] = {
    0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e,        // dst MAC LLDP nearest bridge
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,        // src MAC
    0x88, 0xcc,                                // EtherType LLDP
    0x02, 0x07, 0x04,                          // TLV chassis id, length 7, subtype MAC
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,        //   MAC
    0x04, 0x02, 0x07, '1',                     // TLV port id, length 2, subtype local, "1"
    0x06, 0x02, 0x00, 0x78,                    // TLV TTL 120
    0x00, 0x00,                                // TLV end
};
inline constexpr std::uint8_t kEapolStartFrame[] = {
    0x01, 0x80, 0xc2, 0x00, 0x00, 0x03,  // dst MAC PAE group
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x88, 0x8e,                          // EtherType EAPOL
    0x01,                                // version 1
    0x01,                                // type Start
    0x00, 0x00,                          // body length 0
};

// ---------------------------------------------------------------- broken frames

inline constexpr std::uint8_t kIpv4IhlTooSmall[] = {
    0x43,                    // version 4, IHL 3: below the 20-byte minimum
    0x00,                    // DSCP/ECN
    0x00, 0x14,              // total length 20
    0x00, 0x00, 0x00, 0x00,  // id; flags, offset
    0x40, 0x06,              // TTL; protocol TCP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src
    0xc6, 0x33, 0x64, 0x02,  // dst
};
inline const Bytes kEthIpv4IhlTooSmall = cat(kEthIpv4, kIpv4IhlTooSmall);

inline constexpr std::uint8_t kIpv4IhlPastTotalLength[] = {
    0x46,                    // version 4, IHL 6 (24 bytes)
    0x00,                    // DSCP/ECN
    0x00, 0x14,              // total length 20: shorter than the header
    0x00, 0x00, 0x00, 0x00,  // id; flags, offset
    0x40, 0x06,              // TTL; protocol TCP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src
    0xc6, 0x33, 0x64, 0x02,  // dst
    0x01, 0x01, 0x01, 0x00,  // options: NOP NOP NOP EOL
};
inline const Bytes kEthIpv4IhlLies = cat(kEthIpv4, kIpv4IhlPastTotalLength);

inline constexpr std::uint8_t kVlanFiveTags[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // dst MAC
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x81, 0x00,                          // TPID 802.1Q
    0x00, 0x01, 0x81, 0x00,              // VID 1, next 802.1Q
    0x00, 0x02, 0x88, 0xa8,              // VID 2, next 802.1ad
    0x00, 0x03, 0x91, 0x00,              // VID 3, next QinQ 0x9100
    0x00, 0x04, 0x81, 0x00,              // VID 4, next 802.1Q: one more than kMaxVlanTags
    0x00, 0x05, 0x08, 0x00,              // VID 5, next IPv4
};
inline const Bytes kVlanTooManyTags = cat(kVlanFiveTags, kIpv4Icmp, kIcmpEchoRequest);

inline constexpr std::uint8_t kMplsNoBottomOfStack[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // dst MAC
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x88, 0x47,                          // EtherType MPLS
    0x00, 0x01, 0x00, 0x40,              // label 16, S 0 (nine times: one more than kMaxMplsLabels)
    0x00, 0x01, 0x00, 0x40,              //
    0x00, 0x01, 0x00, 0x40,              //
    0x00, 0x01, 0x00, 0x40,              //
    0x00, 0x01, 0x00, 0x40,              //
    0x00, 0x01, 0x00, 0x40,              //
    0x00, 0x01, 0x00, 0x40,              //
    0x00, 0x01, 0x00, 0x40,              //
    0x00, 0x01, 0x00, 0x40,              //
    0x45, 0x00,                          // would-be IPv4
};
inline const Bytes kMplsTooManyLabels = cat(kMplsNoBottomOfStack);

// Wraps an IPv4 packet in IPv4 + GRE (protocol IPv4), for nesting tests.
inline Bytes wrap_in_ipv4_gre(const Bytes& inner_ipv4) {
    const auto total = static_cast<std::uint16_t>(20 + 4 + inner_ipv4.size());
    const Bytes outer = {
        0x45, 0x00,                             // version 4, IHL 5; DSCP/ECN
        static_cast<std::uint8_t>(total >> 8),  // total length
        static_cast<std::uint8_t>(total),       //
        0x00, 0x00, 0x00, 0x00,                 // id; flags, offset
        0x40, 0x2f,                             // TTL 64; protocol GRE
        0x00, 0x00,                             // checksum
        0xc0, 0x00, 0x02, 0x01,                 // src 192.0.2.1
        0xc6, 0x33, 0x64, 0x02,                 // dst 198.51.100.2
        0x00, 0x00,                             // GRE: no flags, version 0
        0x08, 0x00,                             // GRE protocol IPv4
    };
    return cat(outer, inner_ipv4);
}
// `levels` GRE encapsulations around kInnerIpv4Tcp, in an Ethernet frame.
inline Bytes nested_gre_frame(int levels) {
    Bytes ip = cat(kInnerIpv4Tcp);
    for (int i = 0; i < levels; ++i) ip = wrap_in_ipv4_gre(ip);
    return cat(kEthIpv4, ip);
}
inline const Bytes kGreNestedFourDeep = nested_gre_frame(4);

// ---------------------------------------------------------------- all of the above

struct NamedFrame {
    std::string_view name;  // fuzz seed file name; sll_/sll2_/rawip_ prefixes name the link type
    const Bytes* frame;
    bool well_formed;       // decodes with no anomaly
};

inline const Bytes kLlcSnapCdpFrame = cat(kLlcSnapCdp);
inline const Bytes kArpRequest = cat(kArpRequestFrame);
inline const Bytes kLldp = cat(kLldpFrame);
inline const Bytes kEapolStart = cat(kEapolStartFrame);

// IPv4 in IPv4 (RFC 2003): outer IPv4, protocol 4, then the inner packet.
inline constexpr std::uint8_t kIpv4IpIp64[] = {
    0x45, 0x00,              // version 4, IHL 5; DSCP/ECN
    0x00, 0x40,              // total length 64 = 20 + inner packet 44
    0x00, 0x00, 0x00, 0x00,  // id 0; flags 0, offset 0
    0x40, 0x04,              // TTL 64; protocol 4 (IP in IP)
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
};
inline const Bytes kIpIpInnerTcp = cat(kEthIpv4, kIpv4IpIp64, kInnerIpv4Tcp);

// Cisco FabricPath: outer switch-id "MACs", EtherType 0x8903, FTAG/TTL, then
// the classical Ethernet frame.
inline constexpr std::uint8_t kFabricPathHeader[] = {
    0x02, 0x0a, 0xbd, 0x00, 0x00, 0x00,  // outer dst: switch id 0xabd
    0x02, 0x0a, 0xbc, 0x00, 0x00, 0x00,  // outer src: switch id 0xabc
    0x89, 0x03,                          // EtherType FabricPath
    0x40, 0x20,                          // FTAG 256, TTL 32
};
inline const Bytes kFabricPathInnerTcp = cat(kFabricPathHeader, kInnerFrame);

inline const std::vector<NamedFrame> kNamedFrames = {
    {"eth_ipv4_tcp_syn", &kEthIpv4TcpSyn, true},
    {"qinq_ipv6_udp", &kQinQIpv6Udp, true},
    {"llc_snap_cdp", &kLlcSnapCdpFrame, true},
    {"vlan_llc_snap_pvst", &kPvstFrame, true},
    {"mpls_ipv4_icmp", &kMplsIpv4Icmp, true},
    {"arp_request", &kArpRequest, true},
    {"ipv6_ext_chain_hbh_frag_udp", &kIpv6HbhFragUdp, true},
    {"ipv4_first_fragment_udp", &kIpv4FirstFragment, true},
    {"ipv4_last_fragment", &kIpv4LastFragment, true},
    {"erspan1_inner_tcp", &kErspan1InnerTcp, true},
    {"ipip_inner_tcp", &kIpIpInnerTcp, true},
    {"fabricpath_inner_tcp", &kFabricPathInnerTcp, true},
    {"erspan2_inner_tcp", &kErspan2InnerTcp, true},
    {"erspan3_inner_tcp", &kErspan3InnerTcp, true},
    {"gre_teb_inner_tcp", &kGreTebInnerTcp, true},
    {"gre_inner_ipv4_tcp", &kGreInnerIpv4, true},
    {"vxlan_inner_tcp", &kVxlanInnerTcp, true},
    {"vxlan_inner_arp", &kVxlanInnerArp, true},
    {"geneve_inner_tcp", &kGeneveInnerTcp, true},
    {"gtpu_inner_tcp", &kGtpuInnerTcp, true},
    {"gtpu_pdu_session_inner_tcp", &kGtpuExtInnerTcp, true},
    {"sll_ipv4_udp", &kSllIpv4Udp, true},
    {"sll2_ipv6_icmpv6", &kSll2Ipv6Icmpv6, true},
    {"rawip_ipv4_icmp", &kRawIpv4Icmp, true},
    {"eth_ipv6_icmpv6_ns", &kEthIpv6IcmpNs, true},
    {"lldp", &kLldp, true},
    {"eapol_start", &kEapolStart, true},
    {"ipv4_ihl_too_small", &kEthIpv4IhlTooSmall, false},
    {"ipv4_ihl_lies", &kEthIpv4IhlLies, false},
    {"vlan_too_many_tags", &kVlanTooManyTags, false},
    {"mpls_no_bottom_of_stack", &kMplsTooManyLabels, false},
    {"gre_nested_too_deep", &kGreNestedFourDeep, false},
};

}  // namespace dissect::test::frames
