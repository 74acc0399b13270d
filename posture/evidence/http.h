// posture/evidence/http.h
// HTTP/1.x message heads (dissectors/http) -> evidence about the sender.
// A request's sender is an HTTP client: fp "http_ua" (the User-Agent string)
// and fp "http" {method, host, path}, plus the observation
// "cleartext.http.basic" when it sends Basic credentials (never the
// credentials themselves). A response's sender is an HTTP server: fp
// "http_server" (the Server header). NTLM or Negotiate authentication
// (Authorization from a client, WWW-Authenticate from a server) carries an
// NTLMSSP message: fp "ntlm" with its version, host and domain names
// (posture/evidence/smb.h ntlm_blob), never the responses or hashes. User-Agent strings are not interpreted
// here (issue 4 does that with uap-core).
#pragma once

#include <cstddef>
#include <string_view>

#include "posture/evidence/handlers.h"

namespace posture::evidence {

inline constexpr std::size_t kMaxHttpPath = 128;
inline constexpr std::size_t kMaxInterimResponses = 4;  // 1xx heads skipped looking for the final response
inline constexpr std::size_t kMaxAuthToken = 8192;      // base64 NTLM/Negotiate tokens decoded, at most

// `buffered`: the first bytes of one direction of a TCP flow routed as HTTP.
// Returns NeedMore (done = false) until the first message head has ended (or
// the buffer has reached dissect::http::kMaxHeaderBytes), then appends what
// it says. Done when the message names its sender (User-Agent, Server);
// otherwise, where the head tells the body's length (RFC 9112 §6.3), it
// returns the message's length as `consumed` so that the next message of a
// keep-alive connection is read too. Errors are the parser's
// (dissect::http::parse).
[[nodiscard]] dissect::Result<StreamStatus> http_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out);

// The path part of a request target, as recorded in fp "http" (before
// capping): the query and fragment are removed (they often carry tokens),
// and an absolute-form target ("http://user:pw@host/p") is reduced to its
// path, so that user information never reaches the record.
[[nodiscard]] std::string_view http_path(std::string_view target) noexcept;

}  // namespace posture::evidence
