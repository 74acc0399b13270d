// TLS record and handshake builders (TLS 1.0 RFC 2246, 1.2 RFC 5246, 1.3 RFC
// 8446; GREASE RFC 8701; extensions RFC 6066, 7301, 7627, 8422). Each client
// stack has its own ClientHello shape (cipher and extension order, groups,
// signature algorithms, GREASE) kept as data in tls.cc, so JA3/JA4 differ per OS.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/sitegen/bytes.h"

namespace sitegen::tls {

enum class Stack : std::uint8_t {
    kNone,
    kChromium,    // Chrome / Edge / Chromecast (BoringSSL)
    kSchannel13,  // Windows 11 / Server 2022 system TLS
    kSchannel12,  // Windows 10 system TLS
    kApple,       // macOS / iOS CFNetwork
    kConscrypt,   // Android apps (OkHttp over Conscrypt)
    kOpenSsl3,    // Linux curl / apt / embedded Linux
    kMbedTls,     // microcontroller IoT, TLS 1.2 only
    kLegacy10,    // Windows 7 era, TLS 1.0 only
};

inline constexpr std::uint16_t kTls10 = 0x0301;
inline constexpr std::uint16_t kTls12 = 0x0303;
inline constexpr std::uint16_t kTls13 = 0x0304;

struct ClientHello {
    Bytes record;                        // complete TLS record(s)
    std::uint16_t max_version = kTls12;  // highest version offered
    std::vector<std::uint16_t> ciphers;  // GREASE removed
    Bytes session_id;
    bool extended_master_secret = false;
    std::string alpn_first;              // "" = no ALPN extension
};
ClientHello client_hello(Stack stack, std::string_view sni, Rng& rng, std::string_view alpn = {});

struct ServerPolicy {
    std::uint16_t max_version = kTls13;
    std::vector<std::uint16_t> prefs;   // cipher preference; the first one the client offers wins
    std::vector<Bytes> chain;           // DER certificates (TLS <= 1.2 shows them in clear)
};
struct Session {
    std::uint16_t version = kTls12;
    std::uint16_t cipher = 0;
};

// ServerHello and the rest of the server's first flight.
Bytes server_flight(const ClientHello& ch, const ServerPolicy& policy, Session& out, Rng& rng);
// Client's second flight: TLS <= 1.2 ClientKeyExchange + ChangeCipherSpec + Finished;
// TLS 1.3 (middlebox-compatible) ChangeCipherSpec + encrypted Finished.
Bytes client_finish(const Session& s, Rng& rng);
// TLS <= 1.2: ChangeCipherSpec + Finished; TLS 1.3: an encrypted NewSessionTicket.
Bytes server_finish(const Session& s, Rng& rng);
// Application data carrying `plaintext_len` bytes, split into records.
Bytes app_data(const Session& s, std::size_t plaintext_len, Rng& rng);
Bytes close_notify(const Session& s, Rng& rng);

std::vector<std::uint16_t> default_server_prefs();

}  // namespace sitegen::tls
