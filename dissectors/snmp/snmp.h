// dissectors/snmp/snmp.h
// SNMP v1 and v2c messages (RFC 1157, RFC 1901, RFC 3416 PDUs), BER encoded
// (X.690, the subset SNMP uses: one-byte tags, definite lengths). Extracts the
// version, the community (a view: callers must not copy it anywhere), the PDU
// type, request id, error status/index (or, for a v1 Trap-PDU, enterprise,
// agent address, generic/specific trap and time stamp) and the variable
// bindings: each OID (BER contents, decode_oid() turns it into arcs) with the
// tag and contents of its value. SNMPv3 messages (RFC 3412) are recognised by
// their version and returned with the version only: their PDU may be
// encrypted, and they carry no community.
// Limits: kMaxVarbinds bindings are kept, later ones only counted; lengths
// above 4 bytes, indefinite lengths and multi-byte tags are Malformed. Reads
// only inside `payload`; every view points into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::snmp {

inline constexpr std::size_t kMaxVarbinds = 32;
inline constexpr std::size_t kMaxOidArcs = 32;

enum Version : std::int64_t { kV1 = 0, kV2c = 1, kV3 = 3 };

// BER tags used by SNMP (X.690 universal, RFC 2578 application, RFC 3416 context).
enum Tag : std::uint8_t {
    kInteger = 0x02, kOctetString = 0x04, kNull = 0x05, kOid = 0x06, kSequence = 0x30,
    kIpAddress = 0x40, kCounter32 = 0x41, kGauge32 = 0x42, kTimeTicks = 0x43, kOpaque = 0x44, kCounter64 = 0x46,
    kNoSuchObject = 0x80, kNoSuchInstance = 0x81, kEndOfMibView = 0x82,
    kGetRequest = 0xa0, kGetNextRequest = 0xa1, kResponse = 0xa2, kSetRequest = 0xa3, kTrapV1 = 0xa4,
    kGetBulkRequest = 0xa5, kInformRequest = 0xa6, kTrapV2 = 0xa7, kReport = 0xa8,
};

struct VarBind {
    ByteView oid;             // OID contents (no tag/length)
    std::uint8_t value_tag = 0;
    ByteView value;           // value contents
};

struct Message {
    std::int64_t version = 0;     // Version
    ByteView community;           // v1/v2c; a secret: never copy it into evidence
    std::uint8_t pdu_type = 0;    // Tag kGetRequest..kReport; 0 for v3
    std::int64_t request_id = 0;
    std::int64_t error_status = 0;   // GetBulk: non-repeaters
    std::int64_t error_index = 0;    // GetBulk: max-repetitions
    // v1 Trap-PDU (kTrapV1) only:
    ByteView enterprise;          // OID contents
    std::optional<IpAddr> agent_address;
    std::int64_t generic_trap = 0, specific_trap = 0;
    std::uint32_t time_stamp = 0;
    VarBind varbinds[kMaxVarbinds];
    std::uint8_t varbind_count = 0;
    std::uint16_t varbinds_dropped = 0;
};

// Parses one SNMP message (the UDP payload). Errors: Truncated when the
// outer SEQUENCE runs past the end of the payload; Malformed when an inner
// element runs past its parent, has an unexpected tag, or uses a BER form
// SNMP does not (see above); Unsupported for versions other than 0, 1 and 3
// and for unknown PDU types. Bytes after the outer SEQUENCE are ignored.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

struct Oid {
    std::uint64_t arcs[kMaxOidArcs] = {};
    std::uint8_t count = 0;
};

// Decodes OID contents (X.690 §8.19): the first byte(s) hold the first two
// arcs. Errors: Malformed when empty, when the last arc is cut, or an arc
// takes more than 9 bytes (63 bits); LimitExceeded past kMaxOidArcs arcs.
[[nodiscard]] Result<Oid> decode_oid(ByteView contents) noexcept;

}  // namespace dissect::snmp
