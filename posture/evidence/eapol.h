// posture/evidence/eapol.h
// EAPOL (802.1X) -> evidence about the sender of the frame: the observation
// "eapol.present" (detail: the packet type, e.g. "start", "eap", "key"), and
// fp key "eapol", a singleton map:
//   type           EAPOL packet type (a number: 0 EAP, 1 Start, 3 Key, ...)
//   eap_code       EAP code, for EAP packets (1 Request, 2 Response, 3 Success, 4 Failure)
//   eap_type       EAP method type, for Requests and Responses (1 Identity, 13 TLS, 25 PEAP, ...)
//   identity_seen  true once the sender answered an Identity request. The
//                  identity is a user name: it is never recorded.
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one EAPOL frame (`ctx.dec->l2_payload`: the bytes after the EtherType).
// Returns the parser's error (nothing is appended then).
[[nodiscard]] dissect::Result<void> eapol_frame(dissect::ByteView l2_payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
