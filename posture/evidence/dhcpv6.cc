// posture/evidence/dhcpv6.cc
// DHCPv6 mapper: see dhcpv6.h for what it emits and why.
#include "posture/evidence/dhcpv6.h"

#include <string>
#include <string_view>

#include "dissectors/dhcpv6/dhcpv6.h"
#include "posture/evidence/dhcp.h"

namespace posture::evidence {
namespace {

namespace d6 = dissect::dhcpv6;

struct EnterpriseHint {
    std::uint32_t enterprise;  // IANA Private Enterprise Number
    const char* attribute;
    const char* value;
    std::uint8_t weight;
};

// Only numbers whose vendor class says what the sender is. Microsoft's stack
// is the only common client that sends option 16 at all ("MSFT 5.0").
constexpr EnterpriseHint kEnterpriseHints[] = {
    {311, "os.name", "Windows", 70},
    {9, "vendor", "Cisco", 50},
    {2636, "vendor", "Juniper", 50},
    {30065, "vendor", "Arista", 50},
};

bool client_message(std::uint8_t t) {
    switch (t) {
        case d6::kSolicit: case d6::kRequest: case d6::kConfirm: case d6::kRenew: case d6::kRebind:
        case d6::kRelease: case d6::kDecline: case d6::kInformationRequest: return true;
        default: return false;
    }
}

// Option 6 as "23,24", cut between codes at kMaxString (an option may hold 32767 codes).
std::string oro_list(dissect::ByteView oro) {
    std::string out;
    for (std::size_t i = 0; i + 1 < oro.size(); i += 2) {
        const std::string code = std::to_string(oro[i] << 8 | oro[i + 1]);
        if (out.size() + 1 + code.size() > kMaxString) break;
        if (i) out.push_back(',');
        out += code;
    }
    return out;
}

// Class data items are opaque, but in practice ASCII ("MSFT 5.0"); multiple
// items are joined the way the reference tables join strings.
std::string items_text(const d6::ClassItems& c) {
    std::string out;
    for (std::size_t i = 0; i < c.count; ++i) {
        if (i) out += " | ";
        out.append(c.items[i].as_chars());
        if (out.size() > kMaxString) break;
    }
    return capped(out);
}

void put(Map& m, const char* key, std::string value) {
    if (!value.empty()) m.insert_or_assign(key, Value(std::move(value)));
}

void map_client(const d6::Message& m, Sink& out) {
    Fingerprint fp;
    Map e;
    put(e, "duid", hex(m.client_id.as_chars()));
    if (const auto duid = d6::parse_duid(m.client_id); duid && duid->mac)
        put(e, "duid_mac", dissect::to_string(*duid->mac));
    put(e, "oro", oro_list(m.oro));
    if (m.vendor_class_enterprise) {
        e.insert_or_assign("enterprise", Value(std::uint64_t{*m.vendor_class_enterprise}));
        for (const auto& h : kEnterpriseHints)
            if (h.enterprise == *m.vendor_class_enterprise)
                fp.hints.push_back(ClassHint{h.attribute, h.value, h.weight, "dhcpv6.enterprise"});
    }
    put(e, "vendor", items_text(m.vendor_class));
    put(e, "user_class", items_text(m.user_class));
    std::string fqdn = m.fqdn_flags ? dns_wire_name(m.fqdn_name) : std::string();
    put(e, "fqdn", fqdn);
    if (!e.empty()) {
        fp.key = "dhcpv6";
        fp.entry = Value(std::move(e));
    }
    if (!fqdn.empty()) fp.names.push_back({std::move(fqdn), NameSource::Dhcpv6});
    if (!fp.key.empty() || !fp.hints.empty()) out.push_back(std::move(fp));
}

}  // namespace

dissect::Result<void> dhcpv6_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = d6::parse(payload);
    if (!m) return dissect::fail(m.error());
    if (client_message(m->msg_type)) {
        map_client(*m, out);
    } else if (m->msg_type == d6::kAdvertise || m->msg_type == d6::kReply) {
        Fingerprint fp;
        fp.observations.push_back({"dhcpv6.server", hex(m->server_id.as_chars())});
        out.push_back(std::move(fp));
    }
    return {};
}

}  // namespace posture::evidence
