// tests/unit/dissectors/dhcpv6_messages.h
// DHCPv6 messages (UDP payloads) for the dissector, evidence, fuzz and bench
// code, one commented line per field. Real captures are named with their
// file, frame and licence; the others were written for these tests with
// documentation addresses (RFC 3849, RFC 7042 MACs 00:00:5e:00:53:xx). The
// fuzz seeds in tests/fuzz/corpus/dhcpv6/ were written from kNamedDhcpv6Messages.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::test::dhcpv6_messages {

// tcpdump/dhcpv6-ia-na.pcap frame 1 (BSD-3-Clause): SOLICIT with a DUID-LL and an IA_NA.
inline constexpr std::uint8_t kSolicit[] = {
    0x01,                                // msg-type SOLICIT
    0x90, 0xb4, 0x5c,                    // transaction-id
    0x00, 0x01, 0x00, 0x0a,              // option 1 client id, 10 bytes
    0x00, 0x03,                          // DUID-LL
    0x00, 0x01,                          // hardware type Ethernet
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05,  // link-layer address 00:01:02:03:04:05
    0x00, 0x06, 0x00, 0x04,              // option 6 ORO, 4 bytes
    0x00, 0x17, 0x00, 0x18,              // 23 DNS servers, 24 domain list
    0x00, 0x08, 0x00, 0x02,              // option 8 elapsed time, 2 bytes
    0x00, 0x00,                          // 0 cs
    0x00, 0x03, 0x00, 0x0c,              // option 3 IA_NA, 12 bytes
    0x02, 0x03, 0x04, 0x05,              // IAID
    0x00, 0x00, 0x0e, 0x10,              // T1 3600
    0x00, 0x00, 0x15, 0x18,              // T2 5400
};

// tcpdump/dhcpv6-ia-na.pcap frame 2 (BSD-3-Clause): the ADVERTISE answering kSolicit.
inline constexpr std::uint8_t kAdvertise[] = {
    0x02,                                            // msg-type ADVERTISE
    0x90, 0xb4, 0x5c,                                // transaction-id
    0x00, 0x03, 0x00, 0x28,                          // option 3 IA_NA, 40 bytes
    0x02, 0x03, 0x04, 0x05,                          // IAID
    0x00, 0x00, 0x0e, 0x10,                          // T1 3600
    0x00, 0x00, 0x15, 0x18,                          // T2 5400
    0x00, 0x05, 0x00, 0x18,                          // option 5 IA address, 24 bytes
    0x2a, 0x00, 0x00, 0x01, 0x00, 0x01, 0x02, 0x00,  // address 2a00:1:1:200:38e6:b22e:c440:acdf
    0x38, 0xe6, 0xb2, 0x2e, 0xc4, 0x40, 0xac, 0xdf,  //
    0x00, 0x00, 0x11, 0x94,                          // preferred lifetime 4500
    0x00, 0x00, 0x1c, 0x20,                          // valid lifetime 7200
    0x00, 0x01, 0x00, 0x0a,                          // option 1 client id, 10 bytes
    0x00, 0x03,                                      // DUID-LL
    0x00, 0x01,                                      // hardware type Ethernet
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05,              // link-layer address
    0x00, 0x02, 0x00, 0x0e,                          // option 2 server id, 14 bytes
    0x00, 0x01,                                      // DUID-LLT
    0x00, 0x01,                                      // hardware type Ethernet
    0x18, 0x46, 0x48, 0x8c,                          // time
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55,              // link-layer address 00:11:22:33:44:55
};

// tcpdump/dhcpv4v6-rfc5970-rfc8572.pcap frame 14 (BSD-3-Clause): an Arista switch's
// INFORMATION-REQUEST with vendor options and a user class.
inline constexpr std::uint8_t kAristaInformationRequest[] = {
    0x0b,                                                                    // msg-type INFORMATION-REQUEST
    0x0b, 0x5f, 0xcf,                                                        // transaction-id
    0x00, 0x11, 0x00, 0x34,                                                  // option 17 vendor options, 52 bytes
    0x00, 0x00, 0x75, 0x71,                                                  // enterprise 30065 (Arista)
    0x00, 0x01, 0x00, 0x2c,                                                  // sub-option 1, 44 bytes
    0x41, 0x72, 0x69, 0x73, 0x74, 0x61, 0x3b, 0x54, 0x65, 0x73, 0x74, 0x2d,  // "Arista;Test-"
    0x44, 0x68, 0x63, 0x70, 0x76, 0x36, 0x44, 0x69, 0x73, 0x63, 0x6f, 0x76,  // "Dhcpv6Discov"
    0x65, 0x72, 0x3b, 0x30, 0x31, 0x2e, 0x30, 0x30, 0x3b, 0x48, 0x53, 0x48,  // "er;01.00;HSH"
    0x31, 0x34, 0x34, 0x32, 0x35, 0x31, 0x34, 0x38,                          // "14425148"
    0x00, 0x01, 0x00, 0x0a,                                                  // option 1 client id, 10 bytes
    0x00, 0x03,                                                              // DUID-LL
    0x00, 0x01,                                                              // hardware type Ethernet
    0x00, 0x00, 0x44, 0x01, 0x00, 0x00,                                      // link-layer address 00:00:44:01:00:00
    0x00, 0x06, 0x00, 0x06,                                                  // option 6 ORO, 6 bytes
    0x00, 0x3b, 0x00, 0x18, 0x00, 0x17,                                      // 59 boot file URL, 24 domains, 23 DNS
    0x00, 0x08, 0x00, 0x02,                                                  // option 8 elapsed time, 2 bytes
    0x01, 0x4b,                                                              // 331 cs
    0x00, 0x0f, 0x00, 0x24,                                                  // option 15 user class, 36 bytes
    0x00, 0x22,                                                              // item, 34 bytes
    0x41, 0x72, 0x69, 0x73, 0x74, 0x61, 0x3b, 0x54, 0x65, 0x73, 0x74, 0x2d,  // "Arista;Test-"
    0x44, 0x68, 0x63, 0x70, 0x76, 0x36, 0x44, 0x69, 0x73, 0x63, 0x6f, 0x76,  // "Dhcpv6Discov"
    0x65, 0x72, 0x3b, 0x34, 0x2e, 0x32, 0x31, 0x2e, 0x58, 0x58,              // "er;4.21.XX"
};

// Written for these tests: a Windows 10 SOLICIT (documentation MAC 00:00:5e:00:53:01).
inline constexpr std::uint8_t kWindowsSolicit[] = {
    0x01,                                                                    // msg-type SOLICIT
    0x7a, 0x3b, 0x9c,                                                        // transaction-id
    0x00, 0x08, 0x00, 0x02,                                                  // option 8 elapsed time, 2 bytes
    0x00, 0x00,                                                              // 0 cs
    0x00, 0x01, 0x00, 0x0e,                                                  // option 1 client id, 14 bytes
    0x00, 0x01,                                                              // DUID-LLT
    0x00, 0x01,                                                              // hardware type Ethernet
    0x2a, 0x5b, 0x3c, 0x4d,                                                  // time
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,                                      // link-layer address 00:00:5e:00:53:01
    0x00, 0x03, 0x00, 0x0c,                                                  // option 3 IA_NA, 12 bytes
    0x0e, 0x00, 0x00, 0x5e,                                                  // IAID
    0x00, 0x00, 0x00, 0x00,                                                  // T1
    0x00, 0x00, 0x00, 0x00,                                                  // T2
    0x00, 0x27, 0x00, 0x22,                                                  // option 39 client FQDN, 34 bytes
    0x00,                                                                    // flags: none
    0x0e,                                                                    // label, 14 bytes
    0x44, 0x45, 0x53, 0x4b, 0x54, 0x4f, 0x50, 0x2d, 0x37, 0x46, 0x33, 0x4b,  // "DESKTOP-7F3K"
    0x32, 0x51,                                                              // "2Q"
    0x04,                                                                    // label, 4 bytes
    0x63, 0x6f, 0x72, 0x70,                                                  // "corp"
    0x07,                                                                    // label, 7 bytes
    0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,                                // "example"
    0x03,                                                                    // label, 3 bytes
    0x63, 0x6f, 0x6d,                                                        // "com"
    0x00,                                                                    // root
    0x00, 0x10, 0x00, 0x0e,                                                  // option 16 vendor class, 14 bytes
    0x00, 0x00, 0x01, 0x37,                                                  // enterprise 311 (Microsoft)
    0x00, 0x08,                                                              // item, 8 bytes
    0x4d, 0x53, 0x46, 0x54, 0x20, 0x35, 0x2e, 0x30,                          // "MSFT 5.0"
    0x00, 0x06, 0x00, 0x08,                                                  // option 6 ORO, 8 bytes
    0x00, 0x11,                                                              // 17 vendor-specific information
    0x00, 0x17,                                                              // 23 DNS servers
    0x00, 0x18,                                                              // 24 domain list
    0x00, 0x27,                                                              // 39 client FQDN
};

// Written for these tests: a relay agent forwards kSolicit (RELAY-FORW, RFC 8415 §9.1).
inline constexpr std::uint8_t kRelayForwHeader[] = {
    0x0c,                                            // msg-type RELAY-FORW
    0x00,                                            // hop count
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // link address 2001:db8::1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // peer address fe80::201:203:405:0
    0x02, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x00,  //
    0x00, 0x12, 0x00, 0x04,                          // option 18 interface-id, 4 bytes
    0x65, 0x74, 0x68, 0x30,                          // "eth0"
    0x00, 0x09, 0x00, 0x30,                          // option 9 relay message, 48 bytes: kSolicit follows
};

inline const Bytes kRelayForw = cat(kRelayForwHeader, kSolicit);

struct NamedMessage {
    std::string_view name;
    Bytes bytes;
};

inline const std::vector<NamedMessage> kNamedDhcpv6Messages = {
    {"solicit_duid_ll", cat(kSolicit)},
    {"advertise", cat(kAdvertise)},
    {"information_request_arista_user_class", cat(kAristaInformationRequest)},
    {"solicit_win10_vendor_class_fqdn", cat(kWindowsSolicit)},
    {"relay_forw", kRelayForw},
};

}  // namespace dissect::test::dhcpv6_messages
