// dissectors/gtpu/gtpu.cc: GTP-U v1, 3GPP TS 29.281 §5 (see gtpu.h).
#include "dissectors/gtpu/gtpu.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::gtpu {
namespace {

constexpr std::uint8_t kVersion1 = 1;
constexpr std::uint8_t kFlagPt = 0x10;                       // 1 = GTP, 0 = GTP'
constexpr std::uint8_t kFlagsOptional = 0x07;                // E | S | PN
constexpr std::uint8_t kFlagE = 0x04;

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    if (v.size() < kHeaderLen) return ParseError::truncated(v.size(), kErrTruncated);
    ByteReader r(v);
    h.flags = *r.u8();
    if ((h.flags >> 5) != kVersion1 || (h.flags & kFlagPt) == 0) return ParseError::malformed(0, kErrBadVersion);
    h.message_type = *r.u8();
    h.length = *r.be16();
    h.teid = *r.be32();
    // The length field counts everything after the mandatory header; the
    // capture may hold less (snaplen), never is it allowed to be shorter
    // than the headers it must cover.
    std::size_t covered = 0;
    if (h.flags & kFlagsOptional) {
        if (r.remaining() < kOptionalLen) return ParseError::truncated(r.offset(), kErrTruncated);
        (void)r.skip(3);  // sequence number, N-PDU number
        std::uint8_t next = *r.u8();
        covered = kOptionalLen;
        if ((h.flags & kFlagE) == 0) next = 0;  // the field is present but not meaningful
        while (next != 0) {
            if (h.extensions == kMaxExtensionHeaders) return ParseError::malformed(r.offset(), kErrBadExtension);
            const auto units = r.u8();
            if (!units) return ParseError::truncated(r.offset(), kErrTruncated);
            if (*units == 0) return ParseError::malformed(r.offset() - 1, kErrBadExtension);
            const std::size_t len = std::size_t{*units} * 4;  // length byte .. next type byte
            if (r.remaining() < len - 1) return ParseError::truncated(r.offset(), kErrTruncated);
            (void)r.skip(len - 2);
            next = *r.u8();
            covered += len;
            ++h.extensions;
        }
    }
    if (covered > h.length) return ParseError::malformed(2, kErrBadExtension);
    if (h.message_type == kTypeGpdu) {
        const ByteView rest = r.rest();
        h.payload = rest.prefix(h.length - covered);
    }
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::gtpu
