// Fuzz target for DHCPv6 (dissectors/dhcpv6) and its mapper (posture/evidence/dhcpv6).
// Checks that every view lies inside the input, option and class-item counts
// respect their caps, DUIDs split cleanly, relayed messages parse again and
// mapped strings are capped. A violated invariant aborts. Seeds:
// tests/fuzz/corpus/dhcpv6/ (tests/unit/dissectors/dhcpv6_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/dhcpv6/dhcpv6.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/dhcpv6.h"

namespace {

using dissect::ByteView;
namespace d6 = dissect::dhcpv6;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

void check_items(ByteView input, const d6::ClassItems& c) {
    require(c.count <= d6::kMaxClassItems);
    for (std::size_t i = 0; i < c.count; ++i) require(within(input, c.items[i]));
}

void check_message(ByteView input, const d6::Message& m, int depth) {
    for (const ByteView v : {m.relay_message, m.interface_id, m.client_id, m.server_id, m.oro, m.fqdn_name})
        require(within(input, v));
    require(m.oro.size() % 2 == 0);
    require(m.option_count <= d6::kMaxOptions);
    check_items(input, m.user_class);
    check_items(input, m.vendor_class);
    for (const ByteView duid : {m.client_id, m.server_id})
        if (const auto d = d6::parse_duid(duid)) require(within(duid, d->id) && (!d->mac || d->id.size() == 6));
    // Relay messages nest: descend a bounded number of levels, as a caller would.
    if (depth < 4 && !m.relay_message.empty())
        if (const auto inner = d6::parse(m.relay_message)) check_message(input, *inner, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    const auto m = d6::parse(input);
    if (m) check_message(input, *m, 0);
    static const dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    const auto r = posture::evidence::dhcpv6_datagram(input, ctx, out);
    require(r.has_value() == m.has_value());
    for (const auto& f : out) {
        if (const auto* e = f.entry.as_map())
            for (const auto& [k, v] : *e)
                if (const auto* s = v.as_string()) require(s->size() <= posture::kMaxString);
        for (const auto& n : f.names) require(!n.name.empty() && n.name.size() <= posture::kMaxString);
        for (const auto& o : f.observations) require(o.detail.size() <= posture::kMaxString);
    }
    return 0;
}
