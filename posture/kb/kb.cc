// posture/kb/kb.cc: the knowledge-base loader and matcher (see kb.h).
#include "posture/kb/kb.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <filesystem>

namespace posture::kb {

struct Rule {
    std::unique_ptr<RE2> re;
    struct Set {
        std::string attribute;
        std::string value;  // may hold \1..\3
    };
    std::vector<Set> sets;
    std::uint8_t weight = 0;
};

namespace {

constexpr std::array<std::string_view, kFactCount> kFactNames = {
    "hostname",     "dhcp.vendor", "dhcp.prl",     "dns",         "oui",  "mdns.service", "mdns.txt",
    "ssdp.server",  "ssdp.type",   "lldp.sysdesc", "cdp.platform", "ja4", "http.server", "os", "model"};

constexpr std::string_view kAttributes[] = {"type", "os.name", "os.version", "vendor", "model"};
constexpr int kMaxGroups = 3;

std::string where(const std::string& file, const YAML::Node& n, std::string_view key) {
    return file + ":" + std::to_string(n.Mark().line + 1) + ": " + std::string(key);
}

std::expected<std::uint8_t, std::string> weight_of(const std::string& file, const YAML::Node& n) {
    int w = 0;
    try {
        w = n.as<int>();
    } catch (const YAML::Exception&) {
        return std::unexpected(where(file, n, "weight") + ": not an integer");
    }
    if (w < 1 || w > 100) return std::unexpected(where(file, n, "weight") + ": outside 1..100");
    return static_cast<std::uint8_t>(w);
}

std::expected<Rule, std::string> parse_rule(const std::string& file, const YAML::Node& n, std::uint8_t weight) {
    if (!n.IsMap()) return std::unexpected(where(file, n, "rules") + ": each rule is a map");
    Rule r;
    r.weight = weight;
    for (const auto& kv : n) {
        const auto key = kv.first.as<std::string>();
        const YAML::Node& v = kv.second;
        if (key == "match") {
            RE2::Options o;
            o.set_case_sensitive(false);
            o.set_log_errors(false);
            r.re = std::make_unique<RE2>(v.as<std::string>(), o);
            if (!r.re->ok()) return std::unexpected(where(file, v, "match") + ": " + r.re->error());
            if (r.re->NumberOfCapturingGroups() > kMaxGroups)
                return std::unexpected(where(file, v, "match") + ": more than 3 capture groups");
        } else if (key == "weight") {
            auto w = weight_of(file, v);
            if (!w) return std::unexpected(w.error());
            r.weight = *w;
        } else if (std::find(std::begin(kAttributes), std::end(kAttributes), key) != std::end(kAttributes)) {
            auto value = v.as<std::string>();
            if (key == "type" && !known_type(value))
                return std::unexpected(where(file, v, "type") + ": '" + value + "' is not in the taxonomy");
            r.sets.push_back({key, std::move(value)});
        } else {
            return std::unexpected(where(file, kv.first, key) + ": unknown key");
        }
    }
    if (!r.re) return std::unexpected(where(file, n, "match") + ": missing");
    if (r.sets.empty()) return std::unexpected(where(file, n, "rule") + ": names no attribute");
    return r;
}

std::expected<Table, std::string> parse_table(const std::string& file, const YAML::Node& root) {
    if (!root.IsMap()) return std::unexpected(file + ":1: the file is not a map");
    Table t;
    t.file = file;
    std::uint8_t weight = 40;
    bool has_fact = false;
    // Keys first, rules last: a table's weight applies whatever the key order.
    for (const auto& kv : root) {
        const auto key = kv.first.as<std::string>();
        if (key == "fact") {
            const auto name = kv.second.as<std::string>();
            const auto it = std::find(kFactNames.begin(), kFactNames.end(), name);
            if (it == kFactNames.end()) return std::unexpected(where(file, kv.second, "fact") + ": unknown fact '" + name + "'");
            t.fact = static_cast<Fact>(it - kFactNames.begin());
            has_fact = true;
        } else if (key == "src") {
            t.src = kv.second.as<std::string>();
        } else if (key == "weight") {
            auto w = weight_of(file, kv.second);
            if (!w) return std::unexpected(w.error());
            weight = *w;
        } else if (key != "rules") {
            return std::unexpected(where(file, kv.first, key) + ": unknown key");
        }
    }
    if (!has_fact) return std::unexpected(file + ":1: fact: missing");
    if (t.src.empty()) t.src = "kb." + std::string(fact_name(t.fact));
    const YAML::Node rules = root["rules"];
    if (!rules || !rules.IsSequence()) return std::unexpected(file + ":1: rules: missing or not a list");
    for (const auto& n : rules) {
        auto r = parse_rule(file, n, weight);
        if (!r) return std::unexpected(r.error());
        t.rules.push_back(std::make_shared<const Rule>(std::move(*r)));
    }
    return t;
}

// Expands \1..\3 in `tmpl` with the captured groups.
std::string expand(const std::string& tmpl, const std::array<std::string, kMaxGroups>& groups) {
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '\\' && i + 1 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '3') {
            out += groups[static_cast<std::size_t>(tmpl[i + 1] - '1')];
            ++i;
        } else {
            out += tmpl[i];
        }
    }
    return out;
}

}  // namespace

std::string_view fact_name(Fact f) noexcept { return kFactNames[static_cast<std::size_t>(f)]; }

bool known_type(std::string_view t) noexcept {
    return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

Kb::Kb() = default;
Kb::~Kb() = default;
Kb::Kb(Kb&&) noexcept = default;
Kb& Kb::operator=(Kb&&) noexcept = default;

std::expected<Kb, std::string> Kb::load(const std::vector<std::string>& files) {
    Kb kb;
    for (const auto& file : files) {
        YAML::Node root;
        try {
            root = YAML::LoadFile(file);
        } catch (const YAML::BadFile&) {
            return std::unexpected(file + ": cannot be read");
        } catch (const YAML::Exception& e) {
            return std::unexpected(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
        }
        try {
            auto t = parse_table(file, root);
            if (!t) return std::unexpected(t.error());
            kb.tables_.push_back(std::move(*t));
        } catch (const YAML::Exception& e) {  // a scalar where a map was expected, ...
            return std::unexpected(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
        }
    }
    return kb;
}

std::expected<Kb, std::string> Kb::load_dir(const std::string& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path().string());
    if (ec) return std::unexpected(dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return load(files);
}

std::string Kb::default_dir() {
#ifdef SENSOR_DATA_DIR
    const std::string dev = std::string(SENSOR_DATA_DIR) + "/posture/kb";
    std::error_code ec;
    if (std::filesystem::is_directory(dev, ec)) return dev;
#endif
    return "/usr/share/sensord/kb";
}

void Kb::match(Fact f, std::string_view value, std::vector<ClassHint>& out) const {
    if (value.empty()) return;
    const re2::StringPiece text(value.data(), value.size());
    for (const auto& t : tables_) {
        if (t.fact != f) continue;
        for (const auto& r : t.rules) {
            std::array<std::string, kMaxGroups> groups;
            std::array<RE2::Arg, kMaxGroups> args;
            std::array<const RE2::Arg*, kMaxGroups> argp{};
            const int n = r->re->NumberOfCapturingGroups();
            for (int i = 0; i < n; ++i) {
                args[static_cast<std::size_t>(i)] = RE2::Arg(&groups[static_cast<std::size_t>(i)]);
                argp[static_cast<std::size_t>(i)] = &args[static_cast<std::size_t>(i)];
            }
            if (!RE2::PartialMatchN(text, *r->re, argp.data(), n)) continue;
            for (const auto& s : r->sets) {
                std::string v = expand(s.value, groups);
                if (!v.empty()) out.push_back(ClassHint{s.attribute, capped(v), r->weight, t.src});
            }
            break;  // first match per table
        }
    }
}

std::size_t Kb::rule_count() const noexcept {
    std::size_t n = 0;
    for (const auto& t : tables_) n += t.rules.size();
    return n;
}

}  // namespace posture::kb
