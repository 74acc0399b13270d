// posture/store/writer.cc
#include "posture/store/writer.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace posture::store {

namespace {

WriterOptions sanitized(WriterOptions o) {
    // Zero would make the thread spin (interval) or never write (sizes).
    o.flush_interval = std::max(o.flush_interval, std::chrono::milliseconds{1});
    o.max_batch = std::max<std::size_t>(o.max_batch, 1);
    o.max_pending = std::max<std::size_t>(o.max_pending, 1);
    return o;
}

}  // namespace

Writer::Writer(Store store, WriterOptions options)
    : store_(std::move(store)), options_(sanitized(options)), thread_([this] { run(); }) {}

Writer::~Writer() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Writer::merge(Entry& older, Entry&& newer) noexcept {
    if (!newer.row) {  // a removal wins over anything pending
        older.row.reset();
        older.remove_first = true;
        return;
    }
    if (!older.row) {  // re-added after a removal: delete, then insert
        older.row = std::move(newer.row);
        older.remove_first = true;
        return;
    }
    if (newer.row->rev >= older.row->rev) older.row = std::move(newer.row);
    older.remove_first = older.remove_first || newer.remove_first;
}

void Writer::enqueue(const std::string& id, Entry&& entry) {
    std::lock_guard lock(mu_);
    if (auto it = pending_.find(id); it != pending_.end()) {
        merge(it->second, std::move(entry));
        ++stats_.rows_coalesced;
        return;
    }
    if (pending_.size() >= options_.max_pending) {
        ++stats_.rows_dropped;
        return;
    }
    std::string key = id;  // copied before `entry` (which may hold `id`) moves
    pending_.emplace(std::move(key), std::move(entry));
    // Wake the thread once, when the batch fills (not on every submit).
    if (pending_.size() == options_.max_batch && !failing_) wake_.notify_one();
}

void Writer::submit(StoredDevice device) {
    if (!storable(device)) {
        std::lock_guard lock(mu_);
        ++stats_.rows_invalid;
        return;
    }
    Entry e{std::move(device), false};
    const std::string& id = e.row->id;  // enqueue copies it before moving `e`
    enqueue(id, std::move(e));
}

void Writer::remove(std::string id) {
    enqueue(id, Entry{std::nullopt, true});
}

std::expected<void, std::string> Writer::flush() {
    std::unique_lock lock(mu_);
    const std::uint64_t ticket = ++flush_requested_;
    wake_.notify_one();
    flushed_.wait(lock, [&] { return flush_done_ >= ticket; });
    if (flush_error_) return std::unexpected(*flush_error_);
    return {};
}

WriterStats Writer::stats() const {
    std::lock_guard lock(mu_);
    WriterStats s = stats_;
    s.pending = pending_.size();
    return s;
}

void Writer::run() {
    using Clock = std::chrono::steady_clock;
    std::unique_lock lock(mu_);
    auto deadline = Clock::now() + options_.flush_interval;
    for (;;) {
        wake_.wait_until(lock, deadline, [&] {
            return stop_ || flush_requested_ > flush_done_ ||
                   (!failing_ && pending_.size() >= options_.max_batch);
        });
        const std::uint64_t ticket = flush_requested_;
        const bool stopping = stop_;
        auto result = drain(lock);
        failing_ = !result.has_value();
        deadline = Clock::now() + options_.flush_interval;
        if (ticket > flush_done_) {
            flush_done_ = ticket;
            flush_error_ = result ? std::nullopt : std::optional<std::string>(result.error());
            flushed_.notify_all();
        }
        if (stopping) return;
    }
}

std::expected<void, std::string> Writer::drain(std::unique_lock<std::mutex>& lock) {
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::vector<PendingMap::node_type> nodes;
    std::vector<std::size_t> slot;  // nodes[j]'s row is upserts[slot[j]]
    std::vector<StoredDevice> upserts;
    std::vector<std::string> removals;
    while (!pending_.empty()) {
        nodes.clear();
        while (!pending_.empty() && nodes.size() < options_.max_batch)
            nodes.push_back(pending_.extract(pending_.begin()));
        lock.unlock();

        slot.assign(nodes.size(), kNone);
        upserts.clear();
        removals.clear();
        for (std::size_t j = 0; j < nodes.size(); ++j) {
            Entry& e = nodes[j].mapped();
            if (e.remove_first) removals.push_back(nodes[j].key());
            if (e.row) {
                slot[j] = upserts.size();
                upserts.push_back(std::move(*e.row));
            }
        }
        auto result = store_.write_batch(upserts, removals);
        if (!result) {  // give the rows back for the next round
            for (std::size_t j = 0; j < nodes.size(); ++j) {
                if (slot[j] != kNone) *nodes[j].mapped().row = std::move(upserts[slot[j]]);
            }
        }

        lock.lock();
        if (result) {
            ++stats_.batches_written;
            stats_.rows_written += nodes.size();
            continue;
        }
        ++stats_.write_errors;
        stats_.last_error = result.error();
        for (auto& node : nodes) {
            auto it = pending_.find(node.key());
            if (it == pending_.end()) {
                pending_.insert(std::move(node));
                continue;
            }
            // A newer version arrived while the batch failed: it goes on top.
            Entry newer = std::move(it->second);
            it->second = std::move(node.mapped());
            merge(it->second, std::move(newer));
            ++stats_.rows_coalesced;
        }
        return std::unexpected(std::move(result.error()));
    }
    return {};
}

}  // namespace posture::store
