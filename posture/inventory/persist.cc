// posture/inventory/persist.cc (see persist.h).
#include "posture/inventory/persist.h"

namespace posture {
namespace {

using classify::ClassState;
using classify::Verdict;

Value ip_value(const dissect::IpAddr& ip) { return dissect::to_string(ip); }

Array strings(const std::vector<std::string>& v) {
    Array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
}

// Readers over a restored map: each fails with the field's name.
struct Reader {
    const Map& m;
    std::string error;
    const Value* get(const char* k) {
        auto it = m.find(k);
        if (it == m.end()) {
            if (error.empty()) error = std::string("device state: missing ") + k;
            return nullptr;
        }
        return &it->second;
    }
    std::uint64_t u64(const char* k) {
        const Value* v = get(k);
        if (!v) return 0;
        if (const auto* u = std::get_if<std::uint64_t>(&v->v)) return *u;
        if (error.empty()) error = std::string("device state: ") + k + " is not an unsigned integer";
        return 0;
    }
    double dbl(const char* k) {
        const Value* v = get(k);
        if (!v) return 0;
        if (const auto* d = std::get_if<double>(&v->v)) return *d;
        if (const auto* u = std::get_if<std::uint64_t>(&v->v)) return static_cast<double>(*u);
        if (error.empty()) error = std::string("device state: ") + k + " is not a number";
        return 0;
    }
    bool flag(const char* k) {
        const Value* v = get(k);
        if (!v) return false;
        if (const auto* b = std::get_if<bool>(&v->v)) return *b;
        if (error.empty()) error = std::string("device state: ") + k + " is not a boolean";
        return false;
    }
    std::string str(const char* k) {
        const Value* v = get(k);
        if (!v) return {};
        if (const auto* s = v->as_string()) return *s;
        if (error.empty()) error = std::string("device state: ") + k + " is not a string";
        return {};
    }
    const Array& arr(const char* k) {
        static const Array kEmpty;
        const Value* v = get(k);
        if (!v) return kEmpty;
        if (const auto* a = v->as_array()) return *a;
        if (error.empty()) error = std::string("device state: ") + k + " is not a list";
        return kEmpty;
    }
    const Map& map(const char* k) {
        static const Map kEmpty;
        const Value* v = get(k);
        if (!v) return kEmpty;
        if (const auto* x = v->as_map()) return *x;
        if (error.empty()) error = std::string("device state: ") + k + " is not a map";
        return kEmpty;
    }
    void fail(const std::string& e) {
        if (error.empty()) error = "device state: " + e;
    }
};

Value hint_value(const ClassHint& h) {
    Map m;
    m["a"] = h.attribute;
    m["v"] = h.value;
    m["w"] = std::uint64_t{h.weight};
    m["s"] = h.src;
    return m;
}

ClassHint hint_from(Reader& r, const Value& v) {
    ClassHint h;
    const Map* m = v.as_map();
    if (!m) {
        r.fail("a hint is not a map");
        return h;
    }
    Reader x{*m, {}};
    h.attribute = x.str("a");
    h.value = x.str("v");
    h.weight = static_cast<std::uint8_t>(std::min<std::uint64_t>(100, x.u64("w")));
    h.src = x.str("s");
    if (!x.error.empty()) r.fail(x.error);
    return h;
}

Value cls_value(const ClassState& st) {
    Array attrs;
    for (const Verdict& v : st.attrs) {
        Map m;
        m["value"] = v.value;
        m["score"] = std::uint64_t{v.score};
        m["confidence"] = v.confidence;
        m["since"] = v.since_us;
        m["challenger"] = v.challenger;
        m["challenger_since"] = v.challenger_since_us;
        m["changes"] = std::uint64_t{v.changes};
        m["flaps"] = std::uint64_t{v.flaps};
        m["held"] = strings(v.held);
        attrs.emplace_back(std::move(m));
    }
    Array ev;
    for (const auto& h : st.evidence) ev.push_back(hint_value(h));
    Map m;
    m["attrs"] = std::move(attrs);
    m["evidence"] = std::move(ev);
    m["confidence"] = st.confidence;
    m["material"] = st.material;
    m["pending"] = st.pending;
    Array conflicts;
    for (const auto& c : st.conflicts) {
        Map cm;
        cm["kind"] = c.kind;
        cm["detail"] = c.detail;
        cm["first"] = c.first_us;
        conflicts.emplace_back(std::move(cm));
    }
    m["conflicts"] = std::move(conflicts);
    Array remembered;
    for (const auto& h : st.remembered) remembered.push_back(hint_value(h));
    m["votes"] = std::move(remembered);
    return m;
}

void cls_from(Reader& r, const Map& m, ClassState& st) {
    Reader x{m, {}};
    const Array& attrs = x.arr("attrs");
    if (attrs.size() != st.attrs.size()) x.fail("class: wrong number of attributes");
    for (std::size_t i = 0; i < attrs.size() && i < st.attrs.size(); ++i) {
        const Map* am = attrs[i].as_map();
        if (!am) {
            x.fail("class: an attribute is not a map");
            break;
        }
        Reader a{*am, {}};
        Verdict& v = st.attrs[i];
        v.value = a.str("value");
        v.score = static_cast<unsigned>(a.u64("score"));
        v.confidence = a.dbl("confidence");
        v.since_us = a.u64("since");
        v.challenger = a.str("challenger");
        v.challenger_since_us = a.u64("challenger_since");
        v.changes = static_cast<std::uint32_t>(a.u64("changes"));
        v.flaps = static_cast<std::uint32_t>(a.u64("flaps"));
        for (const auto& h : a.arr("held"))
            if (const auto* s = h.as_string()) v.held.push_back(*s);
        if (!a.error.empty()) x.fail(a.error);
    }
    for (const auto& h : x.arr("evidence")) st.evidence.push_back(hint_from(x, h));
    st.confidence = x.dbl("confidence");
    st.material = x.u64("material");
    st.pending = x.flag("pending");
    if (m.contains("conflicts"))  // absent in states stored before spoof detection
        for (const auto& c : x.arr("conflicts")) {
            const Map* cm = c.as_map();
            if (!cm) {
                x.fail("class: a conflict is not a map");
                break;
            }
            Reader k{*cm, {}};
            st.conflicts.push_back({k.str("kind"), k.str("detail"), k.u64("first")});
            if (!k.error.empty()) x.fail(k.error);
        }
    if (m.contains("votes"))  // absent in states stored before votes were remembered
        for (const auto& h : x.arr("votes")) st.remembered.push_back(hint_from(x, h));
    if (!x.error.empty()) r.fail(x.error);
}

Value finding_value(const risk::Finding& f) {
    Map m;
    m["rule"] = f.rule;
    m["sev"] = std::uint64_t{static_cast<std::uint8_t>(f.severity)};
    m["score"] = std::uint64_t{f.score};
    m["title"] = f.title;
    m["evidence"] = f.evidence;
    m["remediation"] = f.remediation;
    m["first"] = f.first_seen_ms;
    m["last"] = f.last_seen_ms;
    return m;
}

std::vector<risk::Finding> findings_from(Reader& r, const Array& a) {
    std::vector<risk::Finding> out;
    for (const auto& v : a) {
        const Map* m = v.as_map();
        if (!m) {
            r.fail("a finding is not a map");
            break;
        }
        Reader x{*m, {}};
        risk::Finding f;
        f.rule = x.str("rule");
        const auto sev = x.u64("sev");
        if (sev > static_cast<std::uint64_t>(risk::Severity::Critical)) x.fail("finding: unknown severity");
        f.severity = static_cast<risk::Severity>(sev);
        f.score = static_cast<std::uint8_t>(std::min<std::uint64_t>(100, x.u64("score")));
        f.title = x.str("title");
        f.evidence = x.str("evidence");
        f.remediation = x.str("remediation");
        f.first_seen_ms = x.u64("first");
        f.last_seen_ms = x.u64("last");
        if (!x.error.empty()) r.fail(x.error);
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace

Value device_state(const Device& d) {
    Map m;
    m["version"] = kDeviceStateVersion;
    m["id"] = d.id;
    m["by_ip"] = d.by_ip;
    m["mac"] = dissect::to_string(d.mac);
    m["ip_key"] = d.by_ip ? ip_value(d.ip_key) : Value(std::string());
    m["vendor"] = d.vendor;
    m["random_mac"] = d.random_mac;
    m["vlan"] = std::uint64_t{d.vlan};
    m["tagged"] = d.tagged;
    Array ips;
    for (const auto& e : d.ips) {
        Map x;
        x["ip"] = ip_value(e.ip);
        x["first"] = e.first_us;
        x["last"] = e.last_us;
        x["sources"] = std::uint64_t{e.sources};
        ips.emplace_back(std::move(x));
    }
    m["ips"] = std::move(ips);
    m["first"] = d.first_us;
    m["last"] = d.last_us;
    Array services;
    for (const auto& s : d.services) {
        Map x;
        x["l4"] = std::uint64_t{s.l4};
        x["port"] = std::uint64_t{s.port};
        x["app"] = s.app;
        x["first"] = s.first_us;
        services.emplace_back(std::move(x));
    }
    m["services"] = std::move(services);
    m["apps"] = strings(d.apps);
    m["risk_bits"] = d.risk_bits;
    m["fp"] = d.fp;
    Array names;
    for (const auto& n : d.names) {
        Map x;
        x["name"] = n.name;
        x["src"] = std::uint64_t{static_cast<std::uint8_t>(n.src)};
        names.emplace_back(std::move(x));
    }
    m["names"] = std::move(names);
    Array hints;
    for (const auto& h : d.hints) hints.push_back(hint_value(h));
    m["hints"] = std::move(hints);
    Array obs;
    for (const auto& o : d.observations) {
        Map x;
        x["what"] = o.what;
        x["detail"] = o.detail;
        obs.emplace_back(std::move(x));
    }
    m["observations"] = std::move(obs);
    m["router"] = d.router;
    Array remote;
    for (const auto& ip : d.remote_sources) remote.push_back(ip_value(ip));
    m["remote_sources"] = std::move(remote);
    m["rev"] = d.rev;
    m["class"] = cls_value(d.cls);
    Array findings, shown;
    for (const auto& f : d.findings) findings.push_back(finding_value(f));
    for (const auto& f : d.posture.findings) shown.push_back(finding_value(f));
    Map posture;
    posture["risk"] = std::uint64_t{d.posture.risk};
    posture["level"] = std::uint64_t{static_cast<std::uint8_t>(d.posture.level)};
    posture["findings"] = std::move(shown);
    posture["dropped"] = std::uint64_t{d.posture.findings_dropped};
    m["findings"] = std::move(findings);
    m["posture"] = std::move(posture);
    if (d.verdict) {
        Map v;
        v["state"] = d.verdict->state;
        v["by"] = d.verdict->by;
        v["reason"] = d.verdict->reason;
        v["ts"] = d.verdict->ts_ms;
        v["expires"] = d.verdict->expires_ms;
        m["verdict"] = std::move(v);
    }
    return m;
}

std::expected<Device, std::string> restore_device(const Value& state) {
    const Map* root = state.as_map();
    if (!root) return std::unexpected("device state: not a map");
    Reader r{*root, {}};
    const std::uint64_t version = r.u64("version");
    if (!r.error.empty()) return std::unexpected(r.error);
    if (version > kDeviceStateVersion)
        return std::unexpected("device state: version " + std::to_string(version) + " is newer than this sensor's " +
                               std::to_string(kDeviceStateVersion));
    Device d;
    d.id = r.str("id");
    d.by_ip = r.flag("by_ip");
    if (!dissect::parse_mac(r.str("mac"), d.mac)) r.fail("mac does not parse");
    if (d.by_ip && !dissect::parse_ip(r.str("ip_key"), d.ip_key)) r.fail("ip_key does not parse");
    d.vendor = r.str("vendor");
    d.random_mac = r.flag("random_mac");
    d.vlan = static_cast<std::uint16_t>(r.u64("vlan"));
    d.tagged = r.flag("tagged");
    for (const auto& v : r.arr("ips")) {
        const Map* x = v.as_map();
        if (!x) {
            r.fail("an ips entry is not a map");
            break;
        }
        Reader e{*x, {}};
        IpEntry ie;
        if (!dissect::parse_ip(e.str("ip"), ie.ip)) e.fail("ips: an address does not parse");
        ie.first_us = e.u64("first");
        ie.last_us = e.u64("last");
        ie.sources = static_cast<std::uint8_t>(e.u64("sources"));
        if (!e.error.empty()) r.fail(e.error);
        d.ips.push_back(ie);
    }
    d.first_us = r.u64("first");
    d.last_us = r.u64("last");
    for (const auto& v : r.arr("services")) {
        const Map* x = v.as_map();
        if (!x) {
            r.fail("a services entry is not a map");
            break;
        }
        Reader e{*x, {}};
        d.services.push_back({static_cast<std::uint8_t>(e.u64("l4")), static_cast<std::uint16_t>(e.u64("port")),
                              e.str("app"), e.u64("first")});
        if (!e.error.empty()) r.fail(e.error);
    }
    for (const auto& v : r.arr("apps"))
        if (const auto* s = v.as_string()) d.apps.push_back(*s);
    d.risk_bits = r.u64("risk_bits");
    d.fp = r.map("fp");
    for (const auto& v : r.arr("names")) {
        const Map* x = v.as_map();
        if (!x) {
            r.fail("a names entry is not a map");
            break;
        }
        Reader e{*x, {}};
        const auto src = e.u64("src");
        if (src > static_cast<std::uint64_t>(NameSource::Smb)) e.fail("names: unknown source");
        d.names.push_back({e.str("name"), static_cast<NameSource>(src)});
        if (!e.error.empty()) r.fail(e.error);
    }
    for (const auto& v : r.arr("hints")) d.hints.push_back(hint_from(r, v));
    for (const auto& v : r.arr("observations")) {
        const Map* x = v.as_map();
        if (!x) {
            r.fail("an observations entry is not a map");
            break;
        }
        Reader e{*x, {}};
        d.observations.push_back({e.str("what"), e.str("detail")});
        if (!e.error.empty()) r.fail(e.error);
    }
    d.router = r.flag("router");
    for (const auto& v : r.arr("remote_sources")) {
        dissect::IpAddr ip;
        const auto* s = v.as_string();
        if (!s || !dissect::parse_ip(*s, ip)) {
            r.fail("remote_sources: an address does not parse");
            break;
        }
        d.remote_sources.push_back(ip);
    }
    d.rev = r.u64("rev");
    cls_from(r, r.map("class"), d.cls);
    d.findings = findings_from(r, r.arr("findings"));
    {
        Reader p{r.map("posture"), {}};
        d.posture.risk = static_cast<std::uint8_t>(std::min<std::uint64_t>(100, p.u64("risk")));
        const auto level = p.u64("level");
        if (level > static_cast<std::uint64_t>(risk::Level::Critical)) p.fail("posture: unknown level");
        d.posture.level = static_cast<risk::Level>(level);
        d.posture.findings = findings_from(p, p.arr("findings"));
        d.posture.findings_dropped = static_cast<std::size_t>(p.u64("dropped"));
        if (!p.error.empty()) r.fail(p.error);
    }
    if (r.m.contains("verdict")) {  // optional: a device without a verdict stores none
        Reader v{r.map("verdict"), {}};
        PolicyVerdict pv;
        pv.state = v.str("state");
        pv.by = v.str("by");
        pv.reason = v.str("reason");
        pv.ts_ms = v.u64("ts");
        pv.expires_ms = v.u64("expires");
        if (!v.error.empty()) r.fail(v.error);
        d.verdict = std::move(pv);
    }
    if (!r.error.empty()) return std::unexpected(r.error);
    return d;
}

}  // namespace posture
