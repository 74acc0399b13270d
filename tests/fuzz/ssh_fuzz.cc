// Fuzz target for the SSH version exchange and KEXINIT (dissectors/ssh) and
// the mapper (posture/evidence/ssh) from both sides. Checks that views lie
// inside the input, the name-lists lie inside the packet, NeedMore asks for
// more than it has, and mapped strings are capped. A violated invariant
// aborts. Seeds: tests/fuzz/corpus/ssh/ (tests/unit/dissectors/ssh_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/packet/packet.h"
#include "dissectors/ssh/ssh.h"
#include "posture/evidence/ssh.h"

namespace {

using dissect::ByteView;
namespace ssh = dissect::ssh;

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
    const auto m = ssh::parse(input);
    if (m) {
        for (const ByteView v : {m->banner, m->proto_version, m->software, m->comments}) require(within(input, v));
        // The line, with at least its LF (a bare LF is accepted), fits the cap.
        require(m->banner.size() + 1 <= ssh::kMaxLineBytes);
        require(m->preamble_lines <= ssh::kMaxPreambleLines);
        require(!ssh::need_more(*m) || m->need_bytes > size);
        if (m->has_kexinit) {
            require(m->kexinit.cookie.size() == ssh::kCookieBytes);
            for (const ByteView l : m->kexinit.lists) {
                require(within(input, l));
                ssh::NameIter it(l);
                std::size_t names = 0;
                while (const auto n = it.next()) {
                    require(within(l, *n) && !n->empty());
                    require(++names <= l.size());
                }
            }
        }
    }
    static const posture::Databases db;
    const dissect::packet::Decoded dec;
    for (const bool from_client : {true, false}) {
        const posture::evidence::PacketContext ctx{&dec, from_client, 0, &db};
        posture::evidence::Sink out;
        const auto r = posture::evidence::ssh_stream(input, ctx, out);
        if (r && !r->done) require(r->need_bytes > size && out.empty());
        require(out.size() <= 1);
        for (const auto& f : out) {
            const auto* e = f.entry.as_map();
            require(e != nullptr && e->contains("banner"));
            for (const auto& [k, v] : *e) require(v.as_string() && v.as_string()->size() <= posture::kMaxString);
            for (const auto& h : f.hints) require(h.weight <= 100);
        }
    }
    return 0;
}
