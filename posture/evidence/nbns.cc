// posture/evidence/nbns.cc
// NBNS mapper: see nbns.h for what it emits and why.
#include "posture/evidence/nbns.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "dissectors/packet/packet.h"

namespace posture::evidence {
namespace {

namespace nb = dissect::nbns;

// Suffixes (the 16th byte) that matter here ([MS-NBTE] / RFC 1001 usage).
constexpr std::uint8_t kSuffixWorkstation = 0x00;
constexpr std::uint8_t kSuffixServer = 0x20;
constexpr std::uint8_t kSuffixDomainMaster = 0x1b;
constexpr std::uint8_t kSuffixDomainControllers = 0x1c;
constexpr std::uint8_t kSuffixLocalMaster = 0x1d;
constexpr std::uint8_t kSuffixBrowserElection = 0x1e;

constexpr char kHexDigits[] = "0123456789abcdef";

void append_hex_byte(std::string& s, std::uint8_t b) {
    s.push_back('<');
    s.push_back(kHexDigits[b >> 4]);
    s.push_back(kHexDigits[b & 15]);
    s.push_back('>');
}

[[nodiscard]] bool printable(std::uint8_t c) { return c >= ' ' && c <= '~'; }

struct OwnName {
    nb::NetbiosName name;
    std::optional<bool> group;  // unknown when a registration came without its NB record
};

[[nodiscard]] bool same(const nb::NetbiosName& a, const nb::NetbiosName& b) {
    return a.name == b.name && a.suffix == b.suffix;
}

void add_own(std::vector<OwnName>& v, const nb::NetbiosName& n, std::optional<bool> group) {
    if (v.size() >= kMaxNbnsNames) return;
    for (const auto& o : v)
        if (same(o.name, n)) return;
    v.push_back({n, group});
}

[[nodiscard]] bool is_workgroup_name(const OwnName& o) {
    if (!o.group) return false;
    const std::uint8_t s = o.name.suffix;
    if (*o.group) return s == kSuffixWorkstation || s == kSuffixDomainControllers || s == kSuffixBrowserElection;
    return s == kSuffixDomainMaster || s == kSuffixLocalMaster;
}

[[nodiscard]] const char* opcode_name(std::uint8_t op) {
    switch (op) {
        case nb::kOpQuery: return "query";
        case nb::kOpRegistration: return "registration";
        case nb::kOpRelease: return "release";
        case nb::kOpWack: return "wack";
        case nb::kOpRefresh:
        case nb::kOpRefreshAlt: return "refresh";
        case nb::kOpMultihomedRegistration: return "multihomed registration";
        default: return "other";
    }
}

[[nodiscard]] std::vector<OwnName> own_names(const nb::Message& m, const dissect::IpAddr& sender) {
    std::vector<OwnName> own;
    const std::uint8_t op = m.opcode();
    if (!m.response()) {
        if (op != nb::kOpRegistration && op != nb::kOpRefresh && op != nb::kOpRefreshAlt &&
            op != nb::kOpMultihomedRegistration)
            return own;
        for (const auto& q : m.question_list()) {
            std::optional<bool> group;
            for (const auto& rr : m.record_list())
                if (rr.type == nb::kTypeNb && same(rr.name, q.name) && rr.entry_count > 0) {
                    group = rr.entries[0].group();
                    break;
                }
            add_own(own, q.name, group);
        }
        return own;
    }
    if (m.rcode() != 0) return own;
    for (const auto& rr : m.record_list()) {
        if (rr.section != dissect::dns::Section::Answer || rr.type != nb::kTypeNb) continue;
        for (const auto& e : rr.entry_list())
            if (sender.valid() && e.addr == sender) {
                add_own(own, rr.name, e.group());
                break;
            }
    }
    for (const auto& n : m.node_name_list()) add_own(own, n.name, n.group());
    return own;
}

}  // namespace

std::string netbios_name_text(const nb::NetbiosName& n) {
    std::size_t len = n.name.size();
    while (len > 0 && n.name[len - 1] == ' ') --len;  // Wireshark trims spaces only, not NULs
    std::string s;
    for (std::size_t i = 0; i < len; ++i) {
        if (printable(n.name[i])) s.push_back(static_cast<char>(n.name[i]));
        else append_hex_byte(s, n.name[i]);
    }
    append_hex_byte(s, n.suffix);
    return s;
}

std::string netbios_plain_name(const nb::NetbiosName& n) {
    std::size_t len = n.name.size();
    while (len > 0 && (n.name[len - 1] == ' ' || n.name[len - 1] == 0)) --len;
    std::string s;
    for (std::size_t i = 0; i < len; ++i) {
        if (!printable(n.name[i])) return {};
        s.push_back(static_cast<char>(n.name[i]));
    }
    return s;
}

dissect::Result<void> nbns_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out) {
    const auto m = nb::parse(payload);
    if (!m) return dissect::fail(m.error());
    const std::vector<OwnName> own = own_names(*m, ctx.dec->src_ip);

    std::vector<std::string> texts, groups, hosts;
    for (const auto& o : own) {
        texts.push_back(netbios_name_text(o.name));
        std::string plain = netbios_plain_name(o.name);
        if (plain.empty() || plain == "*") continue;
        if (is_workgroup_name(o)) {
            if (std::find(groups.begin(), groups.end(), plain) == groups.end()) groups.push_back(plain);
        } else if (o.group == false && (o.name.suffix == kSuffixWorkstation || o.name.suffix == kSuffixServer)) {
            if (std::find(hosts.begin(), hosts.end(), plain) == hosts.end()) hosts.push_back(std::move(plain));
        }
    }

    Fingerprint first;
    std::string detail = opcode_name(m->opcode());
    if (m->response()) detail += " response";
    first.observations.push_back({"nbns.chatter", std::move(detail)});
    for (auto& h : hosts) first.names.push_back({std::move(h), NameSource::Nbns});
    bool first_used = false;
    auto emit = [&](const char* key, std::string entry) {
        Fingerprint fp;
        if (!first_used) {
            fp = std::move(first);
            first_used = true;
        }
        fp.key = key;
        fp.entry = Value(std::move(entry));
        out.push_back(std::move(fp));
    };
    for (auto& t : texts) emit("nbns", std::move(t));
    for (auto& g : groups) emit("nbns_group", std::move(g));
    if (!first_used) out.push_back(std::move(first));
    return {};
}

}  // namespace posture::evidence
