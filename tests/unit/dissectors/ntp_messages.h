// tests/unit/dissectors/ntp_messages.h
// NTP messages (UDP payloads) for the dissector, evidence, fuzz and bench
// code, one commented line per field. Real captures are named with their
// file, frame and licence; the others were written for these tests. The fuzz
// seeds in tests/fuzz/corpus/ntp/ were written from kNamedNtpMessages.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::test::ntp_messages {

// zeek/ntp.pcap frame 1 (BSD-3-Clause): an NTPv4 client request (ntpd: it fills in its own state).
inline constexpr std::uint8_t kClient[] = {
    0x23,                                            // LI 0, version 4, mode 3 (client)
    0x02,                                            // stratum 2
    0x06,                                            // poll 6 (2^6 s)
    0xea,                                            // precision -22
    0x00, 0x00, 0x0b, 0xd9,                          // root delay
    0x00, 0x00, 0x06, 0x30,                          // root dispersion
    0x55, 0xc7, 0xd6, 0x63,                          // reference id 85.199.214.99
    0xe0, 0x9a, 0xb5, 0x5c, 0x12, 0xdc, 0xc9, 0x14,  // reference timestamp
    0xe0, 0x9a, 0xb5, 0x54, 0x0c, 0x60, 0xc2, 0x3b,  // origin timestamp
    0xe0, 0x9a, 0xb5, 0x54, 0x13, 0xa6, 0x4a, 0x3b,  // receive timestamp
    0xe0, 0x9a, 0xb5, 0x96, 0x07, 0x05, 0x0b, 0xaa,  // transmit timestamp
};

// zeek/ntp.pcap frame 2 (BSD-3-Clause): the stratum-4 server's answer to kClient.
inline constexpr std::uint8_t kServer[] = {
    0x24,                                            // LI 0, version 4, mode 4 (server)
    0x04,                                            // stratum 4
    0x06,                                            // poll 6 (2^6 s)
    0xe8,                                            // precision -24
    0x00, 0x00, 0x0c, 0x81,                          // root delay
    0x00, 0x00, 0x12, 0x44,                          // root dispersion
    0x69, 0xed, 0xcf, 0x1c,                          // reference id 105.237.207.28
    0xe0, 0x9a, 0xb2, 0x9c, 0xb8, 0xc7, 0x78, 0xeb,  // reference timestamp
    0xe0, 0x9a, 0xb5, 0x96, 0x07, 0x05, 0x0b, 0xaa,  // origin timestamp
    0xe0, 0x9a, 0xb5, 0x96, 0x0c, 0x62, 0x5c, 0xcb,  // receive timestamp
    0xe0, 0x9a, 0xb5, 0x96, 0x0c, 0x64, 0x64, 0x6b,  // transmit timestamp
};

// bench/iot_sentinel_shared_merged.pcap frame 121 (IoT Sentinel dataset, MIT): an NTPv3 server answer.
inline constexpr std::uint8_t kV3Server[] = {
    0x1c,                                            // LI 0, version 3, mode 4 (server)
    0x02,                                            // stratum 2
    0x05,                                            // poll 5 (2^5 s)
    0xed,                                            // precision -19
    0x00, 0x00, 0x02, 0x50,                          // root delay
    0x00, 0x00, 0x0b, 0xec,                          // root dispersion
    0x80, 0x3b, 0x00, 0xf5,                          // reference id 128.59.0.245
    0xda, 0xbb, 0x7a, 0xa2, 0x76, 0x36, 0xe0, 0xcf,  // reference timestamp
    0xd7, 0x5c, 0x78, 0xfd, 0xa1, 0x2c, 0x38, 0x66,  // origin timestamp
    0xda, 0xbb, 0x82, 0x7a, 0xc8, 0x5a, 0x2b, 0x55,  // receive timestamp
    0xda, 0xbb, 0x82, 0x7a, 0xc8, 0x5d, 0x82, 0xd4,  // transmit timestamp
};

// zeek/NTP-digest.pcap frame 1 (BSD-3-Clause): a client request with a symmetric-key MAC.
inline constexpr std::uint8_t kClientWithMac[] = {
    0x23,                                            // LI 0, version 4, mode 3 (client)
    0x02,                                            // stratum 2
    0x06,                                            // poll 6 (2^6 s)
    0xe8,                                            // precision -24
    0x00, 0x00, 0x00, 0x91,                          // root delay
    0x00, 0x00, 0x06, 0xb7,                          // root dispersion
    0xb6, 0xa5, 0x80, 0xdb,                          // reference id 182.165.128.219
    0xdc, 0xd2, 0xa7, 0xd7, 0x7a, 0x05, 0xd4, 0x6a,  // reference timestamp
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // origin timestamp
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // receive timestamp
    0xdc, 0xd2, 0xaa, 0x81, 0x7b, 0x9f, 0x9b, 0xdc,  // transmit timestamp
    0x00, 0x00, 0x00, 0x01,                          // key id 1
    0xac, 0x01, 0x7b, 0x69, 0x91, 0x5c, 0xe5, 0xa7,  // MD5 digest
    0xa9, 0xfb, 0x73, 0xac, 0x8b, 0xd1, 0x60, 0x3b,  //
};

// Written for these tests: a mode 6 "read status" request (ntpq -c as), RFC 9327 §2.
inline constexpr std::uint8_t kControlReadStatus[] = {
    0x16,        // LI 0, version 2, mode 6 (control)
    0x01,        // R 0, E 0, M 0, opcode 1 (read status)
    0x00, 0x01,  // sequence 1
    0x00, 0x00,  // status
    0x00, 0x00,  // association id 0
    0x00, 0x00,  // offset
    0x00, 0x00,  // count
};

// Written for these tests: a mode 7 MON_GETLIST_1 request (ntpdc monlist, the
// CVE-2013-5211 amplifier), ntpd's private format.
inline constexpr std::uint8_t kPrivateMonlist[] = {
    0x17,                                            // R 0, M 0, version 2, mode 7 (private)
    0x00,                                            // A 0, sequence 0
    0x03,                                            // implementation 3 (XNTPD)
    0x2a,                                            // request code 42 (MON_GETLIST_1)
    0x00, 0x00, 0x00, 0x00,                          // err, number of items, MBZ, item size
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // data (none)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
};

struct NamedMessage {
    std::string_view name;
    Bytes bytes;
};

inline const std::vector<NamedMessage> kNamedNtpMessages = {
    {"v4_client", cat(kClient)},
    {"v4_server_stratum4", cat(kServer)},
    {"v3_server", cat(kV3Server)},
    {"v4_client_md5_mac", cat(kClientWithMac)},
    {"mode6_read_status", cat(kControlReadStatus)},
    {"mode7_monlist_request", cat(kPrivateMonlist)},
};

}  // namespace dissect::test::ntp_messages
