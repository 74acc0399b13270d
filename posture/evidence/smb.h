// posture/evidence/smb.h
// SMB1/SMB2 session set-up and NTLMSSP -> evidence about the sender of one
// direction of an SMB connection (TCP 445, or 139 behind NetBIOS).
//
// fp key "smb" (a singleton map, WIRE-PROTOCOL §4), with only the keys that
// were seen in this direction:
//   dialects        a client's NEGOTIATE offer: SMB2 dialects as "0x0202,0x0210,
//                   0x0300,0x0302,0x0311" (wire order), or, when it only sent an
//                   SMB1 NEGOTIATE, the dialect strings "PC NETWORK PROGRAM 1.0,
//                   ...,NT LM 0.12,SMB 2.002,SMB 2.???"; a server's choice: the
//                   SMB2 dialect revision ("0x0311"; "0x02ff" answers an SMB1
//                   multi-protocol NEGOTIATE)
//   native_os, native_lanman, primary_domain
//                   SMB1 SESSION_SETUP_ANDX strings, UTF-8 (from UTF-16LE or OEM)
//   ntlm_os         NTLMSSP version "major.minor.build" ("10.0.19041")
//   ntlm_host       NTLMSSP host: the AUTHENTICATE workstation (a client), or
//                   the CHALLENGE target-info NetBIOS computer name (a server)
//   ntlm_domain     AUTHENTICATE domain, or the CHALLENGE NetBIOS domain name
//   ntlm_target     CHALLENGE target name
// Every NTLMSSP message describes its sender: AUTHENTICATE and NEGOTIATE come
// from the client, CHALLENGE from the server. That holds whichever end the
// flow table took for the client (a capture that missed the SYN), so the
// mapper reads the message type, not ctx.from_client.
//
// Names (NameSource::Smb): ntlm_host, and the CHALLENGE DNS computer name.
// Hints: ntlm_os -> os.name Windows (70) and os.version (70): 10.0 build
// >= 22000 "11", 10.0 "10", 6.3 "8.1", 6.2 "8", 6.1 "7", 6.0 "Vista",
// 5.2 "Server 2003", 5.1 "XP", 5.0 "2000" (src "smb.ntlm"); native_os
// "Windows 5.1" / "Windows 7 Ultimate 7601 Service Pack 1" / "Windows Server
// 2016 Standard 14393" -> Windows (70) and "XP" / "7" / "Server 2016" (60),
// "Mac OS X 10.10" -> macOS 10.10 (src "smb.native_os"). Samba fills in
// Windows-looking values (native OS "Windows 6.1", NTLM version 6.1 build 0),
// and macOS's SMB client sends an NTLM version of 6.1.7600: no Windows hint is
// drawn from a stream whose LAN manager says Samba, whose native OS is not
// Windows, or whose NTLM build is 0.
// Observation "smb.v1": the sender used SMB1 beyond offering it (an SMB1
// NEGOTIATE without any SMB 2 dialect, an SMB1 dialect chosen, or any other
// SMB1 command); detail says which.
#pragma once

#include <string>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps the first bytes of one direction of an SMB connection (`buffered`,
// from the first byte of that direction). Parses every complete message in
// it; returns done once session set-up is over in this direction (or SMB 3
// encryption starts, or another command follows), else the total number of
// bytes it wants before the next call. Errors: the parser's (what it had
// learnt before the bad message is still appended).
[[nodiscard]] dissect::Result<StreamStatus> smb_stream(dissect::ByteView buffered, const PacketContext& ctx,
                                                       Sink& out);

// NTLMSSP carried outside SMB (HTTP "Authorization: NTLM|Negotiate <token>",
// "WWW-Authenticate: NTLM <token>", base64-decoded by the caller): `blob` is
// the raw NTLMSSP message or a SPNEGO token wrapping it. Appends fp "ntlm"
// (a singleton map with the keys ntlm_os, ntlm_host, ntlm_domain,
// ntlm_target of fp "smb" and `via`, e.g. "http"), the host names and the
// OS hints SMB draws from the same fields. Returns the NTLMSSP message type
// (1 NEGOTIATE, 2 CHALLENGE, 3 AUTHENTICATE), or 0 when the blob holds no
// parseable NTLMSSP message (nothing is appended then).
std::uint32_t ntlm_blob(dissect::ByteView blob, std::string_view via, Sink& out);

// UTF-16LE bytes as UTF-8, at most `max_bytes` long (whole characters only);
// unpaired surrogates become U+FFFD, an odd last byte is dropped, and the
// string ends at the first U+0000. Sets *truncated when it had to cut.
[[nodiscard]] std::string utf16le_to_utf8(dissect::ByteView v, bool* truncated = nullptr,
                                          std::size_t max_bytes = kMaxString);

}  // namespace posture::evidence
