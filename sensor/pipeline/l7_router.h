// sensor/pipeline/l7_router.h
// Per-worker glue between flows and the fingerprint mappers: routes frames,
// datagrams and the first bytes of each TCP direction (bounded, in-order
// reassembly) to posture/evidence/<proto> mappers, and turns what they find
// into Evidence. Owns the stream buffers (a free list, at most
// max_stream_bytes per direction, released as soon as a direction is done).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "dissectors/core/routes.h"
#include "posture/evidence/evidence.h"
#include "posture/evidence/handlers.h"
#include "sensor/pipeline/counter.h"
#include "sensor/pipeline/flow_table.h"

namespace sensor {

inline constexpr std::size_t kDefaultMaxStreamBytes = 16 * 1024;

struct StreamState;

struct L7Counters {
    // dissect.<proto>.<kind> for each routed protocol and ParseError kind.
    std::array<std::array<Counter, 4>, dissect::routes::kProtoCount> errors;
    std::array<Counter, dissect::routes::kProtoCount> parsed;
    Counter stream_gaps;        // pipeline.stream.gap: a direction lost bytes, abandoned
    Counter stream_too_large;   // pipeline.stream.too_large: max_stream_bytes reached before done
    Counter fingerprints;       // fingerprint evidence produced
    Counter tls_upgrades;       // pipeline.stream.tls_upgrade: STARTTLS or CONNECT turned a stream into TLS
};

class L7Router {
public:
    using Emit = std::function<void(posture::Evidence&&)>;

    L7Router(const dissect::routes::Table& routes, const posture::Databases& db, std::size_t max_stream_bytes);
    ~L7Router();
    L7Router(const L7Router&) = delete;
    L7Router& operator=(const L7Router&) = delete;

    // A frame without IP (LLDP, CDP, STP, EAPOL).
    void frame(const dissect::packet::Decoded& d, std::uint64_t seq, std::uint64_t ts_us, const Emit& emit);
    // An ICMPv6 Router Advertisement (IPv6 ND; other ICMPv6 is not routed).
    // Returns false when it did not parse (the caller counts dissect.ndp.*).
    [[nodiscard]] bool router_advert(const dissect::packet::Decoded& d, std::uint64_t seq, std::uint64_t ts_us,
                                     const Emit& emit, dissect::ParseError* err);
    // A UDP/TCP packet of flow `f`; `from_client` tells its direction.
    void packet(Flow& f, const dissect::packet::Decoded& d, bool from_client, std::uint64_t seq, std::uint64_t ts_us,
                const Emit& emit);
    // The flow ends: release its stream state.
    void end(Flow& f);

    [[nodiscard]] const L7Counters& counters() const noexcept { return counters_; }
    [[nodiscard]] std::size_t live_streams() const noexcept { return live_; }

private:
    void deliver(posture::evidence::Sink& sink, const dissect::packet::Decoded& d, std::uint64_t seq,
                 std::uint64_t ts_us, const Emit& emit);
    void count(dissect::routes::Proto p, const dissect::ParseError& e);
    StreamState* acquire(bool buffers = true);  // buffers: reserve TCP reassembly space
    void release(StreamState* s);

    const dissect::routes::Table& routes_;
    const posture::Databases& db_;
    std::size_t max_stream_bytes_;
    L7Counters counters_;
    std::vector<std::unique_ptr<StreamState>> pool_;
    std::size_t live_ = 0;
    posture::evidence::Sink sink_;  // reused between calls
};

}  // namespace sensor
