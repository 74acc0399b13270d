// posture/kb/ua_db.h
// User-Agent parser backed by uap-core's regexes.yaml (Debian package
// uap-core, /usr/share/uap-core/regexes.yaml), following uap-core's
// specification (/usr/share/doc/uap-core/specification.md.gz): three lists,
// user_agent_parsers, os_parsers and device_parsers; within each list the
// first regex that matches anywhere in the string wins; `*_replacement`
// strings override the capture groups and may insert them with $1..$9 (a
// group that did not take part reads as empty); `regex_flag: 'i'` makes a
// regex case-insensitive; every result is trimmed of surrounding white space,
// and an empty one counts as absent; a list that matches nothing gives the
// family "Other" and no version, brand or model.
//
// Matching uses RE2 in Latin-1 mode (every byte is one character), so bytes
// from the wire that are not valid UTF-8 match like any other byte; patterns
// with characters outside Latin-1 never occur in uap-core. Regexes RE2
// rejects (uap-core keeps its regexes RE2-compatible for its Go port, but
// a lookaround or backreference could creep in) are skipped and counted
// (skipped()), never fatal. A regex with more than 9 groups sees only $1..$9.
//
// Cost (bench/ua_db_bench.cc): load() reads ~1200 regexes and compiles them,
// ~0.2 s of CPU. A parse does not try the regexes one by one (that took
// ~0.9 ms): RE2's FilteredRE2 picks the candidates whose required literals
// occur in the string, ~10 us for a string not seen before (15-60 us over
// uap-core's whole test corpus); a cached one costs a hash lookup. Each
// regex's lazily built DFA is capped (1 MiB, ua_db.cc; about 10 MB in all
// after 30000 distinct strings); beyond that RE2 falls back to its slower
// NFA, never to a wrong answer.
//
// Limits: only the first kUaMaxBytes bytes of a User-Agent are matched (real
// ones are 100-300 bytes; the cut bounds the work a hostile header can cause,
// RE2 being linear anyway). Results are cached per (cut) string in a bounded
// cache of kUaCacheEntries entries (a few MB) with CLOCK (second-chance)
// eviction: the same few strings repeat all day, and churn from one-off
// strings cannot push out the ones in use.
//
// Threads: load() once at start-up. parse() updates the cache, so a UaDb
// belongs to one thread (the posture thread); it is movable, not copyable.
//
// Hints (ua_hints): os.name, os.version, type, vendor and model, src
// "http.ua". Weights: a User-Agent names its platform plainly and is usually
// right, but anyone can send any string, some clients send another
// platform's UA on purpose (iPadOS Safari asks for desktop sites with a Mac
// UA: such an iPad reads as macOS, workstation), proxies rewrite them, and a
// UA describes a client program, not the box:
//   os.name    50  the platform token is the part of a UA most often correct
//   os.version 40  browsers freeze or round it (macOS "10.15.7", Windows "10")
//   type       40  derived from device and OS, second-hand; 25 for a guess
//                  (Android without a phone/tablet clue, bare "Linux", webOS)
//   model      60  a model code ("JKM-LX1", "SM-G960F") is hard to get by
//                  accident; 40 when uap-core only knows it as "generic"
//   vendor     40  a brand inferred from the model code by uap-core's tables
// A UA that uap-core calls a crawler (device "Spider") gives no hints at all:
// crawlers copy the platform tokens of the browser they imitate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "posture/evidence/fingerprint.h"

namespace posture {

inline constexpr std::size_t kUaMaxBytes = 512;        // longer User-Agents are cut before matching
inline constexpr std::size_t kUaCacheEntries = 4096;   // parse() results kept

inline constexpr std::uint8_t kUaOsNameWeight = 50;
inline constexpr std::uint8_t kUaOsVersionWeight = 40;
inline constexpr std::uint8_t kUaTypeWeight = 40;
inline constexpr std::uint8_t kUaTypeGuessWeight = 25;
inline constexpr std::uint8_t kUaModelWeight = 60;
inline constexpr std::uint8_t kUaGenericModelWeight = 40;
inline constexpr std::uint8_t kUaVendorWeight = 40;

// One parse, as uap-core names the fields. Empty = not given; the three
// families are never empty ("Other" when nothing matched).
struct UaInfo {
    std::string family, major, minor, patch;                  // user_agent_parsers
    std::string os_family, os_major, os_minor, os_patch;      // os_parsers
    std::string os_patch_minor;                               // os_parsers $5 (uap-core's patchMinor)
    std::string device_family, brand, model;                  // device_parsers
};

class UaDb {
public:
    // Reads and compiles a regexes.yaml. Errors name the file, and for YAML
    // trouble the line and the key: "/x/regexes.yaml:12: os_parsers: expected
    // a list", "/x/regexes.yaml:3: regex: missing". Unknown keys in an entry
    // are ignored (newer uap-core releases may add some). Never throws.
    [[nodiscard]] static std::expected<UaDb, std::string> load(
        const std::string& path = "/usr/share/uap-core/regexes.yaml");

    UaDb(UaDb&&) noexcept;
    UaDb& operator=(UaDb&&) noexcept;
    UaDb(const UaDb&) = delete;
    UaDb& operator=(const UaDb&) = delete;
    ~UaDb();

    // Parses `ua` (any bytes; only the first kUaMaxBytes are used). The
    // reference stays valid until the next call to parse() on this object
    // (which may evict the entry) or until the UaDb goes away.
    [[nodiscard]] const UaInfo& parse(std::string_view ua);

    // Parses without the cache (for tests and benchmarks).
    [[nodiscard]] UaInfo parse_uncached(std::string_view ua) const;

    [[nodiscard]] std::size_t skipped() const noexcept { return skipped_; }  // regexes RE2 rejected
    [[nodiscard]] std::size_t rule_count() const noexcept;                   // regexes in use, all lists
    [[nodiscard]] std::size_t cache_size() const noexcept { return cache_.size(); }
    [[nodiscard]] std::uint64_t cache_hits() const noexcept { return hits_; }
    [[nodiscard]] std::uint64_t cache_misses() const noexcept { return misses_; }

private:
    struct Lists;  // the compiled rules (ua_db.cc)
    struct Entry {
        UaInfo info;
        std::size_t slot = 0;  // its place in ring_
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

    UaDb();
    void evict_one();

    std::unique_ptr<const Lists> lists_;
    std::size_t skipped_ = 0;
    // The cache: entries by key; ring_ views the keys (node-stable) in
    // insertion slots, used_ is CLOCK's second-chance bit per slot.
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> cache_;
    std::vector<std::string_view> ring_;
    std::vector<std::uint8_t> used_;
    std::size_t hand_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

// Classification hints from a parsed User-Agent (see the weights above).
// Empty for crawlers and for UAs that name no platform (curl, wget, most
// libraries).
[[nodiscard]] std::vector<ClassHint> ua_hints(const UaInfo& ua);

// uap-core's OS family in the project's spelling ("Mac OS X" -> "macOS",
// "iPadOS" -> "iOS", "Ubuntu" -> "Linux"); empty for families that are not an
// OS we name ("Other", "Samsung", ...).
[[nodiscard]] std::string_view ua_os_name(std::string_view uap_os_family) noexcept;

}  // namespace posture
