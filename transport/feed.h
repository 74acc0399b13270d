// transport/feed.h
// The posture thread's side of the stream: each posture tick it turns what
// changed in the inventory into publisher updates (publisher.h) and carries
// controllers' commands back into the inventory.
//
// Topic of an upsert: device.new the first time a record is published;
// device.risk when its posture (risk, level, findings) differs from what was
// last published; device.update for any other material change (the
// inventory's rev moved: classification, identity, addresses, services,
// fingerprints). A change of last_seen alone is published at most once per
// kLastSeenRepublishMs of packet time (WIRE-PROTOCOL §4).
//
// Nothing is lost when the publisher's queue is full: the feed stops at the
// first refused update and starts again from the same point next tick.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "posture/inventory/inventory.h"
#include "transport/publisher.h"

namespace transport {

inline constexpr std::uint64_t kLastSeenRepublishMs = 60'000;

class Feed {
public:
    explicit Feed(Publisher& pub) : pub_(pub) {}

    // Applies controllers' commands to the inventory (forget_device,
    // set_verdict) and ends the verdicts whose ttl ran out by `wall_ms`: call
    // first in the tick, before the inventory's Gone records are taken.
    void apply_commands(posture::Inventory& inv, std::uint64_t wall_ms = now_wall_ms());
    [[nodiscard]] static std::uint64_t now_wall_ms();
    // One posture tick: `gone` is what inv.take_gone() returned this tick
    // (the store needs it too). `last`: the capture has ended (publish
    // everything current).
    void tick(const posture::Inventory& inv, std::vector<posture::Gone> gone, bool last);

    [[nodiscard]] std::uint64_t offered() const noexcept { return offered_; }
    [[nodiscard]] std::uint64_t deferred() const noexcept { return deferred_; }

private:
    struct Sent {
        std::uint64_t rev = 0;           // inventory rev last published
        std::size_t posture_hash = 0;    // of the posture map last published
        std::uint64_t last_seen_ms = 0;  // last_seen last published
    };

    Publisher& pub_;
    std::unordered_map<std::string, Sent> sent_;
    std::vector<posture::Gone> pending_gone_;  // refused by a full queue, retried first
    std::uint64_t offered_ = 0, deferred_ = 0;
};

}  // namespace transport
