// tests/unit/dissectors/snmp_messages.h
// SNMP messages (UDP payloads) for the dissector, evidence, fuzz and bench
// code: one commented line per BER element, indented by nesting. Real
// captures are named with their file, frame and licence; the others were
// written for these tests (documentation addresses). The fuzz seeds in
// tests/fuzz/corpus/snmp/ were written from kNamedSnmpMessages.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::test::snmp_messages {

// zeek/snmpv1_get.pcap frame 1 (BSD-3-Clause): GetRequest for sysObjectID.0.
inline constexpr std::uint8_t kV1GetSysObjectId[] = {
    0x30, 0x26,                                                  // Message, 38 bytes
    0x02, 0x01, 0x00,                                            //   version 0 (v1)
    0x04, 0x06, 0x70, 0x75, 0x62, 0x6c, 0x69, 0x63,              //   community "public"
    0xa0, 0x19,                                                  //   GetRequest-PDU, 25 bytes
    0x02, 0x01, 0x26,                                            //     request-id 38
    0x02, 0x01, 0x00,                                            //     error-status 0
    0x02, 0x01, 0x00,                                            //     error-index 0
    0x30, 0x0e,                                                  //     variable-bindings, 14 bytes
    0x30, 0x0c,                                                  //       VarBind, 12 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00,  //         sysObjectID.0
    0x05, 0x00,                                                  //         NULL
};

// zeek/snmpv1_get.pcap frame 2 (BSD-3-Clause): the printer's answer (a Fuji Xerox OID).
inline constexpr std::uint8_t kV1SysObjectIdResponse[] = {
    0x30, 0x38,                                                  // Message, 56 bytes
    0x02, 0x01, 0x00,                                            //   version 0 (v1)
    0x04, 0x06, 0x70, 0x75, 0x62, 0x6c, 0x69, 0x63,              //   community "public"
    0xa2, 0x2b,                                                  //   GetResponse-PDU, 43 bytes
    0x02, 0x01, 0x26,                                            //     request-id 38
    0x02, 0x01, 0x00,                                            //     error-status 0
    0x02, 0x01, 0x00,                                            //     error-index 0
    0x30, 0x20,                                                  //     variable-bindings, 32 bytes
    0x30, 0x1e,                                                  //       VarBind, 30 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00,  //         sysObjectID.0
    0x06, 0x12,                                                  //         OBJECT IDENTIFIER, 18 bytes
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x8f, 0x51, 0x01, 0x01, 0x01,  //           1.3.6.1.4.1.2001.1.1.1.297.93.1.27.2.2.1
    0x82, 0x29, 0x5d, 0x01, 0x1b, 0x02, 0x02, 0x01,              //
};

// zeek/snmpv1_get.pcap frame 3 (BSD-3-Clause): GetRequest for sysName.0 and sysLocation.0.
inline constexpr std::uint8_t kV1GetSysName[] = {
    0x30, 0x34,                                                  // Message, 52 bytes
    0x02, 0x01, 0x00,                                            //   version 0 (v1)
    0x04, 0x06, 0x70, 0x75, 0x62, 0x6c, 0x69, 0x63,              //   community "public"
    0xa0, 0x27,                                                  //   GetRequest-PDU, 39 bytes
    0x02, 0x01, 0x27,                                            //     request-id 39
    0x02, 0x01, 0x00,                                            //     error-status 0
    0x02, 0x01, 0x00,                                            //     error-index 0
    0x30, 0x1c,                                                  //     variable-bindings, 28 bytes
    0x30, 0x0c,                                                  //       VarBind, 12 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00,  //         sysName.0
    0x05, 0x00,                                                  //         NULL
    0x30, 0x0c,                                                  //       VarBind, 12 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x06, 0x00,  //         sysLocation.0
    0x05, 0x00,                                                  //         NULL
};

// zeek/snmpv1_get.pcap frame 4 (BSD-3-Clause): the answer to kV1GetSysName.
inline constexpr std::uint8_t kV1SysNameResponse[] = {
    0x30, 0x47,                                                              // Message, 71 bytes
    0x02, 0x01, 0x00,                                                        //   version 0 (v1)
    0x04, 0x06, 0x70, 0x75, 0x62, 0x6c, 0x69, 0x63,                          //   community "public"
    0xa2, 0x3a,                                                              //   GetResponse-PDU, 58 bytes
    0x02, 0x01, 0x27,                                                        //     request-id 39
    0x02, 0x01, 0x00,                                                        //     error-status 0
    0x02, 0x01, 0x00,                                                        //     error-index 0
    0x30, 0x2f,                                                              //     variable-bindings, 47 bytes
    0x30, 0x11,                                                              //       VarBind, 17 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00,              //         sysName.0
    0x04, 0x05, 0x42, 0x36, 0x33, 0x30, 0x30,                                //         "B6300"
    0x30, 0x1a,                                                              //       VarBind, 26 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x06, 0x00,              //         sysLocation.0
    0x04, 0x0e,                                                              //         sysLocation
    0x43, 0x68, 0x61, 0x6e, 0x64, 0x72, 0x61, 0x27, 0x73, 0x20, 0x63, 0x75,  //           "Chandra's cu"
    0x62, 0x65,                                                              //           "be"
};

// zeek/snmpv2_get_next.pcap frame 1 (BSD-3-Clause): a v2c GetNextRequest for 0.1 with a
// non-default community.
inline constexpr std::uint8_t kV2cGetNext[] = {
    0x30, 0x27,                                                        // Message, 39 bytes
    0x02, 0x01, 0x01,                                                  //   version 1 (v2c)
    0x04, 0x0b,                                                        //   community "[R0_C@cti!]"
    0x5b, 0x52, 0x30, 0x5f, 0x43, 0x40, 0x63, 0x74, 0x69, 0x21, 0x5d,  //     "[R0_C@cti!]"
    0xa1, 0x15,                                                        //   GetNextRequest-PDU, 21 bytes
    0x02, 0x04, 0x2b, 0x13, 0x3f, 0x85,                                //     request-id 722681733
    0x02, 0x01, 0x00,                                                  //     error-status 0
    0x02, 0x01, 0x00,                                                  //     error-index 0
    0x30, 0x07,                                                        //     variable-bindings, 7 bytes
    0x30, 0x05,                                                        //       VarBind, 5 bytes
    0x06, 0x01, 0x01,                                                  //         0.1
    0x05, 0x00,                                                        //         NULL
};

// Written for these tests: a v2c Response with sysDescr.0, sysObjectID.0 (Cisco) and sysName.0.
inline constexpr std::uint8_t kV2cSystemResponse[] = {
    0x30, 0x81, 0xb5,                                                        // Message, 181 bytes
    0x02, 0x01, 0x01,                                                        //   version 1 (v2c)
    0x04, 0x0b,                                                              //   community "n0t-default"
    0x6e, 0x30, 0x74, 0x2d, 0x64, 0x65, 0x66, 0x61, 0x75, 0x6c, 0x74,        //     "n0t-default"
    0xa2, 0x81, 0xa2,                                                        //   Response-PDU, 162 bytes
    0x02, 0x03, 0x12, 0xd6, 0x87,                                            //     request-id 1234567
    0x02, 0x01, 0x00,                                                        //     error-status 0
    0x02, 0x01, 0x00,                                                        //     error-index 0
    0x30, 0x81, 0x94,                                                        //     variable-bindings, 148 bytes
    0x30, 0x57,                                                              //       VarBind, 87 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,              //         sysDescr.0
    0x04, 0x4b,                                                              //         sysDescr
    0x43, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x49, 0x4f, 0x53, 0x20, 0x53, 0x6f,  //           "Cisco IOS So"
    0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x2c, 0x20, 0x43, 0x32, 0x39, 0x36,  //           "ftware, C296"
    0x30, 0x20, 0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x20, 0x28,  //           "0 Software ("
    0x43, 0x32, 0x39, 0x36, 0x30, 0x2d, 0x4c, 0x41, 0x4e, 0x42, 0x41, 0x53,  //           "C2960-LANBAS"
    0x45, 0x4b, 0x39, 0x2d, 0x4d, 0x29, 0x2c, 0x20, 0x56, 0x65, 0x72, 0x73,  //           "EK9-M), Vers"
    0x69, 0x6f, 0x6e, 0x20, 0x31, 0x35, 0x2e, 0x30, 0x28, 0x32, 0x29, 0x53,  //           "ion 15.0(2)S"
    0x45, 0x31, 0x31,                                                        //           "E11"
    0x30, 0x15,                                                              //       VarBind, 21 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00,              //         sysObjectID.0
    0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x09, 0x01, 0x89, 0x38,        //         1.3.6.1.4.1.9.1.1208
    0x30, 0x22,                                                              //       VarBind, 34 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00,              //         sysName.0
    0x04, 0x16,                                                              //         sysName
    0x61, 0x63, 0x63, 0x65, 0x73, 0x73, 0x2d, 0x73, 0x77, 0x31, 0x2e, 0x65,  //           "access-sw1.e"
    0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6e, 0x65, 0x74,              //           "xample.net"
};

// Written for these tests: a v1 linkUp trap that also names the agent.
inline constexpr std::uint8_t kV1TrapLinkUp[] = {
    0x30, 0x4f,                                                              // Message, 79 bytes
    0x02, 0x01, 0x00,                                                        //   version 0 (v1)
    0x04, 0x06, 0x70, 0x75, 0x62, 0x6c, 0x69, 0x63,                          //   community "public"
    0xa4, 0x42,                                                              //   Trap-PDU, 66 bytes
    0x06, 0x06, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x09,                          //     enterprise 1.3.6.1.4.1.9 (Cisco)
    0x40, 0x04, 0xc0, 0x00, 0x02, 0x0a,                                      //     agent-addr 192.0.2.10
    0x02, 0x01, 0x03,                                                        //     generic-trap 3 (linkUp)
    0x02, 0x01, 0x00,                                                        //     specific-trap 0
    0x43, 0x03, 0x0f, 0x42, 0x40,                                            //     time-stamp 1000000 (TimeTicks)
    0x30, 0x27,                                                              //     variable-bindings, 39 bytes
    0x30, 0x0f,                                                              //       VarBind, 15 bytes
    0x06, 0x0a, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01, 0x03,  //         ifIndex.3
    0x02, 0x01, 0x03,                                                        //         3
    0x30, 0x14,                                                              //       VarBind, 20 bytes
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00,              //         sysName.0
    0x04, 0x08, 0x65, 0x64, 0x67, 0x65, 0x2d, 0x73, 0x77, 0x32,              //         "edge-sw2"
};

// zeek/snmpv3_get_next.pcap frame 1 (BSD-3-Clause): an SNMPv3 engine-discovery request.
inline constexpr std::uint8_t kV3GetNext[] = {
    0x30, 0x3d,                          // Message, 61 bytes
    0x02, 0x01, 0x03,                    //   version 3
    0x30, 0x10,                          //   msgGlobalData, 16 bytes
    0x02, 0x04, 0x20, 0x7b, 0x2f, 0x72,  //     msgID
    0x02, 0x02, 0x40, 0x00,              //     msgMaxSize 16384
    0x04, 0x01, 0x04,                    //     msgFlags: reportable
    0x02, 0x01, 0x03,                    //     msgSecurityModel 3 (USM)
    0x04, 0x10,                          //   msgSecurityParameters, 16 bytes
    0x30, 0x0e,                          //     UsmSecurityParameters, 14 bytes
    0x04, 0x00,                          //       authoritative engine id: empty
    0x02, 0x01, 0x2a,                    //       engine boots 42
    0x02, 0x01, 0x2a,                    //       engine time 42
    0x04, 0x00,                          //       user name: empty
    0x04, 0x00,                          //       authentication parameters
    0x04, 0x00,                          //       privacy parameters
    0x30, 0x14,                          //   ScopedPDU, 20 bytes
    0x04, 0x00,                          //     contextEngineID
    0x04, 0x00,                          //     contextName
    0xa0, 0x0e,                          //     GetRequest-PDU, 14 bytes
    0x02, 0x04, 0x20, 0x7b, 0x2f, 0x72,  //       request-id
    0x02, 0x01, 0x00,                    //       error-status
    0x02, 0x01, 0x00,                    //       error-index
    0x30, 0x00,                          //       variable-bindings: none
};

struct NamedMessage {
    std::string_view name;
    Bytes bytes;
};

inline const std::vector<NamedMessage> kNamedSnmpMessages = {
    {"v1_get_sysobjectid", cat(kV1GetSysObjectId)},
    {"v1_response_sysobjectid", cat(kV1SysObjectIdResponse)},
    {"v1_get_sysname_syslocation", cat(kV1GetSysName)},
    {"v1_response_sysname_syslocation", cat(kV1SysNameResponse)},
    {"v2c_getnext", cat(kV2cGetNext)},
    {"v2c_response_system_group", cat(kV2cSystemResponse)},
    {"v1_trap_linkup", cat(kV1TrapLinkUp)},
    {"v3_discovery", cat(kV3GetNext)},
};

}  // namespace dissect::test::snmp_messages
