// posture/evidence/lldp.cc
// LLDP mapper: see lldp.h for what it emits and why.
#include "posture/evidence/lldp.h"

#include <string_view>

#include "dissectors/core/addr.h"
#include "dissectors/lldp/lldp.h"

namespace posture::evidence {
namespace {

namespace ll = dissect::lldp;

constexpr std::uint8_t kTypeWeight = 80;
constexpr std::uint8_t kInventoryWeight = 80;
constexpr std::uint8_t kMedAppVoice = 1;  // TIA-1057 Table 12

// Capability names in bit order (802.1AB-2016 Table 8-4).
constexpr const char* kCapNames[] = {"other",   "repeater", "bridge", "wlan-ap", "router", "telephone",
                                     "docsis",  "station",  "c-vlan", "s-vlan",  "tpmr"};

// TLV strings are not NUL-terminated, but some senders count a trailing NUL
// (or pad with several); tshark stops at the first one, and so do we.
std::string_view text(dissect::ByteView v) {
    const std::string_view s = v.as_chars();
    return s.substr(0, s.find('\0'));
}

void put(Map& m, const char* key, std::string value) {
    if (!value.empty()) m.insert_or_assign(key, Value(std::move(value)));
}

std::string mac_text(dissect::ByteView v) {
    dissect::MacAddr mac;
    for (std::size_t i = 0; i < mac.b.size(); ++i) mac.b[i] = v[i];
    return dissect::to_string(mac);
}

// An address tagged with its IANA family: IPv4/IPv6 as text, an 802 MAC as
// aa:bb:.., anything else (or a wrong size) as hex.
std::string address_text(std::uint8_t family, dissect::ByteView addr) {
    if (family == ll::kFamilyIpv4 && addr.size() == 4) return dissect::to_string(dissect::IpAddr::v4(addr.data()));
    if (family == ll::kFamilyIpv6 && addr.size() == 16) return dissect::to_string(dissect::IpAddr::v6(addr.data()));
    if (family == ll::kFamily802 && addr.size() == 6) return mac_text(addr);
    return hex(addr.as_chars());
}

// Chassis and port ids: the MAC and network-address subtypes are binary; the
// others (interface names, aliases, locally assigned) are text.
std::string id_text(const ll::Id& id, std::uint8_t mac_subtype, std::uint8_t addr_subtype) {
    if (id.subtype == 0) return {};
    if (id.subtype == mac_subtype && id.value.size() == 6) return mac_text(id.value);
    if (id.subtype == addr_subtype && !id.value.empty()) return address_text(id.value[0], id.value.tail(1));
    return capped(text(id.value));
}

void add_hint(Fingerprint& fp, const char* attribute, std::string value, std::uint8_t weight, const char* src) {
    fp.hints.push_back(ClassHint{attribute, std::move(value), weight, src});
}

Map med_map(const ll::Message& m) {
    Map med;
    put(med, "hw_rev", capped(text(m.med_hw_rev)));
    put(med, "fw_rev", capped(text(m.med_fw_rev)));
    put(med, "sw_rev", capped(text(m.med_sw_rev)));
    put(med, "serial", capped(text(m.med_serial)));
    put(med, "manufacturer", capped(text(m.med_manufacturer)));
    put(med, "model", capped(text(m.med_model)));
    put(med, "asset", capped(text(m.med_asset_id)));
    for (std::uint8_t i = 0; i < m.policy_count; ++i) {
        const auto& p = m.policies[i];
        if (p.app_type == kMedAppVoice && !p.unknown) {
            med.insert_or_assign("voice_vlan", Value(std::uint64_t{p.vlan}));
            break;
        }
    }
    return med;
}

}  // namespace

std::string lldp_capability_names(std::uint16_t caps) {
    std::string out;
    for (std::size_t bit = 0; bit < std::size(kCapNames); ++bit) {
        if (!(caps & (1u << bit))) continue;
        if (!out.empty()) out.push_back(',');
        out += kCapNames[bit];
    }
    return out;
}

dissect::Result<void> lldp_frame(dissect::ByteView l2_payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = ll::parse(l2_payload);
    if (!m) return dissect::fail(m.error());

    Fingerprint fp;
    Map e;
    put(e, "chassis", id_text(m->chassis, ll::kChassisMac, ll::kChassisNetworkAddress));
    put(e, "port", id_text(m->port, ll::kPortMac, ll::kPortNetworkAddress));
    put(e, "port_desc", capped(text(m->port_description)));
    std::string sysname = capped(text(m->system_name));
    put(e, "sysname", sysname);
    put(e, "sysdesc", capped(text(m->system_description)));
    if (m->enabled_caps) put(e, "caps", lldp_capability_names(*m->enabled_caps));
    std::string mgmt;
    for (std::uint8_t i = 0; i < m->mgmt_count; ++i) {
        if (!mgmt.empty()) mgmt.push_back(',');
        mgmt += address_text(m->mgmt[i].family, m->mgmt[i].address);
    }
    put(e, "mgmt", capped(mgmt));
    if (m->port_vlan && *m->port_vlan != 0) e.insert_or_assign("vlan", Value(std::uint64_t{*m->port_vlan}));
    put(e, "mud", capped(text(m->mud_url)));
    if (Map med = med_map(*m); !med.empty()) e.insert_or_assign("med", Value(std::move(med)));

    if (m->enabled_caps) {
        const std::uint16_t caps = *m->enabled_caps;
        if (caps & ll::kCapTelephone) add_hint(fp, "type", "ip-phone", kTypeWeight, "lldp.caps");
        else if (caps & (ll::kCapBridge | ll::kCapRouter)) add_hint(fp, "type", "network", kTypeWeight, "lldp.caps");
    }
    if (const auto med = e.find("med"); med != e.end()) {
        const Map& mm = *med->second.as_map();
        if (const auto it = mm.find("manufacturer"); it != mm.end())
            add_hint(fp, "vendor", *it->second.as_string(), kInventoryWeight, "lldp.med");
        if (const auto it = mm.find("model"); it != mm.end())
            add_hint(fp, "model", *it->second.as_string(), kInventoryWeight, "lldp.med");
    }
    if (!sysname.empty()) fp.names.push_back({std::move(sysname), NameSource::Lldp});
    if (e.empty()) return {};
    fp.key = "lldp";
    fp.singleton = true;
    fp.entry = Value(std::move(e));
    out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence
