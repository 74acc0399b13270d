// Fuzz target for SMB/NTLMSSP: the session-service walk of dissectors/smb over
// the whole input (as the mapper does), NTLMSSP parsing of the input on its
// own, and the stream mapper (posture/evidence/smb) in both directions. A
// violated invariant aborts. Seeds: tests/fuzz/corpus/smb/ (messages of
// tests/unit/dissectors/smb_frames.h and streams made of them).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/packet/packet.h"
#include "dissectors/smb/smb.h"
#include "posture/evidence/smb.h"

namespace {

bool within(dissect::ByteView outer, dissect::ByteView inner) {
    if (inner.empty()) return true;
    return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

bool ntlm_ok(const dissect::smb::Ntlmssp& n, dissect::ByteView in) {
    return within(in, n.domain) && within(in, n.user) && within(in, n.workstation) && within(in, n.target_name) &&
           within(in, n.nb_computer) && within(in, n.nb_domain) && within(in, n.dns_computer) &&
           within(in, n.dns_domain) && within(in, n.dns_tree);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace sm = dissect::smb;
    const dissect::ByteView in{data, size};
    std::size_t pos = 0;
    while (pos < size) {
        const auto p = sm::parse(in.tail(pos));
        if (!p || p->need_bytes) break;
        if (p->size == 0 || p->size > size - pos) std::abort();  // must make progress, inside the input
        const sm::Message& m = p->message;
        const bool ok = within(in, m.native_os) && within(in, m.native_lanman) && within(in, m.primary_domain) &&
                        within(in, m.security_blob) && (!m.ntlm || ntlm_ok(*m.ntlm, in)) &&
                        m.dialect_count <= sm::kMaxDialects && m.dialect_name_count <= sm::kMaxDialects;
        if (!ok) std::abort();
        pos += p->size;
    }
    if (const auto n = sm::parse_ntlmssp(in); n && !ntlm_ok(*n, in)) std::abort();

    static const dissect::packet::Decoded dec{};
    static const posture::Databases db{};
    for (const bool from_client : {true, false}) {
        const posture::evidence::PacketContext ctx{&dec, from_client, 0, &db};
        posture::evidence::Sink out;
        const auto r = posture::evidence::smb_stream(in, ctx, out);
        if (r && !r->done && r->need_bytes <= size) std::abort();  // asks for more than it has
    }
    bool cut = false;
    if (posture::evidence::utf16le_to_utf8(in, &cut).size() > posture::kMaxString) std::abort();
    return 0;
}
