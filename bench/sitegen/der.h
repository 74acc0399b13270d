// ASN.1 DER/BER encoding (X.690) for the few structures the generator emits:
// X.509 certificates (RFC 5280), SNMP messages (RFC 3416) and SPNEGO tokens
// (RFC 4178). Values are built bottom-up: each helper returns a complete TLV.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/bytes.h"

namespace sitegen::der {

namespace tag {
inline constexpr std::uint8_t kBoolean = 0x01;
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kNull = 0x05;
inline constexpr std::uint8_t kOid = 0x06;
inline constexpr std::uint8_t kEnumerated = 0x0a;
inline constexpr std::uint8_t kUtf8String = 0x0c;
inline constexpr std::uint8_t kPrintableString = 0x13;
inline constexpr std::uint8_t kUtcTime = 0x17;
inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kSet = 0x31;
}  // namespace tag

Bytes cat(std::initializer_list<ByteSpan> parts);
Bytes tlv(std::uint8_t t, ByteSpan content);
Bytes seq(std::initializer_list<ByteSpan> parts);
Bytes integer(std::int64_t v);
Bytes unsigned_integer(ByteSpan magnitude);  // big-endian magnitude, kept positive
Bytes oid(std::string_view dotted);
Bytes octets(ByteSpan v);
Bytes octets(std::string_view v);
Bytes null();

struct CertSpec {
    std::string subject_c, subject_o, subject_cn;
    std::string issuer_c, issuer_o, issuer_cn;  // ignored when self_signed
    bool self_signed = false;
    std::string san_dns;  // empty = none
    Ip4 san_ip;           // 0 = none
    std::string not_before = "240105090000Z";
    std::string not_after = "340102090000Z";
};

// An X.509 v3 certificate with an EC P-256 key and an ecdsa-with-SHA256
// signature. Key and signature are random bytes of the right shape: the
// structure decodes cleanly, the signature does not verify.
Bytes certificate(const CertSpec& spec, Rng& rng);

}  // namespace sitegen::der
