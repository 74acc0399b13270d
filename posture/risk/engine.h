// posture/risk/engine.h
// Evaluates a RuleSet (posture/risk/rules.h) over one device's Facts and
// produces the `posture` map of the device record (WIRE-PROTOCOL.md §4).
//
// Model: the engine is stateless over facts. A finding is active exactly while
// its rule's condition holds on the Facts given now; facts accumulate in the
// inventory (a cleartext login seen once stays a fact until the inventory ages
// it out; a service vanishes from the facts when the inventory drops it), so
// "sticky" versus "state" findings are the inventory's choice, not ours. The
// only memory is `state`, the device's previous findings, which keeps
// first_seen for a finding that persists from one evaluation to the next.
//
// Score: risk = round(100 * (1 - prod_i (1 - s_i / 100))) over every active
// finding's score s_i (0..100). It saturates: one 50 gives 50, two 50s give
// 75, a 100 gives 100, never more; score-0 findings (info) add nothing.
// Level from RuleSet::thresholds (defaults): none below 1, low 1..29,
// medium 30..59, high 60..84, critical 85..100.
//
// Limits: the record shows at most kMaxFindings (32) findings, strongest
// first (score, then severity, then rule id); the risk counts every active
// finding and `findings_dropped` says how many were left out. Evidence is at
// most kMaxEvidenceItems matches joined by "; " and kMaxEvidenceBytes long.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "posture/record/value.h"
#include "posture/risk/facts.h"
#include "posture/risk/rules.h"

namespace posture::risk {

inline constexpr std::size_t kMaxFindings = 32;        // WIRE-PROTOCOL §4
inline constexpr std::size_t kMaxEvidenceItems = 4;    // matches listed in one evidence string
inline constexpr std::size_t kMaxEvidenceBytes = 256;  // WIRE-PROTOCOL §4 string bound

struct Finding {
    std::string rule;  // rule id
    Severity severity = Severity::Info;
    std::uint8_t score = 0;
    std::string title;
    std::string evidence;  // what matched, e.g. "tcp/23 answered"
    std::string remediation;
    std::uint64_t first_seen_ms = 0;
    std::uint64_t last_seen_ms = 0;
};

struct Posture {
    std::uint8_t risk = 0;  // 0..100
    Level level = Level::None;
    std::vector<Finding> findings;     // <= kMaxFindings, strongest first
    std::size_t findings_dropped = 0;  // active findings beyond kMaxFindings
};

// Evaluates every enabled rule of `rules` on `facts`. `state` is the device's
// previous findings (empty for a new device) and is replaced by every active
// finding (at most one per rule, so bounded by the rule count): first_seen is
// kept for a rule that was already active, last_seen = facts.now_ms.
[[nodiscard]] Posture evaluate(const RuleSet& rules, const Facts& facts, std::vector<Finding>& state);

// The saturating combination of scores described above, 0..100.
[[nodiscard]] std::uint8_t combine_scores(std::span<const std::uint8_t> scores) noexcept;
[[nodiscard]] Level level_of(std::uint8_t risk, const Thresholds& t) noexcept;

// Whether (os_name, os_version) is in the os_eol table; fills `why` (e.g.
// "Windows XP is end of life (2014-04-08)") when it is and `why` is given.
[[nodiscard]] bool os_end_of_life(const RuleSet& rules, std::string_view os_name, std::string_view os_version,
                                  std::string* why = nullptr);

// The record's `posture` map: {risk, level, findings: [{rule, sev, title,
// evidence, first_seen, last_seen}]}. Remediation stays out of the record
// (16 KiB record bound); a consumer looks it up by rule id.
[[nodiscard]] Value to_value(const Posture& p);

}  // namespace posture::risk
