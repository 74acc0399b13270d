// tests/unit/dissectors/stp_messages.h
// Spanning-tree BPDUs (the bytes after the LLC header) for the dissector,
// evidence, fuzz and bench code, one commented line per field. Real captures
// are named with their file, frame and licence; the others were written for
// these tests (documentation MACs 00:00:5e:00:53:xx). The fuzz seeds in
// tests/fuzz/corpus/stp/ were written from kNamedStpMessages.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::test::stp_messages {

// tcpdump/802.1D_spanning_tree.pcap frame 1 (BSD-3-Clause): an 802.1D Configuration BPDU
// from a root bridge (Cisco PVST-style priority 32768 + VLAN 1).
inline constexpr std::uint8_t kConfigBpdu[] = {
    0x00, 0x00,                          // protocol id
    0x00,                                // version 0 (STP)
    0x00,                                // BPDU type Configuration
    0x00,                                // flags: none
    0x80, 0x01,                          // root priority 32768 / extension 1
    0x00, 0x19, 0x06, 0xea, 0xb8, 0x80,  // root MAC 00:19:06:ea:b8:80
    0x00, 0x00, 0x00, 0x00,              // root path cost 0
    0x80, 0x01,                          // bridge priority 32768 / extension 1
    0x00, 0x19, 0x06, 0xea, 0xb8, 0x80,  // bridge MAC 00:19:06:ea:b8:80
    0x80, 0x05,                          // port id 0x8005: priority 128, port 5
    0x00, 0x00,                          // message age 0
    0x14, 0x00,                          // max age 20 s
    0x02, 0x00,                          // hello time 2 s
    0x0f, 0x00,                          // forward delay 15 s
};

// tcpdump/802.1w_rapid_STP.pcap frame 1 (BSD-3-Clause): an RST BPDU (designated port, proposal).
inline constexpr std::uint8_t kRstBpdu[] = {
    0x00, 0x00,                          // protocol id
    0x02,                                // version 2 (RSTP)
    0x02,                                // BPDU type RST
    0x0e,                                // flags: role designated, proposal
    0x80, 0x01,                          // root priority 32768 / extension 1
    0x00, 0x19, 0x06, 0xea, 0xb8, 0x80,  // root MAC 00:19:06:ea:b8:80
    0x00, 0x00, 0x00, 0x00,              // root path cost 0
    0x80, 0x01,                          // bridge priority 32768 / extension 1
    0x00, 0x19, 0x06, 0xea, 0xb8, 0x80,  // bridge MAC 00:19:06:ea:b8:80
    0x80, 0x0c,                          // port id 0x800c: priority 128, port 12
    0x00, 0x00,                          // message age 0
    0x14, 0x00,                          // max age 20 s
    0x02, 0x00,                          // hello time 2 s
    0x0f, 0x00,                          // forward delay 15 s
    0x00,                                // version 1 length 0
};

// Written for these tests: a Topology Change Notification BPDU.
inline constexpr std::uint8_t kTcnBpdu[] = {
    0x00, 0x00,  // protocol id
    0x00,        // version 0 (STP)
    0x80,        // BPDU type TCN
};

// Written for these tests: an MST BPDU (802.1Q §14.6) with one MSTI record, from a
// non-root bridge (documentation MACs).
inline constexpr std::uint8_t kMstBpdu[] = {
    0x00, 0x00,                                                              // protocol id
    0x03,                                                                    // version 3 (MSTP)
    0x02,                                                                    // BPDU type RST/MST
    0x3c,                                                                    // flags: designated, learning, forwarding
    0x10, 0x00,                                                              // root priority 4096 / extension 0
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x0a,                                      // root MAC 00:00:5e:00:53:0a
    0x00, 0x00, 0x4e, 0x20,                                                  // root path cost 20000
    0x80, 0x00,                                                              // bridge priority 32768 / extension 0
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x14,                                      // bridge MAC 00:00:5e:00:53:14
    0x80, 0x02,                                                              // port id 0x8002: priority 128, port 2
    0x00, 0x00,                                                              // message age 0
    0x14, 0x00,                                                              // max age 20 s
    0x02, 0x00,                                                              // hello time 2 s
    0x0f, 0x00,                                                              // forward delay 15 s
    0x00,                                                                    // version 1 length 0
    0x00, 0x50,                                                              // version 3 length 80 (64 + one MSTI)
    0x00,                                                                    // MST config format selector 0
    0x63, 0x61, 0x6d, 0x70, 0x75, 0x73, 0x2d, 0x72, 0x65, 0x67, 0x69, 0x6f,  // MST config name (32 bytes) "campus-regio"
    0x6e,                                                                    // "n"
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,              //   NUL padding
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                    //
    0x00, 0x07,                                                              // MST config revision 7
    0xac, 0x36, 0x17, 0x7f, 0x50, 0x28, 0x3c, 0xd4,                          // MST config digest
    0xb8, 0x38, 0x21, 0xd8, 0x59, 0x7c, 0xab, 0x78,                          //
    0x00, 0x00, 0x00, 0x00,                                                  // CIST internal root path cost 0
    0x80, 0x00,                                                              // CIST bridge priority 32768
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x14,                                      // CIST bridge MAC 00:00:5e:00:53:14
    0x14,                                                                    // CIST remaining hops 20
    0x0e,                                                                    // MSTI 1 flags
    0x90, 0x01,                                                              // MSTI 1 regional root prio 36864 + 1
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x0a,                                      // MSTI 1 regional root MAC
    0x00, 0x00, 0x00, 0x00,                                                  // MSTI 1 internal root path cost
    0x90,                                                                    // MSTI 1 bridge priority
    0x80,                                                                    // MSTI 1 port priority
    0x14,                                                                    // MSTI 1 remaining hops
};

struct NamedMessage {
    std::string_view name;
    Bytes bytes;
};

inline const std::vector<NamedMessage> kNamedStpMessages = {
    {"config_bpdu_root", cat(kConfigBpdu)},
    {"rst_bpdu_proposal", cat(kRstBpdu)},
    {"tcn_bpdu", cat(kTcnBpdu)},
    {"mst_bpdu_one_msti", cat(kMstBpdu)},
};

}  // namespace dissect::test::stp_messages
