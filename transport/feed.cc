// transport/feed.cc
// See feed.h.
#include "transport/feed.h"

#include <chrono>
#include <functional>

namespace transport {
namespace {

std::size_t posture_hash(const posture::Value& rec) {
    const posture::Map* m = rec.as_map();
    if (!m) return 0;
    auto it = m->find("posture");
    return it == m->end() ? 0 : std::hash<std::string>{}(posture::to_json(it->second));
}

std::uint64_t last_seen_of(const posture::Value& rec) {
    const posture::Map* m = rec.as_map();
    if (!m) return 0;
    auto it = m->find("last_seen");
    if (it == m->end()) return 0;
    const auto* u = std::get_if<std::uint64_t>(&it->second.v);
    return u ? *u : 0;
}

}  // namespace

std::uint64_t Feed::now_wall_ms() {
    using namespace std::chrono;
    return static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

void Feed::apply_commands(posture::Inventory& inv, std::uint64_t wall_ms) {
    for (auto& c : pub_.take_commands()) {
        if (c.op == "forget_device") {
            // A forgotten device leaves the inventory too (the publisher
            // already sent its device.gone); seen again, it comes back as
            // device.new.
            (void)inv.forget(c.id);
            sent_.erase(c.id);
        } else if (c.op == "set_verdict") {
            // The device may have left since the publisher checked: nothing to do then.
            (void)inv.set_verdict(c.id, {std::move(c.state), std::move(c.by), std::move(c.reason), c.ts_ms, c.expires_ms});
        }
    }
    inv.expire_verdicts(wall_ms);
}

void Feed::tick(const posture::Inventory& inv, std::vector<posture::Gone> gone, bool last) {
    pending_gone_.insert(pending_gone_.end(), std::make_move_iterator(gone.begin()),
                         std::make_move_iterator(gone.end()));
    std::size_t done = 0;
    for (; done < pending_gone_.size(); ++done) {
        const auto& g = pending_gone_[done];
        if (g.reason == "forgotten") {  // announced by the publisher when it was asked
            sent_.erase(g.id);
            continue;
        }
        Update u;
        u.kind = Update::Kind::Gone;
        u.id = g.id;
        u.reason = g.reason;
        u.into = g.into;
        u.last_seen_ms = g.ts_us / 1000;
        if (!pub_.offer(std::move(u))) break;
        ++offered_;
        sent_.erase(g.id);
    }
    pending_gone_.erase(pending_gone_.begin(), pending_gone_.begin() + static_cast<std::ptrdiff_t>(done));
    if (!pending_gone_.empty()) {
        ++deferred_;
        return;
    }

    bool full = false;
    inv.for_each([&](const posture::Device& d) {
        if (full) return;
        auto it = sent_.find(d.id);
        const bool known = it != sent_.end();
        if (known && it->second.rev == d.rev) {
            // Unchanged but for last_seen: at most once a minute (and at the end).
            const std::uint64_t ls = d.last_us / 1000;
            if (ls == it->second.last_seen_ms) return;
            if (!last && ls < it->second.last_seen_ms + kLastSeenRepublishMs) return;
        }
        posture::Value rec = inv.record(d);
        const std::size_t ph = posture_hash(rec);
        Update u;
        u.kind = Update::Kind::Upsert;
        u.id = d.id;
        u.topic = !known ? "device.new" : ph != it->second.posture_hash ? "device.risk" : "device.update";
        const std::uint64_t ls = last_seen_of(rec);
        u.record = std::move(rec);
        if (!pub_.offer(std::move(u))) {
            full = true;
            ++deferred_;
            return;
        }
        ++offered_;
        sent_[d.id] = Sent{d.rev, ph, ls};
    });
}

}  // namespace transport
