// Fuzz target for the cleartext login detectors (dissectors/cleartext) and
// their mappers (posture/evidence/cleartext): every protocol, both sides.
// Checks that views lie inside the input, a client's Message keeps no view
// (nothing typed is ever kept), NeedMore asks for more than it has, counts
// respect their caps and banners are capped. A violated invariant aborts.
// Seeds: tests/fuzz/corpus/cleartext/ (tests/unit/dissectors/cleartext_sessions.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dissectors/cleartext/cleartext.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/cleartext.h"

namespace {

using dissect::ByteView;
namespace ct = dissect::cleartext;
namespace ev = posture::evidence;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

using Mapper = dissect::Result<ev::StreamStatus> (*)(ByteView, const ev::PacketContext&, ev::Sink&);
struct Target {
    ct::Proto proto;
    Mapper map;
};
constexpr Target kTargets[] = {
    {ct::Proto::Telnet, ev::telnet_stream},
    {ct::Proto::Ftp, ev::ftp_stream},
    {ct::Proto::Pop3, ev::pop3_stream},
    {ct::Proto::Imap, ev::imap_stream},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    static const posture::Databases db;
    const dissect::packet::Decoded dec;
    for (const auto& t : kTargets) {
        for (const auto side : {ct::Side::Client, ct::Side::Server}) {
            const auto m = ct::parse(t.proto, side, input);
            if (m) {
                require(within(input, m->greeting));
                require(side == ct::Side::Server || m->greeting.empty());
                require(side == ct::Side::Client || m->login == ct::Login::None);
                require(m->lines <= ct::kMaxLines);
                require(!ct::need_more(*m) || m->need_bytes > size);
            }
            const ev::PacketContext ctx{&dec, side == ct::Side::Client, 0, &db};
            ev::Sink out;
            const auto r = t.map(input, ctx, out);
            if (r && !r->done) require(out.empty());
            require(out.size() <= 1);
            for (const auto& f : out) {
                if (const auto* s = f.entry.as_string()) require(s->size() <= ev::kMaxBannerLine + 8);
                require(f.observations.size() == 1);
            }
        }
    }
    return 0;
}
