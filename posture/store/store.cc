// posture/store/store.cc
#include "posture/store/store.h"

#include <sqlite3.h>

#include <string_view>
#include <utility>

namespace posture::store {

namespace {

constexpr const char* kSchemaSql =
    "CREATE TABLE IF NOT EXISTS devices ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  rev INTEGER NOT NULL,"
    "  last_seen_ms INTEGER NOT NULL,"
    "  state BLOB NOT NULL)";
// Rows are ~KB of JSON: a rowid table (WITHOUT ROWID suits small rows only).

constexpr const char* kUpsertSql =
    "INSERT INTO devices(id, rev, last_seen_ms, state) VALUES(?1, ?2, ?3, ?4) "
    "ON CONFLICT(id) DO UPDATE SET rev = excluded.rev, last_seen_ms = excluded.last_seen_ms, "
    "state = excluded.state WHERE excluded.rev > devices.rev OR "
    "(excluded.rev = devices.rev AND excluded.last_seen_ms > devices.last_seen_ms)";

// The WAL is reset after each checkpoint but keeps its size; past this limit
// it is truncated back (a batch of 512 rows of a few KB is a few MB).
constexpr const char* kJournalSizeLimitSql = "PRAGMA journal_size_limit = 16777216";

constexpr std::size_t kMaxCheckMessages = 4;  // quick_check lines quoted in an error

std::string column_blob(sqlite3_stmt* s, int col) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s, col));
    const int n = sqlite3_column_bytes(s, col);
    return p && n > 0 ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

std::string_view column_text(sqlite3_stmt* s, int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
    const int n = sqlite3_column_bytes(s, col);
    return p ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view();
}

}  // namespace

void detail::DbCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void detail::StmtFinalizer::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

bool storable(const StoredDevice& d) noexcept {
    return d.rev <= kMaxStoredValue && d.last_seen_ms <= kMaxStoredValue &&
           d.id.size() <= kMaxFieldBytes && d.state.size() <= kMaxFieldBytes;
}

std::string Store::error(const char* what) const {
    std::string e = "store: " + path_ + ": " + what;
    if (db_) {
        e += ": ";
        e += sqlite3_errmsg(db_.get());
    }
    return e;
}

std::expected<Store, std::string> Store::open(const std::string& path) {
    Store s;
    s.path_ = path;
    sqlite3* raw = nullptr;
    // NOMUTEX: one thread at a time (see the header); the Writer serialises.
    const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    s.db_.reset(raw);  // closed on every path, even when open failed
    if (rc != SQLITE_OK) {
        if (!raw) return std::unexpected("store: " + path + ": cannot open: out of memory");
        return std::unexpected(s.error("cannot open"));
    }
    if (auto r = s.init(); !r) return std::unexpected(std::move(r.error()));
    return s;
}

std::expected<void, std::string> Store::init() {
    sqlite3* db = db_.get();
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);

    // journal_mode answers the mode in force: "wal", or the old mode when WAL
    // is impossible. The first read of the file: a non-database fails here.
    {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &raw, nullptr) != SQLITE_OK)
            return std::unexpected(error("cannot set journal_mode=WAL"));
        detail::StmtPtr st(raw);
        if (sqlite3_step(raw) != SQLITE_ROW) return std::unexpected(error("cannot set journal_mode=WAL"));
        const std::string mode(column_text(raw, 0));
        if (mode != "wal")
            return std::unexpected("store: " + path_ + ": journal_mode=WAL refused (mode is '" + mode + "')");
    }
    if (sqlite3_exec(db, "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr) != SQLITE_OK)
        return std::unexpected(error("cannot set synchronous=NORMAL"));
    if (sqlite3_exec(db, kJournalSizeLimitSql, nullptr, nullptr, nullptr) != SQLITE_OK)
        return std::unexpected(error("cannot set journal_size_limit"));

    {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &raw, nullptr) != SQLITE_OK)
            return std::unexpected(error("quick_check"));
        detail::StmtPtr st(raw);
        std::string problems;
        std::size_t lines = 0;
        int rc = SQLITE_OK;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
            const std::string_view line = column_text(raw, 0);
            if (line == "ok") continue;
            if (lines++ < kMaxCheckMessages) {
                if (!problems.empty()) problems += "; ";
                problems += line;
            }
        }
        if (rc != SQLITE_DONE) return std::unexpected(error("quick_check"));
        if (lines > 0)
            return std::unexpected("store: " + path_ + ": quick_check failed (" + std::to_string(lines) +
                                   " problems): " + problems);
    }

    // Schema: create or check under one write lock, so two processes opening
    // a new file at once cannot both create it.
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return std::unexpected(error("cannot lock for the schema check"));
    auto schema = [&]() -> std::expected<void, std::string> {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db,
                               "SELECT count(*), coalesce(sum(name = 'meta'), 0) FROM sqlite_schema "
                               "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                               -1, &raw, nullptr) != SQLITE_OK)
            return std::unexpected(error("cannot read the schema"));
        detail::StmtPtr tables(raw);
        if (sqlite3_step(raw) != SQLITE_ROW) return std::unexpected(error("cannot read the schema"));
        const std::int64_t n_tables = sqlite3_column_int64(raw, 0);
        const bool has_meta = sqlite3_column_int64(raw, 1) > 0;
        tables.reset();
        if (n_tables > 0 && !has_meta)
            return std::unexpected("store: " + path_ +
                                   ": a SQLite database that is not a sensor inventory (no meta table)");
        if (!has_meta) {
            if (sqlite3_exec(db, "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value NOT NULL)", nullptr,
                             nullptr, nullptr) != SQLITE_OK)
                return std::unexpected(error("cannot create the meta table"));
            const std::string ins =
                "INSERT INTO meta(key, value) VALUES('schema_version', " + std::to_string(kSchemaVersion) + ")";
            if (sqlite3_exec(db, ins.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
                return std::unexpected(error("cannot write the schema version"));
        }
        if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &raw, nullptr) !=
            SQLITE_OK)
            return std::unexpected(error("cannot read the schema version"));
        detail::StmtPtr ver(raw);
        const int rc = sqlite3_step(raw);
        if (rc == SQLITE_DONE)
            return std::unexpected("store: " + path_ + ": no schema_version in the meta table");
        if (rc != SQLITE_ROW) return std::unexpected(error("cannot read the schema version"));
        if (sqlite3_column_type(raw, 0) != SQLITE_INTEGER)
            return std::unexpected("store: " + path_ + ": schema_version is not an integer ('" +
                                   std::string(column_text(raw, 0)) + "')");
        const std::int64_t version = sqlite3_column_int64(raw, 0);
        if (version > kSchemaVersion)
            return std::unexpected("store: " + path_ + ": schema version " + std::to_string(version) +
                                   " is newer than this build's " + std::to_string(kSchemaVersion) +
                                   " (written by a newer sensor?); refusing to open it");
        if (version < 1)
            return std::unexpected("store: " + path_ + ": unknown schema version " + std::to_string(version));
        // Migrations from older versions go here, inside this transaction.
        if (sqlite3_exec(db, kSchemaSql, nullptr, nullptr, nullptr) != SQLITE_OK)
            return std::unexpected(error("cannot create the devices table"));
        return {};
    }();
    if (!schema) return rollback_after(std::move(schema.error()));
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return rollback_after(error("cannot commit the schema"));

    struct Prep {
        detail::StmtPtr* out;
        const char* sql;
    };
    const Prep preps[] = {
        {&begin_, "BEGIN IMMEDIATE"},
        {&commit_, "COMMIT"},
        {&rollback_, "ROLLBACK"},
        {&upsert_, kUpsertSql},
        {&remove_, "DELETE FROM devices WHERE id = ?1"},
        {&select_all_, "SELECT id, rev, last_seen_ms, state FROM devices ORDER BY id"},
    };
    for (const Prep& p : preps) {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v3(db, p.sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
            return std::unexpected(error("cannot prepare a statement"));
        p.out->reset(raw);
    }
    return {};
}

std::expected<void, std::string> Store::rollback_after(std::string err) {
    // A failed step may already have rolled the transaction back (SQLITE_FULL,
    // SQLITE_IOERR...); only roll back what is still open.
    if (db_ && !sqlite3_get_autocommit(db_.get())) {
        if (rollback_) {
            sqlite3_step(rollback_.get());
            sqlite3_reset(rollback_.get());
        } else {
            sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }
    return std::unexpected(std::move(err));
}

std::expected<void, std::string> Store::write_batch(const std::vector<StoredDevice>& upserts,
                                                    const std::vector<std::string>& removals) {
    if (!db_) return std::unexpected("store: " + path_ + ": closed");
    for (const StoredDevice& d : upserts) {
        if (!storable(d))
            return std::unexpected("store: " + path_ + ": device row out of range (rev, last_seen_ms or size)");
    }
    for (const std::string& id : removals) {
        if (id.size() > kMaxFieldBytes) return std::unexpected("store: " + path_ + ": removal id too long");
    }
    if (upserts.empty() && removals.empty()) return {};

    sqlite3_stmt* begin = begin_.get();
    const int brc = sqlite3_step(begin);
    sqlite3_reset(begin);
    if (brc != SQLITE_DONE) return rollback_after(error("cannot begin a batch"));

    sqlite3_stmt* rm = remove_.get();
    for (const std::string& id : removals) {
        sqlite3_bind_text(rm, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(rm);
        if (rc != SQLITE_DONE) {
            auto e = error("cannot delete a device");
            sqlite3_reset(rm);
            sqlite3_clear_bindings(rm);
            return rollback_after(std::move(e));
        }
        sqlite3_reset(rm);
    }
    sqlite3_clear_bindings(rm);  // SQLITE_STATIC: drop the pointers into `removals`

    sqlite3_stmt* up = upsert_.get();
    for (const StoredDevice& d : upserts) {
        sqlite3_bind_text(up, 1, d.id.data(), static_cast<int>(d.id.size()), SQLITE_STATIC);
        sqlite3_bind_int64(up, 2, static_cast<sqlite3_int64>(d.rev));
        sqlite3_bind_int64(up, 3, static_cast<sqlite3_int64>(d.last_seen_ms));
        // The state is binary (msgpack): a BLOB, never reinterpreted as text.
        sqlite3_bind_blob(up, 4, d.state.data(), static_cast<int>(d.state.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(up);
        if (rc != SQLITE_DONE) {
            auto e = error("cannot upsert a device");
            sqlite3_reset(up);
            sqlite3_clear_bindings(up);
            return rollback_after(std::move(e));
        }
        sqlite3_reset(up);
    }
    sqlite3_clear_bindings(up);

    sqlite3_stmt* commit = commit_.get();
    const int crc = sqlite3_step(commit);
    if (crc != SQLITE_DONE) {
        auto e = error("cannot commit a batch");
        sqlite3_reset(commit);
        return rollback_after(std::move(e));
    }
    sqlite3_reset(commit);
    return {};
}

std::expected<std::vector<StoredDevice>, std::string> Store::load_all() {
    if (!db_) return std::unexpected("store: " + path_ + ": closed");
    sqlite3_stmt* s = select_all_.get();
    std::vector<StoredDevice> out;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const std::int64_t rev = sqlite3_column_int64(s, 1);
        const std::int64_t last = sqlite3_column_int64(s, 2);
        if (rev < 0 || last < 0) {
            std::string id(column_text(s, 0));
            sqlite3_reset(s);
            return std::unexpected("store: " + path_ + ": device '" + id + "' has a negative rev or last_seen_ms");
        }
        out.push_back(StoredDevice{std::string(column_text(s, 0)), static_cast<std::uint64_t>(rev),
                                   static_cast<std::uint64_t>(last), column_blob(s, 3)});
    }
    if (rc != SQLITE_DONE) {
        auto e = error("cannot read the devices");
        sqlite3_reset(s);
        return std::unexpected(std::move(e));
    }
    sqlite3_reset(s);
    return out;
}

}  // namespace posture::store
