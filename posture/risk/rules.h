// posture/risk/rules.h
// The risk rules: a data table in posture/rules/*.yaml, loaded and checked at
// start-up, then evaluated per device by posture/risk/engine.h.
//
// File format (each file is a map; both keys optional, nothing else allowed):
//   rules:
//     - id: SVC-TELNET-OPEN          # stable, [A-Z0-9-], starts with a letter, <= 64 chars, unique
//       title: Telnet server exposed # short, <= 256 bytes
//       severity: high               # info | low | medium | high | critical
//       score: 60                    # 0..100, this finding's contribution to the risk
//       when: {service: [tcp/23]}    # the condition, below
//       remediation: Disable ...     # a sentence an analyst can act on, <= 512 bytes
//       enabled: true                # optional, default true
//   os_eol:                          # end-of-life OS table used by {os_eol: true}
//     - {os: Windows, versions: [XP, Vista], ended: 2014-04-08}   # exact versions
//     - {os: [macOS, Mac OS X], below: "12"}                       # dotted numeric version below
//     - {os: Windows Phone}                                        # every version
//
// Condition language. A condition is a map; with several keys, all must hold.
//   all: [cond, ...]          every one holds (evidence: all of theirs)
//   any: [cond, ...]          at least one holds (evidence: those that held)
//   not: cond                 the condition does not hold (adds no evidence)
//   service: [tcp/23, udp/161, tcp/5900-5903]   the device answered on one of
//                             these ports (a scalar is a one-item list)
//   new_service: true | [tcp/3389, ...]         a server port opened after the
//                             learning period (any, or one of these)
//   observation: [cleartext.telnet.login, tls.version.*]   an evidence-mapper
//                             observation id, exact, or a prefix ending in '*'
//   ndpi_risk: ["Clear-Text Credentials"]       an nDPI flow-risk name, exact
//   network: [rogue_dhcp]     a network-detector tag (kNetworkTags in facts.h)
//   conflict: [os_sources]    an identity contradiction (kConflictKinds in facts.h)
//   type: [unknown, iot]      class.type is one of these ("" counts as unknown)
//   random_mac: true|false    new_device: true|false
//   os_eol: true|false        the OS (name, version) is in the os_eol table
// List values match when any item matches. Depth is limited to kMaxDepth.
//
// Errors (load_rules, apply_overrides) are one line naming the file, line and
// key: "posture/rules/services.yaml:12: rule SVC-TELNET-OPEN: unknown condition
// key 'servce'". Unreadable files, YAML syntax, unknown keys, wrong types,
// values out of range, duplicate ids, an override naming an unknown rule and
// unordered thresholds are all errors. Nothing throws out of this API.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "posture/risk/facts.h"

namespace posture::risk {

inline constexpr std::size_t kMaxRules = 1024;
inline constexpr std::size_t kMaxDepth = 8;
inline constexpr std::size_t kMaxListItems = 64;
inline constexpr std::size_t kMaxIdChars = 64;
inline constexpr std::size_t kMaxTitleBytes = 256;
inline constexpr std::size_t kMaxRemediationBytes = 512;

enum class Severity : std::uint8_t { Info, Low, Medium, High, Critical };
enum class Level : std::uint8_t { None, Low, Medium, High, Critical };

[[nodiscard]] std::string_view severity_name(Severity s) noexcept;  // "info" .. "critical"
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view s) noexcept;
[[nodiscard]] std::string_view level_name(Level l) noexcept;  // "none" .. "critical"

struct PortRange {
    std::uint8_t proto = 6;  // 6 tcp, 17 udp
    std::uint16_t first = 0;
    std::uint16_t last = 0;
};

struct Cond {
    enum class Kind : std::uint8_t {
        All,
        Any,
        Not,
        Services,
        NewServices,
        Observations,
        NdpiRisks,
        NetworkTags,
        Conflicts,
        Types,
        RandomMac,
        NewDevice,
        OsEol
    };
    Kind kind = Kind::All;
    std::vector<Cond> children;      // All, Any: one or more; Not: exactly one
    std::vector<PortRange> ports;    // Services; NewServices (empty: any new port)
    std::vector<std::string> names;  // Observations (trailing '*': prefix), NdpiRisks, NetworkTags, Conflicts, Types
    bool flag = true;                // RandomMac, NewDevice, OsEol: the value that matches
};

// One row of the end-of-life table. `os` names compare case-insensitively.
// With `versions`, the version must equal one of them (case-insensitive);
// with `below`, it must be a plain dotted number (or end in ".x") lower than
// `below` ("10.15.7" and "10.x" < "12"; "10.9 or newer" never matches);
// with neither, every version of that OS (even an unknown one) is EOL.
struct EolEntry {
    std::vector<std::string> os;
    std::vector<std::string> versions;
    std::vector<std::uint32_t> below;  // dotted components, empty when unused
    std::string ended;                 // free text for the evidence, e.g. "2014-04-08"
};

struct Rule {
    std::string id;
    std::string title;
    std::string remediation;
    Severity severity = Severity::Info;
    std::uint8_t score = 0;
    bool enabled = true;
    Cond when;
    std::string where;  // "file:line" of the rule, for messages
};

// Risk -> level: none below `low`, low from `low`, ... critical from `critical`.
// Valid when 1 <= low <= medium <= high <= critical <= 100.
struct Thresholds {
    int low = 1;
    int medium = 30;
    int high = 60;
    int critical = 85;
};

struct RuleSet {
    std::vector<Rule> rules;  // in file order, then order in the file
    std::vector<EolEntry> os_eol;
    Thresholds thresholds;

    [[nodiscard]] const Rule* find(std::string_view id) const noexcept;
};

// Operator settings from the sensor's config file (parsed by the daemon).
struct RuleOverride {
    std::optional<bool> enabled;
    std::optional<int> score;  // 0..100, replaces the rule's score (its weight in the risk)
    std::optional<Severity> severity;
};
struct Overrides {
    std::map<std::string, RuleOverride, std::less<>> rules;  // by rule id
    std::optional<Thresholds> thresholds;
};

// Loads and checks the files, in order; the rule ids must be unique across them.
[[nodiscard]] std::expected<RuleSet, std::string> load_rules(const std::vector<std::string>& files);
// Every *.yaml directly in `dir`, in name order; an empty directory is an error.
[[nodiscard]] std::expected<RuleSet, std::string> load_rules_dir(const std::string& dir);
// The built-in rules: SENSOR_DATA_DIR/posture/rules in a build tree, else
// /usr/share/sensord/rules.
[[nodiscard]] std::string default_rules_dir();

// Applies `o` to `set` (scores, enabled, severities, thresholds). On error
// `set` is left unchanged. Errors: "overrides: unknown rule 'X'", a score
// outside 0..100, thresholds out of order.
[[nodiscard]] std::expected<void, std::string> apply_overrides(RuleSet& set, const Overrides& o);

// Checks 1 <= low <= medium <= high <= critical <= 100.
[[nodiscard]] std::expected<void, std::string> check_thresholds(const Thresholds& t);

}  // namespace posture::risk
