// tests/unit/dissectors/dhcp_messages.h
// DHCPv4 messages (UDP payloads) for the dissector, evidence, fuzz and bench
// code, built from per-field byte arrays: the fixed BOOTP header, the empty
// sname/file areas, then the options. Real captures are named with their
// file, frame and licence; the others were written for these tests with
// documentation addresses (RFC 5737, RFC 7042 MACs 00:00:5e:00:53:xx). The
// fuzz seeds in tests/fuzz/corpus/dhcp/ were written from kNamedDhcpMessages.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::test::dhcp_messages {

// sname (64 bytes) and file (128 bytes), unused in every message here.
inline constexpr std::array<std::uint8_t, 192> kNoServerOrFile{};

// tcpdump/dhcp-mud.pcap frame 1 (BSD-3-Clause): a Raspberry Pi (dhcpcd) REQUEST,
// relayed once by 62.12.173.121.
inline constexpr std::uint8_t kMudRequestHeader[] = {
    0x01,                                                        // op BOOTREQUEST
    0x01,                                                        // htype Ethernet
    0x06,                                                        // hlen
    0x01,                                                        // hops
    0x06, 0x8c, 0x48, 0x47,                                      // xid
    0x00, 0x00,                                                  // secs
    0x00, 0x00,                                                  // flags
    0x3e, 0x0c, 0xad, 0x7b,                                      // ciaddr 62.12.173.123
    0x00, 0x00, 0x00, 0x00,                                      // yiaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // siaddr 0.0.0.0
    0x3e, 0x0c, 0xad, 0x79,                                      // giaddr 62.12.173.121
    0xb8, 0x27, 0xeb, 0xb8, 0x53, 0xc8,                          // chaddr b8:27:eb:b8:53:c8
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // chaddr padding
};

inline constexpr std::uint8_t kMudRequestOptions[] = {
    0x63, 0x82, 0x53, 0x63,                                                  // magic cookie
    0x35, 0x01, 0x03,                                                        // 53 message type: REQUEST
    0x3d, 0x07, 0x01, 0xb8, 0x27, 0xeb, 0xb8, 0x53, 0xc8,                    // 61 client id: Ethernet b8:27:eb:b8:53:c8
    0x39, 0x02, 0x05, 0xc0,                                                  // 57 max message size 1472
    0xa1, 0x36,                                                              // 161 MUD URL (RFC 8520), 54 bytes
    0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f, 0x6d, 0x75, 0x64, 0x63,  // "https://mudc"
    0x74, 0x6c, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63,  // "tl.example.c"
    0x6f, 0x6d, 0x2f, 0x2e, 0x77, 0x65, 0x6c, 0x6c, 0x2d, 0x6b, 0x6e, 0x6f,  // "om/.well-kno"
    0x77, 0x6e, 0x2f, 0x6d, 0x75, 0x64, 0x2f, 0x76, 0x31, 0x2f, 0x72, 0x61,  // "wn/mud/v1/ra"
    0x73, 0x62, 0x70, 0x31, 0x30, 0x31,                                      // "sbp101"
    0x3c, 0x2d,                                                              // 60 vendor class, 45 bytes
    0x64, 0x68, 0x63, 0x70, 0x63, 0x64, 0x2d, 0x36, 0x2e, 0x31, 0x31, 0x2e,  // "dhcpcd-6.11."
    0x35, 0x3a, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x2d, 0x34, 0x2e, 0x31, 0x2e,  // "5:Linux-4.1."
    0x31, 0x38, 0x2d, 0x76, 0x37, 0x2b, 0x3a, 0x61, 0x72, 0x6d, 0x76, 0x37,  // "18-v7+:armv7"
    0x6c, 0x3a, 0x42, 0x43, 0x4d, 0x32, 0x37, 0x30, 0x39,                    // "l:BCM2709"
    0x0c, 0x0b,                                                              // 12 host name, 11 bytes
    0x72, 0x61, 0x73, 0x70, 0x62, 0x65, 0x72, 0x72, 0x79, 0x70, 0x69,        // "raspberrypi"
    0x91, 0x01, 0x01,                                                        // 145 forcerenew nonce capable (RFC 6704)
    0x37, 0x10,                                                              // 55 parameter request list, 16 codes
    0x01, 0x79, 0x21,                                                        // 1 121 33
    0x03, 0x06, 0x0c, 0x0f, 0x1c, 0x2a,                                      // 3 6 12 15 28 42
    0x33, 0x36, 0x3a, 0x3b,                                                  // 51 54 58 59
    0x64, 0x65, 0x77,                                                        // 100 101 119
    0xff,                                                                    // end
};

// tcpdump/dhcp-mud.pcap frame 2 (BSD-3-Clause): the server's ACK to kMudRequest.
inline constexpr std::uint8_t kMudAckHeader[] = {
    0x02,                                                        // op BOOTREPLY
    0x01,                                                        // htype Ethernet
    0x06,                                                        // hlen
    0x01,                                                        // hops
    0x06, 0x8c, 0x48, 0x47,                                      // xid
    0x00, 0x00,                                                  // secs
    0x00, 0x00,                                                  // flags
    0x3e, 0x0c, 0xad, 0x7b,                                      // ciaddr 62.12.173.123
    0x3e, 0x0c, 0xad, 0x7b,                                      // yiaddr 62.12.173.123
    0x3e, 0x0c, 0xad, 0x72,                                      // siaddr 62.12.173.114
    0x3e, 0x0c, 0xad, 0x79,                                      // giaddr 62.12.173.121
    0xb8, 0x27, 0xeb, 0xb8, 0x53, 0xc8,                          // chaddr b8:27:eb:b8:53:c8
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // chaddr padding
};

inline constexpr std::uint8_t kMudAckOptions[] = {
    0x63, 0x82, 0x53, 0x63,                                                  // magic cookie
    0x35, 0x01, 0x05,                                                        // 53 message type: ACK
    0x36, 0x04, 0x3e, 0x0c, 0xad, 0x72,                                      // 54 server id 62.12.173.114
    0x33, 0x04, 0x00, 0x00, 0x02, 0x58,                                      // 51 lease 600 s
    0x01, 0x04, 0xff, 0xff, 0xff, 0xf8,                                      // 1 subnet mask 255.255.255.248
    0x03, 0x04, 0x3e, 0x0c, 0xad, 0x79,                                      // 3 router 62.12.173.121
    0x06, 0x04, 0x3e, 0x0c, 0xad, 0x72,                                      // 6 DNS 62.12.173.114
    0x0f, 0x13,                                                              // 15 domain name, 19 bytes
    0x6f, 0x66, 0x63, 0x6f, 0x75, 0x72, 0x73, 0x65, 0x69, 0x6d, 0x72, 0x69,  // "ofcourseimri"
    0x67, 0x68, 0x74, 0x2e, 0x63, 0x6f, 0x6d,                                // "ght.com"
    0x65, 0x0d,                                                              // 101 TZ database name (RFC 4833), 13 bytes
    0x45, 0x75, 0x72, 0x6f, 0x70, 0x65, 0x2f, 0x42, 0x65, 0x72, 0x6c, 0x69,  // "Europe/Berli"
    0x6e,                                                                    // "n"
    0xff,                                                                    // end
};

// bench/iot_sentinel_shared_merged.pcap frame 17 (IoT Sentinel dataset, MIT): a D-Link
// DCS-935L camera (BusyBox udhcp) DISCOVER.
inline constexpr std::uint8_t kUdhcpDiscoverHeader[] = {
    0x01,                                                        // op BOOTREQUEST
    0x01,                                                        // htype Ethernet
    0x06,                                                        // hlen
    0x00,                                                        // hops
    0x39, 0x16, 0x75, 0xc3,                                      // xid
    0x00, 0x03,                                                  // secs
    0x80, 0x00,                                                  // flags (broadcast)
    0x00, 0x00, 0x00, 0x00,                                      // ciaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // yiaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // siaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // giaddr 0.0.0.0
    0xb0, 0xc5, 0x54, 0x25, 0x5b, 0x0e,                          // chaddr b0:c5:54:25:5b:0e
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // chaddr padding
};

inline constexpr std::uint8_t kUdhcpDiscoverOptions[] = {
    0x63, 0x82, 0x53, 0x63,                                                  // magic cookie
    0x35, 0x01, 0x01,                                                        // 53 message type: DISCOVER
    0x3d, 0x07, 0x01, 0xb0, 0xc5, 0x54, 0x25, 0x5b, 0x0e,                    // 61 client id: Ethernet b0:c5:54:25:5b:0e
    0x39, 0x02, 0x02, 0x40,                                                  // 57 max message size 576
    0x37, 0x07,                                                              // 55 parameter request list, 7 codes
    0x01, 0x03, 0x06, 0x0c, 0x0f, 0x1c, 0x2a,                                // 1 3 6 12 15 28 42
    0x3c, 0x0c,                                                              // 60 vendor class, 12 bytes
    0x75, 0x64, 0x68, 0x63, 0x70, 0x20, 0x31, 0x2e, 0x32, 0x32, 0x2e, 0x31,  // "udhcp 1.22.1"
    0x0c, 0x08,                                                              // 12 host name, 8 bytes
    0x44, 0x43, 0x53, 0x2d, 0x39, 0x33, 0x35, 0x4c,                          // "DCS-935L"
    0xff,                                                                    // end
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,              // pad
};

// zeek/dhcp_inform.pcap frame 1 (BSD-3-Clause): an INFORM from a host that has its address.
inline constexpr std::uint8_t kInformHeader[] = {
    0x01,                                                        // op BOOTREQUEST
    0x01,                                                        // htype Ethernet
    0x06,                                                        // hlen
    0x00,                                                        // hops
    0xa4, 0x2c, 0xec, 0x51,                                      // xid
    0x00, 0x00,                                                  // secs
    0x00, 0x00,                                                  // flags
    0x80, 0x02, 0x06, 0x7a,                                      // ciaddr 128.2.6.122
    0x00, 0x00, 0x00, 0x00,                                      // yiaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // siaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // giaddr 0.0.0.0
    0x90, 0xb1, 0x1c, 0x99, 0x49, 0x29,                          // chaddr 90:b1:1c:99:49:29
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // chaddr padding
};

inline constexpr std::uint8_t kInformOptions[] = {
    0x63, 0x82, 0x53, 0x63,  // magic cookie
    0x35, 0x01, 0x08,        // 53 message type: INFORM
    0x37, 0x01, 0x01,        // 55 parameter request list: 1
    0xff,                    // end
};

// zeek/dhcp_inform.pcap frame 2 (BSD-3-Clause): the ACK to kInform (no lease: RFC 2131 §4.3.5).
inline constexpr std::uint8_t kInformAckHeader[] = {
    0x02,                                                        // op BOOTREPLY
    0x01,                                                        // htype Ethernet
    0x06,                                                        // hlen
    0x00,                                                        // hops
    0xa4, 0x2c, 0xec, 0x51,                                      // xid
    0x00, 0x00,                                                  // secs
    0x00, 0x00,                                                  // flags
    0x80, 0x02, 0x06, 0x7a,                                      // ciaddr 128.2.6.122
    0x00, 0x00, 0x00, 0x00,                                      // yiaddr 0.0.0.0
    0xac, 0x13, 0xe6, 0x07,                                      // siaddr 172.19.230.7
    0x00, 0x00, 0x00, 0x00,                                      // giaddr 0.0.0.0
    0x90, 0xb1, 0x1c, 0x99, 0x49, 0x29,                          // chaddr 90:b1:1c:99:49:29
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // chaddr padding
};

inline constexpr std::uint8_t kInformAckOptions[] = {
    0x63, 0x82, 0x53, 0x63,                                                  // magic cookie
    0x35, 0x01, 0x05,                                                        // 53 message type: ACK
    0x36, 0x04, 0x80, 0x02, 0x06, 0x98,                                      // 54 server id 128.2.6.152
    0x01, 0x04, 0xff, 0xff, 0xff, 0x00,                                      // 1 subnet mask 255.255.255.0
    0xff,                                                                    // end
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // pad
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                          //
};

// Written for these tests: a Windows 10 REQUEST (documentation MAC and addresses).
inline constexpr std::uint8_t kWindowsRequestHeader[] = {
    0x01,                                                        // op BOOTREQUEST
    0x01,                                                        // htype Ethernet
    0x06,                                                        // hlen
    0x00,                                                        // hops
    0x5d, 0x3a, 0x8c, 0x17,                                      // xid
    0x00, 0x00,                                                  // secs
    0x00, 0x00,                                                  // flags
    0x00, 0x00, 0x00, 0x00,                                      // ciaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // yiaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // siaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // giaddr 0.0.0.0
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,                          // chaddr 00:00:5e:00:53:01
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // chaddr padding
};

inline constexpr std::uint8_t kWindowsRequestOptions[] = {
    0x63, 0x82, 0x53, 0x63,                                                  // magic cookie
    0x35, 0x01, 0x03,                                                        // 53 message type: REQUEST
    0x3d, 0x07, 0x01, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,                    // 61 client id: Ethernet 00:00:5e:00:53:01
    0x32, 0x04, 0xc0, 0x00, 0x02, 0x64,                                      // 50 requested address 192.0.2.100
    0x36, 0x04, 0xc0, 0x00, 0x02, 0x01,                                      // 54 server id 192.0.2.1
    0x0c, 0x0e,                                                              // 12 host name, 14 bytes
    0x44, 0x45, 0x53, 0x4b, 0x54, 0x4f, 0x50, 0x2d, 0x37, 0x46, 0x33, 0x4b,  // "DESKTOP-7F3K"
    0x32, 0x51,                                                              // "2Q"
    0x51, 0x22,                                                              // 81 client FQDN, 34 bytes
    0x00,                                                                    // flags: none (ASCII name)
    0x00, 0x00,                                                              // rcode1, rcode2
    0x44, 0x45, 0x53, 0x4b, 0x54, 0x4f, 0x50, 0x2d, 0x37, 0x46, 0x33, 0x4b,  // "DESKTOP-7F3K"
    0x32, 0x51, 0x2e, 0x63, 0x6f, 0x72, 0x70, 0x2e, 0x65, 0x78, 0x61, 0x6d,  // "2Q.corp.exam"
    0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d,                                // "ple.com"
    0x3c, 0x08,                                                              // 60 vendor class, 8 bytes
    0x4d, 0x53, 0x46, 0x54, 0x20, 0x35, 0x2e, 0x30,                          // "MSFT 5.0"
    0x37, 0x0e,                                                              // 55 parameter request list, 14 codes
    0x01, 0x03, 0x06, 0x0f, 0x1f, 0x21, 0x2b, 0x2c, 0x2e, 0x2f,              // 1 3 6 15 31 33 43 44 46 47
    0x77, 0x79, 0xf9, 0xfc,                                                  // 119 121 249 252
    0xff,                                                                    // end
};

// Written for these tests: an Android 13 DISCOVER (documentation MAC).
inline constexpr std::uint8_t kAndroidDiscoverHeader[] = {
    0x01,                                                        // op BOOTREQUEST
    0x01,                                                        // htype Ethernet
    0x06,                                                        // hlen
    0x00,                                                        // hops
    0xa1, 0xb2, 0xc3, 0xd4,                                      // xid
    0x00, 0x00,                                                  // secs
    0x00, 0x00,                                                  // flags
    0x00, 0x00, 0x00, 0x00,                                      // ciaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // yiaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // siaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                                      // giaddr 0.0.0.0
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x02,                          // chaddr 00:00:5e:00:53:02
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // chaddr padding
};

inline constexpr std::uint8_t kAndroidDiscoverOptions[] = {
    0x63, 0x82, 0x53, 0x63,                                                  // magic cookie
    0x35, 0x01, 0x01,                                                        // 53 message type: DISCOVER
    0x3d, 0x07, 0x01, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x02,                    // 61 client id: Ethernet 00:00:5e:00:53:02
    0x39, 0x02, 0x05, 0xdc,                                                  // 57 max message size 1500
    0x3c, 0x0f,                                                              // 60 vendor class, 15 bytes
    0x61, 0x6e, 0x64, 0x72, 0x6f, 0x69, 0x64, 0x2d, 0x64, 0x68, 0x63, 0x70,  // "android-dhcp"
    0x2d, 0x31, 0x33,                                                        // "-13"
    0x0c, 0x07,                                                              // 12 host name, 7 bytes
    0x50, 0x69, 0x78, 0x65, 0x6c, 0x2d, 0x37,                                // "Pixel-7"
    0x37, 0x0c,                                                              // 55 parameter request list, 12 codes
    0x01, 0x03, 0x06, 0x0f, 0x1a, 0x1c, 0x33, 0x3a, 0x3b, 0x2b, 0x72, 0x6c,  // 1 3 6 15 26 28 51 58 59 43 114 108
    0xff,                                                                    // end
};


inline const Bytes kMudRequest = cat(kMudRequestHeader, kNoServerOrFile, kMudRequestOptions);
inline const Bytes kMudAck = cat(kMudAckHeader, kNoServerOrFile, kMudAckOptions);
inline const Bytes kUdhcpDiscover = cat(kUdhcpDiscoverHeader, kNoServerOrFile, kUdhcpDiscoverOptions);
inline const Bytes kInform = cat(kInformHeader, kNoServerOrFile, kInformOptions);
inline const Bytes kInformAck = cat(kInformAckHeader, kNoServerOrFile, kInformAckOptions);
inline const Bytes kWindowsRequest = cat(kWindowsRequestHeader, kNoServerOrFile, kWindowsRequestOptions);
inline const Bytes kAndroidDiscover = cat(kAndroidDiscoverHeader, kNoServerOrFile, kAndroidDiscoverOptions);

struct NamedMessage {
    std::string_view name;
    Bytes bytes;
};

inline const std::vector<NamedMessage> kNamedDhcpMessages = {
    {"request_relayed_dhcpcd_mud", kMudRequest},
    {"ack_with_domain", kMudAck},
    {"discover_udhcp_camera", kUdhcpDiscover},
    {"inform", kInform},
    {"ack_to_inform_no_lease", kInformAck},
    {"request_win10_fqdn", kWindowsRequest},
    {"discover_android13", kAndroidDiscover},
};

}  // namespace dissect::test::dhcp_messages
