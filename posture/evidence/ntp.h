// posture/evidence/ntp.h
// NTP -> evidence about the sender of the datagram: fp key "ntp", entry
// {version, mode, stratum} (numbers; stratum only for modes 1..5, where the
// header has one), and the observation "ntp.server" (detail "stratum N") when
// the sender answers as a server (mode 4) or broadcasts time (mode 5). The
// reserved mode 0 yields nothing.
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one NTP datagram (the UDP payload, port 123). Returns the parser's
// error (nothing is appended then).
[[nodiscard]] dissect::Result<void> ntp_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
