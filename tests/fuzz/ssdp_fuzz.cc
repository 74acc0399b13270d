// Fuzz target for SSDP (dissectors/ssdp) and its mapper (posture/evidence/ssdp).
// Checks that every view lies inside the input, header counts respect the cap
// and mapped strings are capped. A violated invariant aborts. Seeds:
// tests/fuzz/corpus/ssdp/ (tests/unit/dissectors/ssdp_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/packet/packet.h"
#include "dissectors/ssdp/ssdp.h"
#include "posture/evidence/ssdp.h"

namespace {

using dissect::ByteView;
namespace sd = dissect::ssdp;

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
    if (const auto m = sd::parse(input)) {
        for (const ByteView v : {m->method, m->uri, m->version, m->reason, m->server, m->user_agent, m->nt, m->nts,
                                 m->st, m->usn, m->location, m->man})
            require(within(input, v) && v.size() <= sd::kMaxLineBytes);
        require(std::size_t{m->header_count} + m->bad_lines + m->long_lines <= sd::kMaxHeaders);
    }
    static const dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    (void)posture::evidence::ssdp_datagram(input, ctx, out);
    for (const auto& f : out)
        if (const auto* e = f.entry.as_map())
            for (const auto& [k, v] : *e)
                if (const auto* s = v.as_string()) require(s->size() <= posture::kMaxString);
    return 0;
}
