// posture/evidence/cleartext.h
// Cleartext logins (dissectors/cleartext) -> evidence about the sender. A
// client that sends credentials in the clear gets the observation
// "cleartext.<proto>.login" (detail: the command, never its arguments); a
// server that greets gets "svc.<proto>" and an fp "banner" entry
// "<proto>: <first line of its greeting, capped at kMaxBannerLine>".
// Only the first bytes of each direction reach the mappers (the pipeline's
// max_stream_bytes), which is where greetings and logins are.
#pragma once

#include <cstddef>

#include "posture/evidence/handlers.h"

namespace posture::evidence {

inline constexpr std::size_t kMaxBannerLine = 128;

// `buffered`: the first bytes of one direction of a TCP flow routed to the
// protocol; ctx.from_client tells the direction. NeedMore until the direction
// has told what it can (dissect::cleartext::parse), then done. Errors are the
// parser's.
[[nodiscard]] dissect::Result<StreamStatus> telnet_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out);
[[nodiscard]] dissect::Result<StreamStatus> ftp_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out);
[[nodiscard]] dissect::Result<StreamStatus> pop3_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out);
[[nodiscard]] dissect::Result<StreamStatus> imap_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
