// posture/kb/ua_db.cc
// uap-core User-Agent parser and its classification hints: see ua_db.h.
#include "posture/kb/ua_db.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <utility>

namespace posture {
namespace {

constexpr int kMaxGroups = 9;                  // $1..$9 (uap-core specification)
constexpr std::size_t kMaxReplacements = 5;    // os_parsers have five, the others three or four
constexpr std::string_view kHintSrc = "http.ua";
constexpr std::string_view kOther = "Other";
constexpr int kMinAtomBytes = 2;  // literals of 2+ bytes filter best (measured: 1 and 4 are 2-6x slower)
constexpr std::int64_t kMaxRe2Bytes = 1 << 20;  // per regex (RE2 default 8 MiB): bounds the lazily built DFAs

// One regexes.yaml entry; its regex lives in the list's FilteredRE2 under
// the same index.
struct Rule {
    int groups = 0;  // capture groups read, <= kMaxGroups
    std::array<std::string, kMaxReplacements> repl;  // in the order of the list's ListSpec::keys; "" = none
};

// How a list names its replacements, and which group each field defaults to
// when its replacement is absent (0: none; the device brand has no default).
struct ListSpec {
    std::string_view name;
    std::array<std::string_view, kMaxReplacements> keys;
    std::array<int, kMaxReplacements> default_group;
};
constexpr ListSpec kUaSpec{"user_agent_parsers",
                           {"family_replacement", "v1_replacement", "v2_replacement", "v3_replacement", ""},
                           {1, 2, 3, 4, 0}};
constexpr ListSpec kOsSpec{"os_parsers",
                           {"os_replacement", "os_v1_replacement", "os_v2_replacement", "os_v3_replacement",
                            "os_v4_replacement"},
                           {1, 2, 3, 4, 5}};
constexpr ListSpec kDeviceSpec{"device_parsers",
                               {"device_replacement", "brand_replacement", "model_replacement", "", ""},
                               {1, 0, 1, 0, 0}};

// One list, compiled. Trying the regexes one after the other costs about
// 0.9 ms per string for the three lists; RE2's FilteredRE2 first finds which literal "atoms"
// (lowercased substrings a regex cannot match without) occur in the string,
// with one RE2::Set over all of them, and then only the regexes whose atoms
// are all there (and those without any) are run, in list order.
struct List {
    List() : filter(kMinAtomBytes) {}
    re2::FilteredRE2 filter;
    std::vector<Rule> rules;          // by FilteredRE2 id
    std::unique_ptr<RE2::Set> atoms;  // nullptr: no atoms (every rule is a candidate)
};

using Groups = std::array<std::string_view, kMaxGroups + 1>;  // [0] the whole match; unmatched = empty

}  // namespace

struct UaDb::Lists {
    List ua, os, device;
};

namespace {

// ---- loading ----

std::string where(const std::string& file, const YAML::Node& n, std::string_view key) {
    return file + ":" + std::to_string(n.Mark().line + 1) + ": " + std::string(key);
}

// A scalar value, or an error naming its line and key.
std::expected<std::string, std::string> scalar(const std::string& file, const YAML::Node& n, std::string_view key) {
    if (!n.IsScalar()) return std::unexpected(where(file, n, key) + ": expected a string");
    return n.Scalar();
}

// Compiles one entry into `list`; a regex RE2 rejects is counted in
// `skipped`. An error for an entry that is not what the specification
// describes.
std::expected<void, std::string> add_rule(const std::string& file, const YAML::Node& item, const ListSpec& spec,
                                          List& list, std::size_t& skipped) {
    if (!item.IsMap()) return std::unexpected(where(file, item, spec.name) + ": expected a map with 'regex'");
    const YAML::Node regex = item["regex"];
    if (!regex) return std::unexpected(where(file, item, "regex") + ": missing");
    auto pattern = scalar(file, regex, "regex");
    if (!pattern) return std::unexpected(pattern.error());
    Rule rule;
    for (std::size_t i = 0; i < kMaxReplacements; ++i) {
        if (spec.keys[i].empty()) continue;
        const YAML::Node v = item[std::string(spec.keys[i])];
        if (!v) continue;
        auto s = scalar(file, v, spec.keys[i]);
        if (!s) return std::unexpected(s.error());
        rule.repl[i] = std::move(*s);
    }
    RE2::Options o(RE2::Latin1);  // bytes, not UTF-8: see ua_db.h
    o.set_log_errors(false);
    o.set_max_mem(kMaxRe2Bytes);
    if (const YAML::Node flag = item["regex_flag"]) {
        auto f = scalar(file, flag, "regex_flag");
        if (!f) return std::unexpected(f.error());
        if (*f != "i") return std::unexpected(where(file, flag, "regex_flag") + ": unknown flag '" + *f + "'");
        o.set_case_sensitive(false);
    }
    int id = -1;
    if (list.filter.Add(*pattern, o, &id) != RE2::NoError) {
        ++skipped;
        return {};
    }
    rule.groups = std::min(list.filter.GetRE2(id).NumberOfCapturingGroups(), kMaxGroups);
    list.rules.push_back(std::move(rule));  // ids are consecutive: list.rules[id]
    return {};
}

// The RE2::Set that finds a list's atoms in lowercased text; nullptr when
// there are none or RE2 refuses the set (then every rule is a candidate).
std::unique_ptr<RE2::Set> atom_set(const std::vector<std::string>& atoms) {
    if (atoms.empty()) return nullptr;
    RE2::Options o(RE2::Latin1);
    o.set_log_errors(false);
    auto set = std::make_unique<RE2::Set>(o, RE2::UNANCHORED);
    for (const std::string& a : atoms)
        if (set->Add(RE2::QuoteMeta(a), nullptr) < 0) return nullptr;
    if (!set->Compile()) return nullptr;
    return set;
}

std::expected<void, std::string> parse_list(const std::string& file, const YAML::Node& root, const ListSpec& spec,
                                            List& list, std::size_t& skipped) {
    const YAML::Node items = root[std::string(spec.name)];
    if (!items) return std::unexpected(file + ": " + std::string(spec.name) + ": missing");
    if (!items.IsSequence()) return std::unexpected(where(file, items, spec.name) + ": expected a list");
    list.rules.reserve(items.size());
    for (const YAML::Node& item : items)
        if (auto added = add_rule(file, item, spec, list, skipped); !added) return added;
    if (list.rules.empty()) return {};  // FilteredRE2::Compile complains about an empty list
    std::vector<std::string> atoms;
    list.filter.Compile(&atoms);
    list.atoms = atom_set(atoms);
    return {};
}

// ---- matching ----

[[nodiscard]] bool space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

[[nodiscard]] std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// `repl` with $1..$9 replaced by the groups, trimmed. "$0" and a "$" before
// anything else stay as written.
std::string expand(std::string_view repl, const Groups& g) {
    std::string out;
    out.reserve(repl.size() + 16);
    for (std::size_t i = 0; i < repl.size(); ++i) {
        if (repl[i] == '$' && i + 1 < repl.size() && repl[i + 1] >= '1' && repl[i + 1] <= '9') {
            out += g[static_cast<std::size_t>(repl[i + 1] - '0')];
            ++i;
        } else {
            out += repl[i];
        }
    }
    return std::string(trim(out));
}

// Field `i` of a matched rule: its replacement if it has one, else its default group.
std::string field(const Rule& r, const ListSpec& spec, std::size_t i, const Groups& g) {
    if (!r.repl[i].empty()) return expand(r.repl[i], g);
    const int group = spec.default_group[i];
    return group > 0 ? std::string(trim(g[static_cast<std::size_t>(group)])) : std::string();
}

// The rules of `list` that may match `lower` (the string in lowercase), in
// list order.
std::vector<int> candidates(const List& list, std::string_view lower) {
    std::vector<int> ids;
    std::vector<int> atoms;
    RE2::Set::ErrorInfo error{};
    if (list.atoms && !list.atoms->Match(re2::StringPiece(lower.data(), lower.size()), &atoms, &error) &&
        error.kind != RE2::Set::kNoError) {
        // The set's DFA ran out of memory: try every rule rather than guess.
        ids.resize(list.rules.size());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
        return ids;
    }
    list.filter.AllPotentials(atoms, &ids);
    std::sort(ids.begin(), ids.end());  // RE2 sorts them already; list order is the specification
    return ids;
}

// The first rule of `list` that matches `ua`, with its groups in `g`.
const Rule* first_match(const List& list, std::string_view ua, std::string_view lower, Groups& g) {
    if (list.rules.empty()) return nullptr;
    std::array<re2::StringPiece, kMaxGroups + 1> sp;
    const re2::StringPiece text(ua.data(), ua.size());
    for (const int id : candidates(list, lower)) {
        const Rule& r = list.rules[static_cast<std::size_t>(id)];
        if (!list.filter.GetRE2(id).Match(text, 0, text.size(), RE2::UNANCHORED, sp.data(), r.groups + 1)) continue;
        g = {};
        for (int i = 0; i <= r.groups; ++i) {
            const auto& p = sp[static_cast<std::size_t>(i)];
            if (p.data() != nullptr) g[static_cast<std::size_t>(i)] = std::string_view(p.data(), p.size());
        }
        return &r;
    }
    return nullptr;
}

// Runs one list; `out` receives the list's fields in ListSpec order.
void run_list(const List& list, const ListSpec& spec, std::string_view ua, std::string_view lower,
              const std::array<std::string*, kMaxReplacements>& out) {
    Groups g;
    const Rule* r = first_match(list, ua, lower, g);
    if (r != nullptr)
        for (std::size_t i = 0; i < kMaxReplacements; ++i)
            if (out[i] != nullptr) *out[i] = field(*r, spec, i, g);
    if (out[0]->empty()) *out[0] = kOther;
}

}  // namespace

// ---- UaDb ----

UaDb::UaDb() = default;
UaDb::UaDb(UaDb&&) noexcept = default;
UaDb& UaDb::operator=(UaDb&&) noexcept = default;
UaDb::~UaDb() = default;

std::expected<UaDb, std::string> UaDb::load(const std::string& path) {
    try {
        YAML::Node root;
        try {
            root = YAML::LoadFile(path);
        } catch (const YAML::BadFile&) {
            return std::unexpected(path + ": cannot open");
        } catch (const YAML::Exception& e) {
            return std::unexpected(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
        }
        if (!root.IsMap())
            return std::unexpected(path + ": expected a map with user_agent_parsers, os_parsers, device_parsers");
        auto lists = std::make_unique<Lists>();
        UaDb db;
        for (auto [spec, list] : {std::pair{&kUaSpec, &lists->ua}, {&kOsSpec, &lists->os},
                                  {&kDeviceSpec, &lists->device}})
            if (auto ok = parse_list(path, root, *spec, *list, db.skipped_); !ok) return std::unexpected(ok.error());
        db.lists_ = std::move(lists);
        db.cache_.reserve(kUaCacheEntries);
        db.ring_.reserve(kUaCacheEntries);
        db.used_.assign(kUaCacheEntries, 0);
        return db;
    } catch (const YAML::Exception& e) {  // a scalar where a map was expected, ...
        return std::unexpected(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    } catch (const std::exception& e) {  // bad_alloc and the like: still not ours to throw
        return std::unexpected(path + ": " + e.what());
    }
}

std::size_t UaDb::rule_count() const noexcept {
    return lists_ ? lists_->ua.rules.size() + lists_->os.rules.size() + lists_->device.rules.size() : 0;
}

UaInfo UaDb::parse_uncached(std::string_view ua) const {
    ua = ua.substr(0, std::min(ua.size(), kUaMaxBytes));
    UaInfo u;
    static const Lists kEmpty;  // a moved-from UaDb parses everything as "Other"
    const Lists& l = lists_ ? *lists_ : kEmpty;
    std::string lower(ua);  // the atoms are lowercase (FilteredRE2)
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    run_list(l.ua, kUaSpec, ua, lower, {&u.family, &u.major, &u.minor, &u.patch, nullptr});
    run_list(l.os, kOsSpec, ua, lower, {&u.os_family, &u.os_major, &u.os_minor, &u.os_patch, &u.os_patch_minor});
    run_list(l.device, kDeviceSpec, ua, lower, {&u.device_family, &u.brand, &u.model, nullptr, nullptr});
    return u;
}

const UaInfo& UaDb::parse(std::string_view ua) {
    ua = ua.substr(0, std::min(ua.size(), kUaMaxBytes));
    if (auto it = cache_.find(ua); it != cache_.end()) {
        ++hits_;
        used_[it->second.slot] = 1;
        return it->second.info;
    }
    ++misses_;
    if (used_.size() != kUaCacheEntries) used_.assign(kUaCacheEntries, 0);  // after a move-from
    std::size_t slot = ring_.size();
    if (slot == kUaCacheEntries) {
        evict_one();
        slot = hand_;
        hand_ = (hand_ + 1) % kUaCacheEntries;
    }
    const auto it = cache_.emplace(std::string(ua), Entry{parse_uncached(ua), slot}).first;
    const std::string_view key = it->first;  // node-based: the key does not move until erased
    if (slot == ring_.size()) ring_.push_back(key);
    else ring_[slot] = key;
    used_[slot] = 0;
    return it->second.info;
}

// CLOCK: advances the hand past recently used entries (clearing their bit)
// and erases the first one not used since the hand last passed it. Leaves
// hand_ on the freed slot.
void UaDb::evict_one() {
    while (used_[hand_] != 0) {
        used_[hand_] = 0;
        hand_ = (hand_ + 1) % kUaCacheEntries;
    }
    if (auto it = cache_.find(ring_[hand_]); it != cache_.end()) cache_.erase(it);
}

// ---- hints ----

namespace {

struct OsName {
    std::string_view uap;
    std::string_view name;
    bool version = true;  // os.version from major[.minor]
};
// uap-core OS families (regexes.yaml 0.16) -> the names other mappers emit.
// Distributions collapse to "Linux", without a version: a distribution's
// release number is not a Linux version.
constexpr OsName kOsNames[] = {
    {"Windows", "Windows"},
    {"Windows Phone", "Windows Phone"},
    {"Windows Mobile", "Windows Mobile"},
    {"Windows CE", "Windows CE"},
    {"Windows RT", "Windows"},
    {"Mac OS X", "macOS"},
    {"macOS", "macOS"},
    {"Mac OS", "macOS"},
    {"iOS", "iOS"},
    {"iPadOS", "iOS"},
    {"tvOS", "tvOS"},
    {"ATV OS X", "tvOS", false},
    {"WatchOS", "watchOS"},
    {"watchOS", "watchOS"},
    {"Android", "Android"},
    {"Chrome OS", "Chrome OS"},
    {"Chromecast", "Chromecast"},
    {"GoogleTV", "Android", false},
    {"Fire OS", "Fire OS"},
    {"Linux", "Linux"},
    {"Ubuntu", "Linux", false},
    {"Kubuntu", "Linux", false},
    {"Debian", "Linux", false},
    {"Fedora", "Linux", false},
    {"Red Hat", "Linux", false},
    {"CentOS", "Linux", false},
    {"Gentoo", "Linux", false},
    {"Mandriva", "Linux", false},
    {"Slackware", "Linux", false},
    {"SUSE", "Linux", false},
    {"openSUSE", "Linux", false},
    {"Linux Mint", "Linux", false},
    {"PCLinuxOS", "Linux", false},
    {"Puppy", "Linux", false},
    {"Arch Linux", "Linux", false},
    {"FreeBSD", "FreeBSD"},
    {"OpenBSD", "OpenBSD"},
    {"NetBSD", "NetBSD"},
    {"DragonFly BSD", "DragonFly BSD"},
    {"Solaris", "Solaris"},
    {"BlackBerry OS", "BlackBerry OS"},
    {"BlackBerry Tablet OS", "BlackBerry Tablet OS"},
    {"Symbian OS", "Symbian"},
    {"Symbian^3", "Symbian", false},
    {"Symbian^3 Anna", "Symbian", false},
    {"Symbian^3 Belle", "Symbian", false},
    {"KaiOS", "KaiOS"},
    {"Firefox OS", "Firefox OS"},
    {"Tizen", "Tizen"},
    {"webOS", "webOS"},
    {"Web0S", "webOS"},
    {"Roku", "Roku OS"},
    {"Sailfish", "Sailfish OS"},
    {"MeeGo", "MeeGo"},
    {"Maemo", "Maemo"},
    {"Bada", "Bada"},
    {"BREW", "Brew"},
    {"Brew MP", "Brew"},
    {"Nokia Series 40", "Series 40", false},
    {"Nokia Series 30 Plus", "Series 30+", false},
    {"HarmonyOS", "HarmonyOS"},
};
// Not named as an OS: uap-core's TV makers ("Samsung", "LG", "Sony", ...,
// from HbbTV strings; the device parsers give those the type), "Kindle"
// (e-readers; the device says tablet), "FireHbbTV", "WebTV", "Other".

constexpr std::string_view kPhoneOs[] = {"Windows Phone", "Windows Mobile", "BlackBerry OS", "Symbian",
                                         "KaiOS",         "Firefox OS",     "Sailfish OS",   "MeeGo",
                                         "Maemo",         "Bada",           "Brew",          "Series 40",
                                         "Series 30+"};
constexpr std::string_view kDesktopOs[] = {"Windows", "macOS",  "Chrome OS",     "FreeBSD",
                                           "OpenBSD", "NetBSD", "DragonFly BSD", "Solaris"};
constexpr std::string_view kMediaOs[] = {"tvOS", "Roku OS", "Chromecast"};

[[nodiscard]] bool contains(std::string_view s, std::string_view part) noexcept {
    return s.find(part) != std::string_view::npos;
}
template <std::size_t N>
[[nodiscard]] bool one_of(std::string_view s, const std::string_view (&set)[N]) noexcept {
    return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

[[nodiscard]] bool generic_brand(std::string_view brand) noexcept { return brand.starts_with("Generic"); }

struct TypeGuess {
    std::string_view type;  // empty: none
    std::uint8_t weight = kUaTypeWeight;
};

// The type the device parsers' answer implies, if any.
TypeGuess type_from_device(const UaInfo& u) {
    const std::string_view f = u.device_family, b = u.brand, m = u.model;
    if (f == "iPhone" || f == "iPod") return {"phone"};  // iPod touch: a phone without the radio
    if (f == "iPad") return {"tablet"};
    if (f == "AppleTV") return {"media"};
    if (f == "Apple Watch") return {"iot"};
    if (f == "Mac") return {"workstation"};
    if (b == "Generic") {
        if (m == "Smartphone" || m == "Feature Phone") return {"phone"};
        if (m == "Tablet") return {"tablet"};
    }
    if (b == "Generic_Android_Tablet") return {"tablet"};
    if (b == "Generic_Inettv" || f == "Inettv" || f.starts_with("HbbTV") || f.starts_with("NetCast") ||
        contains(m, "SMART-TV"))
        return {"media"};
    if (b == "Nintendo" || m.starts_with("PlayStation") || m == "Xbox") return {"media"};  // consoles
    if (f.starts_with("Kindle") || contains(m, "Tab") || contains(m, "Pad")) return {"tablet"};
    return {};
}

// The type the OS implies, if any.
TypeGuess type_from_os(const UaInfo& u, std::string_view os) {
    if (os == "Android") {
        // Android browsers say "Mobile" on phones and leave it out on tablets;
        // apps (Dalvik, okhttp) say neither: most Android clients are phones.
        if (contains(u.family, "Mobile")) return {"phone"};
        return {"phone", kUaTypeGuessWeight};
    }
    if (one_of(os, kPhoneOs)) return {"phone"};
    if (os == "BlackBerry Tablet OS") return {"tablet"};
    if (os == "watchOS") return {"iot"};
    if (one_of(os, kMediaOs)) return {"media"};
    if (os == "webOS") return {"media", kUaTypeGuessWeight};  // LG TVs today; Palm phones once
    if (one_of(os, kDesktopOs)) return {"workstation"};
    // A bare "Linux" is mostly a desktop, but TVs, set-top boxes and other
    // embedded browsers say it too.
    if (os == "Linux") return {"workstation", u.os_family == "Linux" ? kUaTypeGuessWeight : kUaTypeWeight};
    return {};
}

void add(std::vector<ClassHint>& out, std::string_view attribute, std::string value, std::uint8_t weight) {
    out.push_back({std::string(attribute), std::move(value), weight, std::string(kHintSrc)});
}


const OsName* find_os(std::string_view uap_os_family) noexcept {
    for (const auto& o : kOsNames)
        if (o.uap == uap_os_family) return &o;
    return nullptr;
}

}  // namespace

std::string_view ua_os_name(std::string_view uap_os_family) noexcept {
    const OsName* os = find_os(uap_os_family);
    return os != nullptr ? os->name : std::string_view();
}

std::vector<ClassHint> ua_hints(const UaInfo& u) {
    std::vector<ClassHint> out;
    if (u.device_family == "Spider" || u.brand == "Spider") return out;
    const OsName* os = find_os(u.os_family);
    if (os != nullptr) {
        add(out, "os.name", std::string(os->name), kUaOsNameWeight);
        if (os->version && !u.os_major.empty())
            add(out, "os.version", u.os_minor.empty() ? u.os_major : u.os_major + "." + u.os_minor,
                kUaOsVersionWeight);
    }
    TypeGuess t = type_from_device(u);
    if (t.type.empty() && os != nullptr) t = type_from_os(u, os->name);
    if (!t.type.empty()) add(out, "type", std::string(t.type), t.weight);
    const bool generic = generic_brand(u.brand);
    if (!u.brand.empty() && !generic) add(out, "vendor", u.brand, kUaVendorWeight);
    const bool generic_model = u.model == "Smartphone" || u.model == "Feature Phone" || u.model == "Tablet";
    if (!u.model.empty() && u.model != kOther && !(generic && generic_model))
        add(out, "model", u.model, generic ? kUaGenericModelWeight : kUaModelWeight);
    return out;
}

}  // namespace posture
