// posture/evidence/snmp.cc
// SNMP mapper: see snmp.h for what it emits.
#include "posture/evidence/snmp.h"

#include <cstring>
#include <string>
#include <string_view>

#include "dissectors/snmp/snmp.h"

namespace posture::evidence {
namespace {

namespace sn = dissect::snmp;

// OID contents (BER, without tag and length) of the system-group scalars.
constexpr std::uint8_t kSysDescr[] = {0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00};     // 1.3.6.1.2.1.1.1.0
constexpr std::uint8_t kSysObjectId[] = {0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00};  // 1.3.6.1.2.1.1.2.0
constexpr std::uint8_t kSysName[] = {0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00};      // 1.3.6.1.2.1.1.5.0

// Factory-default communities, compared exactly (agents compare them so).
constexpr std::string_view kDefaultCommunities[] = {"public", "private"};

template <std::size_t N>
bool is(dissect::ByteView oid, const std::uint8_t (&want)[N]) {
    return oid.size() == N && std::memcmp(oid.data(), want, N) == 0;
}

// DisplayString (RFC 2579): text; cut at a NUL that some agents append.
std::string display(dissect::ByteView v) {
    const std::string_view s = v.as_chars();
    return capped(s.substr(0, s.find('\0')));
}

std::string dotted(dissect::ByteView oid_contents) {
    const auto oid = sn::decode_oid(oid_contents);
    if (!oid) return {};
    // Cut between arcs at kMaxString: a cut arc would name another object.
    std::string out;
    for (std::size_t i = 0; i < oid->count; ++i) {
        const std::string arc = std::to_string(oid->arcs[i]);
        if (out.size() + 1 + arc.size() > kMaxString) break;
        if (i) out.push_back('.');
        out += arc;
    }
    return out;
}

bool from_agent(std::uint8_t pdu) {
    return pdu == sn::kResponse || pdu == sn::kTrapV1 || pdu == sn::kTrapV2;
}

}  // namespace

dissect::Result<void> snmp_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = sn::parse(payload);
    if (!m) return dissect::fail(m.error());
    if (m->version != sn::kV1 && m->version != sn::kV2c) return {};
    const char* version = m->version == sn::kV1 ? "v1" : "v2c";

    Fingerprint fp;
    fp.observations.push_back({"snmp.community", version});
    for (const auto c : kDefaultCommunities)
        if (m->community.as_chars() == c) fp.observations.push_back({"snmp.community.default", version});

    if (from_agent(m->pdu_type)) {
        Map e;
        std::string name;
        for (std::size_t i = 0; i < m->varbind_count; ++i) {
            const auto& vb = m->varbinds[i];
            if (vb.value_tag == sn::kOctetString && is(vb.oid, kSysDescr)) {
                if (auto s = display(vb.value); !s.empty()) e.insert_or_assign("sysdescr", Value(std::move(s)));
            } else if (vb.value_tag == sn::kOctetString && is(vb.oid, kSysName)) {
                name = display(vb.value);
                if (!name.empty()) e.insert_or_assign("sysname", Value(name));
            } else if (vb.value_tag == sn::kOid && is(vb.oid, kSysObjectId)) {
                if (auto s = dotted(vb.value); !s.empty()) e.insert_or_assign("sysobjectid", Value(std::move(s)));
            }
        }
        if (!e.empty()) {
            e.insert_or_assign("version", Value(version));
            fp.key = "snmp";
            fp.singleton = true;
            fp.entry = Value(std::move(e));
        }
        if (!name.empty()) fp.names.push_back({std::move(name), NameSource::Snmp});
    }
    out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence
