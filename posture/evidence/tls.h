// posture/evidence/tls.h
// TLS evidence, over TCP (dissectors/tls) and from QUIC Initial packets
// (dissectors/quic, decrypted in posture/evidence/quic.cc).
//
// From a ClientHello (the sender is a TLS client):
//   fp "ja3"  MD5 of the JA3 string (hex)        fp "ja4"  FoxIO JA4 ('t' over TCP, 'q' over QUIC)
//   fp "sni"  the server name asked for           fp "tls"  {version, legacy_version,
//             supported_versions, alpn, ja3_full[, truncated]}
//   observations "tls.version.<1.0|1.1|ssl3>" (best version offered is older than
//   TLS 1.2), "tls.weak_cipher" (NULL, EXPORT, RC4, DES or 3DES suites offered).
// From a ServerHello (the sender is a TLS server):
//   fp "ja3s" MD5 of the JA3S string              fp "tls_server" {version, legacy_version,
//             [supported_version,] cipher, [alpn,] ja3s_full}
//   observations "tls.version.<...>" (server chose < TLS 1.2), "tls.weak_cipher".
// From the server's Certificate (TLS <= 1.2 only; 1.3 encrypts it):
//   fp "tls_cert" {subject, issuer, self_signed, not_before, not_after}
//   observation "tls.self_signed" when subject == issuer.
// No names (SNI names the peer, not the sender) and no class hints.
#pragma once

#include <string>
#include <string_view>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "dissectors/tls/tls.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// The pipeline's default per-direction stream buffer (sensor/pipeline
// kDefaultMaxStreamBytes). tls_stream never asks for more than this, so a
// server flight whose certificate chain runs past it still yields its
// ServerHello evidence; it is also the size of the reassembly buffer.
inline constexpr std::size_t kTlsMaxStreamBytes = 16 * 1024;

// TLS over TCP. `buffered`: the first bytes of one direction (at most
// kTlsMaxStreamBytes are looked at). Which side sent them is read from the
// hello itself, not from ctx.from_client. A ClientHello's evidence is appended
// once the hello is complete (done). A ServerHello's is appended on the call
// where the hello became complete -- ctx.dec->l4_payload is taken as the
// segment just added, as the router hands it over; with no payload every byte
// counts as new -- and for TLS <= 1.2 the call returns not done until the
// Certificate is complete too (or would not fit kTlsMaxStreamBytes), whose
// evidence then follows. Until then: not done, need_bytes = the total to wait
// for. Errors: the parser's; a certificate's x509 error after the ServerHello
// evidence; LimitExceeded for a hello larger than kTlsMaxStreamBytes.
[[nodiscard]] dissect::Result<StreamStatus> tls_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out);

// QUIC (RFC 9000, 9001; versions 1, 2 and draft-29) over UDP. For a client's
// Initial packet: derives the Initial keys from its Destination Connection ID,
// removes header protection, decrypts, gathers the CRYPTO frames from offset 0
// and appends the ClientHello evidence (JA4 with 'q'). With ctx.quic (the
// flow's memo), the first client Initial's DCID and version are kept, and the
// server's first Initial carrying the ServerHello is read with the "server
// in" keys of that DCID: JA3S and tls_server. Other packets (short header,
// Handshake, 0-RTT) are ignored. Errors: the QUIC or TLS parser's, Malformed
// when decryption fails, Truncated when a hello continues in a later packet.
[[nodiscard]] dissect::Result<void> quic_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

// --- building blocks (public for the QUIC mapper, tests and benches) ---

enum class Transport : char { Tcp = 't', Quic = 'q', Dtls = 'd' };

// JA3 (Salesforce): "version,ciphers,extensions,groups,point_formats", decimal,
// '-'-joined, GREASE left out. Like tshark (the reference tables come from
// it), a hello with a stray byte after the compression methods gives
// "version,ciphers," only.
[[nodiscard]] std::string ja3_string(const dissect::tls::ClientHello& ch);
// JA3S: "version,cipher,extensions".
[[nodiscard]] std::string ja3s_string(const dissect::tls::ServerHello& sh);
// JA4 (FoxIO, technical_details/JA4.md) and its raw, unhashed form (JA4_r).
[[nodiscard]] std::string ja4(const dissect::tls::ClientHello& ch, Transport t);
[[nodiscard]] std::string ja4_raw(const dissect::tls::ClientHello& ch, Transport t);
// "1.3", "1.2", "1.1", "1.0", "ssl3", "ssl2", else "0x...." (4 hex digits).
[[nodiscard]] std::string tls_version_name(std::uint16_t v);

// Appends the ClientHello evidence (ja3, ja4, sni, tls) to `out`.
void client_hello_evidence(const dissect::tls::ClientHello& ch, Transport t, Sink& out);
// Appends the ServerHello evidence (ja3s, tls_server) to `out`.
void server_hello_evidence(const dissect::tls::ServerHello& sh, Sink& out);

}  // namespace posture::evidence
