// QUIC Initial packet protection removal (RFC 9001 §5.2-§5.4; version 2 RFC
// 9369 §3.3) and the ClientHello evidence from the CRYPTO frames. Declared in
// posture/evidence/tls.h. Initial keys are derived from the client's
// Destination Connection ID and a public, per-version salt: anyone can remove
// this protection, which is what makes passive QUIC fingerprinting possible.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "dissectors/quic/quic.h"
#include "dissectors/tls/tls.h"
#include "posture/evidence/tls.h"

namespace posture::evidence {
namespace {

namespace quic = dissect::quic;
using dissect::ParseError;

constexpr std::size_t kSecretBytes = 32;  // SHA-256
constexpr std::size_t kKeyBytes = 16;     // AES-128
constexpr std::size_t kIvBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kMaxPnBytes = 4;

// initial_salt per version (RFC 9001 §5.2, RFC 9369 §3.3.1, and the drafts:
// draft-ietf-quic-tls-22 §5.2, -23 §5.2, -29 §5.2).
constexpr std::uint8_t kSaltV1[] = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                    0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
constexpr std::uint8_t kSaltV2[] = {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                                    0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
constexpr std::uint8_t kSaltDraft29[] = {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
                                         0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
constexpr std::uint8_t kSaltDraft23[] = {0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
                                         0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};
constexpr std::uint8_t kSaltDraft22[] = {0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
                                         0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a};

std::span<const std::uint8_t> salt_for(std::uint32_t v) noexcept {
    if (v == quic::kVersion2) return kSaltV2;
    if (v == quic::kMvfstDraft22 || v == 0xff000016) return kSaltDraft22;
    if (v == quic::kMvfstDraft27 || v == quic::kMvfstExperimental || (v >= 0xff000017 && v <= 0xff00001c))
        return kSaltDraft23;
    // Drafts 29-32, and the reserved versions interop clients use to force
    // version negotiation: those protect their Initials with draft-29 keys
    // (Wireshark reads them the same way).
    if ((v >= quic::kDraft29 && v <= 0xff000020) || (v & 0x0f0f0f0fu) == 0x0a0a0a0au) return kSaltDraft29;
    return kSaltV1;  // version 1, drafts 33 and 34
}

struct Labels {
    std::string_view key, iv, hp;
};
constexpr Labels kLabelsV1{"quic key", "quic iv", "quic hp"};
constexpr Labels kLabelsV2{"quicv2 key", "quicv2 iv", "quicv2 hp"};

struct KdfCtxFree {
    void operator()(EVP_KDF_CTX* c) const noexcept { EVP_KDF_CTX_free(c); }
};
struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }
};
using KdfCtx = std::unique_ptr<EVP_KDF_CTX, KdfCtxFree>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// Algorithms are fetched once: EVP_KDF and EVP_CIPHER objects are immutable
// and may be shared by threads; fetching per packet (or using EVP_aes_*(),
// which OpenSSL 3 fetches implicitly on each init) costs a provider lookup.
EVP_KDF* hkdf_method() noexcept {
    static EVP_KDF* const kdf = EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr);
    return kdf;
}
const EVP_CIPHER* aes_128_ecb() noexcept {
    static EVP_CIPHER* const c = EVP_CIPHER_fetch(nullptr, "AES-128-ECB", nullptr);
    return c;
}
const EVP_CIPHER* aes_128_gcm() noexcept {
    static EVP_CIPHER* const c = EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr);
    return c;
}

// HKDF with SHA-256 in one mode: Extract (salt, ikm) or Expand (prk, info).
bool hkdf(int mode, std::span<const std::uint8_t> key, std::span<const std::uint8_t> salt_or_info,
          std::span<std::uint8_t> out) noexcept {
    if (!hkdf_method()) return false;
    KdfCtx ctx(EVP_KDF_CTX_new(hkdf_method()));
    if (!ctx) return false;
    char digest[] = "SHA256";
    // OSSL_PARAM takes non-const pointers; the KDF only reads through them.
    auto* k = const_cast<std::uint8_t*>(key.data());
    auto* s = const_cast<std::uint8_t*>(salt_or_info.data());
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, k, key.size()),
        OSSL_PARAM_construct_octet_string(
            mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY ? OSSL_KDF_PARAM_SALT : OSSL_KDF_PARAM_INFO, s,
            salt_or_info.size()),
        OSSL_PARAM_construct_end(),
    };
    return EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) == 1;
}

// HKDF-Expand-Label (RFC 8446 §7.1) with an empty context.
bool expand_label(std::span<const std::uint8_t> secret, std::string_view label, std::span<std::uint8_t> out) noexcept {
    constexpr std::string_view kPrefix = "tls13 ";
    std::array<std::uint8_t, 2 + 1 + 255 + 1> info{};
    std::size_t n = 0;
    info[n++] = static_cast<std::uint8_t>(out.size() >> 8);
    info[n++] = static_cast<std::uint8_t>(out.size());
    info[n++] = static_cast<std::uint8_t>(kPrefix.size() + label.size());
    for (const char c : kPrefix) info[n++] = static_cast<std::uint8_t>(c);
    for (const char c : label) info[n++] = static_cast<std::uint8_t>(c);
    info[n++] = 0;  // context length
    return hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, secret, std::span(info.data(), n), out);
}

struct InitialKeys {
    std::array<std::uint8_t, kKeyBytes> key{};
    std::array<std::uint8_t, kIvBytes> iv{};
    std::array<std::uint8_t, kKeyBytes> hp{};
};

// RFC 9001 §5.2: initial_secret = HKDF-Extract(salt, client's first DCID);
// {client,server}_initial_secret = HKDF-Expand-Label(initial_secret,
// "client in" / "server in", "", 32); then key, iv, hp.
bool initial_keys(std::uint32_t version, dissect::ByteView dcid, std::string_view side, InitialKeys& k) noexcept {
    const std::span<const std::uint8_t> salt = salt_for(version);
    const Labels& labels = version == quic::kVersion2 ? kLabelsV2 : kLabelsV1;
    std::array<std::uint8_t, kSecretBytes> initial{}, secret{};
    return hkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, std::span(dcid.data(), dcid.size()), salt, initial) &&
           expand_label(initial, side, secret) && expand_label(secret, labels.key, k.key) &&
           expand_label(secret, labels.iv, k.iv) && expand_label(secret, labels.hp, k.hp);
}

// AES-128-ECB of one block: the header protection mask (RFC 9001 §5.4.3).
bool hp_mask(const InitialKeys& k, const std::uint8_t* sample, std::array<std::uint8_t, 16>& mask) noexcept {
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    return ctx && aes_128_ecb() && EVP_EncryptInit_ex(ctx.get(), aes_128_ecb(), nullptr, k.hp.data(), nullptr) == 1 &&
           EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
           EVP_EncryptUpdate(ctx.get(), mask.data(), &len, sample, quic::kSampleBytes) == 1 && len == 16;
}

// AEAD_AES_128_GCM open (RFC 9001 §5.3); false when the tag does not verify.
bool open_payload(const InitialKeys& k, std::uint64_t pn, std::span<const std::uint8_t> aad,
                  std::span<const std::uint8_t> sealed, std::vector<std::uint8_t>& plain) noexcept {
    std::array<std::uint8_t, kIvBytes> nonce = k.iv;
    for (std::size_t i = 0; i < 8; ++i) nonce[kIvBytes - 1 - i] ^= static_cast<std::uint8_t>(pn >> (8 * i));
    const std::size_t ct_len = sealed.size() - kTagBytes;
    plain.resize(ct_len);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0, fin = 0;
    // The tag is set through a non-const pointer; OpenSSL only copies it.
    auto* tag = const_cast<std::uint8_t*>(sealed.data() + ct_len);
    return ctx && aes_128_gcm() && EVP_DecryptInit_ex(ctx.get(), aes_128_gcm(), nullptr, nullptr, nullptr) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kIvBytes), nullptr) == 1 &&
           EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, k.key.data(), nonce.data()) == 1 &&
           EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1 &&
           EVP_DecryptUpdate(ctx.get(), plain.data(), &len, sealed.data(), static_cast<int>(ct_len)) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag) == 1 &&
           EVP_DecryptFinal_ex(ctx.get(), plain.data() + len, &fin) == 1;
}

// Removes header and packet protection from the Initial packet `h` with the
// keys derived from `dcid` for `side`, and gathers its CRYPTO stream from
// offset 0 into `crypto`.
dissect::Result<void> open_initial(const quic::LongHeader& h, dissect::ByteView dcid, std::string_view side,
                                   std::vector<std::uint8_t>& crypto) {
    // Header protection (RFC 9001 §5.4): the sample sits 4 bytes past the
    // start of the packet number, whatever the packet number's length.
    const std::size_t sample_at = h.pn_offset + quic::kPnSampleOffset;
    if (sample_at + quic::kSampleBytes > h.packet.size())
        return std::unexpected(ParseError::truncated(h.packet.size(), "quic initial too short to sample"));
    InitialKeys keys;
    std::array<std::uint8_t, 16> mask{};
    if (!initial_keys(h.version, dcid, side, keys) || !hp_mask(keys, h.packet.data() + sample_at, mask))
        return std::unexpected(ParseError::unsupported(0, "quic initial keys unavailable"));
    const std::uint8_t first = h.first ^ (mask[0] & 0x0f);  // long header: 4 protected bits
    const std::size_t pn_len = (first & 0x03u) + 1;
    const std::size_t header_len = h.pn_offset + pn_len;
    if (header_len + kTagBytes > h.packet.size())
        return std::unexpected(ParseError::truncated(h.packet.size(), "quic initial payload"));
    std::array<std::uint8_t, kMaxPnBytes> pn_bytes{};
    std::uint64_t pn = 0;
    for (std::size_t i = 0; i < pn_len; ++i) {
        pn_bytes[i] = h.packet[h.pn_offset + i] ^ mask[1 + i];
        pn = (pn << 8) | pn_bytes[i];
    }
    // The AAD is the header with its protection removed. The truncated packet
    // number is taken as the full one: each side's first Initials count from 0.
    std::vector<std::uint8_t> aad(h.packet.data(), h.packet.data() + header_len);
    aad[0] = first;
    std::copy_n(pn_bytes.data(), pn_len, aad.data() + h.pn_offset);
    std::vector<std::uint8_t> plain;
    const std::span<const std::uint8_t> sealed(h.packet.data() + header_len, h.packet.size() - header_len);
    if (!open_payload(keys, pn, aad, sealed, plain))
        return std::unexpected(ParseError::malformed(header_len, "quic initial does not decrypt"));
    const auto frames = quic::parse_frames(dissect::ByteView{plain.data(), plain.size()});
    if (!frames) return std::unexpected(frames.error());
    crypto.resize(plain.size());
    crypto.resize(quic::assemble_crypto(*frames, crypto));
    return {};
}

// The server's Initial: its CRYPTO stream starts with the ServerHello
// (RFC 9001 §4.1.4), protected with the "server in" keys of the client's
// first DCID, which `memo` kept.
dissect::Result<void> server_initial(const quic::LongHeader& h, QuicMemo& memo, Sink& out) {
    std::vector<std::uint8_t> crypto;
    if (auto r = open_initial(h, dissect::ByteView{memo.dcid.data(), memo.dcid_len}, "server in", crypto); !r)
        return r;
    if (crypto.empty()) return {};  // an ACK-only Initial
    constexpr std::uint8_t kServerHello = 2;
    constexpr std::size_t kHandshakeHeader = 4;
    if (crypto.size() < kHandshakeHeader || crypto[0] != kServerHello)
        return std::unexpected(ParseError::unsupported(0, "quic server initial without a ServerHello"));
    const std::size_t len = (std::size_t{crypto[1]} << 16) | (std::size_t{crypto[2]} << 8) | crypto[3];
    if (kHandshakeHeader + len > crypto.size())
        return std::unexpected(ParseError::truncated(crypto.size(), "quic server hello continues"));
    const auto sh = dissect::tls::parse_server_hello(dissect::ByteView{crypto.data() + kHandshakeHeader, len});
    if (!sh) return std::unexpected(sh.error());
    memo.server_read = true;
    server_hello_evidence(*sh, out);
    return {};
}

}  // namespace

dissect::Result<void> quic_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out) {
    // Short-header (1-RTT) packets, the bulk of QUIC traffic, are left at the
    // first byte; a server's Initial is read when this flow's client Initial
    // was (ctx.quic), once.
    constexpr std::uint8_t kLongHeaderBit = 0x80;
    if (payload.empty() || !(payload[0] & kLongHeaderBit)) return {};
    if (!ctx.from_client && (!ctx.quic || !ctx.quic->known || ctx.quic->server_read)) return {};
    const auto h = quic::parse(payload);
    if (!h) return std::unexpected(h.error());
    if (h->type != quic::PacketType::Initial) return {};
    if (!ctx.from_client) {
        ctx.quic->server_seen = true;
        return server_initial(*h, *ctx.quic, out);
    }
    // The DCID of the client's Initials until the server answers with an
    // Initial: after a Retry the client starts again with a new one.
    if (ctx.quic && !ctx.quic->server_seen) {
        ctx.quic->known = true;
        ctx.quic->version = h->version;
        ctx.quic->dcid_len = static_cast<std::uint8_t>(h->dcid.size());  // <= 20: quic::parse checks
        std::copy_n(h->dcid.data(), h->dcid.size(), ctx.quic->dcid.data());
    }
    std::vector<std::uint8_t> crypto;
    if (auto r = open_initial(*h, h->dcid, "client in", crypto); !r) return r;
    if (crypto.empty()) return {};  // an ACK-only Initial, or the hello's continuation
    const auto ch = dissect::tls::parse_client_hello_message(dissect::ByteView{crypto.data(), crypto.size()});
    if (!ch) return std::unexpected(ch.error());  // Truncated: the hello goes on in a later packet
    client_hello_evidence(*ch, Transport::Quic, out);
    return {};
}

}  // namespace posture::evidence
