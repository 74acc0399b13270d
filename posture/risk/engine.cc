// posture/risk/engine.cc: condition evaluation, scoring and the record map (see engine.h).
#include "posture/risk/engine.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace posture::risk {

namespace {

constexpr std::string_view kEvidenceSeparator = "; ";
constexpr std::size_t kMaxVersionComponents = 4;

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view proto_name(std::uint8_t proto) noexcept { return proto == kUdp ? "udp" : "tcp"; }

std::string port_text(const Service& s) { return std::string(proto_name(s.first)) + "/" + std::to_string(s.second); }

// Matches collected while evaluating one rule; duplicates are kept once.
class Evidence {
public:
    void add(std::string s) {
        if (std::find(items_.begin(), items_.end(), s) == items_.end()) items_.push_back(std::move(s));
    }
    [[nodiscard]] std::size_t mark() const noexcept { return items_.size(); }
    void rollback(std::size_t m) { items_.resize(m); }
    [[nodiscard]] std::string text() const;

private:
    std::vector<std::string> items_;
};

std::string Evidence::text() const {
    std::string out;
    const std::size_t shown = std::min(items_.size(), kMaxEvidenceItems);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i) out += kEvidenceSeparator;
        out += items_[i];
    }
    if (items_.size() > shown) out += " (+" + std::to_string(items_.size() - shown) + " more)";
    if (out.size() > kMaxEvidenceBytes) out.resize(kMaxEvidenceBytes);
    return out;
}

bool in_ranges(const std::vector<PortRange>& ranges, const Service& s) noexcept {
    return std::any_of(ranges.begin(), ranges.end(), [&](const PortRange& r) {
        return r.proto == s.first && r.first <= s.second && s.second <= r.last;
    });
}

bool pattern_matches(std::string_view pattern, std::string_view id) noexcept {
    if (!pattern.empty() && pattern.back() == '*') return id.starts_with(pattern.substr(0, pattern.size() - 1));
    return id == pattern;
}

bool named(const std::vector<std::string>& names, std::string_view v) noexcept {
    return std::find(names.begin(), names.end(), v) != names.end();
}

struct Eval {
    const RuleSet& rules;
    const Facts& facts;
    Evidence& ev;
};

bool holds(const Eval& e, const Cond& c);

bool all_hold(const Eval& e, const Cond& c) {
    return std::all_of(c.children.begin(), c.children.end(), [&](const Cond& k) { return holds(e, k); });
}

bool any_holds(const Eval& e, const Cond& c) {
    bool any = false;
    for (const auto& k : c.children) {  // every child, so the evidence lists all that held
        const std::size_t m = e.ev.mark();
        if (holds(e, k))
            any = true;
        else
            e.ev.rollback(m);
    }
    return any;
}

bool none_holds(const Eval& e, const Cond& c) {
    const std::size_t m = e.ev.mark();
    const bool inner = holds(e, c.children.front());
    e.ev.rollback(m);
    return !inner;
}

bool services_hold(const Eval& e, const Cond& c) {
    bool hit = false;
    for (const auto& s : e.facts.services)
        if (in_ranges(c.ports, s)) {
            e.ev.add(port_text(s) + " answered");
            hit = true;
        }
    return hit;
}

bool new_services_hold(const Eval& e, const Cond& c) {
    bool hit = false;
    for (const auto& s : e.facts.new_services)
        if (c.ports.empty() || in_ranges(c.ports, s)) hit = true;
    if (c.ports.empty() && !c.flag) return !hit;
    for (const auto& s : e.facts.new_services)
        if (c.ports.empty() || in_ranges(c.ports, s)) e.ev.add(port_text(s) + " opened after the learning period");
    return hit;
}

bool observations_hold(const Eval& e, const Cond& c) {
    bool hit = false;
    for (const auto& o : e.facts.observations) {
        const bool m = std::any_of(c.names.begin(), c.names.end(),
                                   [&](const std::string& p) { return pattern_matches(p, o.what); });
        if (!m) continue;
        e.ev.add(o.detail.empty() ? o.what : o.what + ": " + o.detail);
        hit = true;
    }
    return hit;
}

bool ndpi_holds(const Eval& e, const Cond& c) {
    bool hit = false;
    for (const auto& r : e.facts.ndpi_risks)
        if (named(c.names, r)) {
            e.ev.add("nDPI flow risk '" + r + "'");
            hit = true;
        }
    return hit;
}

bool network_holds(const Eval& e, const Cond& c) {
    bool hit = false;
    for (const auto& t : e.facts.network)
        if (named(c.names, t.tag)) {
            e.ev.add(t.detail.empty() ? t.tag : t.tag + ": " + t.detail);
            hit = true;
        }
    return hit;
}

bool conflicts_hold(const Eval& e, const Cond& c) {
    bool hit = false;
    for (const auto& k : e.facts.conflicts)
        if (named(c.names, k.kind)) {
            e.ev.add(k.kind + ": " + k.detail);
            hit = true;
        }
    return hit;
}

bool type_holds(const Eval& e, const Cond& c) {
    const std::string_view t = e.facts.type.empty() ? std::string_view("unknown") : std::string_view(e.facts.type);
    if (!named(c.names, t)) return false;
    e.ev.add("type " + std::string(t));
    return true;
}

bool flag_holds(const Eval& e, bool fact, bool want, std::string_view said) {
    if (fact != want) return false;
    if (fact) e.ev.add(std::string(said));
    return true;
}

bool eol_holds(const Eval& e, const Cond& c) {
    std::string why;
    const bool eol = os_end_of_life(e.rules, e.facts.os_name, e.facts.os_version, &why);
    if (eol != c.flag) return false;
    if (eol) e.ev.add(std::move(why));
    return true;
}

bool holds(const Eval& e, const Cond& c) {
    using K = Cond::Kind;
    switch (c.kind) {
        case K::All: return all_hold(e, c);
        case K::Any: return any_holds(e, c);
        case K::Not: return none_holds(e, c);
        case K::Services: return services_hold(e, c);
        case K::NewServices: return new_services_hold(e, c);
        case K::Observations: return observations_hold(e, c);
        case K::NdpiRisks: return ndpi_holds(e, c);
        case K::NetworkTags: return network_holds(e, c);
        case K::Conflicts: return conflicts_hold(e, c);
        case K::Types: return type_holds(e, c);
        case K::RandomMac: return flag_holds(e, e.facts.random_mac, c.flag, "locally administered (random) MAC");
        case K::NewDevice: return flag_holds(e, e.facts.new_device, c.flag, "first seen after the learning period");
        case K::OsEol: return eol_holds(e, c);
    }
    return false;
}

// A version that is a plain dotted number, optionally ending in ".x":
// "10.15.7" -> {10, 15, 7}, "10.x" -> {10}, "8.1" -> {8, 1}. Anything else
// ("XP", "10.9 or newer", "Server 2016") -> {}: not comparable.
std::vector<std::uint32_t> dotted_number(std::string_view v) {
    std::vector<std::uint32_t> out;
    while (out.size() < kMaxVersionComponents) {
        std::uint32_t n = 0;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
        if (r.ec != std::errc{}) break;
        out.push_back(n);
        v.remove_prefix(static_cast<std::size_t>(r.ptr - v.data()));
        if (v.size() < 2 || v.front() != '.') break;
        v.remove_prefix(1);
    }
    if (!v.empty() && v != ".x" && !(v == "x" && !out.empty())) out.clear();
    return out;
}

bool below(const std::vector<std::uint32_t>& v, const std::vector<std::uint32_t>& limit) {
    const std::size_t n = std::max(v.size(), limit.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t a = i < v.size() ? v[i] : 0;
        const std::uint32_t b = i < limit.size() ? limit[i] : 0;
        if (a != b) return a < b;
    }
    return false;
}

bool entry_matches(const EolEntry& e, std::string_view version) {
    if (!e.versions.empty())
        return std::any_of(e.versions.begin(), e.versions.end(),
                           [&](const std::string& v) { return iequals(v, version); });
    if (e.below.empty()) return true;
    const auto v = dotted_number(version);
    return !v.empty() && below(v, e.below);
}

Finding finding_of(const Rule& r, std::string evidence, std::uint64_t now_ms, const std::vector<Finding>& state) {
    Finding f{.rule = r.id,
              .severity = r.severity,
              .score = r.score,
              .title = r.title,
              .evidence = std::move(evidence),
              .remediation = r.remediation,
              .first_seen_ms = now_ms,
              .last_seen_ms = now_ms};
    const auto prev = std::find_if(state.begin(), state.end(), [&](const Finding& p) { return p.rule == r.id; });
    if (prev != state.end()) f.first_seen_ms = std::min(prev->first_seen_ms, now_ms);
    return f;
}

bool stronger(const Finding& a, const Finding& b) noexcept {
    if (a.score != b.score) return a.score > b.score;
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.rule < b.rule;
}

}  // namespace

std::uint8_t combine_scores(std::span<const std::uint8_t> scores) noexcept {
    double keep = 1.0;  // the part of 100 no finding has taken yet
    for (const std::uint8_t s : scores) keep *= 1.0 - std::min<double>(s, 100.0) / 100.0;
    const double risk = std::round(100.0 * (1.0 - keep));
    return static_cast<std::uint8_t>(std::clamp(risk, 0.0, 100.0));
}

Level level_of(std::uint8_t risk, const Thresholds& t) noexcept {
    if (risk >= t.critical) return Level::Critical;
    if (risk >= t.high) return Level::High;
    if (risk >= t.medium) return Level::Medium;
    if (risk >= t.low) return Level::Low;
    return Level::None;
}

bool os_end_of_life(const RuleSet& rules, std::string_view os_name, std::string_view os_version, std::string* why) {
    if (os_name.empty()) return false;
    for (const auto& e : rules.os_eol) {
        const bool os =
            std::any_of(e.os.begin(), e.os.end(), [&](const std::string& n) { return iequals(n, os_name); });
        if (!os || !entry_matches(e, os_version)) continue;
        if (why) {
            *why = std::string(os_name);
            if (!os_version.empty()) *why += " " + std::string(os_version);
            *why += " is end of life";
            if (!e.ended.empty()) *why += " (" + e.ended + ")";
        }
        return true;
    }
    return false;
}

Posture evaluate(const RuleSet& rules, const Facts& facts, std::vector<Finding>& state) {
    std::vector<Finding> active;
    for (const auto& r : rules.rules) {
        if (!r.enabled) continue;
        Evidence ev;
        if (!holds(Eval{rules, facts, ev}, r.when)) continue;
        active.push_back(finding_of(r, ev.text(), facts.now_ms, state));
    }
    std::sort(active.begin(), active.end(), stronger);

    std::vector<std::uint8_t> scores;
    scores.reserve(active.size());
    for (const auto& f : active) scores.push_back(f.score);

    Posture p;
    p.risk = combine_scores(scores);
    p.level = level_of(p.risk, rules.thresholds);
    const std::size_t shown = std::min(active.size(), kMaxFindings);
    p.findings.assign(active.begin(), active.begin() + static_cast<std::ptrdiff_t>(shown));
    p.findings_dropped = active.size() - shown;
    state = std::move(active);
    return p;
}

Value to_value(const Posture& p) {
    Array findings;
    findings.reserve(p.findings.size());
    for (const auto& f : p.findings) {
        Map m;
        m.emplace("rule", Value(f.rule));
        m.emplace("sev", Value(std::string(severity_name(f.severity))));
        m.emplace("title", Value(f.title));
        m.emplace("evidence", Value(f.evidence));
        m.emplace("first_seen", Value(f.first_seen_ms));
        m.emplace("last_seen", Value(f.last_seen_ms));
        findings.emplace_back(std::move(m));
    }
    Map out;
    out.emplace("risk", Value(std::uint64_t{p.risk}));
    out.emplace("level", Value(std::string(level_name(p.level))));
    out.emplace("findings", Value(std::move(findings)));
    return Value(std::move(out));
}

}  // namespace posture::risk
