// posture/evidence/dhcp.cc
// DHCPv4 mapper: see dhcp.h for what it emits and why.
#include "posture/evidence/dhcp.h"

#include <string_view>

#include "dissectors/core/byte_reader.h"
#include "dissectors/dhcp/dhcp.h"
#include "dissectors/packet/packet.h"

namespace posture::evidence {
namespace {

namespace dh = dissect::dhcp;

constexpr std::string_view kHintSrc = "dhcp.vendor";
constexpr std::size_t kMaxDnsLabel = 63;        // RFC 1035 §2.3.4
constexpr std::size_t kMaxVersionChars = 8;     // "android-dhcp-" version suffix kept
constexpr std::size_t kMaxSysnameChars = 16;    // dhcpcd's uname -s part

// Option text as a C-string-minded client meant it: up to the first NUL. Some
// stacks count a terminating NUL in options 12/60; tshark stops there too.
std::string_view text(dissect::ByteView v) {
    const std::string_view s = v.as_chars();
    return s.substr(0, s.find('\0'));
}

// Appends `item` to a comma-separated list unless that would pass kMaxString:
// a list is cut between items, never inside one. False once full.
bool append_item(std::string& list, std::string_view item) {
    if (list.size() + (list.empty() ? 0 : 1) + item.size() > kMaxString) return false;
    if (!list.empty()) list.push_back(',');
    list.append(item);
    return true;
}

// Option 55 (up to 255 codes) as "1,3,6"; real lists are far below the cap.
std::string code_list(dissect::ByteView codes) {
    std::string out;
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (!append_item(out, std::to_string(codes[i]))) break;
    return out;
}

// Addresses of a list option (3, 6): 4 bytes each; a trailing partial one is dropped.
std::string ipv4_list(dissect::ByteView v) {
    std::string out;
    for (std::size_t i = 0; i + 4 <= v.size(); i += 4)
        if (!append_item(out, dissect::to_string(dissect::IpAddr::v4(v.data() + i)))) break;
    return out;
}

void put(Map& m, const char* key, std::string value) {
    if (!value.empty()) m.insert_or_assign(key, Value(std::move(value)));
}

bool all_alnum(std::string_view s) {
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return !s.empty();
}

void add_hint(std::vector<ClassHint>& hints, const char* attribute, std::string_view value, std::uint8_t weight) {
    hints.push_back(ClassHint{attribute, std::string(value), weight, std::string(kHintSrc)});
}

// Hints that option 60 states outright. Weights: a vendor class naming the OS
// family (MSFT, android-dhcp) is strong; a DHCP client software name that
// runs on several systems (dhcpcd, BusyBox udhcp) is weaker.
void vendor_hints(std::string_view v, std::vector<ClassHint>& hints) {
    if (v.starts_with("MSFT")) {  // "MSFT 5.0" (Windows 2000 and later), "MSFT 98"
        add_hint(hints, "os.name", "Windows", 80);
    } else if (v.starts_with("android-dhcp-")) {  // Android 6+ DhcpClient: "android-dhcp-<release>"
        add_hint(hints, "os.name", "Android", 80);
        std::string_view ver = v.substr(std::string_view("android-dhcp-").size());
        std::size_t n = 0;
        while (n < ver.size() && n < kMaxVersionChars && ((ver[n] >= '0' && ver[n] <= '9') || ver[n] == '.')) ++n;
        if (n) add_hint(hints, "os.version", ver.substr(0, n), 70);
    } else if (v.starts_with("dhcpcd-")) {
        // dhcpcd 6+: "dhcpcd-<version>:<uname -s>-<release>:<machine>:<platform>".
        std::string_view sys;
        if (const auto colon = v.find(':'); colon != std::string_view::npos) {
            sys = v.substr(colon + 1);
            sys = sys.substr(0, sys.find_first_of("-:"));
        }
        if (sys.size() <= kMaxSysnameChars && all_alnum(sys)) add_hint(hints, "os.name", sys, 60);
        else add_hint(hints, "os.name", "Linux", 40);  // older dhcpcd, mostly Linux and Android
    } else if (v.starts_with("udhcp ") || v.starts_with("udhcpc")) {  // BusyBox: embedded Linux
        add_hint(hints, "os.name", "Linux", 40);
    }
}

std::string fqdn_text(const dh::Message& m) {
    if (!m.fqdn_flags) return {};
    if (*m.fqdn_flags & dh::kFqdnFlagEncoded) return dns_wire_name(m.fqdn_name);
    std::string_view s = text(m.fqdn_name);  // deprecated ASCII form
    while (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return capped(s);
}

void client_message(const dh::Message& m, Sink& out) {
    Fingerprint fp;
    Map e;
    put(e, "prl", code_list(m.param_request_list));
    const std::string_view vendor = text(m.vendor_class);
    put(e, "vendor", capped(vendor));
    std::string host = capped(text(m.hostname));
    put(e, "hostname", host);
    put(e, "client_id", hex(m.client_id.as_chars()));
    std::string fqdn = fqdn_text(m);
    put(e, "fqdn", fqdn);
    if (!e.empty()) {
        fp.key = "dhcp";
        fp.entry = Value(std::move(e));
    }
    if (!host.empty()) fp.names.push_back({std::move(host), NameSource::Dhcp});
    if (!fqdn.empty()) fp.names.push_back({std::move(fqdn), NameSource::Dhcp});
    vendor_hints(vendor, fp.hints);
    // DISCOVER bursts from many MACs are how DHCP starvation shows (posture/risk/network).
    constexpr std::uint8_t kDiscover = 1;
    if (m.msg_type && *m.msg_type == kDiscover) fp.observations.push_back({"dhcp.discover", ""});
    if (!fp.key.empty() || !fp.names.empty() || !fp.hints.empty() || !fp.observations.empty())
        out.push_back(std::move(fp));
}

void server_message(const dh::Message& m, const dissect::packet::Decoded& d, Sink& out) {
    Fingerprint fp;
    Map e;
    std::string server = m.server_id ? dissect::to_string(*m.server_id) : std::string();
    put(e, "server_id", server);
    if (!m.yiaddr.is_unspecified()) put(e, "offered", dissect::to_string(m.yiaddr));
    put(e, "router", ipv4_list(m.routers));
    put(e, "dns", ipv4_list(m.dns_servers));
    put(e, "domain", capped(text(m.domain_name)));
    if (m.lease_s) e.insert_or_assign("lease_s", Value(std::uint64_t{*m.lease_s}));
    e.insert_or_assign("msg", Value(std::uint64_t{*m.msg_type}));
    fp.key = "dhcp_server";
    fp.entry = Value(std::move(e));
    // Without option 54 the server is known by the address it sent from.
    if (server.empty() && d.src_ip.valid()) server = dissect::to_string(d.src_ip);
    fp.observations.push_back({"dhcp.server", std::move(server)});
    out.push_back(std::move(fp));
}

}  // namespace

std::string dns_wire_name(dissect::ByteView wire, bool* truncated) {
    std::string out;
    dissect::ByteReader r(wire);
    while (!r.empty()) {
        const std::uint8_t len = *r.u8();  // cannot fail: !r.empty()
        if (len == 0 || len > kMaxDnsLabel) break;  // root label, or a pointer/extended label type
        const auto label = r.take(len);
        if (!label) break;  // the name runs past its option: keep the whole labels before it
        if (!out.empty()) out.push_back('.');
        out.append(label->as_chars());
        if (out.size() > kMaxString) break;
    }
    return capped(out, truncated);
}

dissect::Result<void> dhcp_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out) {
    const auto m = dh::parse(payload);
    if (!m) return dissect::fail(m.error());
    const auto& d = *ctx.dec;
    if (m->op == dh::kOpRequest) {
        // TODO(lead): attribute relayed/proxied client messages to chaddr once a
        // Fingerprint can name its subject; until then they would land on the relay.
        if (!d.src_mac.is_zero() && !m->client_mac.is_zero() && d.src_mac != m->client_mac) return {};
        client_message(*m, out);
    } else if (m->op == dh::kOpReply && m->msg_type &&
               (*m->msg_type == dh::kOffer || *m->msg_type == dh::kAck || *m->msg_type == dh::kNak)) {
        server_message(*m, d, out);
    }
    return {};
}

}  // namespace posture::evidence
