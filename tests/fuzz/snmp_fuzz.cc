// Fuzz target for SNMP (dissectors/snmp) and its mapper (posture/evidence/snmp).
// Checks that every view lies inside the input, varbind counts respect the
// cap, OIDs decode within their arc limit, mapped strings are capped and the
// community never reaches the output. A violated invariant aborts. Seeds:
// tests/fuzz/corpus/snmp/ (tests/unit/dissectors/snmp_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dissectors/packet/packet.h"
#include "dissectors/snmp/snmp.h"
#include "posture/evidence/snmp.h"

namespace {

using dissect::ByteView;
namespace sn = dissect::snmp;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    const auto m = sn::parse(input);
    if (m) {
        require(within(input, m->community) && within(input, m->enterprise));
        require(m->varbind_count <= sn::kMaxVarbinds);
        for (std::size_t i = 0; i < m->varbind_count; ++i) {
            require(within(input, m->varbinds[i].oid) && within(input, m->varbinds[i].value));
            if (const auto oid = sn::decode_oid(m->varbinds[i].oid)) require(oid->count <= sn::kMaxOidArcs);
        }
    }
    static const dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    const auto r = posture::evidence::snmp_datagram(input, ctx, out);
    require(r.has_value() == m.has_value());
    // The community is a secret: no observation may quote it (checked when it
    // is long enough not to occur by chance in "v1", "v2c"). Entry values are
    // not checked: an agent may well name itself like its community.
    const std::string_view community = m ? m->community.as_chars() : std::string_view();
    const bool distinctive = community.size() >= 8;
    for (const auto& f : out) {
        if (const auto* e = f.entry.as_map())
            for (const auto& [k, v] : *e)
                if (const auto* s = v.as_string()) require(s->size() <= posture::kMaxString);
        for (const auto& n : f.names) require(!n.name.empty() && n.name.size() <= posture::kMaxString);
        for (const auto& o : f.observations)
            require(o.detail.size() <= posture::kMaxString &&
                    (!distinctive || o.detail.find(community) == std::string::npos));
    }
    return 0;
}
