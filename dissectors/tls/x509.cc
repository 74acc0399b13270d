#include "dissectors/tls/x509.h"

#include <algorithm>

#include "dissectors/core/byte_reader.h"

namespace dissect::tls::x509 {
namespace {

constexpr std::uint8_t kTagInteger = 0x02;
constexpr std::uint8_t kTagOid = 0x06;
constexpr std::uint8_t kTagUtcTime = 0x17;
constexpr std::uint8_t kTagGeneralizedTime = 0x18;
constexpr std::uint8_t kTagSequence = 0x30;
constexpr std::uint8_t kTagSet = 0x31;
constexpr std::uint8_t kTagVersion = 0xa0;  // [0] EXPLICIT, constructed
constexpr std::uint8_t kHighTagNumber = 0x1f;
constexpr std::size_t kMaxLengthBytes = 4;  // DER lengths past 4 GiB are not certificates

constexpr std::uint8_t kOidCommonName[] = {0x55, 0x04, 0x03};    // 2.5.4.3
constexpr std::uint8_t kOidOrganization[] = {0x55, 0x04, 0x0a};  // 2.5.4.10

struct Tlv {
    std::uint8_t tag = 0;
    ByteView value;
    ByteView whole;  // tag, length and value
};

// Reads one element at the cursor; `base` is the cursor's offset in the
// certificate, for error offsets.
Result<Tlv> read_tlv(ByteReader& r, std::size_t base) noexcept {
    const std::size_t start = r.offset();
    const auto tag = r.u8();
    if (!tag) return fail(ParseError::truncated(base + start, "x509 tag"));
    if ((*tag & kHighTagNumber) == kHighTagNumber)
        return fail(ParseError::malformed(base + start, "x509 multi-byte tag"));
    const auto first = r.u8();
    if (!first) return fail(ParseError::truncated(base + r.offset(), "x509 length"));
    std::size_t len = *first;
    if (*first & 0x80) {
        const std::size_t n = *first & 0x7f;
        if (n == 0) return fail(ParseError::malformed(base + start, "x509 indefinite length"));
        if (n > kMaxLengthBytes) return fail(ParseError::malformed(base + start, "x509 length too long"));
        len = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto b = r.u8();
            if (!b) return fail(ParseError::truncated(base + r.offset(), "x509 length"));
            len = (len << 8) | *b;
        }
    }
    const auto value = r.take(len);
    if (!value) return fail(ParseError::truncated(base + r.offset(), "x509 value"));
    return Tlv{*tag, *value, *r.view().subview(start, r.offset() - start)};
}

Result<Tlv> expect(ByteReader& r, std::size_t base, std::uint8_t tag, const char* what) noexcept {
    const std::size_t at = r.offset();
    auto t = read_tlv(r, base);
    if (!t) return t;
    if (t->tag != tag) return fail(ParseError::malformed(base + at, what));
    return t;
}

bool same(ByteView v, const std::uint8_t* bytes, std::size_t n) noexcept {
    return v.size() == n && std::equal(v.data(), v.data() + n, bytes);
}

// Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue).
Result<Name> parse_name(const Tlv& seq, std::size_t base) noexcept {
    Name n;
    n.der = seq.whole;
    const std::size_t value_base = base + (seq.whole.size() - seq.value.size());
    ByteReader rdns(seq.value);
    while (!rdns.empty()) {
        auto set = expect(rdns, value_base, kTagSet, "x509 RDN is not a SET");
        if (!set) return fail(set.error());
        const std::size_t set_base = value_base + rdns.offset() - set->value.size();
        ByteReader atvs(set->value);
        while (!atvs.empty()) {
            auto atv = expect(atvs, set_base, kTagSequence, "x509 attribute is not a SEQUENCE");
            if (!atv) return fail(atv.error());
            if (n.attributes >= kMaxNameAttributes) {
                if (n.attributes_skipped < UINT16_MAX) ++n.attributes_skipped;
                continue;
            }
            ++n.attributes;
            const std::size_t atv_base = set_base + atvs.offset() - atv->value.size();
            ByteReader a(atv->value);
            auto oid = expect(a, atv_base, kTagOid, "x509 attribute type is not an OID");
            if (!oid) return fail(oid.error());
            auto value = read_tlv(a, atv_base);
            if (!value) return fail(value.error());
            const DirectoryString s{value->tag, value->value};
            if (same(oid->value, kOidCommonName, sizeof kOidCommonName) && n.common_name.empty())
                n.common_name = s;
            else if (same(oid->value, kOidOrganization, sizeof kOidOrganization) && n.organization.empty())
                n.organization = s;
        }
    }
    return n;
}

// Reads `n` ASCII digits at `p` into `out`; false on a non-digit.
bool digits(const std::uint8_t* p, std::size_t n, unsigned& out) noexcept {
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') return false;
        out = out * 10 + (p[i] - '0');
    }
    return true;
}

Result<Time> parse_time(const Tlv& t, std::size_t at) noexcept {
    // DER: UTCTime YYMMDDHHMMSSZ, GeneralizedTime YYYYMMDDHHMMSSZ (X.690 §11.7, §11.8).
    const std::size_t year_digits = t.tag == kTagUtcTime ? 2 : t.tag == kTagGeneralizedTime ? 4 : 0;
    if (year_digits == 0) return fail(ParseError::malformed(at, "x509 time tag"));
    const ByteView v = t.value;
    if (v.size() != year_digits + 11 || v[v.size() - 1] != 'Z')
        return fail(ParseError::malformed(at, "x509 time format"));
    const std::uint8_t* p = v.data();
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(p, year_digits, year) || !digits(p + year_digits, 2, month) ||
        !digits(p + year_digits + 2, 2, day) || !digits(p + year_digits + 4, 2, hour) ||
        !digits(p + year_digits + 6, 2, minute) || !digits(p + year_digits + 8, 2, second))
        return fail(ParseError::malformed(at, "x509 time digits"));
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return fail(ParseError::malformed(at, "x509 time out of range"));
    if (year_digits == 2) year += year < 50 ? 2000 : 1900;
    return Time{static_cast<std::uint16_t>(year), static_cast<std::uint8_t>(month), static_cast<std::uint8_t>(day),
                static_cast<std::uint8_t>(hour), static_cast<std::uint8_t>(minute),
                static_cast<std::uint8_t>(second)};
}

}  // namespace

Result<Certificate> parse(ByteView der) noexcept {
    Certificate c;
    ByteReader outer(der);
    auto cert = expect(outer, 0, kTagSequence, "x509 certificate is not a SEQUENCE");
    if (!cert) return fail(cert.error());
    const std::size_t cert_base = cert->whole.size() - cert->value.size();
    ByteReader cr(cert->value);
    auto tbs = expect(cr, cert_base, kTagSequence, "x509 tbsCertificate is not a SEQUENCE");
    if (!tbs) return fail(tbs.error());
    const std::size_t base = cert_base + (tbs->whole.size() - tbs->value.size());
    ByteReader t(tbs->value);

    if (t.peek_u8() == kTagVersion) {
        auto ver = read_tlv(t, base);
        if (!ver) return fail(ver.error());
        ByteReader vr(ver->value);
        auto n = expect(vr, base, kTagInteger, "x509 version is not an INTEGER");
        if (!n) return fail(n.error());
        if (n->value.size() != 1 || n->value[0] > 2) return fail(ParseError::malformed(base, "x509 version"));
        c.version = static_cast<std::uint8_t>(n->value[0] + 1);
    }
    auto serial = expect(t, base, kTagInteger, "x509 serialNumber is not an INTEGER");
    if (!serial) return fail(serial.error());
    c.serial = serial->value;
    auto sig = expect(t, base, kTagSequence, "x509 signature is not a SEQUENCE");
    if (!sig) return fail(sig.error());

    std::size_t at = t.offset();
    auto issuer = expect(t, base, kTagSequence, "x509 issuer is not a SEQUENCE");
    if (!issuer) return fail(issuer.error());
    auto in = parse_name(*issuer, base + at);
    if (!in) return fail(in.error());
    c.issuer = *in;

    at = t.offset();
    auto validity = expect(t, base, kTagSequence, "x509 validity is not a SEQUENCE");
    if (!validity) return fail(validity.error());
    const std::size_t vbase = base + at + (validity->whole.size() - validity->value.size());
    ByteReader vr(validity->value);
    std::size_t vat = vr.offset();
    auto nb = read_tlv(vr, vbase);
    if (!nb) return fail(nb.error());
    auto nbt = parse_time(*nb, vbase + vat);
    if (!nbt) return fail(nbt.error());
    c.not_before = *nbt;
    vat = vr.offset();
    auto na = read_tlv(vr, vbase);
    if (!na) return fail(na.error());
    auto nat = parse_time(*na, vbase + vat);
    if (!nat) return fail(nat.error());
    c.not_after = *nat;

    at = t.offset();
    auto subject = expect(t, base, kTagSequence, "x509 subject is not a SEQUENCE");
    if (!subject) return fail(subject.error());
    auto sn = parse_name(*subject, base + at);
    if (!sn) return fail(sn.error());
    c.subject = *sn;

    c.self_issued = c.subject.der.size() == c.issuer.der.size() &&
                    std::equal(c.subject.der.data(), c.subject.der.data() + c.subject.der.size(), c.issuer.der.data());
    return c;
}

}  // namespace dissect::tls::x509
