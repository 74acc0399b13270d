// posture/evidence/ssh.h
// SSH version exchange and KEXINIT (dissectors/ssh) -> evidence about the
// sender: fp "ssh" entries {banner, hassh} from a client and
// {banner, hassh_server} from a server, HASSH as Salesforce defines it (MD5 of
// "kex;ciphers;macs;compression", client-to-server lists for a client,
// server-to-client lists for a server); classification hints that the
// banner's software and comment fields state outright (a distribution's
// package suffix, an embedded SSH server, a vendor's own implementation); the
// observation "ssh.obsolete" for protocol 1.x or a server whose key exchange,
// host key or cipher offer leaves only weak choices.
#pragma once

#include <string>
#include <string_view>

#include "dissectors/ssh/ssh.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// `buffered`: the first bytes of one direction of a TCP flow routed as SSH;
// ctx.from_client tells the direction (KEXINIT looks the same both ways).
// NeedMore until the identification line and the first packet (KEXINIT) are
// in; done after them. When the KEXINIT part is malformed, the banner is still
// recorded and the parser's error returned.
[[nodiscard]] dissect::Result<StreamStatus> ssh_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out);

// The HASSH input string: kex;ciphers;macs;compression for the client's
// (c2s) or server's (s2c) side, lists as sent.
[[nodiscard]] std::string hassh_string(const dissect::ssh::Kexinit& k, bool server);
// Lowercase hex MD5 of `s`.
[[nodiscard]] std::string md5_hex(std::string_view s);

}  // namespace posture::evidence
