// posture/store/writer.h
// Writes device rows to a Store off the packet path. The posture thread hands
// over rows with submit()/remove(), which only take a mutex and touch a map;
// a background thread writes them in batches (one transaction each, see
// Store::write_batch) every `flush_interval`, or as soon as `max_batch` rows
// are pending.
//
// Coalescing: pending rows are keyed by device id. A device updated 100 times
// between two batches is written once, with its highest rev (a submit with a
// lower rev than the pending one is ignored); a removal replaces a pending
// update, and an update after a removal is written as "delete, then insert"
// so it lands whatever rev the stored row had. Every submission or removal
// folded into an already pending row counts in `rows_coalesced`.
//
// Failures: a batch that fails (disk full, a lock held past the busy timeout,
// ...) counts one `write_errors`, keeps its error text in `last_error`, and
// its rows go back to the pending map (unless a newer version of the same
// device arrived meanwhile); they are retried at the next interval, not lost.
// While batches fail, only the interval (not max_batch) starts a new try.
//
// Bounded memory: at most `max_pending` distinct ids wait. A submit or remove
// for a new id beyond that is dropped and counted in `rows_dropped` (updates
// of an id already pending still coalesce). A dropped update is persisted by
// the device's next update once the backlog drains; a dropped removal leaves
// the device in the file until it is removed again, so it comes back after a
// restart (the inventory ages it out again). Rows put back after a failed
// batch may exceed the cap by one batch: they are never dropped.
// A row failing storable() is refused by submit() and counted in `rows_invalid`.
//
// Shutdown: the destructor stops the thread after one last attempt to write
// everything pending; a failure there can only be counted. Call flush() first
// to learn whether the last rows made it (and log its error).
//
// Thread-safety: submit(), remove(), flush() and stats() may be called from
// any threads concurrently (typically submit/remove from the posture thread,
// stats from the control thread, flush at shutdown). submit/remove never wait
// for the disk: the writer thread holds the mutex only to move rows in and out
// of the map, never while SQLite works. The destructor must not race with
// the other calls. The Writer is neither copyable nor movable.
//
// Suggested counter names: posture.store.batches, posture.store.rows_written,
// posture.store.rows_coalesced, posture.store.write_errors,
// posture.store.rows_dropped, posture.store.rows_invalid, and the gauge
// posture.store.pending.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "posture/store/store.h"

namespace posture::store {

struct WriterOptions {
    std::chrono::milliseconds flush_interval{1000};  // > 0
    std::size_t max_batch = 512;                     // rows per transaction, > 0
    std::size_t max_pending = std::size_t{1} << 20;  // distinct ids waiting, > 0
};

struct WriterStats {
    std::uint64_t batches_written = 0;  // committed transactions
    std::uint64_t rows_written = 0;     // upserts + removals committed
    std::uint64_t rows_coalesced = 0;   // folded into a pending row, never written
    std::uint64_t write_errors = 0;     // failed transactions (their rows retried)
    std::uint64_t rows_dropped = 0;     // refused: max_pending reached
    std::uint64_t rows_invalid = 0;     // refused: !storable()
    std::size_t pending = 0;            // ids waiting now (gauge)
    std::string last_error;             // of the last failed batch; "" if none yet
};

class Writer {
public:
    // Takes the opened store and starts the writer thread (std::thread may
    // throw std::system_error: construct at start-up).
    explicit Writer(Store store, WriterOptions options = {});
    ~Writer();  // writes what is pending (one attempt), then joins the thread

    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    Writer(Writer&&) = delete;
    Writer& operator=(Writer&&) = delete;

    // Queue `device` for writing (cheap: a mutex and a map insert).
    void submit(StoredDevice device);
    // Queue the removal of `id` (a device that aged out or was merged).
    void remove(std::string id);

    // Blocks until everything pending when it was called has been written, or
    // one attempt to write it failed: returns that batch's error (the rows
    // stay pending for the next round). Waits for the disk, never call it on
    // the packet path.
    [[nodiscard]] std::expected<void, std::string> flush();

    [[nodiscard]] WriterStats stats() const;

private:
    struct Entry {
        std::optional<StoredDevice> row;  // nullopt: a removal
        bool remove_first = false;        // delete the stored row before the upsert
    };
    using PendingMap = std::unordered_map<std::string, Entry>;

    static void merge(Entry& older, Entry&& newer) noexcept;
    void enqueue(const std::string& id, Entry&& entry);
    void run();
    // Writes all pending rows, max_batch per transaction; stops at the first
    // failure. Called with `lock` held; releases it while SQLite works.
    std::expected<void, std::string> drain(std::unique_lock<std::mutex>& lock);

    Store store_;  // used by the writer thread only
    const WriterOptions options_;

    mutable std::mutex mu_;
    std::condition_variable wake_;     // to the writer thread
    std::condition_variable flushed_;  // to flush() callers
    PendingMap pending_;
    bool stop_ = false;
    bool failing_ = false;              // last batch failed: wait for the interval
    std::uint64_t flush_requested_ = 0; // generation numbers
    std::uint64_t flush_done_ = 0;
    std::optional<std::string> flush_error_;  // result of the round that finished flush_done_
    WriterStats stats_;

    std::thread thread_;  // last: starts after every member above exists
};

}  // namespace posture::store
