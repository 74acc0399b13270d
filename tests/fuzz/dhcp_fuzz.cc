// Fuzz target for DHCPv4 (dissectors/dhcp) and its mapper (posture/evidence/dhcp).
// Checks that every view lies inside the input, option counts respect the cap
// and mapped strings are capped; the mapper runs both as the client itself and
// as a relay. A violated invariant aborts. Seeds: tests/fuzz/corpus/dhcp/
// (tests/unit/dissectors/dhcp_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/dhcp/dhcp.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/dhcp.h"

namespace {

using dissect::ByteView;
namespace dh = dissect::dhcp;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

void check_output(const posture::evidence::Sink& out) {
    for (const auto& f : out) {
        if (const auto* e = f.entry.as_map())
            for (const auto& [k, v] : *e)
                if (const auto* s = v.as_string()) require(s->size() <= posture::kMaxString);
        for (const auto& n : f.names) require(!n.name.empty() && n.name.size() <= posture::kMaxString);
        for (const auto& o : f.observations) require(o.detail.size() <= posture::kMaxString);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    const auto m = dh::parse(input);
    if (m) {
        for (const ByteView v : {m->param_request_list, m->vendor_class, m->hostname, m->client_id, m->fqdn,
                                 m->fqdn_name, m->routers, m->dns_servers, m->domain_name, m->user_class,
                                 m->vi_vendor_class, m->vi_vendor_info})
            require(within(input, v));
        require(m->option_count <= dh::kMaxOptions);
        require(m->fqdn_name.size() <= m->fqdn.size());
    }
    static const posture::Databases db;
    dissect::packet::Decoded dec;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    for (const bool as_client : {true, false}) {
        if (m) dec.src_mac = m->client_mac;
        if (!as_client) dec.src_mac.b[5] ^= 0x01;  // a relay's (or any other) MAC
        posture::evidence::Sink out;
        const auto r = posture::evidence::dhcp_datagram(input, ctx, out);
        require(r.has_value() == m.has_value());
        check_output(out);
    }
    return 0;
}
