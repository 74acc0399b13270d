// Fuzz target for NTP (dissectors/ntp) and its mapper (posture/evidence/ntp).
// Checks the decoded bit fields stay in range, the trailer lies inside the
// input and the mapper's output is small. A violated invariant aborts. Seeds:
// tests/fuzz/corpus/ntp/ (tests/unit/dissectors/ntp_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/ntp/ntp.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/ntp.h"

namespace {

using dissect::ByteView;
namespace ntp = dissect::ntp;

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
    const auto m = ntp::parse(input);
    if (m) {
        require(m->leap <= 3 && m->version >= 1 && m->version <= ntp::kMaxVersion && m->mode <= 7);
        require(within(input, m->trailer));
        require(m->mode >= ntp::kControl || size >= ntp::kHeaderBytes);
    }
    static const dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    const auto r = posture::evidence::ntp_datagram(input, ctx, out);
    require(r.has_value() == m.has_value());
    require(out.size() <= 1);
    for (const auto& f : out)
        for (const auto& o : f.observations) require(o.detail.size() <= posture::kMaxString);
    return 0;
}
