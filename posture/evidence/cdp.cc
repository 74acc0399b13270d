// posture/evidence/cdp.cc
// CDP mapper: see cdp.h for what it emits and why.
#include "posture/evidence/cdp.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "dissectors/cdp/cdp.h"
#include "dissectors/core/addr.h"

namespace posture::evidence {
namespace {

namespace cd = dissect::cdp;

constexpr std::uint8_t kTypeWeight = 80;
constexpr std::uint8_t kPlatformWeight = 70;
constexpr std::string_view kCiscoPrefix = "cisco";

constexpr const char* kCapNames[] = {"router", "trans-bridge", "sr-bridge", "switch", "host",     "igmp",
                                     "repeater", "phone",      "remote",    "cvta",   "mac-relay"};

std::string_view text(dissect::ByteView v) {
    const std::string_view s = v.as_chars();
    return s.substr(0, s.find('\0'));
}

void put(Map& m, const char* key, std::string value) {
    if (!value.empty()) m.insert_or_assign(key, Value(std::move(value)));
}

// IOS puts a multi-line banner in the software version TLV; its first line
// names the image and version, the rest is copyright and build lines.
std::string_view first_line(std::string_view s) {
    s = s.substr(0, s.find_first_of("\r\n"));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
        if (c != prefix[i]) return false;
    }
    return true;
}

// IPv4 and IPv6 entries of an address list, in wire order, each once: tshark
// lists both TLVs, so one address often shows twice (tcpdump/3560_CDP.pcap),
// and a device record wants it once. CLNS, DECnet, AppleTalk ... are skipped.
void collect_addresses(const cd::AddressList& list, std::vector<std::string>& out) {
    for (std::uint8_t i = 0; i < list.count; ++i) {
        const auto& a = list.entries[i];
        std::string s;
        if (a.is_ipv4()) s = dissect::to_string(dissect::IpAddr::v4(a.address.data()));
        else if (a.is_ipv6()) s = dissect::to_string(dissect::IpAddr::v6(a.address.data()));
        else continue;
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
}

void add_hint(Fingerprint& fp, const char* attribute, std::string value, std::uint8_t weight, const char* src) {
    fp.hints.push_back(ClassHint{attribute, std::move(value), weight, src});
}

}  // namespace

std::string cdp_capability_names(std::uint32_t caps) {
    std::string out;
    for (std::size_t bit = 0; bit < std::size(kCapNames); ++bit) {
        if (!(caps & (1u << bit))) continue;
        if (!out.empty()) out.push_back(',');
        out += kCapNames[bit];
    }
    return out;
}

dissect::Result<void> cdp_frame(dissect::ByteView l2_payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = cd::parse(l2_payload);
    if (!m) return dissect::fail(m.error());

    Fingerprint fp;
    Map e;
    std::string device_id = capped(text(m->device_id));
    put(e, "device_id", device_id);
    const std::string_view platform = text(m->platform);
    put(e, "platform", capped(platform));
    put(e, "software", capped(first_line(text(m->software_version))));
    if (m->capabilities) put(e, "caps", cdp_capability_names(*m->capabilities));
    put(e, "port", capped(text(m->port_id)));
    if (m->native_vlan) e.insert_or_assign("native_vlan", Value(std::uint64_t{*m->native_vlan}));
    put(e, "vtp_domain", capped(text(m->vtp_domain)));
    if (m->full_duplex) put(e, "duplex", *m->full_duplex ? "full" : "half");
    if (m->voip_vlan) e.insert_or_assign("voice_vlan", Value(std::uint64_t{*m->voip_vlan}));
    std::vector<std::string> addrs;
    collect_addresses(m->addresses, addrs);
    collect_addresses(m->mgmt_addresses, addrs);
    std::string mgmt;
    for (const auto& a : addrs) {
        if (!mgmt.empty()) mgmt.push_back(',');
        mgmt += a;
    }
    put(e, "mgmt", capped(mgmt));

    if (m->capabilities) {
        const std::uint32_t caps = *m->capabilities;
        if (caps & cd::kCapPhone) {
            add_hint(fp, "type", "ip-phone", kTypeWeight, "cdp.caps");
        } else if (caps & (cd::kCapRouter | cd::kCapTransparentBridge | cd::kCapSourceRouteBridge | cd::kCapSwitch)) {
            add_hint(fp, "type", "network", kTypeWeight, "cdp.caps");
        }
    }
    if (!platform.empty()) {
        std::string_view model = platform;
        if (starts_with_nocase(platform, kCiscoPrefix)) {
            add_hint(fp, "vendor", "Cisco", kPlatformWeight, "cdp.platform");
            model.remove_prefix(kCiscoPrefix.size());
            while (!model.empty() && model.front() == ' ') model.remove_prefix(1);
        }
        if (!model.empty()) add_hint(fp, "model", capped(model), kPlatformWeight, "cdp.platform");
    }
    if (!device_id.empty()) fp.names.push_back({std::move(device_id), NameSource::Cdp});
    if (e.empty()) return {};
    fp.key = "cdp";
    fp.singleton = true;
    fp.entry = Value(std::move(e));
    out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence
