// posture/evidence/dns.cc
// DNS, mDNS / DNS-SD and LLMNR mappers: see dns.h for what each emits and why.
#include "posture/evidence/dns.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dissectors/dns/dns.h"

namespace posture::evidence {
namespace {

namespace dd = dissect::dns;

constexpr std::string_view kLocal = ".local";
constexpr std::string_view kServiceEnum = "_services._dns-sd._udp.local";  // RFC 6763 §9
constexpr std::string_view kSrcTxt = "mdns.txt";
constexpr std::string_view kSrcSvc = "mdns.svc";

[[nodiscard]] char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lower(x) == lower(y);
           });
}

[[nodiscard]] bool iends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

[[nodiscard]] bool is_reverse(std::string_view name) {
    return iends_with(name, ".in-addr.arpa") || iends_with(name, ".ip6.arpa");
}

// The DNS-SD service type ("_ipp._tcp") at the end of a .local name: an
// instance ("Office._ipp._tcp.local"), a type, or a subtype
// ("_universal._sub._ipp._tcp.local"). Empty when the name is none of these.
// Only the last labels are split on '.', and those never contain one, so an
// instance label with a dot in it does no harm.
[[nodiscard]] std::string_view service_type(std::string_view name) {
    if (!iends_with(name, kLocal)) return {};
    name.remove_suffix(kLocal.size());
    const auto proto_dot = name.rfind('.');
    if (proto_dot == std::string_view::npos || proto_dot < 2) return {};
    const std::string_view proto = name.substr(proto_dot + 1);
    if (!iequals(proto, "_tcp") && !iequals(proto, "_udp")) return {};
    const auto svc_dot = name.rfind('.', proto_dot - 1);
    const std::size_t svc = svc_dot == std::string_view::npos ? 0 : svc_dot + 1;
    if (proto_dot - svc < 2 || name[svc] != '_') return {};
    const std::string_view type = name.substr(svc);
    if (iequals(type, "_dns-sd._udp")) return {};  // browse-domain and enumeration names, not a service
    return type;
}

void push_unique(std::vector<std::string>& v, std::string s, std::size_t cap) {
    if (s.empty() || v.size() >= cap || std::find(v.begin(), v.end(), s) != v.end()) return;
    v.push_back(std::move(s));
}

void add_hint(Fingerprint& fp, const char* attribute, std::string value, std::uint8_t weight, std::string_view src) {
    if (value.empty()) return;
    fp.hints.push_back(ClassHint{attribute, std::move(value), weight, std::string(src)});
}

// Service types that say what kind of device offers them. Weights: a raw
// print port or IPP is what printers announce (CUPS hosts sharing a printer
// announce IPP too, hence not higher); AirPlay/RAOP receivers include Macs.
struct ServiceHint {
    std::string_view service;
    const char* type;
    std::uint8_t weight;
};
constexpr ServiceHint kServiceHints[] = {
    {"_pdl-datastream._tcp", "printer", 60}, {"_ipp._tcp", "printer", 50}, {"_ipps._tcp", "printer", 50},
    {"_printer._tcp", "printer", 50},        {"_googlecast._tcp", "media", 50}, {"_airplay._tcp", "media", 15},
    {"_raop._tcp", "media", 15},             {"_hap._tcp", "iot", 40},
};

// TXT keys (case-insensitive, RFC 6763 §6.4) whose value names the model or
// vendor outright: IPP Everywhere / Bonjour printing (ty, usb_MFG, usb_MDL),
// Apple device-info and AirPlay (model), Google Cast and HomeKit (md).
struct TxtHint {
    std::string_view key;
    const char* attribute;
    std::uint8_t weight;
};
constexpr TxtHint kTxtHints[] = {
    {"ty", "model", 60},    {"usb_MDL", "model", 60},     {"model", "model", 50},         {"md", "model", 50},
    {"model_number", "model", 40}, {"usb_MFG", "vendor", 60}, {"manufacturer", "vendor", 50},
};

void txt_hints(std::string_view key, const std::string& value, Fingerprint& fp) {
    for (const auto& h : kTxtHints)
        if (iequals(key, h.key)) add_hint(fp, h.attribute, value, h.weight, kSrcTxt);
    // _device-info's osxvers is the Darwin major of macOS; only macOS sends it.
    if (iequals(key, "osxvers")) add_hint(fp, "os.name", "macOS", 50, kSrcTxt);
}

// Adds the key=value strings of one TXT record to `txt`.
void read_txt(dissect::ByteView rdata, Map& txt, Fingerprint& fp) {
    dd::TxtReader r(rdata);
    while (const auto s = r.next()) {
        const std::string_view kv = s->as_chars();
        const auto eq = kv.find('=');
        const std::string_view key = kv.substr(0, eq);
        if (key.empty() || txt.size() >= kMaxTxtKeys) continue;  // "=value" has no key: ignored (§6.4)
        std::string k = capped(key, nullptr, kMaxTxtKey);
        // Keys are case-insensitive and the first occurrence wins (§6.4).
        if (std::any_of(txt.begin(), txt.end(), [&](const auto& entry) { return iequals(entry.first, k); })) continue;
        std::string value =
            eq == std::string_view::npos ? std::string() : capped(kv.substr(eq + 1), nullptr, kMaxTxtValue);
        txt_hints(key, value, fp);
        txt.emplace(std::move(k), Value(std::move(value)));
    }
}

// Question names of a query as fp list entries, the first carrying `obs`.
void query_names(const dd::Message& m, const char* key, bool lowercase, Observation* obs, Sink& out) {
    std::vector<std::string> names;
    for (const auto& q : m.question_list()) {
        std::string name = capped(m.text(q.name).view());
        if (lowercase) std::transform(name.begin(), name.end(), name.begin(), lower);
        push_unique(names, std::move(name), kMaxQueryNames);  // the root (e.g. a priming query) is skipped
    }
    if (obs && !names.empty()) obs->detail = names.front();
    for (auto& n : names) {
        Fingerprint fp;
        fp.key = key;
        fp.entry = Value(std::move(n));
        if (obs) {
            fp.observations.push_back(std::move(*obs));
            obs = nullptr;
        }
        out.push_back(std::move(fp));
    }
    if (obs) {  // a query without names still shows the behaviour
        Fingerprint fp;
        fp.observations.push_back(std::move(*obs));
        out.push_back(std::move(fp));
    }
}

// Host names a responder gives for itself: A/AAAA owners first, then SRV
// targets, then the targets of reverse-mapping PTRs.
struct HostNames {
    std::vector<std::string> address_owners, srv_targets, reverse_targets;
    void add(const dd::Message& m, const dd::Record& rr) {
        if (!rr.rdata_ok) return;
        switch (rr.type) {
            case dd::kTypeA:
            case dd::kTypeAaaa: push_unique(address_owners, capped(m.text(rr.name).view()), kMaxMdnsNames); break;
            case dd::kTypeSrv: push_unique(srv_targets, capped(m.text(rr.target).view()), kMaxMdnsNames); break;
            case dd::kTypePtr:
                if (is_reverse(m.text(rr.name).view()))
                    push_unique(reverse_targets, capped(m.text(rr.target).view()), kMaxMdnsNames);
                break;
            default: break;
        }
    }
    [[nodiscard]] std::vector<std::string> all() const {
        std::vector<std::string> v;
        for (const auto* list : {&address_owners, &srv_targets, &reverse_targets})
            for (const auto& n : *list) push_unique(v, n, kMaxMdnsNames);
        return v;
    }
};

}  // namespace

dissect::Result<void> dns_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = dd::parse(payload);
    if (!m) return dissect::fail(m.error());
    if (m->header.response() || m->header.opcode() != dd::kOpcodeQuery) return {};
    query_names(*m, "dns", true, nullptr, out);
    return {};
}

dissect::Result<void> mdns_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = dd::parse(payload);
    if (!m) return dissect::fail(m.error());
    const bool response = m->header.response();
    Fingerprint fp;
    HostNames hosts;
    std::vector<std::string> services;
    Map txt;
    for (const auto& rr : m->record_list()) {
        if (!response && rr.section != dd::Section::Authority) continue;
        hosts.add(*m, rr);
        if (!rr.rdata_ok) continue;
        if (rr.type == dd::kTypePtr) {
            const auto owner = m->text(rr.name);
            if (iequals(owner.view(), kServiceEnum))
                push_unique(services, std::string(service_type(m->text(rr.target).view())), kMaxServices);
            else
                push_unique(services, std::string(service_type(owner.view())), kMaxServices);
        } else if (rr.type == dd::kTypeSrv) {
            push_unique(services, std::string(service_type(m->text(rr.name).view())), kMaxServices);
        } else if (rr.type == dd::kTypeTxt) {
            read_txt(rr.rdata, txt, fp);
        }
    }

    const std::vector<std::string> names = hosts.all();
    for (const auto& n : names)
        if (iends_with(n, kLocal) && n.size() > kLocal.size())
            fp.names.push_back({n.substr(0, n.size() - kLocal.size()), NameSource::Mdns});
    // One hint per type, at the strongest weight its services give (the
    // inventory keeps the first hint of an attribute, value and source).
    std::vector<std::pair<const char*, std::uint8_t>> types;
    for (const auto& s : services)
        for (const auto& h : kServiceHints) {
            if (!iequals(s, h.service)) continue;
            auto it = std::find_if(types.begin(), types.end(),
                                   [&](const auto& t) { return std::string_view(t.first) == h.type; });
            if (it == types.end()) types.emplace_back(h.type, h.weight);
            else it->second = std::max(it->second, h.weight);
        }
    for (const auto& [type, weight] : types) add_hint(fp, "type", type, weight, kSrcSvc);

    Map e;
    if (!names.empty()) e.emplace("name", Value(names.front()));
    if (!services.empty()) {
        Array a;
        for (auto& s : services) a.emplace_back(std::move(s));
        e.emplace("services", Value(std::move(a)));
    }
    if (!txt.empty()) e.emplace("txt", Value(std::move(txt)));
    if (!e.empty()) {
        fp.key = "mdns";
        fp.entry = Value(std::move(e));
    }
    if (!fp.key.empty() || !fp.names.empty() || !fp.hints.empty()) out.push_back(std::move(fp));
    return {};
}

dissect::Result<void> llmnr_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = dd::parse(payload);
    if (!m) return dissect::fail(m.error());
    if (!m->header.response()) {
        if (m->header.opcode() != dd::kOpcodeQuery) return {};
        Observation obs{"llmnr.query", {}};
        query_names(*m, "llmnr", false, &obs, out);
        return {};
    }
    HostNames hosts;
    for (const auto& rr : m->record_list())
        if (rr.section == dd::Section::Answer) hosts.add(*m, rr);
    Fingerprint fp;
    for (auto& n : hosts.all()) fp.names.push_back({std::move(n), NameSource::Llmnr});
    if (!fp.names.empty()) out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence
