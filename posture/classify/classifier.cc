// posture/classify/classifier.cc: votes, fusion and hysteresis (see classifier.h).
#include "posture/classify/classifier.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <map>
#include <string_view>

#include "posture/inventory/inventory.h"
#include "posture/kb/kb.h"
#include "posture/kb/ua_db.h"

namespace posture::classify {
namespace {

using kb::Fact;

constexpr unsigned kRouterWeight = 60;

// Strings of fp[key] when it is a list of strings.
void each_string(const Map& fp, const char* key, const std::function<void(const std::string&)>& f) {
    const auto it = fp.find(key);
    if (it == fp.end()) return;
    if (const Array* a = it->second.as_array())
        for (const auto& v : *a)
            if (const auto* s = v.as_string()) f(*s);
}

// Field `field` of each map in the list fp[key] (or of the map fp[key]).
void each_field(const Map& fp, const char* key, const char* field, const std::function<void(const Value&)>& f) {
    const auto it = fp.find(key);
    if (it == fp.end()) return;
    auto one = [&](const Value& v) {
        if (const Map* m = v.as_map())
            if (auto x = m->find(field); x != m->end()) f(x->second);
    };
    if (const Array* a = it->second.as_array())
        for (const auto& v : *a) one(v);
    else one(it->second);
}

void each_field_string(const Map& fp, const char* key, const char* field, const std::function<void(const std::string&)>& f) {
    each_field(fp, key, field, [&](const Value& v) {
        if (const auto* s = v.as_string()) f(*s);
        else if (const Array* a = v.as_array())
            for (const auto& x : *a)
                if (const auto* item = x.as_string()) f(*item);
    });
}

unsigned score_of(const std::vector<std::pair<std::string, unsigned>>& tally, const std::string& value) {
    for (const auto& [v, s] : tally)
        if (v == value) return s;
    return 0;
}

// Generic OS names, as p0f's TCP labels give them, support the specific
// systems built on them: a "Linux" vote also counts for Android, Tizen, ...
// when those are voted for (never alone), so a TV's TCP stack does not
// outvote what its UPnP and DNS say it runs. The same holds for p0f's
// generic Windows versions: "NT kernel" supports "XP" from a User-Agent.
struct Refinement {
    std::string_view generic;
    std::string_view specific[12];
};
constexpr Refinement kRefinements[] = {
    {"Linux", {"Android", "Tizen", "webOS", "Roku OS", "Chrome OS", "ArubaOS-Switch", "Synology DSM", "Cisco IOS XE"}},
    {"Mac OS X", {"macOS", "iOS", "tvOS", "watchOS"}},
    {"workstation", {"laptop"}},  // a type: a laptop is a workstation one can carry
    // os.version (Windows): p0f's labels against the release names.
    {"NT kernel", {"NT kernel 5.x", "NT kernel 6.x", "2000", "XP", "Server 2003", "Vista", "7", "8", "8.1", "10", "11"}},
    {"NT kernel 5.x", {"2000", "XP", "Server 2003", "Server 2003 R2"}},
    {"NT kernel 6.x", {"Vista", "7", "8", "8.1", "10", "11", "Server 2008", "Server 2008 R2", "Server 2012",
                       "Server 2016", "Server 2019", "Server 2022"}},
    {"7 or 8", {"7", "8", "8.1"}},
};

bool refines(std::string_view generic, std::string_view specific) {
    for (const auto& r : kRefinements)
        if (r.generic == generic)
            for (const auto s : r.specific)
                if (s == specific) return true;
    return false;
}

// The values of one attribute and their summed weights, best first (ties:
// the value voted for first).
std::vector<std::pair<std::string, unsigned>> tally(const std::vector<ClassHint>& votes, const char* attr,
                                                    const std::string& os_name) {
    std::vector<std::pair<std::string, unsigned>> t;
    const bool version = std::string_view(attr) == "os.version";
    for (const auto& h : votes) {
        if (h.attribute != attr || h.value.empty()) continue;
        if (version) {
            // Only from a source that named the OS of the verdict.
            const bool named = std::any_of(votes.begin(), votes.end(), [&](const ClassHint& x) {
                return x.attribute == "os.name" && x.src == h.src && x.value == os_name;
            });
            if (!named) continue;
        }
        auto it = std::find_if(t.begin(), t.end(), [&](const auto& p) { return p.first == h.value; });
        if (it == t.end()) t.emplace_back(h.value, h.weight);
        else it->second += h.weight;
    }
    if (std::string_view(attr) == "os.name" || std::string_view(attr) == "type" || version) {
        // A generic name's weight goes to the specific names it covers.
        auto base = t;
        for (auto& [v, sc] : t)
            for (const auto& [g, gs] : base)
                if (refines(g, v)) sc += gs;
    }
    std::stable_sort(t.begin(), t.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return t;
}

// --- spoof detection (classifier.h) ---

// `host`: the channel speaks for the machine itself, not for one
// application on it (a User-Agent or a TLS library is per application).
struct Channel {
    std::string_view name;
    std::string_view prefixes[3];
    bool host;
};
constexpr Channel kChannels[] = {
    {"DHCP", {"dhcp.", "kb.dhcp", "dhcpv6."}, true},
    {"TCP stack", {"tcp.syn", "tcp.synack", {}}, true},
    {"User-Agent", {"http.ua", {}, {}}, false},
    {"TLS client", {"kb.ja4", {}, {}}, false},
    {"SMB", {"smb.", "browser.", {}}, true},
    {"SSH", {"ssh.", {}, {}}, true},
};

const Channel* channel_of(std::string_view src) {
    for (const auto& c : kChannels)
        for (const auto p : c.prefixes)
            if (!p.empty() && src.starts_with(p)) return &c;
    return nullptr;
}

std::string_view os_family(std::string_view os) {
    if (os.starts_with("Windows")) return "Windows";
    for (const auto a : {"macOS", "Mac OS X", "MacOS X", "OS X", "iOS", "iPadOS", "tvOS", "watchOS"})
        if (os == a) return "Apple";
    if (os == "Linux" || refines("Linux", os)) return "Linux";
    if (os.ends_with("BSD")) return "BSD";
    return os;
}

std::string voice(const ClassHint& h) {
    return h.value + " (" + h.src + " " + std::to_string(h.weight) + ")";
}

// The contradictions among `votes` (see classifier.h), at most one per kind.
std::vector<Conflict> find_conflicts(const std::vector<ClassHint>& votes) {
    std::vector<Conflict> out;
    if (std::any_of(votes.begin(), votes.end(), [](const ClassHint& h) { return h.src == "l3.forwarding"; }))
        return out;
    std::vector<const ClassHint*> os;
    for (const auto& h : votes)
        if (h.attribute == "os.name" && h.weight >= kConflictMinWeight && channel_of(h.src)) os.push_back(&h);
    // The strongest pair (by its weaker side) of votes from different
    // families that `pair_ok` accepts.
    auto strongest = [&](auto pair_ok) -> std::pair<const ClassHint*, const ClassHint*> {
        std::pair<const ClassHint*, const ClassHint*> best{nullptr, nullptr};
        unsigned best_w = 0;
        for (std::size_t i = 0; i < os.size(); ++i)
            for (std::size_t j = i + 1; j < os.size(); ++j) {
                const ClassHint &a = *os[i], &b = *os[j];
                if (os_family(a.value) == os_family(b.value) || !pair_ok(a, b)) continue;
                if (std::max(a.weight, b.weight) < kConflictStrongWeight) continue;
                const unsigned w = std::min(a.weight, b.weight);
                if (w > best_w) {
                    best_w = w;
                    best = a.weight >= b.weight ? std::pair{&a, &b} : std::pair{&b, &a};
                }
            }
        return best;
    };
    // Different channels: within one, two sources may see different things
    // (a NAT box's SYN+ACKs come from the servers it forwards to).
    if (auto [a, b] = strongest([](const ClassHint& x, const ClassHint& y) { return channel_of(x.src) != channel_of(y.src); });
        a)
        out.push_back({"os_sources", std::string(channel_of(a->src)->name) + " says " + voice(*a) + "; " +
                                         std::string(channel_of(b->src)->name) + " says " + voice(*b)});
    if (auto [a, b] = strongest([](const ClassHint& x, const ClassHint& y) {
            return x.src == y.src && channel_of(x.src)->host;
        });
        a)
        out.push_back({"os_family_change", std::string(channel_of(a->src)->name) + " named both " + voice(*a) +
                                               " and " + voice(*b)});
    const bool apple_hw = std::any_of(votes.begin(), votes.end(), [](const ClassHint& h) {
        return h.attribute == "vendor" && h.value == "Apple" && (h.src == "oui" || h.src == "kb.oui");
    });
    if (apple_hw) {
        const ClassHint* other = nullptr;
        for (const ClassHint* h : os)
            // Not the TCP stack: Apple's network appliances (AirPort) run other kernels.
            if (os_family(h->value) != "Apple" && h->weight >= kConflictStrongWeight &&
                channel_of(h->src)->name != "TCP stack" && (!other || h->weight > other->weight))
                other = h;
        if (other)
            out.push_back({"vendor_os", "the MAC's vendor is Apple (OUI); " +
                                            std::string(channel_of(other->src)->name) + " says " + voice(*other)});
    }
    return out;
}

// Derived votes (what the leading OS or model implies) are recomputed from
// the others each time, never remembered.
bool derived(const ClassHint& h) { return h.src == "kb.os" || h.src == "kb.model"; }

}  // namespace

void Classifier::remember(ClassState& st, const std::vector<ClassHint>& votes) {
    for (const auto& h : votes) {
        if (derived(h)) continue;
        auto it = std::find_if(st.remembered.begin(), st.remembered.end(), [&](const ClassHint& x) {
            return x.src == h.src && x.attribute == h.attribute && x.value == h.value;
        });
        if (it == st.remembered.end()) st.remembered.push_back(h);
        else it->weight = std::max(it->weight, h.weight);
    }
    if (st.remembered.size() > kMaxRemembered) {
        std::stable_sort(st.remembered.begin(), st.remembered.end(),
                         [](const ClassHint& a, const ClassHint& b) { return a.weight > b.weight; });
        st.remembered.resize(kMaxRemembered);
    }
}

namespace {

double confidence(unsigned s, unsigned total) {
    if (s == 0 || total == 0) return 0;
    return std::min(1.0, s / 100.0) * s / total;
}

void adopt(Verdict& v, const std::string& value, std::uint64_t now_us) {
    if (!v.value.empty()) {
        ++v.changes;
        if (std::find(v.held.begin(), v.held.end(), value) != v.held.end()) ++v.flaps;
        v.held.erase(std::remove(v.held.begin(), v.held.end(), v.value), v.held.end());
        v.held.push_back(v.value);
        if (v.held.size() > kMaxHeld) v.held.erase(v.held.begin());
    }
    v.value = value;
    v.since_us = now_us;
    v.challenger.clear();
    v.challenger_since_us = 0;
}

// One attribute's hysteresis step; true when the verdict's value changed.
bool step(Verdict& v, const std::vector<std::pair<std::string, unsigned>>& t, std::uint64_t now_us) {
    unsigned total = 0;
    for (const auto& [val, s] : t) total += s;
    if (t.empty()) {
        const bool had = !v.value.empty();
        if (had) adopt(v, "", now_us);
        v.score = 0;
        v.confidence = 0;
        return had;
    }
    const auto& [best, best_score] = t.front();
    bool changed = false;
    if (v.value.empty()) {
        adopt(v, best, now_us);
        changed = true;
    } else if (best != v.value) {
        const unsigned cur = score_of(t, v.value);
        // A weak verdict (under kWeakScore) yields to any clear lead.
        const bool leads = cur < kWeakScore ? best_score >= cur + kMarginAbs : best_score >= kMarginRatio * cur + kMarginAbs;
        if (!leads) {
            v.challenger.clear();
        } else {
            if (v.challenger != best) {
                v.challenger = best;
                v.challenger_since_us = now_us;
            }
            const bool overwhelming = cur == 0 || best_score >= 2 * cur + 20;
            if (overwhelming || now_us - v.challenger_since_us >= kSustainUs) {
                adopt(v, best, now_us);
                changed = true;
            }
        }
    } else {
        v.challenger.clear();
    }
    v.score = score_of(t, v.value);
    v.confidence = confidence(v.score, total);
    return changed;
}

// Answering on ports that only servers listen on (databases, directory,
// mail, MQTT, SSH, DNS) is a server's behaviour; one port is a weak vote,
// each further one adds a little. Ports that clients open too (SMB, RPC,
// mDNS, HTTP on appliances) do not count.
void server_ports(const Device& d, std::vector<ClassHint>& out) {
    constexpr std::uint16_t kServerPorts[] = {22, 25, 53, 389, 465, 587, 636, 993, 995, 1433, 1521, 1883, 2049,
                                              3306, 5432, 5672, 6379, 8883, 9092, 9200, 11211, 27017};
    unsigned n = 0;
    for (const auto& s : d.services)
        if (s.l4 == 6 && std::find(std::begin(kServerPorts), std::end(kServerPorts), s.port) != std::end(kServerPorts))
            ++n;
    if (n) out.push_back({"type", "server", static_cast<std::uint8_t>(std::min(45u, 20 + 10 * (n - 1))), "svc.ports"});
}

}  // namespace

std::vector<ClassHint> Classifier::votes(const Device& d) const {
    std::vector<ClassHint> out = d.hints;
    if (d.router) out.push_back({"type", "network", kRouterWeight, "l3.forwarding"});
    const Map& fp = d.fp;
    if (kb_) {
        for (const auto& n : d.names) kb_->match(Fact::Hostname, n.name, out);
        if (!d.vendor.empty()) kb_->match(Fact::Oui, d.vendor, out);
        each_field_string(fp, "dhcp", "vendor", [&](const std::string& s) { kb_->match(Fact::DhcpVendor, s, out); });
        each_field_string(fp, "dhcp", "prl", [&](const std::string& s) { kb_->match(Fact::DhcpPrl, s, out); });
        each_string(fp, "dns", [&](const std::string& s) { kb_->match(Fact::Dns, s, out); });
        each_field_string(fp, "mdns", "services", [&](const std::string& s) { kb_->match(Fact::MdnsService, s, out); });
        each_field(fp, "mdns", "txt", [&](const Value& v) {
            if (const Map* m = v.as_map())
                for (const auto& [k, x] : *m)
                    if (const auto* s = x.as_string()) kb_->match(Fact::MdnsTxt, k + "=" + *s, out);
        });
        each_field_string(fp, "ssdp", "server", [&](const std::string& s) { kb_->match(Fact::SsdpServer, s, out); });
        each_field_string(fp, "ssdp", "nt", [&](const std::string& s) { kb_->match(Fact::SsdpType, s, out); });
        // Not "st": an M-SEARCH target is what the device looks for, not what it is.
        each_field_string(fp, "lldp", "sysdesc", [&](const std::string& s) { kb_->match(Fact::LldpSysdesc, s, out); });
        each_field_string(fp, "cdp", "software", [&](const std::string& s) { kb_->match(Fact::LldpSysdesc, s, out); });
        each_field_string(fp, "cdp", "platform", [&](const std::string& s) { kb_->match(Fact::CdpPlatform, s, out); });
        each_string(fp, "ja4", [&](const std::string& s) { kb_->match(Fact::Ja4, s, out); });
        each_string(fp, "http_server", [&](const std::string& s) { kb_->match(Fact::HttpServer, s, out); });
    }
    if (ua_)
        each_string(fp, "http_ua", [&](const std::string& s) {
            for (auto& h : ua_hints(ua_->parse(s))) out.push_back(std::move(h));
        });
    server_ports(d, out);
    for (const auto& h : d.cls.remembered) out.push_back(h);
    // What the leading OS says about the type (a Windows client release is
    // a workstation, a network OS a switch or router): kb/os.yaml.
    if (kb_) {
        const auto os = tally(out, "os.name", "");
        if (!os.empty()) {
            const auto ver = tally(out, "os.version", os.front().first);
            kb_->match(Fact::Os, ver.empty() ? os.front().first : os.front().first + " " + ver.front().first, out);
        }
        if (const auto model = tally(out, "model", ""); !model.empty()) kb_->match(Fact::Model, model.front().first, out);
    }
    // One vote per (source, attribute, value): a source repeating itself
    // (eight DHCP requests, two names matching the same rule) is one voice.
    std::vector<ClassHint> uniq;
    uniq.reserve(out.size());
    for (auto& h : out) {
        const bool dup = std::any_of(uniq.begin(), uniq.end(), [&](const ClassHint& x) {
            return x.src == h.src && x.attribute == h.attribute && x.value == h.value;
        });
        if (!dup) uniq.push_back(std::move(h));
    }
    return uniq;
}

bool Classifier::update(ClassState& st, const std::vector<ClassHint>& votes, std::uint64_t now_us) const {
    bool changed = false;
    auto& os = st.attrs[static_cast<std::size_t>(Attr::OsName)];
    const std::string os_before = os.value;
    changed |= step(os, tally(votes, "os.name", ""), now_us);
    auto& ver = st.attrs[static_cast<std::size_t>(Attr::OsVersion)];
    if (os.value != os_before && !ver.value.empty()) {
        // Another OS: the old version no longer applies, whatever its votes.
        ver.value.clear();
        ver.challenger.clear();
    }
    changed |= step(ver, tally(votes, "os.version", os.value), now_us);
    for (const Attr a : {Attr::Type, Attr::Vendor, Attr::Model})
        changed |= step(st.attrs[static_cast<std::size_t>(a)], tally(votes, kAttrNames[static_cast<std::size_t>(a)], ""),
                        now_us);
    st.pending = std::any_of(st.attrs.begin(), st.attrs.end(), [](const Verdict& v) { return !v.challenger.empty(); });
    const Verdict& type = st.attrs[static_cast<std::size_t>(Attr::Type)];
    double best = 0;
    for (const auto& v : st.attrs) best = std::max(best, v.confidence);
    st.confidence = type.value.empty() ? best : type.confidence;
    // The trail: votes for the verdicts first, then the others; strongest first.
    std::vector<ClassHint> ev = votes;
    auto supports = [&](const ClassHint& h) {
        for (std::size_t i = 0; i < kAttrCount; ++i)
            if (h.attribute == kAttrNames[i]) return h.value == st.attrs[i].value;
        return false;
    };
    std::stable_sort(ev.begin(), ev.end(), [&](const ClassHint& a, const ClassHint& b) {
        const bool sa = supports(a), sb = supports(b);
        if (sa != sb) return sa;
        return a.weight > b.weight;
    });
    if (ev.size() > kMaxEvidence) ev.resize(kMaxEvidence);
    st.evidence = std::move(ev);
    auto conflicts = find_conflicts(votes);
    for (auto& c : conflicts) {
        c.first_us = now_us;
        for (const auto& old : st.conflicts)
            if (old.kind == c.kind) c.first_us = old.first_us;
    }
    st.conflicts = std::move(conflicts);
    if (changed) ++st.material;
    return changed;
}

Map Classifier::to_map(const ClassState& st) {
    Map cls;
    const auto& a = st.attrs;
    const std::string& type = a[static_cast<std::size_t>(Attr::Type)].value;
    cls["type"] = type.empty() ? std::string("unknown") : type;
    Map os;
    if (const auto& n = a[static_cast<std::size_t>(Attr::OsName)].value; !n.empty()) os["name"] = n;
    if (const auto& v = a[static_cast<std::size_t>(Attr::OsVersion)].value; !v.empty()) os["version"] = v;
    if (!os.empty()) cls["os"] = std::move(os);
    if (const auto& v = a[static_cast<std::size_t>(Attr::Vendor)].value; !v.empty()) cls["vendor"] = v;
    if (const auto& v = a[static_cast<std::size_t>(Attr::Model)].value; !v.empty()) cls["model"] = v;
    cls["confidence"] = std::round(st.confidence * 100) / 100;
    Array ev;
    for (const auto& h : st.evidence) {
        Map e;
        e["src"] = h.src;
        e["val"] = capped(h.attribute + "=" + h.value, nullptr, kMaxEvidenceValue);
        e["w"] = std::uint64_t{h.weight};
        ev.emplace_back(std::move(e));
    }
    cls["evidence"] = std::move(ev);
    return cls;
}

}  // namespace posture::classify
