// Fuzz target for NBNS (dissectors/nbns) and its mapper (posture/evidence/nbns).
// Checks that views lie inside the input and counts respect their caps; the
// mapper runs with a sender address that some seeds' NB records carry, so the
// own-name path is exercised. A violated invariant aborts. Seeds:
// tests/fuzz/corpus/nbns/ (tests/unit/dissectors/nbns_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/nbns/nbns.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/nbns.h"

namespace {

using dissect::ByteView;
namespace nb = dissect::nbns;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

dissect::packet::Decoded make_decoded() {
    dissect::packet::Decoded d;
    d.src_ip = dissect::IpAddr::v4(0x0a000501);  // 10.0.5.1, the owner in nbns_positive_response
    return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    if (const auto m = nb::parse(input)) {
        require(m->question_count <= nb::kMaxQuestions && m->record_count <= nb::kMaxRecords &&
                m->node_name_count <= nb::kMaxNodeNames);
        for (const auto& rr : m->record_list())
            require(within(input, rr.rdata) && rr.entry_count <= nb::kMaxAddresses);
    }
    static const dissect::packet::Decoded dec = make_decoded();
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    (void)posture::evidence::nbns_datagram(input, ctx, out);
    for (const auto& f : out)
        if (const auto* s = f.entry.as_string())
            require(s->size() <= 4 * (nb::kNameLen + 1));  // "<xx>" per byte at most
    return 0;
}
