// dissectors/stp/stp.cc
// BPDU parser: see stp.h for the fields, the specs and the limits.
#include "dissectors/stp/stp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::stp {
namespace {

// A v3 length covers everything after itself: 64 bytes of MST fields, then MSTI records.
constexpr std::size_t kMstV3Fixed = 64;
constexpr std::size_t kMaxMsti = 64;  // 802.1Q §13.8: at most 64 MSTIs

BridgeId bridge_id(ByteReader& r) noexcept {
    BridgeId id;
    id.priority = *r.be16();  // callers hold the bytes: these reads cannot fail
    for (auto& b : id.mac.b) b = *r.u8();
    return id;
}

}  // namespace

Result<Bpdu> parse(ByteView payload) noexcept {
    Bpdu b;
    const auto head = payload.subview(0, kTcnBytes);
    if (!head) return fail(ParseError::truncated(payload.size(), "stp bpdu header"));
    ByteReader h(*head);
    b.protocol_id = *h.be16();
    b.version = *h.u8();
    b.type = *h.u8();
    if (b.protocol_id != 0) return fail(ParseError::malformed(0, "stp protocol id"));
    if (b.type == kTcn) return b;
    if (b.type != kConfig && b.type != kRst) return fail(ParseError::unsupported(3, "stp bpdu type"));

    const std::size_t need = b.type == kConfig ? kConfigBytes : kRstBytes;
    const auto body = payload.subview(0, need);
    if (!body) return fail(ParseError::truncated(payload.size(), "stp bpdu"));
    ByteReader r(body->tail(kTcnBytes));
    b.flags = *r.u8();  // the reads below cannot fail: `body` holds `need` bytes
    b.root = bridge_id(r);
    b.root_path_cost = *r.be32();
    b.bridge = bridge_id(r);
    b.port_id = *r.be16();
    b.message_age = *r.be16();
    b.max_age = *r.be16();
    b.hello_time = *r.be16();
    b.forward_delay = *r.be16();
    if (b.type == kConfig) return b;
    b.version1_length = *r.u8();
    // 802.1Q §14.4: a version 3+ BPDU too short for the MST fields is an RST BPDU.
    if (b.version < kMstp || payload.size() < kMstBytes) return b;

    ByteReader x(*payload.subview(kRstBytes, kMstBytes - kRstBytes));  // size checked just above
    b.version3_length = *x.be16();
    b.mst_format_selector = *x.u8();
    b.mst_config_name = *x.take(kMstNameBytes);
    b.mst_revision = *x.be16();
    b.mst_digest = *x.take(kMstDigestBytes);
    b.cist_internal_root_path_cost = *x.be32();
    b.cist_bridge = bridge_id(x);
    b.cist_remaining_hops = *x.u8();
    // MSTI records: as many as the v3 length announces and the frame holds.
    const std::size_t announced = *b.version3_length > kMstV3Fixed ? (*b.version3_length - kMstV3Fixed) / kMstiBytes : 0;
    const std::size_t present = payload.tail(kMstBytes).size() / kMstiBytes;
    const std::size_t n = announced < present ? announced : present;
    b.msti_count = static_cast<std::uint8_t>(n > kMaxMsti ? kMaxMsti : n);
    return b;
}

}  // namespace dissect::stp
