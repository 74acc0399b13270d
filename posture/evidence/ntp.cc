// posture/evidence/ntp.cc
// NTP mapper: see ntp.h for what it emits.
#include "posture/evidence/ntp.h"

#include <string>

#include "dissectors/ntp/ntp.h"

namespace posture::evidence {

dissect::Result<void> ntp_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    namespace ntp = dissect::ntp;
    const auto m = ntp::parse(payload);
    if (!m) return dissect::fail(m.error());
    // Mode 0 is reserved (RFC 5905 §7.3): no implementation sends it, so it is
    // junk on port 123 (e.g. an overlapping-fragment evasion test), not a fingerprint.
    if (m->mode == ntp::kReserved) return {};
    Fingerprint fp;
    fp.key = "ntp";
    Map e;
    e.insert_or_assign("version", Value(std::uint64_t{m->version}));
    e.insert_or_assign("mode", Value(std::uint64_t{m->mode}));
    if (m->mode >= ntp::kSymmetricActive && m->mode <= ntp::kBroadcast)
        e.insert_or_assign("stratum", Value(std::uint64_t{m->stratum}));
    fp.entry = Value(std::move(e));
    if (m->mode == ntp::kServer || m->mode == ntp::kBroadcast)
        fp.observations.push_back({"ntp.server", "stratum " + std::to_string(m->stratum)});
    out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence
