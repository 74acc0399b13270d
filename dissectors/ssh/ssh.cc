#include "dissectors/ssh/ssh.h"

#include <string_view>

#include "dissectors/core/byte_reader.h"

namespace dissect::ssh {
namespace {

constexpr std::string_view kIdPrefix = "SSH-";
constexpr std::uint8_t kCr = '\r';
constexpr std::uint8_t kLf = '\n';
constexpr std::size_t kPacketHeaderBytes = 5;  // uint32 packet_length, byte padding_length

[[nodiscard]] constexpr bool is_control(std::uint8_t c) noexcept { return c < 0x20 || c == 0x7f; }

// Splits "SSH-protoversion-softwareversion[ SP comments]" (CR LF already gone).
[[nodiscard]] bool split_identification(ByteView line, Message& m) noexcept {
    for (std::size_t i = 0; i < line.size(); ++i)
        if (is_control(line[i])) return false;
    const ByteView rest = line.tail(kIdPrefix.size());
    std::size_t dash = 0;
    while (dash < rest.size() && rest[dash] != '-') {
        if (rest[dash] == ' ') return false;
        ++dash;
    }
    if (dash == 0 || dash == rest.size()) return false;
    const ByteView after = rest.tail(dash + 1);
    std::size_t sp = 0;
    while (sp < after.size() && after[sp] != ' ') ++sp;
    if (sp == 0) return false;
    m.banner = line;
    m.proto_version = rest.prefix(dash);
    m.software = after.prefix(sp);
    m.comments = after.tail(sp + 1);
    // 1.99 means "2.0, and 1.x for old clients" (RFC 4253 §5.1); any other 1.x is SSH-1 only.
    const std::string_view v = m.proto_version.as_chars();
    m.ssh1 = v.starts_with("1.") && v != "1.99";
    return true;
}

// Reads lines up to and including the identification line. Returns the offset
// just past it, or 0 with m.need_bytes set when it has not arrived yet.
[[nodiscard]] Result<std::size_t> identification(ByteView in, Message& m) noexcept {
    ByteReader r(in);
    for (;;) {
        const std::size_t at = r.offset();
        const ByteView rest = r.rest();
        const std::size_t limit = rest.size() < kMaxLineBytes ? rest.size() : kMaxLineBytes;
        std::size_t lf = 0;
        while (lf < limit && rest[lf] != kLf) ++lf;
        if (lf == limit) {
            if (rest.size() >= kMaxLineBytes) return fail(ParseError::limit(at, "ssh line too long"));
            m.need_bytes = in.size() + 1;
            return std::size_t{0};
        }
        ByteView line = *r.take(lf);  // cannot fail: lf < remaining
        (void)r.skip(1);              // the LF
        if (!line.empty() && line[line.size() - 1] == kCr) line = line.prefix(line.size() - 1);
        if (line.starts_with(kIdPrefix)) {
            if (!split_identification(line, m)) return fail(ParseError::malformed(at, "ssh identification"));
            return r.offset();
        }
        // RFC 4253 §4.2: a server may send other lines first; they must not start with "SSH-".
        if (m.preamble_lines >= kMaxPreambleLines) return fail(ParseError::limit(at, "ssh preamble lines"));
        ++m.preamble_lines;
    }
}

// Outcome of checking the next `n` bytes of a packet payload: present, not
// arrived yet, or past the end the packet declares (a lying length).
enum class Avail : std::uint8_t { Ok, Need, Bad };

struct PayloadCursor {
    ByteReader r;
    std::size_t declared_end;  // absolute end of the payload the packet length declares
    std::size_t need = 0;      // absolute bytes wanted, after Need

    [[nodiscard]] Avail check(std::size_t n) noexcept {
        const std::size_t end = r.offset() + n;
        if (n > declared_end - r.offset()) return Avail::Bad;  // declared_end >= offset always
        if (n > r.remaining()) {
            need = end;
            return Avail::Need;
        }
        return Avail::Ok;
    }
};

// Parses the first binary packet at `at`; fills m.kexinit or m.first_msg.
[[nodiscard]] Result<Message> first_packet(ByteView in, std::size_t at, Message m) noexcept {
    ByteReader r(in);
    (void)r.skip(at);  // at <= in.size(): it is just past the identification line
    if (r.remaining() < kPacketHeaderBytes + 1) {
        m.need_bytes = at + kPacketHeaderBytes + 1;
        return m;
    }
    const std::uint32_t packet_len = *r.be32();
    const std::uint8_t padding_len = *r.u8();
    // Not an SSH-2 packet (e.g. the SSH-1 public key packet after a 1.99
    // banner): the identification is all there is to learn here.
    if (packet_len > kMaxPacketBytes || packet_len < std::uint32_t{padding_len} + 2) return m;
    const std::uint8_t msg = *r.u8();
    if (msg != kMsgKexinit) {
        m.first_msg = msg;
        return m;
    }
    const std::size_t payload_end = at + 4 + packet_len - padding_len;  // after the padding_length byte
    PayloadCursor c{r, payload_end};
    auto need_or_bad = [&](Avail a, const char* what) -> Result<Message> {
        if (a == Avail::Bad) return fail(ParseError::malformed(c.r.offset(), what));
        m.need_bytes = c.need;
        return m;
    };
    Kexinit k;
    if (const Avail a = c.check(kCookieBytes); a != Avail::Ok) return need_or_bad(a, "ssh kexinit cookie");
    k.cookie = *c.r.take(kCookieBytes);
    for (auto& list : k.lists) {
        if (const Avail a = c.check(4); a != Avail::Ok) return need_or_bad(a, "ssh name-list length");
        const std::uint32_t len = *c.r.be32();
        if (const Avail a = c.check(len); a != Avail::Ok) return need_or_bad(a, "ssh name-list past packet");
        list = *c.r.take(len);
    }
    if (const Avail a = c.check(5); a != Avail::Ok) return need_or_bad(a, "ssh kexinit trailer");
    k.first_kex_packet_follows = *c.r.u8() != 0;
    (void)c.r.be32();  // reserved
    m.kexinit = k;
    m.has_kexinit = true;
    return m;
}

}  // namespace

std::optional<ByteView> NameIter::next() noexcept {
    while (pos_ < list_.size()) {
        std::size_t end = pos_;
        while (end < list_.size() && list_[end] != ',') ++end;
        const ByteView name = *list_.subview(pos_, end - pos_);
        pos_ = end + 1;
        if (!name.empty()) return name;
    }
    return std::nullopt;
}

Result<Message> parse_identification(ByteView stream) noexcept {
    Message m;
    const auto end = identification(stream, m);
    if (!end) return fail(end.error());
    return m;
}

Result<Message> parse(ByteView stream) noexcept {
    Message m;
    const auto end = identification(stream, m);
    if (!end) return fail(end.error());
    if (*end == 0 || m.ssh1) return m;
    return first_packet(stream, *end, m);
}

}  // namespace dissect::ssh
