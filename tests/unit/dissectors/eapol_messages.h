// tests/unit/dissectors/eapol_messages.h
// EAPOL frames (the bytes after the EtherType 0x888e) for the dissector,
// evidence, fuzz and bench code, one commented line per field. Real captures
// are named with their file, frame and licence; the others were written for
// these tests. The fuzz seeds in tests/fuzz/corpus/eapol/ were written from
// kNamedEapolMessages.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::test::eapol_messages {

// bench/iot_sentinel_shared_merged.pcap frame 1 (IoT Sentinel dataset, MIT): message 1 of a
// WPA2 4-way handshake, from the access point.
inline constexpr std::uint8_t kKeyMessage1[] = {
    0x02,                                            // version 2 (802.1X-2004)
    0x03,                                            // type 3 (EAPOL-Key)
    0x00, 0x5f,                                      // body length 95
    0x02,                                            // key descriptor 2 (IEEE 802.11 RSN)
    0x00, 0x8a,                                      // key info: HMAC-SHA1/AES, pairwise, ACK
    0x00, 0x10,                                      // key length 16
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // replay counter
    0x88, 0x9b, 0x55, 0x84, 0x0c, 0x2b, 0xf3, 0xe3,  // key nonce
    0xec, 0xea, 0xec, 0x32, 0x8c, 0x40, 0xb6, 0xec,  //
    0x2c, 0x0d, 0xcb, 0xc0, 0xf8, 0x53, 0x0f, 0x6f,  //
    0xfa, 0xf4, 0xf4, 0x88, 0xd6, 0xe1, 0x0e, 0x41,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // key IV
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // key RSC
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // key ID (reserved)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // key MIC (none in message 1)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00,                                      // key data length 0
};

// bench/iot_sentinel_shared_merged.pcap frame 2 (IoT Sentinel dataset, MIT): message 2 of the
// handshake, from the station.
inline constexpr std::uint8_t kKeyMessage2[] = {
    0x01,                                            // version 1 (802.1X-2001)
    0x03,                                            // type 3 (EAPOL-Key)
    0x00, 0x75,                                      // body length 117
    0x02,                                            // key descriptor 2 (IEEE 802.11 RSN)
    0x01, 0x0a,                                      // key info: HMAC-SHA1/AES, pairwise, MIC
    0x00, 0x10,                                      // key length 16
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // replay counter
    0xd8, 0xd1, 0x48, 0x6f, 0x9e, 0x4c, 0xfe, 0x54,  // key nonce
    0xb7, 0x46, 0x8e, 0xcf, 0x62, 0xfd, 0xab, 0xd0,  //
    0x23, 0xb9, 0x80, 0xd1, 0xae, 0x42, 0x18, 0xdb,  //
    0xef, 0xf7, 0x63, 0x76, 0xd0, 0x1b, 0xf0, 0x64,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // key IV
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // key RSC
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // key ID (reserved)
    0x9a, 0x6e, 0x63, 0x2c, 0xb5, 0x3a, 0x1c, 0x1e,  // key MIC
    0x6d, 0xc2, 0x49, 0x79, 0xeb, 0x50, 0x19, 0x55,  //
    0x00, 0x16,                                      // key data length 22
    0x30, 0x14,                                      // key data: RSN element, 20 bytes
    0x01, 0x00,                                      //   version 1
    0x00, 0x0f, 0xac, 0x04,                          //   group cipher CCMP
    0x01, 0x00,                                      //   1 pairwise cipher
    0x00, 0x0f, 0xac, 0x04,                          //   CCMP
    0x01, 0x00,                                      //   1 AKM
    0x00, 0x0f, 0xac, 0x02,                          //   PSK
    0x00, 0x00,                                      //   RSN capabilities
};

// Written for these tests: EAPOL-Start from a supplicant.
inline constexpr std::uint8_t kStart[] = {
    0x01,        // version 1
    0x01,        // type 1 (EAPOL-Start)
    0x00, 0x00,  // body length 0
};

// Written for these tests: EAP-Request/Identity from an authenticator (switch port).
inline constexpr std::uint8_t kRequestIdentity[] = {
    0x02,        // version 2
    0x00,        // type 0 (EAP-Packet)
    0x00, 0x05,  // body length 5
    0x01,        // EAP code 1 (Request)
    0x01,        // identifier 1
    0x00, 0x05,  // EAP length 5
    0x01,        // type 1 (Identity)
};

// Written for these tests: EAP-Response/Identity: the supplicant sends its user name.
inline constexpr std::uint8_t kResponseIdentity[] = {
    0x01,                                                                    // version 1
    0x00,                                                                    // type 0 (EAP-Packet)
    0x00, 0x16,                                                              // body length 22
    0x02,                                                                    // EAP code 2 (Response)
    0x01,                                                                    // identifier 1
    0x00, 0x16,                                                              // EAP length 22
    0x01,                                                                    // type 1 (Identity)
    0x61, 0x6c, 0x69, 0x63, 0x65, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c,  // identity "alice@exampl"
    0x65, 0x2e, 0x6f, 0x72, 0x67,                                            // "e.org"
};

// Written for these tests: EAP-Request/PEAP with the Start flag.
inline constexpr std::uint8_t kRequestPeapStart[] = {
    0x02,        // version 2
    0x00,        // type 0 (EAP-Packet)
    0x00, 0x06,  // body length 6
    0x01,        // EAP code 1 (Request)
    0x02,        // identifier 2
    0x00, 0x06,  // EAP length 6
    0x19,        // type 25 (PEAP)
    0x21,        // flags: start, PEAP version 1
};

// Written for these tests: EAP-Success.
inline constexpr std::uint8_t kSuccess[] = {
    0x02,        // version 2
    0x00,        // type 0 (EAP-Packet)
    0x00, 0x04,  // body length 4
    0x03,        // EAP code 3 (Success)
    0x09,        // identifier 9
    0x00, 0x04,  // EAP length 4
};

// Written for these tests: EAPOL-Logoff, padded to the Ethernet minimum as captured.
inline constexpr std::uint8_t kLogoff[] = {
    0x02,                                            // version 2
    0x02,                                            // type 2 (EAPOL-Logoff)
    0x00, 0x00,                                      // body length 0
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // Ethernet padding
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00,                                      //
};

struct NamedMessage {
    std::string_view name;
    Bytes bytes;
};

inline const std::vector<NamedMessage> kNamedEapolMessages = {
    {"key_4way_msg1", cat(kKeyMessage1)},
    {"key_4way_msg2_rsn", cat(kKeyMessage2)},
    {"start", cat(kStart)},
    {"eap_request_identity", cat(kRequestIdentity)},
    {"eap_response_identity", cat(kResponseIdentity)},
    {"eap_request_peap_start", cat(kRequestPeapStart)},
    {"eap_success", cat(kSuccess)},
    {"logoff_padded", cat(kLogoff)},
};

}  // namespace dissect::test::eapol_messages
