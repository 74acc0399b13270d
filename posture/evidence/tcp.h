// posture/evidence/tcp.h
// TCP SYN and SYN+ACK -> the sender's p0f v3 signature and label.
//
// fp key "tcp" (a list, WIRE-PROTOCOL §4), entry
//   {sig: "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0",
//    label: "s:unix:Linux:3.11 and newer"}   ("?" when nothing matched)
// computed exactly as p0f 3.09b does (signature as its raw_sig, label from
// the [tcp:request] section for a SYN, [tcp:response] for a SYN+ACK of
// ctx.db->p0f; without a database every label is "?"). A SYN describes the
// client, a SYN+ACK the server: both are the sender.
// Hints (src "tcp.syn" or "tcp.synack"): os.name from the label's name and
// os.version from its flavor (a trailing "(...)" note dropped), weight 60 for
// an exact match, 45 for a generic signature, 30 for a fuzzy match. Labels of
// class '!' (tools: "s:!:NMap:SYN scan") give no OS hint but the observation
// "tcp.tool" with p0f's text ("NMap SYN scan").
#pragma once

#include <cstdint>
#include <optional>

#include "posture/evidence/handlers.h"
#include "posture/kb/p0f_db.h"

namespace posture::evidence {

// What p0f takes from a decoded packet: nullopt unless it is a TCP SYN or
// SYN+ACK (FIN/RST clear) that p0f would fingerprint: not a fragment, IPv6
// without extension headers, TCP header complete. Reads the IP and TCP headers
// through `d.ip` for the fields Decoded does not carry (IPv4 TOS/ECN and
// must-be-zero flag, IPv6 traffic class, the TCP NS bit).
[[nodiscard]] std::optional<P0fPacket> p0f_packet(const dissect::packet::Decoded& d) noexcept;

// Maps a SYN or SYN+ACK (ctx.dec). Returns true when the packet was one that
// p0f fingerprints (an entry was appended), false otherwise.
[[nodiscard]] bool tcp_syn(const PacketContext& ctx, Sink& out);

// The same for a SYN+ACK whose SYN's MSS the caller tracked (p0f's flow
// state): p0f also tries it as a window multiplier, which changes some
// SYN+ACK signatures ("mss*N") and labels. 0 = unknown, as tcp_syn(ctx, out).
[[nodiscard]] bool tcp_syn(const PacketContext& ctx, Sink& out, std::uint16_t peer_syn_mss);

}  // namespace posture::evidence
