// Every capture under ../shared/pcaps that the reference tables (tshark 4.0,
// made by reference/make_reference.sh) cover, through the real sensord: the
// device records' `fp` map agrees, field by field, with what tshark saw.
//
// One test per table x capture. Each builds a per-field tally (agree / differ /
// explained) and prints it; a difference is a failure unless a named predicate
// below explains it. Reference rows are per message; records are per device,
// so each table's rows are grouped by the device that sent them (by eth_src
// where the table has it, else by the record whose `ips` holds the sender's
// address) and the distinct reference values of a field are compared with the
// values the device's record holds. A sender outside the local networks that
// no record holds is a remote peer, not a device: such rows are skipped and
// counted. Skips when the shared material is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <arpa/inet.h>
#include <functional>
#include <iostream>
#include <optional>

#include <pcap/pcap.h>

#include "dissectors/packet/packet.h"
#include "tests/integration/util.h"

namespace {

using json = nlohmann::json;
using Row = std::map<std::string, std::string>;

// fp lists keep the 8 newest distinct entries (WIRE-PROTOCOL §4).
constexpr std::size_t kFpListCap = 8;
// Record strings are capped at 256 bytes (WIRE-PROTOCOL §4).
constexpr std::size_t kMaxString = 256;

// ---------------------------------------------------------------- inputs

const std::vector<Row>& table(const std::string& name) {
    static std::map<std::string, std::vector<Row>> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.emplace(name, testutil::read_tsv(testutil::shared_dir() / "pcaps" / "reference" / (name + ".tsv")))
                 .first;
    return it->second;
}

std::vector<const Row*> rows_of(const std::string& name, const std::string& file) {
    std::vector<const Row*> v;
    for (const auto& r : table(name))
        if (r.at("file") == file) v.push_back(&r);
    return v;
}

// The device records sensord prints for one capture (cached: several tables
// cover the same capture).
struct Records {
    std::vector<json> devices;
    int exit_code = -1;

    const json* by_mac(const std::string& mac) const {
        for (const auto& d : devices)
            if (d.value("mac", "") == mac) return &d;
        return nullptr;
    }
    std::vector<const json*> by_ip(const std::string& ip) const {
        std::vector<const json*> v;
        for (const auto& d : devices)
            if (d.contains("ips"))
                for (const auto& a : d["ips"])
                    if (a.get<std::string>() == ip) v.push_back(&d);
        return v;
    }
};

const Records& records(const std::string& rel) {
    static std::map<std::string, Records> cache;
    auto it = cache.find(rel);
    if (it != cache.end()) return it->second;
    const auto path = testutil::shared_dir() / "pcaps" / rel;
    auto r = testutil::run(testutil::sensord() + " --read '" + path.string() + "' --json --workers 2");
    Records rec;
    rec.exit_code = r.exit_code;
    // Device records: mac:<mac>, and ip:<addr> for hosts seen only behind a
    // router's MAC (WIRE-PROTOCOL §4 `id`).
    for (auto& j : testutil::json_lines(r.out))
        if (j.contains("id")) rec.devices.push_back(std::move(j));
    return cache.emplace(rel, std::move(rec)).first->second;
}

// ---------------------------------------------------------------- helpers

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    std::size_t pos = 0;
    for (;;) {
        const auto next = s.find(sep, pos);
        out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
        if (next == std::string::npos) break;
        pos = next + sep.size();
    }
    return out;
}

bool contains_item(const std::string& list, const std::string& item, const std::string& sep = ",") {
    const auto v = split(list, sep);
    return std::find(v.begin(), v.end(), item) != v.end();
}

// Undoes the reference tables' escaping (make_reference.sh clean()).
std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out.push_back(s[i]);
            continue;
        }
        switch (s[++i]) {
            case 't': out.push_back('\t'); break;
            case 'r': out.push_back('\r'); break;
            case 'n': out.push_back('\n'); break;
            default: out.push_back(s[i]);
        }
    }
    return out;
}

std::string unhex(const std::string& h) {
    std::string out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

// sensord's default local networks (--local-net): RFC 1918, RFC 6598, RFC 4193
// and link-local. Hosts inside are devices, others are peers.
bool is_local(const std::string& ip) {
    in_addr a4{};
    if (inet_pton(AF_INET, ip.c_str(), &a4) == 1) {
        const std::uint32_t a = ntohl(a4.s_addr);
        return (a >> 24) == 10 || (a >> 20) == (172u << 4 | 1) || (a >> 16) == (192u << 8 | 168) ||
               (a >> 22) == (100u << 2 | 1) || (a >> 16) == (169u << 8 | 254);
    }
    in6_addr a6{};
    if (inet_pton(AF_INET6, ip.c_str(), &a6) == 1)
        return (a6.s6_addr[0] & 0xfe) == 0xfc || (a6.s6_addr[0] == 0xfe && (a6.s6_addr[1] & 0xc0) == 0x80);
    return false;
}

const json* fp_of(const json& rec, const std::string& key) {
    if (!rec.contains("fp") || !rec["fp"].contains(key)) return nullptr;
    return &rec["fp"][key];
}

std::string as_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

// Values of fp[key] (a list of strings).
std::set<std::string> fp_strings(const json& rec, const std::string& key) {
    std::set<std::string> s;
    if (const json* l = fp_of(rec, key); l && l->is_array())
        for (const auto& e : *l) s.insert(as_text(e));
    return s;
}

// Values of fp[key][*][field] (a list of maps).
std::set<std::string> fp_entry_field(const json& rec, const std::string& key, const std::string& field) {
    std::set<std::string> s;
    if (const json* l = fp_of(rec, key); l && l->is_array())
        for (const auto& e : *l)
            if (e.is_object() && e.contains(field)) s.insert(as_text(e[field]));
    return s;
}

// Value of fp[key][path...] (a singleton map).
std::set<std::string> fp_map_field(const json& rec, const std::string& key, const std::vector<std::string>& path) {
    const json* m = fp_of(rec, key);
    for (const auto& p : path) {
        if (!m || !m->is_object() || !m->contains(p)) return {};
        m = &(*m)[p];
    }
    if (!m) return {};
    return {as_text(*m)};
}

// ---------------------------------------------------------------- tally

struct FieldTally {
    std::size_t agree = 0, differ = 0, explained = 0;
    std::map<std::string, std::size_t> reasons;
};

struct Tally {
    std::map<std::string, FieldTally> fields;
    std::size_t rows = 0, peer_rows = 0, not_applicable_rows = 0;
    std::vector<std::string> diffs;

    void agree(const std::string& f) { ++fields[f].agree; }
    void explain(const std::string& f, const std::string& why) {
        ++fields[f].explained;
        ++fields[f].reasons[why];
    }
    void differ(const std::string& f, const std::string& detail) {
        ++fields[f].differ;
        diffs.push_back(f + ": " + detail);
    }
};

// Totals over all captures of a table, printed at the end of the run.
std::map<std::string, std::map<std::string, FieldTally>>& totals() {
    static std::map<std::string, std::map<std::string, FieldTally>> t;
    return t;
}

void report(const std::string& tbl, const std::string& file, const Tally& t) {
    std::cout << "[reference] " << tbl << " " << file << ": rows=" << t.rows << " peer_rows=" << t.peer_rows
              << " rows_without_device_values=" << t.not_applicable_rows << "\n";
    for (const auto& [f, ft] : t.fields) {
        std::cout << "[reference]   " << f << ": agree=" << ft.agree << " differ=" << ft.differ
                  << " explained=" << ft.explained;
        for (const auto& [why, n] : ft.reasons) std::cout << " [" << why << " x" << n << "]";
        std::cout << "\n";
        auto& tot = totals()[tbl][f];
        tot.agree += ft.agree;
        tot.differ += ft.differ;
        tot.explained += ft.explained;
        for (const auto& [why, n] : ft.reasons) tot.reasons[why] += n;
        ::testing::Test::RecordProperty(f + ".agree", static_cast<int>(ft.agree));
        ::testing::Test::RecordProperty(f + ".differ", static_cast<int>(ft.differ));
        ::testing::Test::RecordProperty(f + ".explained", static_cast<int>(ft.explained));
    }
    ::testing::Test::RecordProperty("peer_rows", static_cast<int>(t.peer_rows));
    std::size_t shown = 0;
    for (const auto& d : t.diffs) {
        ADD_FAILURE() << tbl << " " << file << ": " << d;
        if (++shown == 40) break;
    }
    EXPECT_TRUE(t.diffs.empty()) << t.diffs.size() << " unexplained differences in " << tbl << " " << file;
}

class TotalsPrinter : public ::testing::Environment {
   public:
    void TearDown() override {
        for (const auto& [tbl, fields] : totals())
            for (const auto& [f, ft] : fields) {
                std::cout << "[reference total] " << tbl << "." << f << ": agree=" << ft.agree
                          << " differ=" << ft.differ << " explained=" << ft.explained;
                for (const auto& [why, n] : ft.reasons) std::cout << " [" << why << " x" << n << "]";
                std::cout << "\n";
            }
    }
};
[[maybe_unused]] const auto* const kTotals = ::testing::AddGlobalTestEnvironment(new TotalsPrinter);

// ---------------------------------------------------------------- comparison

// Values of one field in one record.
using Extract = std::function<std::set<std::string>(const json& rec)>;

// The capture under test.
struct Context {
    const Records* recs = nullptr;
    bool merged = false;                                   // bench/*_merged.pcap (see its members.tsv)
    std::map<std::string, std::set<std::string>> all_ref;  // field -> reference values, any sender
};
Context& ctx() {
    static Context c;
    return c;
}

// The reference values of one device (or of the records that held one
// address: merged captures reuse addresses across devices), per field.
struct Group {
    std::vector<const json*> recs;
    std::string who;
    std::set<std::string> macs;  // Ethernet sources of the rows' first frames
    std::string unreferenced;    // why the record may hold values no row has ("" when nothing explains it)
    std::map<std::string, std::set<std::string>> ref;     // field -> distinct values
    std::map<std::string, std::set<std::string>> combos;  // fp key -> distinct reference entries
};

struct Groups {
    std::map<std::string, Group> by_key;
    Group& of(const std::vector<const json*>& recs, const std::string& who) {
        std::string k;
        for (const auto* r : recs) k += r->value("id", "") + " ";
        auto& g = by_key[k];
        if (g.recs.empty()) {
            g.recs = recs;
            g.who = who;
        }
        return g;
    }
};

bool turned_router(const json& rec) {
    if (!rec.contains("class") || !rec["class"].contains("evidence")) return false;
    for (const auto& e : rec["class"]["evidence"])
        if (e.value("src", "") == "l3.forwarding") return true;
    return false;
}

// Why a reference value may be missing from the sender's record although
// sensord extracted it: the value sits on another record, for one of two
// reasons that are properties of the capture, not of the parser.
std::optional<std::string> held_elsewhere(const std::string& v, const Extract& extract) {
    // A MAC that turns out to forward for others (l3.forwarding) keeps the
    // fingerprints it carried before that; only its forwarded addresses move
    // to ip: records (posture/inventory become_router). ndpi/sites.pcapng:
    // the TLS SNIs of 192.168.1.245 stay on the gateway's MAC record.
    for (const auto& r : ctx().recs->devices)
        if (turned_router(r) && extract(r).contains(v)) return "held by a MAC that later turned router";
    // A merged capture (475 or 305 unrelated captures) reuses private
    // addresses across its members, and a record lists only its 16 newest
    // addresses: the address-to-device mapping is ambiguous there.
    if (ctx().merged)
        for (const auto& r : ctx().recs->devices)
            if (extract(r).contains(v)) return "merged capture: address reused, value on another device";
    return std::nullopt;
}

// Why a value the sender's record lacks went missing although sensord
// extracted it: the message reached the record of a MAC (the row's frame's
// Ethernet source) that later turned out to forward for many hosts, and that
// record's list (kFpListCap newest) or singleton map now holds other hosts'
// values. Merged captures reuse a few MACs across hundreds of members.
std::optional<std::string> crowded_out(const Group& g, const Extract& extract, std::size_t cap) {
    for (const auto& mac : g.macs)
        if (const json* r = ctx().recs->by_mac(mac); r && turned_router(*r) && extract(*r).size() >= cap)
            return cap == 1 ? "sent via a MAC that later turned router; its singleton holds another host's value"
                            : "sent via a MAC that later turned router; its list keeps other hosts' newest values";
    return std::nullopt;
}

// Compares the distinct reference values of `field` with the values of the
// group's records. `cap` is how many entries the record keeps (8 for fp
// lists, 1 for a singleton map, which holds the last value); `entries` is how
// many distinct entries the reference implies. When the reference has more
// than the record can keep, only precision is checked: each value the record
// holds must be one the reference saw.
void compare(Tally& t, const std::string& field, const Group& g, const Extract& extract, std::size_t cap,
             std::size_t entries) {
    const auto it = g.ref.find(field);
    if (it == g.ref.end() || it->second.empty()) return;
    const auto& ref = it->second;
    std::set<std::string> ours;
    for (const auto* r : g.recs) ours.merge(extract(*r));
    if (entries <= cap) {
        for (const auto& v : ref) {
            if (ours.contains(v)) t.agree(field);
            else if (auto r = held_elsewhere(v, extract)) t.explain(field, *r);
            else if (auto c = crowded_out(g, extract, cap)) t.explain(field, *c);
            else t.differ(field, g.who + ": reference has \"" + v + "\", record has " + json(ours).dump());
        }
        return;
    }
    for (const auto& v : ours) {
        if (ref.contains(v)) t.agree(field);
        else if (ctx().merged && ctx().all_ref[field].contains(v))
            t.explain(field, "merged capture: address reused, value from another sender of the file");
        else if (!g.unreferenced.empty()) t.explain(field, g.unreferenced);
        else t.differ(field, g.who + ": record has \"" + v + "\", not among the reference's " + json(ref).dump());
    }
    for (const auto& v : ref)
        if (!ours.contains(v))
            t.explain(field, cap == 1 ? "singleton map holds the last value" : "fp list keeps the 8 newest");
}

// Finds the device that sent a row: by MAC when the table has eth_src. A
// sender whose IP source address (`ip`, when the table has one) is outside
// the local networks is a peer for sensord, whatever its MAC: skipped, counted.
Group* device_by_mac(Tally& t, Groups& gs, const Records& recs, const std::string& mac, const std::string& ip = "") {
    if (!ip.empty() && ip != "0.0.0.0" && ip != "::" && !is_local(ip)) {
        ++t.peer_rows;
        return nullptr;
    }
    if (const json* r = recs.by_mac(mac)) return &gs.of({r}, mac);
    t.differ("device", "no record for sender MAC " + mac);
    return nullptr;
}

// Finds the device(s) that sent a row: by address. A local address that no
// record holds is a difference, a remote one a peer (skipped, counted).
Group* device_by_ip(Tally& t, Groups& gs, const Records& recs, const std::string& ip) {
    auto v = recs.by_ip(ip);
    if (!v.empty()) return &gs.of(v, ip);
    if (!is_local(ip) || ip.empty()) {
        ++t.peer_rows;
        return nullptr;
    }
    t.differ("device", "no record holds local address " + ip);
    return nullptr;
}

// What our own walker (dissectors/packet) says about the frames of a
// capture, read once per capture, to explain differences that come from the
// capture rather than from a parser:
// - tshark lists every ip.src of a tunnelled frame and the reference tables
//   keep the first: the tunnel's outer source (a GTP-U eNodeB, a GRE or
//   VXLAN endpoint), not the host that sent the message;
// - the Ethernet source of each frame, to find the record a row's message
//   was first attributed to;
// - the TCP ports each address sent a TLS ClientHello to (a handshake record
//   with message type 1 at the start of a segment): tshark decodes TLS on
//   its registered ports only, sensord on any port.
struct CaptureFacts {
    struct Tunnelled {
        std::string outer_src, outer_dst, inner_src, inner_dst;
    };
    std::map<std::uint64_t, Tunnelled> tunnelled;          // frame number -> addresses
    std::vector<std::string> src_mac;                       // [frame number - 1], innermost frame's
    std::map<std::string, std::set<std::uint16_t>> hello_ports;  // client address -> server ports
};

const CaptureFacts& capture_facts(const std::string& rel) {
    static std::map<std::string, CaptureFacts> cache;
    if (auto it = cache.find(rel); it != cache.end()) return it->second;
    CaptureFacts out;
    char err[PCAP_ERRBUF_SIZE];
    const auto path = testutil::shared_dir() / "pcaps" / rel;
    if (pcap_t* p = pcap_open_offline(path.c_str(), err)) {
        if (pcap_datalink(p) == DLT_EN10MB) {
            pcap_pkthdr* h = nullptr;
            const u_char* data = nullptr;
            for (std::uint64_t n = 1; pcap_next_ex(p, &h, &data) == 1; ++n) {
                dissect::packet::Decoded d;
                dissect::packet::decode(dissect::ByteView{data, h->caplen}, dissect::packet::LinkType::Ethernet, d);
                out.src_mac.push_back(d.has_eth ? dissect::to_string(d.src_mac) : std::string());
                if (d.tunnel_depth > 0 && d.outer_src_ip.valid() && d.src_ip.valid())
                    out.tunnelled.emplace(n, CaptureFacts::Tunnelled{dissect::to_string(d.outer_src_ip),
                                                                     dissect::to_string(d.outer_dst_ip),
                                                                     dissect::to_string(d.src_ip),
                                                                     dissect::to_string(d.dst_ip)});
                const auto pl = d.l4_payload;
                if (d.ip_proto == 6 && pl.size() >= 6 && pl[0] == 0x16 && pl[1] == 0x03 && pl[5] == 0x01)
                    out.hello_ports[dissect::to_string(d.src_ip)].insert(d.dport);
            }
        }
        pcap_close(p);
    }
    return cache.emplace(rel, std::move(out)).first->second;
}

// The address a reference row names in `ip_col`, or, when that is the outer
// source (or, with `receiver`, the outer destination) of the tunnelled frame
// the row's first_frame names, the inner one (the reason is tallied for
// `field`).
std::string row_address(Tally& t, const std::string& field, const std::string& file, const Row& row,
                        const std::string& ip_col, bool receiver = false) {
    const std::string& ip = row.at(ip_col);
    const auto& facts = capture_facts(file).tunnelled;
    if (facts.empty() || !row.contains("first_frame") || row.at("first_frame").empty()) return ip;
    const auto it = facts.find(std::stoull(row.at("first_frame")));
    if (it == facts.end() || (receiver ? it->second.outer_dst : it->second.outer_src) != ip) return ip;
    t.explain(field, receiver ? "tshark's ip.dst is the tunnel's outer destination; compared on the inner receiver"
                              : "tshark's ip.src is the tunnel's outer source; compared on the inner sender");
    return receiver ? it->second.inner_dst : it->second.inner_src;
}

// The Ethernet source of a row's first frame ("" when unknown).
std::string row_mac(const std::string& file, const Row& row) {
    const auto& macs = capture_facts(file).src_mac;
    if (!row.contains("first_frame") || row.at("first_frame").empty()) return {};
    const auto n = std::stoull(row.at("first_frame"));
    return n >= 1 && n <= macs.size() ? macs[n - 1] : std::string();
}

void note_mac(Group& g, const std::string& file, const Row& row) {
    if (auto m = row_mac(file, row); !m.empty()) g.macs.insert(m);
}

void add(Group& g, const std::string& field, const std::string& v) {
    if (v.empty()) return;
    g.ref[field].insert(v);
    ctx().all_ref[field].insert(v);
}

std::size_t max_combos(const Group& g, const std::string& key) {
    const auto it = g.combos.find(key);
    return it == g.combos.end() ? 0 : it->second.size();
}

// Reference strings are cut to 256 bytes in records (fingerprint.h capped()).
std::string capped(const std::string& s) { return s.size() <= kMaxString ? s : s.substr(0, kMaxString); }

// ---------------------------------------------------------------- tables

void check_dhcp(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    for (const Row* row : rows_of("dhcp", file)) {
        ++t.rows;
        // A request whose client hardware address is not the frame's source
        // (relayed by a giaddr agent, or forged) is not attributed to anyone:
        // posture/evidence/dhcp.cc takes a request only from its own client.
        if (row->at("client_mac") != row->at("eth_src")) {
            t.explain("device", "chaddr is not the Ethernet source (relayed or forged)");
            continue;
        }
        Group* g = device_by_mac(t, gs, recs, row->at("client_mac"), row->at("ip_src"));
        if (!g) continue;
        // tshark lists option 60 but has no value for it: the option runs
        // past the end of the message (ndpi/dhcp-fuzz.pcapng, a fuzzed
        // message type 106). tshark keeps the fields read before the
        // exception; our parser rejects the truncated message as a whole.
        if (contains_item(row->at("option_order"), "60") && row->at("opt60_vendor_class").empty()) {
            t.explain("message", "malformed: an option runs past the end");
            continue;
        }
        const std::string prl = row->at("opt55_param_request_list"), vendor = unescape(row->at("opt60_vendor_class")),
                          host = unescape(row->at("opt12_hostname")), fqdn = unescape(row->at("opt81_fqdn")),
                          cid = row->at("opt61_client_id");
        add(*g, "prl", prl);
        add(*g, "vendor", capped(vendor));
        add(*g, "hostname", capped(host));
        add(*g, "fqdn", capped(fqdn));
        add(*g, "client_id", cid);
        g->combos["dhcp"].insert(prl + "\t" + vendor + "\t" + host + "\t" + fqdn + "\t" + cid);
        // tshark 4.0 fills no `dhcp.client_id` for a client identifier with a
        // hardware type (it dissects it as dhcp.option.client_id.hw_type +
        // .hw_addr, fields the script does not ask for): the reference column
        // is empty although the option is there. Checked instead: the record
        // has a client_id at all.
        if (cid.empty() && contains_item(row->at("option_order"), "61")) {
            t.explain("client_id", "tshark 4.0 dhcp.client_id empty for typed ids");
            if (fp_entry_field(*g->recs.front(), "dhcp", "client_id").empty())
                t.differ("client_id", g->who + ": option 61 sent, record has no client_id");
        }
    }
    for (auto& [k, g] : gs.by_key) {
        const auto n = max_combos(g, "dhcp");
        for (const char* f : {"prl", "vendor", "hostname", "fqdn", "client_id"}) {
            const Extract ex = [&](const json& r) { return fp_entry_field(r, "dhcp", f); };
            compare(t, f, g, ex, kFpListCap, n);
        }
    }
}

void check_dhcpv6(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    for (const Row* row : rows_of("dhcpv6", file)) {
        ++t.rows;
        Group* g = device_by_mac(t, gs, recs, row->at("eth_src"), row->at("ipv6_src"));
        if (!g) continue;
        add(*g, "duid", row->at("duid"));
        add(*g, "oro", row->at("opt6_oro"));
        add(*g, "enterprise", row->at("opt16_vendor_class_enterprise"));
        add(*g, "vendor", capped(unescape(row->at("opt16_vendor_class_data"))));
        g->combos["dhcpv6"].insert(row->at("duid") + "\t" + row->at("opt6_oro") + "\t" +
                                   row->at("opt16_vendor_class_enterprise") + "\t" +
                                   row->at("opt16_vendor_class_data"));
    }
    for (auto& [k, g] : gs.by_key)
        for (const char* f : {"duid", "oro", "enterprise", "vendor"}) {
            const Extract ex = [&](const json& r) { return fp_entry_field(r, "dhcpv6", f); };
            compare(t, f, g, ex, kFpListCap, max_combos(g, "dhcpv6"));
        }
}

// LLDP enabled-capabilities bits, as the record names them (IEEE 802.1AB 8.5.8).
std::string lldp_caps(const std::string& hex_bits) {
    static const char* const kNames[] = {"other",  "repeater", "bridge", "wlan-ap", "router", "telephone",
                                         "docsis", "station",  "c-vlan", "s-vlan",  "tpmr"};
    const unsigned long bits = std::stoul(hex_bits, nullptr, 16);
    std::string out;
    for (std::size_t b = 0; b < std::size(kNames); ++b)
        if (bits & (1ul << b)) out += (out.empty() ? "" : ",") + std::string(kNames[b]);
    return out;
}

void check_lldp(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kFields = {
        {"chassis_id", {"chassis"}},
        {"port_id", {"port"}},
        {"port_desc", {"port_desc"}},
        {"system_name", {"sysname"}},
        {"system_desc", {"sysdesc"}},
        {"enabled_caps", {"caps"}},
        {"mgmt", {"mgmt"}},
        {"med_manufacturer", {"med", "manufacturer"}},
        {"med_model", {"med", "model"}},
        {"med_hw_rev", {"med", "hw_rev"}},
        {"med_fw_rev", {"med", "fw_rev"}},
        {"med_sw_rev", {"med", "sw_rev"}},
        {"med_serial", {"med", "serial"}},
    };
    for (const Row* row : rows_of("lldp", file)) {
        ++t.rows;
        Group* g = device_by_mac(t, gs, recs, row->at("eth_src"));
        if (!g) continue;
        for (const auto& [col, path] : kFields) {
            if (col == "mgmt") {
                // The record lists every management address, comma-separated,
                // in TLV order; tshark lists IPv4 and IPv6 ones apart. Every
                // capture with both sends the IPv4 TLV first.
                std::string all = row->at("mgmt_ipv4");
                if (!row->at("mgmt_ipv6").empty()) all += (all.empty() ? "" : ",") + row->at("mgmt_ipv6");
                add(*g, col, all);
            } else if (col == "enabled_caps") {
                if (!row->at(col).empty()) add(*g, col, lldp_caps(row->at(col)));
            } else {
                add(*g, col, capped(unescape(row->at(col))));
            }
        }
    }
    for (auto& [k, g] : gs.by_key)
        for (const auto& [col, path] : kFields) {
            const Extract ex = [&](const json& r) { return fp_map_field(r, "lldp", path); };
            const auto it = g.ref.find(col);
            compare(t, col, g, ex, 1, it == g.ref.end() ? 0 : it->second.size());
        }
}

// CDP software version: the record keeps the first line of IOS's multi-line
// banner (posture/evidence/cdp.cc first_line()), trailing blanks trimmed; the
// reference joins the lines with " \\n " (a backslash and an n).
std::string first_line(std::string s) {
    s = s.substr(0, s.find(" \\n "));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    return s;
}

void check_cdp(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    static const std::vector<std::pair<std::string, std::string>> kFields = {
        {"device_id", "device_id"}, {"platform", "platform"},       {"software_version", "software"},
        {"port_id", "port"},        {"addresses", "mgmt"},          {"native_vlan", "native_vlan"},
        {"vtp_domain", "vtp_domain"}};
    for (const Row* row : rows_of("cdp", file)) {
        ++t.rows;
        Group* g = device_by_mac(t, gs, recs, row->at("eth_src"));
        if (!g) continue;
        add(*g, "device_id", capped(unescape(row->at("device_id"))));
        add(*g, "platform", capped(unescape(row->at("platform"))));
        add(*g, "software_version", capped(first_line(unescape(row->at("software_version")))));
        add(*g, "port_id", capped(unescape(row->at("port_id"))));
        // The record keeps one management address, the first.
        add(*g, "addresses", split(row->at("addresses"), ",").empty() ? "" : split(row->at("addresses"), ",")[0]);
        add(*g, "native_vlan", row->at("native_vlan"));
        add(*g, "vtp_domain", capped(unescape(row->at("vtp_domain"))));
    }
    for (auto& [k, g] : gs.by_key)
        for (const auto& [col, key] : kFields) {
            const Extract ex = [&](const json& r) { return fp_map_field(r, "cdp", {key}); };
            const auto it = g.ref.find(col);
            compare(t, col, g, ex, 1, it == g.ref.end() ? 0 : it->second.size());
        }
}

bool is_reverse_name(const std::string& n) {
    return n.ends_with(".in-addr.arpa") || n.ends_with(".ip6.arpa");
}

void check_mdns(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    for (const Row* row : rows_of("mdns", file)) {
        ++t.rows;
        Group* g = device_by_mac(t, gs, recs, row->at("eth_src"), row->at("ip_src"));
        if (!g) continue;
        const auto names = split(unescape(row->at("resp_names")), ",");
        const auto types = split(row->at("resp_types"), ",");
        const auto ptrs = split(unescape(row->at("ptr")), ",");
        const auto txt = split(unescape(row->at("txt")), " | ");
        if (names.empty()) {
            ++t.not_applicable_rows;
            continue;
        }
        // A query's records are its known answers and, in a probe, the
        // authority records the host proposes for itself; the record takes
        // only the latter, and tshark does not say which section a record
        // came from.
        if (row->at("is_response") != "1") {
            t.explain("name", "query: tshark does not tell answer from authority section");
            continue;
        }
        // tshark also counts the types listed in NSEC bitmaps as
        // dns.resp.type: then names and types no longer pair up.
        if (names.size() != types.size()) {
            t.explain("name", "resp names and types not aligned (NSEC bitmap types)");
            for (const auto& n : names) g->combos["mdns.possible_names"].insert(n);
            for (const auto& s : txt)
                if (s.find('=') != std::string::npos && s.front() != '=') add(*g, "txt", s);
            g->combos["mdns"].insert(row->at("txt") + row->at("resp_names"));
            continue;
        }
        // The name the record keeps for a response: the first A/AAAA owner,
        // else the first SRV target, else the first reverse-PTR target
        // (posture/evidence/dns.cc HostNames).
        std::vector<std::string> owners, reverse;
        std::size_t ptr_i = 0;
        for (std::size_t i = 0; i < names.size() && i < types.size(); ++i) {
            if (types[i] == "1" || types[i] == "28") owners.push_back(names[i]);
            if (types[i] == "12") {
                if (ptr_i < ptrs.size() && is_reverse_name(names[i])) reverse.push_back(ptrs[ptr_i]);
                ++ptr_i;
            }
        }
        const auto srv = split(unescape(row->at("srv_target")), ",");
        std::string name = !owners.empty() ? owners[0] : !srv.empty() ? srv[0] : !reverse.empty() ? reverse[0] : "";
        add(*g, "name", capped(name));
        std::string combo = name;
        for (const auto& s : txt) {
            if (s.find('=') == std::string::npos || s.front() == '=') continue;  // no key: not kept (RFC 6763 §6.4)
            add(*g, "txt", s);
            combo += "\t" + s;
        }
        g->combos["mdns"].insert(combo);
    }
    const Extract names = [](const json& r) { return fp_entry_field(r, "mdns", "name"); };
    const Extract txt = [](const json& r) {
        std::set<std::string> s;
        if (const json* l = fp_of(r, "mdns"))
            for (const auto& e : *l)
                if (e.contains("txt"))
                    for (const auto& [key, v] : e["txt"].items()) s.insert(key + "=" + v.get<std::string>());
        return s;
    };
    for (auto& [k, g] : gs.by_key) {
        // A name we hold that tshark listed in one of this sender's responses
        // whose names and types it could not pair (above) is one tshark saw:
        // the reference side gets it, so it counts as agreeing.
        if (const auto pn = g.combos.find("mdns.possible_names"); pn != g.combos.end()) {
            std::set<std::string> ours;
            for (const auto* r : g.recs) ours.merge(names(*r));
            for (const auto& n : ours)
                if (pn->second.contains(n)) add(g, "name", n);
        }
        compare(t, "name", g, names, kFpListCap, max_combos(g, "mdns"));
        compare(t, "txt", g, txt, kFpListCap, max_combos(g, "mdns"));
    }
}

void check_ssdp(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    for (const Row* row : rows_of("ssdp", file)) {
        ++t.rows;
        Group* g = device_by_mac(t, gs, recs, row->at("eth_src"), row->at("ip_src"));
        if (!g) continue;
        std::string usn;
        for (const auto& h : split(unescape(row->at("other_headers")), " | ")) {
            const auto colon = h.find(':');
            if (colon == std::string::npos) continue;
            std::string k = h.substr(0, colon);
            std::transform(k.begin(), k.end(), k.begin(), ::toupper);
            if (k != "USN") continue;
            usn = h.substr(colon + 1);
            usn.erase(0, usn.find_first_not_of(" \t"));
        }
        const std::string server = capped(unescape(row->at("server"))), location = capped(unescape(row->at("location")));
        add(*g, "server", server);
        add(*g, "location", location);
        add(*g, "usn", capped(usn));
        g->combos["ssdp"].insert(server + "\t" + location + "\t" + usn + "\t" + row->at("other_headers") + "\t" +
                                 row->at("method") + row->at("status") + row->at("user_agent"));
    }
    for (auto& [k, g] : gs.by_key)
        for (const char* f : {"server", "location", "usn"}) {
            const Extract ex = [&](const json& r) { return fp_entry_field(r, "ssdp", f); };
            compare(t, f, g, ex, kFpListCap, max_combos(g, "ssdp"));
        }
}

// A table whose rows give one string per sender address, kept in an fp list.
void check_ip_strings(const std::string& tbl, const std::string& file, const Records& recs, Tally& t,
                      const std::string& ip_col, const std::string& val_col, const std::string& key) {
    Groups gs;
    for (const Row* row : rows_of(tbl, file)) {
        ++t.rows;
        Group* g = device_by_ip(t, gs, recs, row_address(t, key, file, *row, ip_col));
        if (!g) continue;
        note_mac(*g, file, *row);
        add(*g, key, capped(unescape(row->at(val_col))));
    }
    for (auto& [k, g] : gs.by_key) {
        const Extract ex = [&](const json& r) { return fp_strings(r, key); };
        compare(t, key, g, ex, kFpListCap, g.ref[key].size());
    }
}

void check_tls(const std::string& file, const Records& recs, Tally& t) {
    Groups clients, servers;
    std::map<std::string, std::set<std::uint16_t>> ref_ports;  // client address -> TCP server ports with a row
    for (const Row* row : rows_of("tls", file)) {
        ++t.rows;
        // Handshakes sensord does not route to the TLS mapper, by design:
        const bool udp = row->at("stream").starts_with("udp:");
        const std::string& port = row->at("server_port");
        std::string why;
        if (port == "1194") why = "TLS inside OpenVPN's control-channel framing";
        else if (udp && port == "3389") why = "TLS inside RDP's UDP transport (MS-RDPEUDP framing) is not parsed";
        if (!why.empty()) {
            for (const char* f : {"ja3", "sni", "ja3s"})
                if (!row->at(f).empty()) t.explain(f, why);
            continue;
        }
        if (!udp && !port.empty()) ref_ports[row->at("client_ip")].insert(static_cast<std::uint16_t>(std::stoul(port)));
        std::string ja3 = row->at("ja3");
        // RFC 8446 §4.1.2 / RFC 5246 §7.4.1.2: cipher_suites<2..2^16-2>. A
        // ClientHello without any is malformed (the TLS parser refuses it);
        // tshark hashes what it could read ("769,,").
        const std::string& full = row->at("ja3_full");
        if (!ja3.empty() && full.find(',') != std::string::npos && full.find(",,") == full.find(',')) {
            t.explain("ja3", "malformed ClientHello without cipher suites; tshark hashes it anyway");
            ja3.clear();
        }
        // tshark hashes every ClientHello it could walk to the end (even one
        // without ciphers, above): an SNI without a JA3 is a hello whose
        // later extension lies about its length, which the TLS parser
        // refuses whole.
        std::string sni = capped(unescape(row->at("sni")));
        if (ja3.empty() && !sni.empty() && full.empty()) {
            t.explain("sni", "malformed ClientHello (tshark computed no JA3); the TLS parser refuses it whole");
            sni.clear();
        }
        if (!ja3.empty() || !sni.empty()) {
            if (Group* g = device_by_ip(t, clients, recs, row_address(t, "ja3", file, *row, "client_ip"))) {
                note_mac(*g, file, *row);
                add(*g, "ja3", ja3);
                add(*g, "sni", sni);
            }
        }
        if (!row->at("ja3s").empty())
            if (Group* g = device_by_ip(t, servers, recs, row_address(t, "ja3s", file, *row, "server_ip", true)))
                add(*g, "ja3s", row->at("ja3s"));
    }
    // sensord routes a ClientHello on any TCP port to the TLS parser; tshark
    // decodes TLS on its registered ports only (8080 is HTTP to it).
    const auto& hello_ports = capture_facts(file).hello_ports;
    for (auto& [k, g] : clients.by_key) {
        const auto sent = hello_ports.find(g.who);
        if (sent == hello_ports.end()) continue;
        std::string ports;
        for (const auto p : sent->second)
            if (!ref_ports[g.who].contains(p)) ports += (ports.empty() ? "" : ",") + std::to_string(p);
        if (!ports.empty()) g.unreferenced = "ClientHellos to TCP port(s) " + ports + ", which tshark did not decode as TLS";
    }
    for (auto* gs : {&clients, &servers})
        for (auto& [k, g] : gs->by_key)
            for (const char* f : {"ja3", "sni", "ja3s"}) {
                const Extract ex = [&](const json& r) { return fp_strings(r, f); };
                compare(t, f, g, ex, kFpListCap, g.ref[f].size());
            }
}

void check_ssh(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    for (const Row* row : rows_of("ssh", file)) {
        ++t.rows;
        Group* g = device_by_ip(t, gs, recs, row->at("ip_src"));
        if (!g) continue;
        for (const auto& b : split(unescape(row->at("banner")), " | ")) add(*g, "banner", capped(b));
        add(*g, "hassh", row->at("hassh"));
        add(*g, "hassh_server", row->at("hassh_server"));
        g->combos["ssh"].insert(row->at("banner") + "\t" + row->at("hassh") + row->at("hassh_server"));
    }
    for (auto& [k, g] : gs.by_key)
        for (const char* f : {"banner", "hassh", "hassh_server"}) {
            const Extract ex = [&](const json& r) { return fp_entry_field(r, "ssh", f); };
            compare(t, f, g, ex, kFpListCap, max_combos(g, "ssh"));
        }
}

void check_nbns(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    for (const Row* row : rows_of("nbns", file)) {
        ++t.rows;
        // Own names (posture/evidence/nbns.h): the question names of a
        // registration/refresh request, and the answers of a positive
        // response that list the sender's own address. Queries, releases
        // and other's names are no one's own.
        const std::string op = row->at("opcode");
        const bool registration = row->at("is_response") == "0" && (op == "5" || op == "8" || op == "9" || op == "15");
        const bool own_answer = row->at("is_response") == "1" && op == "0" &&
                                contains_item(row->at("addrs"), row->at("ip_src"));
        if (!registration && !own_answer) {
            ++t.not_applicable_rows;
            continue;
        }
        Group* g = device_by_mac(t, gs, recs, row->at("eth_src"), row->at("ip_src"));
        if (!g) continue;
        // tshark lists the question name, then each record's name followed
        // by " (service)".
        for (auto n : split(unescape(row->at("names")), " | ")) {
            if (const auto p = n.find(" ("); p != std::string::npos) n.resize(p);
            add(*g, "names", n);
        }
    }
    for (auto& [k, g] : gs.by_key) {
        const Extract ex = [&](const json& r) { return fp_strings(r, "nbns"); };
        compare(t, "names", g, ex, kFpListCap, g.ref["names"].size());
    }
}

void check_smb(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    static const std::vector<std::pair<std::string, std::string>> kFields = {
        {"native_os", "native_os"},          {"native_lanman", "native_lanman"}, {"primary_domain", "primary_domain"},
        {"smb2_dialects", "dialects"},       {"ntlmssp_version", "ntlm_os"},     {"auth_hostname", "ntlm_host"},
        {"auth_domain", "ntlm_domain"},      {"challenge_target_name", "ntlm_target"}};
    for (const Row* row : rows_of("smb_ntlmssp", file)) {
        ++t.rows;
        Group* g = device_by_ip(t, gs, recs, row_address(t, "native_os", file, *row, "ip_src"));
        if (!g) continue;
        note_mac(*g, file, *row);
        for (const auto& [col, key] : kFields) {
            const std::string v = unescape(row->at(col));
            // tshark prints an empty NTLMSSP string (an anonymous AUTH's
            // domain or user) as "NULL"; an empty field tells nothing, and the
            // record keeps the name the NEGOTIATE/CHALLENGE carried.
            if (v == "NULL" && (col == "auth_domain" || col == "auth_hostname")) {
                t.explain(col, "tshark's NULL: an empty NTLMSSP string");
                continue;
            }
            add(*g, col, capped(v));
        }
    }
    for (auto& [k, g] : gs.by_key)
        for (const auto& [col, key] : kFields) {
            // NTLMSSP names the same fields whether SMB or HTTP carried it.
            const Extract ex = [&](const json& r) {
                auto v = fp_map_field(r, "smb", {key});
                if (key.starts_with("ntlm_")) v.merge(fp_map_field(r, "ntlm", {key}));
                return v;
            };
            const auto it = g.ref.find(col);
            compare(t, col, g, ex, 1, it == g.ref.end() ? 0 : it->second.size());
        }
}

void check_snmp(const std::string& file, const Records& recs, Tally& t) {
    Groups gs;
    for (const Row* row : rows_of("snmp", file)) {
        ++t.rows;
        // Only an agent's answer (GetResponse, 2; traps 4 and 7) describes the sender.
        const std::string pdu = row->at("pdu");
        if (pdu != "2" && pdu != "4" && pdu != "7") {
            ++t.not_applicable_rows;
            continue;
        }
        const auto oids = split(row->at("oids"), ",");
        const auto values = split(row->at("octet_values"), " | ");
        std::map<std::string, std::string> want;
        for (std::size_t i = 0; i < oids.size(); ++i)
            if (oids[i] == "1.3.6.1.2.1.1.1.0") want["sysdescr"] = std::to_string(i);
            else if (oids[i] == "1.3.6.1.2.1.1.5.0") want["sysname"] = std::to_string(i);
        if (want.empty()) {
            ++t.not_applicable_rows;
            continue;
        }
        Group* g = device_by_ip(t, gs, recs, row->at("ip_src"));
        if (!g) continue;
        for (const auto& [field, idx] : want) {
            // The table lists octet-string values only (and at most 4): the
            // i-th one is the i-th varbind's only when every varbind carried one.
            if (values.size() != oids.size()) {
                t.explain(field, "octet values not aligned with oids");
                continue;
            }
            std::string v = unhex(values[std::stoul(idx)]);
            v = v.substr(0, v.find('\0'));
            add(*g, field, capped(v));
        }
    }
    for (auto& [k, g] : gs.by_key)
        for (const char* f : {"sysdescr", "sysname"}) {
            const Extract ex = [&](const json& r) { return fp_map_field(r, "snmp", {f}); };
            compare(t, f, g, ex, 1, g.ref[f].size());
        }
}

// ---------------------------------------------------------------- tests

using Checker = void (*)(const std::string&, const Records&, Tally&);

const std::map<std::string, Checker>& checkers() {
    static const std::map<std::string, Checker> m = {
        {"dhcp", check_dhcp},
        {"dhcpv6", check_dhcpv6},
        {"lldp", check_lldp},
        {"cdp", check_cdp},
        {"mdns", check_mdns},
        {"ssdp", check_ssdp},
        {"http_user_agents",
         [](const std::string& f, const Records& r, Tally& t) {
             check_ip_strings("http_user_agents", f, r, t, "ip_src", "user_agent", "http_ua");
         }},
        {"http_servers",
         [](const std::string& f, const Records& r, Tally& t) {
             check_ip_strings("http_servers", f, r, t, "ip_src", "server", "http_server");
         }},
        {"tls", check_tls},
        {"ssh", check_ssh},
        {"nbns", check_nbns},
        {"smb_ntlmssp", check_smb},
        {"snmp", check_snmp},
    };
    return m;
}

struct Case {
    std::string table, file;
};

std::vector<Case> cases() {
    std::vector<Case> v;
    if (!testutil::have_shared()) return v;
    for (const auto& [tbl, fn] : checkers()) {
        std::set<std::string> files;
        for (const auto& r : table(tbl)) files.insert(r.at("file"));
        for (const auto& f : files) v.push_back({tbl, f});
    }
    return v;
}

// Names the case in failure messages instead of dumping its bytes.
[[maybe_unused]] void PrintTo(const Case& c, std::ostream* os) { *os << c.table << " " << c.file; }

class ReferenceTable : public ::testing::TestWithParam<Case> {};

TEST_P(ReferenceTable, RecordsAgreeWithTshark) {
    const auto& [tbl, file] = GetParam();
    const Records& recs = records(file);
    ASSERT_EQ(recs.exit_code, 0) << file;
    ctx() = Context{&recs, file.starts_with("bench/") && file.ends_with("_merged.pcap"), {}};
    Tally t;
    checkers().at(tbl)(file, recs, t);
    report(tbl, file, t);
}

INSTANTIATE_TEST_SUITE_P(Reference, ReferenceTable, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& i) {
                             std::string n = i.param.table + "__" + i.param.file;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ReferenceTable);

TEST(ReferencePresence, SkipsCleanlyWithoutSharedMaterial) {
    if (!testutil::have_shared()) GTEST_SKIP() << "no shared pcaps at " << testutil::shared_dir();
    EXPECT_FALSE(cases().empty());
}

}  // namespace
