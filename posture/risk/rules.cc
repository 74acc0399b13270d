// posture/risk/rules.cc: the rule-file loader and overrides (see rules.h).
// yaml-cpp throws; every call into it stays inside load_file's try blocks.
#include "posture/risk/rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <map>

namespace posture::risk {

namespace {

constexpr std::array<std::string_view, 5> kSeverityNames = {"info", "low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 5> kLevelNames = {"none", "low", "medium", "high", "critical"};
constexpr std::size_t kMaxVersionComponents = 4;

using Error = std::unexpected<std::string>;

// Where a message points: the file, and the rule once its id is known.
struct Ctx {
    const std::string& file;
    std::string rule;
};

int line_of(const YAML::Node& n, int fallback) {
    const YAML::Mark m = n.Mark();
    return m.is_null() ? fallback : m.line + 1;
}

Error fail(const Ctx& c, int line, std::string_view msg) {
    std::string s = c.file + ":" + std::to_string(line) + ": ";
    if (!c.rule.empty()) s += "rule " + c.rule + ": ";
    s += msg;
    return Error(std::move(s));
}

Error fail(const Ctx& c, const YAML::Node& n, std::string_view msg) { return fail(c, line_of(n, 0), msg); }

Cond cond(Cond::Kind kind, bool flag = true) {
    Cond c;
    c.kind = kind;
    c.flag = flag;
    return c;
}

Cond with_ports(Cond::Kind kind, std::vector<PortRange> ports) {
    Cond c = cond(kind);
    c.ports = std::move(ports);
    return c;
}

Cond with_names(Cond::Kind kind, std::vector<std::string> names) {
    Cond c = cond(kind);
    c.names = std::move(names);
    return c;
}

std::string in_quotes(std::string_view key) { return "'" + std::string(key) + "'"; }

std::expected<std::string, std::string> scalar(const Ctx& c, const YAML::Node& n, std::string_view key) {
    if (!n.IsScalar()) return fail(c, n, "key " + in_quotes(key) + ": expected a string");
    return n.Scalar();
}

std::expected<bool, std::string> boolean(const Ctx& c, const YAML::Node& n, std::string_view key) {
    bool b = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b))
        return fail(c, n, "key " + in_quotes(key) + ": expected true or false");
    return b;
}

std::expected<int, std::string> integer(const Ctx& c, const YAML::Node& n, std::string_view key, int lo, int hi) {
    int v = 0;
    const std::string& s = n.IsScalar() ? n.Scalar() : std::string();
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size())
        return fail(c, n, "key " + in_quotes(key) + ": expected an integer");
    if (v < lo || v > hi)
        return fail(
            c, n, "key " + in_quotes(key) + ": " + s + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
}

// A scalar or a sequence of non-empty scalars, 1..kMaxListItems of them.
std::expected<std::vector<std::string>, std::string> string_list(const Ctx& c, const YAML::Node& n,
                                                                 std::string_view key) {
    std::vector<std::string> out;
    if (n.IsScalar()) {
        out.push_back(n.Scalar());
    } else if (n.IsSequence()) {
        for (const auto& item : n) {
            auto s = scalar(c, item, key);
            if (!s) return Error(s.error());
            out.push_back(std::move(*s));
        }
    } else {
        return fail(c, n, "key " + in_quotes(key) + ": expected a string or a list of strings");
    }
    if (out.empty()) return fail(c, n, "key " + in_quotes(key) + ": empty list");
    if (out.size() > kMaxListItems)
        return fail(c, n, "key " + in_quotes(key) + ": more than " + std::to_string(kMaxListItems) + " items");
    for (const auto& s : out)
        if (s.empty()) return fail(c, n, "key " + in_quotes(key) + ": empty string");
    return out;
}

std::optional<std::uint16_t> port_number(std::string_view s) {
    unsigned v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size() || v == 0 || v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

// "tcp/23", "udp/5900-5903".
std::optional<PortRange> port_range(std::string_view s) {
    PortRange p;
    if (s.starts_with("tcp/"))
        p.proto = 6;
    else if (s.starts_with("udp/"))
        p.proto = 17;
    else
        return std::nullopt;
    s.remove_prefix(4);
    const auto dash = s.find('-');
    const auto first = port_number(s.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : port_number(s.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    p.first = *first;
    p.last = *last;
    return p;
}

std::expected<std::vector<PortRange>, std::string> ports(const Ctx& c, const YAML::Node& n, std::string_view key) {
    auto items = string_list(c, n, key);
    if (!items) return Error(items.error());
    std::vector<PortRange> out;
    for (const auto& s : *items) {
        const auto p = port_range(s);
        if (!p)
            return fail(c, n, "key " + in_quotes(key) + ": '" + s + "' is not tcp/PORT, udp/PORT or tcp/FIRST-LAST");
        out.push_back(*p);
    }
    return out;
}

bool known_tag(std::string_view t) {
    return std::find(std::begin(kNetworkTags), std::end(kNetworkTags), t) != std::end(kNetworkTags);
}

bool known_conflict(std::string_view t) {
    return std::find(std::begin(kConflictKinds), std::end(kConflictKinds), t) != std::end(kConflictKinds);
}

std::expected<Cond, std::string> parse_cond(const Ctx& c, const YAML::Node& n, std::size_t depth);

std::expected<Cond, std::string> parse_children(const Ctx& c, Cond::Kind kind, const YAML::Node& v,
                                                std::string_view key, std::size_t depth) {
    if (!v.IsSequence() || v.size() == 0)
        return fail(c, v, "key " + in_quotes(key) + ": expected a list of conditions");
    if (v.size() > kMaxListItems)
        return fail(c, v, "key " + in_quotes(key) + ": more than " + std::to_string(kMaxListItems) + " conditions");
    Cond out = cond(kind);
    for (const auto& item : v) {
        auto child = parse_cond(c, item, depth + 1);
        if (!child) return child;
        out.children.push_back(std::move(*child));
    }
    return out;
}

std::expected<Cond, std::string> parse_flag(const Ctx& c, Cond::Kind kind, const YAML::Node& v, std::string_view key) {
    auto b = boolean(c, v, key);
    if (!b) return Error(b.error());
    return cond(kind, *b);
}

std::expected<Cond, std::string> parse_names(const Ctx& c, Cond::Kind kind, const YAML::Node& v, std::string_view key) {
    auto names = string_list(c, v, key);
    if (!names) return Error(names.error());
    for (const auto& s : *names) {
        if (kind == Cond::Kind::Observations && s.find('*') < s.size() - 1)
            return fail(c, v, "key " + in_quotes(key) + ": '*' only at the end of '" + s + "'");
        if (kind == Cond::Kind::NetworkTags && !known_tag(s))
            return fail(c, v, "key " + in_quotes(key) + ": unknown network tag '" + s + "'");
        if (kind == Cond::Kind::Conflicts && !known_conflict(s))
            return fail(c, v, "key " + in_quotes(key) + ": unknown conflict kind '" + s + "'");
    }
    return with_names(kind, std::move(*names));
}

std::expected<Cond, std::string> parse_new_service(const Ctx& c, const YAML::Node& v) {
    if (v.IsScalar() && (v.Scalar() == "true" || v.Scalar() == "false"))
        return parse_flag(c, Cond::Kind::NewServices, v, "new_service");
    auto p = ports(c, v, "new_service");
    if (!p) return Error(p.error());
    return with_ports(Cond::Kind::NewServices, std::move(*p));
}

std::expected<Cond, std::string> parse_key(const Ctx& c, const std::string& key, const YAML::Node& k,
                                           const YAML::Node& v, std::size_t depth) {
    using K = Cond::Kind;
    if (key == "all") return parse_children(c, K::All, v, key, depth);
    if (key == "any") return parse_children(c, K::Any, v, key, depth);
    if (key == "not") {
        auto child = parse_cond(c, v, depth + 1);
        if (!child) return child;
        Cond out = cond(K::Not);
        out.children.push_back(std::move(*child));
        return out;
    }
    if (key == "service") {
        auto p = ports(c, v, key);
        if (!p) return Error(p.error());
        return with_ports(K::Services, std::move(*p));
    }
    if (key == "new_service") return parse_new_service(c, v);
    if (key == "observation") return parse_names(c, K::Observations, v, key);
    if (key == "ndpi_risk") return parse_names(c, K::NdpiRisks, v, key);
    if (key == "network") return parse_names(c, K::NetworkTags, v, key);
    if (key == "conflict") return parse_names(c, K::Conflicts, v, key);
    if (key == "type") return parse_names(c, K::Types, v, key);
    if (key == "random_mac") return parse_flag(c, K::RandomMac, v, key);
    if (key == "new_device") return parse_flag(c, K::NewDevice, v, key);
    if (key == "os_eol") return parse_flag(c, K::OsEol, v, key);
    return fail(c, k, "unknown condition key " + in_quotes(key));
}

std::expected<Cond, std::string> parse_cond(const Ctx& c, const YAML::Node& n, std::size_t depth) {
    if (depth > kMaxDepth) return fail(c, n, "condition nested deeper than " + std::to_string(kMaxDepth));
    if (!n.IsMap() || n.size() == 0) return fail(c, n, "key 'when': a condition is a non-empty map");
    Cond all = cond(Cond::Kind::All);
    for (const auto& kv : n) {
        auto key = scalar(c, kv.first, "when");
        if (!key) return Error(key.error());
        auto one = parse_key(c, *key, kv.first, kv.second, depth);
        if (!one) return one;
        if (n.size() == 1) return one;
        all.children.push_back(std::move(*one));
    }
    return all;
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdChars || id.front() < 'A' || id.front() > 'Z') return false;
    return std::all_of(id.begin(), id.end(),
                       [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

std::expected<std::string, std::string> text(const Ctx& c, const YAML::Node& v, std::string_view key,
                                             std::size_t max_bytes) {
    auto s = scalar(c, v, key);
    if (!s) return s;
    if (s->empty()) return fail(c, v, "key " + in_quotes(key) + ": empty");
    if (s->size() > max_bytes)
        return fail(c, v, "key " + in_quotes(key) + ": longer than " + std::to_string(max_bytes) + " bytes");
    return s;
}

// One field of a rule: key `k` (named `key`), value `v`.
std::expected<void, std::string> rule_field(const Ctx& c, const std::string& key, const YAML::Node& k,
                                            const YAML::Node& v, Rule& r) {
    if (key == "id") return {};
    if (key == "title" || key == "remediation") {
        auto s = text(c, v, key, key == "title" ? kMaxTitleBytes : kMaxRemediationBytes);
        if (!s) return Error(s.error());
        (key == "title" ? r.title : r.remediation) = std::move(*s);
        return {};
    }
    if (key == "severity") {
        const auto sev = v.IsScalar() ? parse_severity(v.Scalar()) : std::nullopt;
        if (!sev) return fail(c, v, "key 'severity': expected info, low, medium, high or critical");
        r.severity = *sev;
        return {};
    }
    if (key == "score") {
        auto s = integer(c, v, key, 0, 100);
        if (!s) return Error(s.error());
        r.score = static_cast<std::uint8_t>(*s);
        return {};
    }
    if (key == "enabled") {
        auto b = boolean(c, v, key);
        if (!b) return Error(b.error());
        r.enabled = *b;
        return {};
    }
    if (key == "when") {
        auto w = parse_cond(c, v, 1);
        if (!w) return Error(w.error());
        r.when = std::move(*w);
        return {};
    }
    return fail(c, k, "unknown key " + in_quotes(key));
}

std::expected<Rule, std::string> parse_rule(const std::string& file, const YAML::Node& n) {
    Ctx c{file, {}};
    if (!n.IsMap()) return fail(c, n, "key 'rules': each rule is a map");
    const YAML::Node id = n["id"];
    if (!id) return fail(c, n, "rule without key 'id'");
    auto ids = scalar(c, id, "id");
    if (!ids) return Error(ids.error());
    if (!valid_id(*ids)) return fail(c, id, "key 'id': '" + *ids + "' is not [A-Z][A-Z0-9-]*, at most 64 chars");
    c.rule = *ids;
    Rule r;
    r.id = *ids;
    r.where = file + ":" + std::to_string(line_of(n, 0));
    for (const auto& kv : n) {
        auto key = scalar(c, kv.first, "rules");
        if (!key) return Error(key.error());
        if (auto ok = rule_field(c, *key, kv.first, kv.second, r); !ok) return Error(ok.error());
    }
    for (const char* required : {"title", "severity", "score", "when", "remediation"})
        if (!n[required]) return fail(c, n, "missing key " + in_quotes(required));
    return r;
}

// "12", "10.15" -> {12}, {10, 15}.
std::optional<std::vector<std::uint32_t>> dotted(std::string_view s) {
    std::vector<std::uint32_t> out;
    while (true) {
        std::uint32_t v = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec != std::errc{} || out.size() == kMaxVersionComponents) return std::nullopt;
        out.push_back(v);
        s.remove_prefix(static_cast<std::size_t>(r.ptr - s.data()));
        if (s.empty()) return out;
        if (s.front() != '.') return std::nullopt;
        s.remove_prefix(1);
    }
}

std::expected<void, std::string> eol_field(const Ctx& c, const std::string& key, const YAML::Node& k,
                                           const YAML::Node& v, EolEntry& e) {
    if (key == "os" || key == "versions") {
        auto l = string_list(c, v, key);
        if (!l) return Error(l.error());
        (key == "os" ? e.os : e.versions) = std::move(*l);
        return {};
    }
    if (key == "below") {
        auto s = scalar(c, v, key);
        const auto d = s ? dotted(*s) : std::nullopt;
        if (!d) return fail(c, v, "key 'below': expected a dotted version number such as \"12\" or \"10.15\"");
        e.below = *d;
        return {};
    }
    if (key == "ended") {
        auto s = text(c, v, key, kMaxTitleBytes);
        if (!s) return Error(s.error());
        e.ended = std::move(*s);
        return {};
    }
    return fail(c, k, "os_eol: unknown key " + in_quotes(key));
}

std::expected<EolEntry, std::string> parse_eol(const std::string& file, const YAML::Node& n) {
    const Ctx c{file, {}};
    if (!n.IsMap()) return fail(c, n, "key 'os_eol': each entry is a map");
    EolEntry e;
    for (const auto& kv : n) {
        auto key = scalar(c, kv.first, "os_eol");
        if (!key) return Error(key.error());
        if (auto ok = eol_field(c, *key, kv.first, kv.second, e); !ok) return Error(ok.error());
    }
    if (e.os.empty()) return fail(c, n, "os_eol: missing key 'os'");
    if (!e.versions.empty() && !e.below.empty()) return fail(c, n, "os_eol: 'versions' and 'below' exclude each other");
    return e;
}

std::expected<void, std::string> parse_root(const std::string& file, const YAML::Node& root, RuleSet& set) {
    const Ctx c{file, {}};
    if (!root.IsMap()) return fail(c, root, "expected a map with 'rules' and/or 'os_eol'");
    for (const auto& kv : root) {
        auto key = scalar(c, kv.first, "top level");
        if (!key) return Error(key.error());
        if (*key != "rules" && *key != "os_eol") return fail(c, kv.first, "unknown key " + in_quotes(*key));
        if (!kv.second.IsSequence()) return fail(c, kv.second, "key " + in_quotes(*key) + ": expected a list");
        for (const auto& item : kv.second) {
            if (*key == "os_eol") {
                auto e = parse_eol(file, item);
                if (!e) return Error(e.error());
                set.os_eol.push_back(std::move(*e));
                continue;
            }
            if (set.rules.size() == kMaxRules)
                return fail(c, item, "more than " + std::to_string(kMaxRules) + " rules");
            auto r = parse_rule(file, item);
            if (!r) return Error(r.error());
            set.rules.push_back(std::move(*r));
        }
    }
    return {};
}

std::expected<void, std::string> load_file(const std::string& file, RuleSet& set) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::BadFile&) {
        return Error(file + ": cannot be read");
    } catch (const YAML::Exception& e) {
        return Error(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    try {
        return parse_root(file, root, set);
    } catch (const YAML::Exception& e) {  // not expected: every access above checks the node type first
        return Error(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

std::expected<void, std::string> unique_ids(const RuleSet& set) {
    std::map<std::string_view, const Rule*> seen;
    for (const auto& r : set.rules) {
        const auto [it, fresh] = seen.emplace(r.id, &r);
        if (!fresh) return Error(r.where + ": rule " + r.id + ": duplicate id (first at " + it->second->where + ")");
    }
    return {};
}

}  // namespace

std::string_view severity_name(Severity s) noexcept { return kSeverityNames[static_cast<std::size_t>(s)]; }

std::optional<Severity> parse_severity(std::string_view s) noexcept {
    for (std::size_t i = 0; i < kSeverityNames.size(); ++i)
        if (kSeverityNames[i] == s) return static_cast<Severity>(i);
    return std::nullopt;
}

std::string_view level_name(Level l) noexcept { return kLevelNames[static_cast<std::size_t>(l)]; }

const Rule* RuleSet::find(std::string_view id) const noexcept {
    for (const auto& r : rules)
        if (r.id == id) return &r;
    return nullptr;
}

std::expected<RuleSet, std::string> load_rules(const std::vector<std::string>& files) {
    RuleSet set;
    for (const auto& file : files)
        if (auto ok = load_file(file, set); !ok) return Error(ok.error());
    if (auto ok = unique_ids(set); !ok) return Error(ok.error());
    return set;
}

std::expected<RuleSet, std::string> load_rules_dir(const std::string& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file(ec) && e.path().extension() == ".yaml") files.push_back(e.path().string());
    if (ec) return Error(dir + ": " + ec.message());
    if (files.empty()) return Error(dir + ": no *.yaml rule files");
    std::sort(files.begin(), files.end());
    return load_rules(files);
}

std::string default_rules_dir() {
#ifdef SENSOR_DATA_DIR
    const std::string dev = std::string(SENSOR_DATA_DIR) + "/posture/rules";
    std::error_code ec;
    if (std::filesystem::is_directory(dev, ec)) return dev;
#endif
    return "/usr/share/sensord/rules";
}

std::expected<void, std::string> check_thresholds(const Thresholds& t) {
    if (1 <= t.low && t.low <= t.medium && t.medium <= t.high && t.high <= t.critical && t.critical <= 100) return {};
    return Error("overrides: thresholds must satisfy 1 <= low <= medium <= high <= critical <= 100, got " +
                 std::to_string(t.low) + "/" + std::to_string(t.medium) + "/" + std::to_string(t.high) + "/" +
                 std::to_string(t.critical));
}

std::expected<void, std::string> apply_overrides(RuleSet& set, const Overrides& o) {
    for (const auto& [id, ov] : o.rules) {
        if (!set.find(id)) return Error("overrides: unknown rule '" + id + "'");
        if (ov.score && (*ov.score < 0 || *ov.score > 100))
            return Error("overrides: rule " + id + ": score " + std::to_string(*ov.score) + " is outside 0..100");
    }
    if (o.thresholds)
        if (auto ok = check_thresholds(*o.thresholds); !ok) return ok;
    for (auto& r : set.rules) {
        const auto it = o.rules.find(r.id);
        if (it == o.rules.end()) continue;
        if (it->second.enabled) r.enabled = *it->second.enabled;
        if (it->second.score) r.score = static_cast<std::uint8_t>(*it->second.score);
        if (it->second.severity) r.severity = *it->second.severity;
    }
    if (o.thresholds) set.thresholds = *o.thresholds;
    return {};
}

}  // namespace posture::risk
