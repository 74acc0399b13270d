// Fuzz target for NetBIOS datagrams and browser frames (dissectors/netbios_dgm)
// and the browser mapper (posture/evidence/netbios_dgm). Checks that every
// view lies inside the input and inside the layer it belongs to. A violated
// invariant aborts. Seeds: tests/fuzz/corpus/netbios_dgm/
// (tests/unit/dissectors/netbios_dgm_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/netbios_dgm/netbios_dgm.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/netbios_dgm.h"

namespace {

using dissect::ByteView;
namespace ng = dissect::netbios_dgm;

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
    if (const auto m = ng::parse(input)) {
        require(within(input, m->user_data));
        require(within(m->user_data, m->mailslot) && within(m->user_data, m->trans_data));
        if (m->browser) {
            const ng::Browser& b = *m->browser;
            require(within(m->trans_data, b.server_name) && within(m->trans_data, b.comment) &&
                    within(m->trans_data, b.name));
            require(b.server_name.size() <= ng::kServerNameLen);
        }
    }
    static const dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    (void)posture::evidence::browser_datagram(input, ctx, out);
    for (const auto& f : out)
        for (const auto& n : f.names) require(!n.name.empty() && n.name.size() <= posture::kMaxString);
    return 0;
}
