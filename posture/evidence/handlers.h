// posture/evidence/handlers.h
// The contract between the worker's router (sensor/pipeline) and the
// per-protocol evidence mappers (posture/evidence/<proto>.cc).
//
// A mapper takes the payload bytes of one datagram (or the buffered first
// bytes of one TCP direction), runs the protocol's pure parser from
// dissectors/<proto>/, and appends to `out` what the payload says about its
// SENDER: fp entries, names, classification hints, observations. It copies
// and caps every string (posture/evidence/fingerprint.h), so nothing in `out`
// points into the packet. It returns the parser's error so the worker can
// count it as `dissect.<proto>.<kind>`.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/fingerprint.h"

namespace dissect::packet {
struct Decoded;
}

namespace posture {
class P0fDb;

// Start-up databases a mapper may consult (owned by the daemon, immutable).
struct Databases {
    const P0fDb* p0f = nullptr;  // /etc/p0f/p0f.fp
};
}  // namespace posture

namespace posture::evidence {

// What a QUIC connection's client Initial told us that its server's Initial
// needs: the keys of both directions derive from the Destination Connection
// ID of the client's first Initial, or of its Initial after a Retry (RFC 9001
// §5.2), which server packets do not carry.
struct QuicMemo {
    std::uint32_t version = 0;
    std::uint8_t dcid_len = 0;
    std::array<std::uint8_t, 20> dcid{};
    bool known = false;         // a client Initial was seen
    bool server_seen = false;   // a server Initial came: later client DCIDs are the server's choice
    bool server_read = false;   // the server's ServerHello was read
};

struct PacketContext {
    const dissect::packet::Decoded* dec = nullptr;  // the whole decoded packet (never null)
    bool from_client = true;   // for flows: the sender is the flow's client
    std::uint64_t ts_us = 0;
    const Databases* db = nullptr;  // never null
    QuicMemo* quic = nullptr;  // per-flow memory for the QUIC mapper; null: none kept
};

using Sink = std::vector<Fingerprint>;

// Result of a stream mapper over the bytes buffered so far for one direction.
// A mapper that has read one whole message and wants the next one (HTTP
// keep-alive: a first response without Server) returns `consumed`, the
// message's length: the next call then gets the bytes after it, and
// `need_bytes` counts from the start of this call's input. The router follows
// at most kMaxStreamMessages messages per direction.
struct StreamStatus {
    bool done = false;             // nothing more to learn from this direction
    std::size_t need_bytes = 0;    // when !done: total bytes wanted before calling again
    std::size_t consumed = 0;      // when !done: bytes of whole messages read and mapped
};
inline constexpr std::size_t kMaxStreamMessages = 8;

}  // namespace posture::evidence
