// dissectors/tls/x509.h
// X.509 v1-v3 certificate (RFC 5280 §4.1), DER (ITU-T X.690 §10). A small,
// bounded walk of the TBSCertificate that the TLS server sends in clear with
// TLS <= 1.2: version, serial number, issuer and subject names (their first
// commonName, 2.5.4.3, and organizationName, 2.5.4.10), validity. Nothing is
// verified; extensions, the public key and the signature are not read.
//
// Limits: only the fixed TBSCertificate path is walked (no recursion); a Name
// walks at most kMaxNameAttributes attributes and counts the rest; tags must be
// single-byte and lengths definite and at most 4 bytes long (DER); times must
// be UTCTime "YYMMDDHHMMSSZ" or GeneralizedTime "YYYYMMDDHHMMSSZ".
// All views point into the DER given to parse().
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::tls::x509 {

inline constexpr std::size_t kMaxNameAttributes = 32;

// Universal tags of the string types a DirectoryString can take (RFC 5280 §4.1.2.4).
enum StringTag : std::uint8_t {
    kUtf8String = 0x0c, kPrintableString = 0x13, kTeletexString = 0x14, kIa5String = 0x16,
    kUniversalString = 0x1c, kBmpString = 0x1e,
};

struct DirectoryString {
    std::uint8_t tag = 0;   // StringTag; BMPString is UCS-2 big-endian, UniversalString UCS-4
    ByteView value;         // raw content octets
    [[nodiscard]] constexpr bool empty() const noexcept { return value.empty(); }
};

struct Name {
    ByteView der;                   // the whole Name, tag and length included
    DirectoryString common_name;    // first 2.5.4.3
    DirectoryString organization;   // first 2.5.4.10
    std::uint16_t attributes = 0;   // AttributeTypeAndValue entries walked
    std::uint16_t attributes_skipped = 0;  // past kMaxNameAttributes
};

// A UTC instant; UTCTime years map to 1950..2049 (RFC 5280 §4.1.2.5.1).
struct Time {
    std::uint16_t year = 0;
    std::uint8_t month = 0, day = 0, hour = 0, minute = 0, second = 0;
    friend bool operator==(const Time&, const Time&) = default;
};

struct Certificate {
    std::uint8_t version = 1;   // 1..3; v1 when the explicit [0] field is absent
    ByteView serial;            // INTEGER content octets
    Name issuer;
    Name subject;
    Time not_before;
    Time not_after;
    // Subject and issuer are the same DER bytes ("self-issued", RFC 5280 §3.2):
    // a self-signed certificate has this; a CA's own root too.
    bool self_issued = false;
};

// Parses one DER certificate. Errors: Truncated when an element runs past
// `der` (a certificate cut by the capture); Malformed for a wrong tag where
// the structure requires another, an indefinite or over-long length, or a
// time that is not one of the two DER forms.
[[nodiscard]] Result<Certificate> parse(ByteView der) noexcept;

}  // namespace dissect::tls::x509
