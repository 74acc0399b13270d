// Fuzz target for EAPOL (dissectors/eapol) and its mapper (posture/evidence/eapol).
// Checks the body and EAP views lie inside the input and inside each other,
// and that the mapper never copies the EAP type data (an identity is a user
// name). A violated invariant aborts. Seeds: tests/fuzz/corpus/eapol/
// (tests/unit/dissectors/eapol_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/eapol/eapol.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/eapol.h"

namespace {

using dissect::ByteView;
namespace ea = dissect::eapol;

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
    const auto m = ea::parse(input);
    if (m) {
        require(within(input, m->body) && m->body.size() == m->body_length);
        require(within(m->body, m->eap_type_data));
        require(!m->eap_code || (m->eap_length >= ea::kEapHeaderBytes && m->eap_length <= m->body.size()));
    }
    static const dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    const auto r = posture::evidence::eapol_frame(input, ctx, out);
    require(r.has_value() == m.has_value());
    for (const auto& f : out) {
        require(f.names.empty());
        if (const auto* e = f.entry.as_map())
            for (const auto& [k, v] : *e) require(v.as_string() == nullptr);  // numbers and flags only
    }
    return 0;
}
