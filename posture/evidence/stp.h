// posture/evidence/stp.h
// Spanning-tree BPDUs -> evidence about the sender of the frame. Only bridges
// and switches send BPDUs, so every BPDU gives the hint type=network (weight
// 60, src "stp.bpdu"). Configuration/RST/MST BPDUs also give fp key "stp", a
// singleton map:
//   root_id    "<priority>/<system id ext>/<mac>", e.g. "32768/1/00:19:06:ea:b8:80"
//   bridge_id  same format, the sending bridge
//   port_id    "0x8005" (4 lowercase hex digits)
//   version    protocol version (0 STP, 2 RSTP, 3 MSTP), a number
// (priority and extension split as 802.1D §9.2.5 and tshark's stp.*.prio / .ext do).
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one BPDU (`ctx.dec->l2_payload`: the bytes after the LLC header).
// Returns the parser's error (nothing is appended then).
[[nodiscard]] dissect::Result<void> stp_frame(dissect::ByteView l2_payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
