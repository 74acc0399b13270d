// posture/store/store.h
// The device inventory on disk: one SQLite file (WAL mode) under the state
// directory, holding one row per device. The store knows nothing about
// devices beyond the row shape below; the posture thread serialises a
// device's full state (evidence, findings, ...) into `state` and restores from
// it. posture/store/writer.h batches the writes off the packet path.
//
// Durability: journal_mode=WAL with synchronous=NORMAL. A commit is complete
// once its frames are in the WAL file (the OS page cache), so a process crash
// (kill -9, a fault, the OOM killer) loses nothing that was committed and an
// interrupted transaction simply never happened: at most the batch in flight
// is lost. On power loss or a kernel crash, NORMAL may also roll back the last
// transactions since the WAL was last synced (at each checkpoint), but never
// corrupts the file: WAL frames carry checksums and recovery drops an
// incomplete tail. FULL would add an fsync per batch; the inventory is rebuilt
// from traffic anyway, so we do not pay it (nor the flash wear) for seconds of
// state. tests/unit/posture/store_test.cc kills a writer mid-batch to show it.
//
// Schema (kSchemaVersion): meta(key PRIMARY KEY, value) with
// key 'schema_version', and devices(id TEXT PRIMARY KEY, rev, last_seen_ms,
// state BLOB). A file with a newer schema version, a SQLite file that is not
// ours, a file that is not SQLite or that fails `PRAGMA quick_check` is
// refused at open with an error naming the file.
//
// Limits: rev and last_seen_ms must be <= kMaxStoredValue (SQLite integers
// are signed 64-bit); id and state at most kMaxFieldBytes each (SQLite
// refuses more than ~1 GB per value anyway).
//
// Thread-safety: a Store is a single connection; use it from one thread at a
// time (it may be moved to another thread between calls). Several processes
// may open the same file; SQLite's locking serialises them, waiting up to
// kBusyTimeoutMs for a lock before a call fails.
//
// Errors: every failure is a string "store: <path>: <what>: <sqlite message>";
// nothing throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <limits>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace posture::store {

inline constexpr std::int64_t kSchemaVersion = 1;
inline constexpr int kBusyTimeoutMs = 5000;
inline constexpr std::uint64_t kMaxStoredValue =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
inline constexpr std::size_t kMaxFieldBytes = 1'000'000'000;  // SQLITE_MAX_LENGTH default

// One device as persisted. `state` is opaque to the store (a JSON text).
struct StoredDevice {
    std::string id;
    std::uint64_t rev = 0;           // higher wins (equal: the later last_seen_ms); <= kMaxStoredValue
    std::uint64_t last_seen_ms = 0;  // <= kMaxStoredValue
    std::string state;

    friend bool operator==(const StoredDevice&, const StoredDevice&) = default;
};

// True when `d` fits the limits above (write_batch refuses a batch otherwise).
[[nodiscard]] bool storable(const StoredDevice& d) noexcept;

namespace detail {
struct DbCloser {
    void operator()(sqlite3* db) const noexcept;
};
struct StmtFinalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept;
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;
}  // namespace detail

class Store {
public:
    // Opens `path`, creating the file (not its directory: the caller owns the
    // state directory and its permissions) when absent. Sets WAL, NORMAL sync
    // and the busy timeout, runs `PRAGMA quick_check` (reads the whole file:
    // about a second per few hundred MB), creates or checks the schema and
    // prepares the statements. Errors: cannot open/create, not a database,
    // WAL unavailable (e.g. a file system without shared memory), quick_check
    // failure, a newer or unknown schema version, a foreign SQLite file.
    [[nodiscard]] static std::expected<Store, std::string> open(const std::string& path);

    Store(Store&&) noexcept = default;
    Store& operator=(Store&&) noexcept = default;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store() = default;  // closes the connection (SQLite checkpoints the WAL)

    // One transaction (BEGIN IMMEDIATE ... COMMIT): first deletes every id in
    // `removals`, then upserts every row of `upserts`. An upsert replaces a
    // stored row only when its rev is higher, or equal with a later
    // last_seen_ms (a refresh: last_seen moves without a new rev); since
    // removals go first, an id
    // in both lists ends up as the upserted row whatever the stored rev was.
    // All or nothing: on any error the transaction is rolled back and nothing
    // of the batch is stored. A row failing storable() fails the batch before
    // anything is written.
    [[nodiscard]] std::expected<void, std::string> write_batch(
        const std::vector<StoredDevice>& upserts, const std::vector<std::string>& removals);

    // Every stored device, ordered by id.
    [[nodiscard]] std::expected<std::vector<StoredDevice>, std::string> load_all();

    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    Store() = default;
    [[nodiscard]] std::string error(const char* what) const;
    [[nodiscard]] std::expected<void, std::string> init();
    [[nodiscard]] std::expected<void, std::string> rollback_after(std::string err);

    std::string path_;
    detail::DbPtr db_;  // declared before the statements: finalized first
    detail::StmtPtr begin_, commit_, rollback_, upsert_, remove_, select_all_;
};

}  // namespace posture::store
