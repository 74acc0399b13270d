// dissectors/tls/tls.h
// TLS handshake (RFC 8446 §4 and §5.1, RFC 5246 §6.2 and §7.4; GREASE RFC 8701;
// extensions: server_name RFC 6066 §3, supported_groups and ec_point_formats
// RFC 8422 §5.1, signature_algorithms RFC 8446 §4.2.3, ALPN RFC 7301 §3.1,
// supported_versions RFC 8446 §4.2.1, key_share RFC 8446 §4.2.8).
//
// Parses the first bytes of ONE direction of a TLS-over-TCP connection: the
// record layer, the handshake messages carried in it (reassembled across
// records into a caller-provided buffer), and from them the ClientHello, the
// ServerHello and, when the server negotiated TLS 1.2 or older, the server's
// Certificate message (its first certificate as a DER view, which
// dissectors/tls/x509.h reads). Also parses a bare ClientHello handshake
// message, as QUIC carries it in CRYPTO frames (RFC 9001 §4).
//
// Fields kept: legacy versions, session id, cipher suites, compression methods,
// extension types in wire order (with their bodies), SNI host name, supported
// groups, EC point formats, signature algorithms, ALPN names, supported
// versions, key share groups; the server's cipher suite, selected version,
// selected ALPN and key share group.
//
// Limits: a record longer than kMaxRecordBytes is Malformed; lists of 16-bit
// codes are views into the message (no cap, their length fields bound them);
// extensions past kMaxExtensions, ALPN names past kMaxAlpnNames and key shares
// past kMaxKeyShares are counted in `dropped`, not kept. Handshake bytes beyond
// the reassembly buffer are not kept: a hello that does not fit is
// LimitExceeded. SSLv2-format hellos and DTLS are Unsupported.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::tls {

inline constexpr std::size_t kRecordHeaderBytes = 5;     // type, version, length
inline constexpr std::size_t kHandshakeHeaderBytes = 4;  // msg_type, uint24 length
inline constexpr std::size_t kRandomBytes = 32;
inline constexpr std::size_t kMaxSessionIdBytes = 32;
// RFC 8446 §5.2 bounds a protected record at 2^14 + 256 bytes and RFC 5246
// §6.2.3 at 2^14 + 2048; the larger bound keeps old stacks parseable.
inline constexpr std::size_t kMaxRecordBytes = (std::size_t{1} << 14) + 2048;
inline constexpr std::size_t kMaxExtensions = 64;  // real hellos carry < 30
inline constexpr std::size_t kMaxAlpnNames = 32;  // QUIC interop clients offer ~20 drafts
inline constexpr std::size_t kMaxKeyShares = 16;

enum ContentType : std::uint8_t {
    kChangeCipherSpec = 20, kAlert = 21, kHandshake = 22, kApplicationData = 23,
};

enum HandshakeType : std::uint8_t {
    kClientHello = 1, kServerHello = 2, kCertificate = 11, kServerKeyExchange = 12, kServerHelloDone = 14,
};

enum ExtensionType : std::uint16_t {
    kExtServerName = 0,
    kExtSupportedGroups = 10,
    kExtEcPointFormats = 11,
    kExtSignatureAlgorithms = 13,
    kExtAlpn = 16,
    kExtSupportedVersions = 43,
    kExtKeyShare = 51,
    kExtQuicTransportParameters = 57,
};

inline constexpr std::uint16_t kTls13 = 0x0304;

// RFC 8701 §2: GREASE values are 0x?A?A with both bytes equal.
[[nodiscard]] constexpr bool is_grease(std::uint16_t v) noexcept {
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

// A wire list of big-endian 16-bit codes (cipher suites, groups, signature
// algorithms, versions), viewed in place. The parser guarantees an even size.
class U16List {
public:
    constexpr U16List() noexcept = default;
    constexpr explicit U16List(ByteView raw) noexcept : raw_(raw) {}

    [[nodiscard]] constexpr std::size_t size() const noexcept { return raw_.size() / 2; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size() == 0; }
    // Unchecked: callers keep i < size().
    [[nodiscard]] constexpr std::uint16_t operator[](std::size_t i) const noexcept {
        return static_cast<std::uint16_t>((raw_[2 * i] << 8) | raw_[2 * i + 1]);
    }
    [[nodiscard]] constexpr ByteView raw() const noexcept { return raw_; }

private:
    ByteView raw_;
};

// Fixed-capacity list: entries past N are counted in `dropped`, not stored.
template <class T, std::size_t N>
struct FixedList {
    std::array<T, N> items{};
    std::uint16_t count = 0;
    std::uint16_t dropped = 0;

    constexpr void push(const T& v) noexcept {
        if (count < N) items[count++] = v;
        else if (dropped < UINT16_MAX) ++dropped;
    }
    [[nodiscard]] constexpr std::span<const T> view() const noexcept { return {items.data(), count}; }
    [[nodiscard]] constexpr bool empty() const noexcept { return count == 0; }
};

struct Extension {
    std::uint16_t type = 0;
    ByteView body;
};

struct ClientHello {
    std::uint16_t legacy_version = 0;      // client_version; 0x0303 for TLS 1.3 clients
    ByteView session_id;
    U16List cipher_suites;                 // wire order, GREASE included
    ByteView compression_methods;          // one byte each
    bool has_extensions = false;           // an extensions block was present (TLS <= 1.1 may omit it)
    bool stray_byte = false;               // one byte followed the compression methods: no block
    FixedList<Extension, kMaxExtensions> extensions;  // wire order, GREASE included
    ByteView server_name;                  // first host_name of server_name (0), raw bytes
    U16List supported_groups;              // 10
    ByteView ec_point_formats;             // 11, one byte each
    U16List signature_algorithms;          // 13
    FixedList<ByteView, kMaxAlpnNames> alpn;  // 16, protocol names in order
    U16List supported_versions;            // 43
    FixedList<std::uint16_t, kMaxKeyShares> key_share_groups;  // 51
    std::uint16_t bad_extensions = 0;      // extensions whose body did not parse (still listed)

    [[nodiscard]] bool has_extension(std::uint16_t type) const noexcept;
};

struct ServerHello {
    std::uint16_t legacy_version = 0;
    bool hello_retry_request = false;      // random is the HRR value (RFC 8446 §4.1.3)
    ByteView session_id;
    std::uint16_t cipher_suite = 0;
    std::uint8_t compression_method = 0;
    bool has_extensions = false;
    FixedList<Extension, kMaxExtensions> extensions;  // wire order
    std::optional<std::uint16_t> selected_version;    // supported_versions (43)
    ByteView alpn;                                    // 16: the selected protocol
    std::optional<std::uint16_t> key_share_group;     // 51
    std::uint16_t bad_extensions = 0;

    // The version the server negotiated.
    [[nodiscard]] constexpr std::uint16_t version() const noexcept {
        return selected_version.value_or(legacy_version);
    }
};

// TLS <= 1.2 Certificate message (RFC 5246 §7.4.2).
struct Certificate {
    ByteView first;            // DER of the sender's own certificate; empty when the list is empty
    std::uint16_t count = 0;   // certificates in the chain
};

// What the first bytes of one direction hold.
struct Flight {
    std::uint16_t record_version = 0;  // of the first record
    std::optional<ClientHello> client_hello;
    std::optional<ServerHello> server_hello;
    std::optional<Certificate> certificate;  // only after a TLS <= 1.2 ServerHello
    bool certificate_too_large = false;      // a Certificate did not fit the reassembly buffer
    std::size_t hello_end = 0;               // stream bytes up to the end of the hello, when complete
    // NeedMore: non-zero when the message this direction should carry next is
    // incomplete; the total number of stream bytes to have before parsing
    // again (a lower bound when further record headers are still unseen).
    std::size_t need_bytes = 0;
};

// Parses the start of one direction of a TLS connection. `stream` holds its
// first bytes in order; `scratch` receives the handshake bytes with the record
// headers removed (its size is the largest handshake flight kept; 16 KiB is
// ample). The first message must be a ClientHello or a ServerHello. A client
// flight is complete after the ClientHello; a server flight after the
// ServerHello when it negotiated TLS 1.3 (the rest is encrypted) or after the
// following Certificate message otherwise. Warning Alerts and
// ChangeCipherSpec records ahead of the first handshake record are skipped; a
// fatal Alert there gives an empty, complete Flight. A broken record header is
// an error only when a message this direction should carry needs bytes past it.
// Views in the result point into `scratch`.
// Errors: Unsupported (not a TLS 3.x record, an SSLv2 hello, a first message
// that is not a hello), Malformed (a record length past the limit, a hello
// whose fields overrun its own length, a handshake cut by another record),
// LimitExceeded (a hello larger than `scratch`).
[[nodiscard]] Result<Flight> parse(ByteView stream, std::span<std::uint8_t> scratch) noexcept;

// Bodies of single handshake messages (after the 4-byte header). Errors:
// Truncated when a field runs past `body`; Malformed when a length is invalid
// (odd list of 16-bit codes, session id over 32 bytes).
[[nodiscard]] Result<ClientHello> parse_client_hello(ByteView body) noexcept;
[[nodiscard]] Result<ServerHello> parse_server_hello(ByteView body) noexcept;
[[nodiscard]] Result<Certificate> parse_certificate(ByteView body) noexcept;

// A whole ClientHello handshake message (header + body), as at offset 0 of
// QUIC's Initial CRYPTO stream. Errors: Unsupported when the message is not a
// ClientHello; Truncated when it is longer than `message`; as above otherwise.
[[nodiscard]] Result<ClientHello> parse_client_hello_message(ByteView message) noexcept;

}  // namespace dissect::tls
