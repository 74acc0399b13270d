#include "dissectors/cleartext/cleartext.h"

#include <string_view>

#include "dissectors/core/byte_reader.h"

namespace dissect::cleartext {
namespace {

constexpr std::uint8_t kCr = '\r';
constexpr std::uint8_t kLf = '\n';
constexpr std::uint8_t kSp = ' ';
constexpr std::uint8_t kTab = '\t';
constexpr std::uint8_t kNul = 0;

// Telnet commands (RFC 854).
constexpr std::uint8_t kIac = 255;
constexpr std::uint8_t kSe = 240;
constexpr std::uint8_t kSb = 250;
constexpr std::uint8_t kWill = 251;  // WILL, WONT, DO, DONT: 251..254, each with an option byte
constexpr std::uint8_t kDont = 254;

[[nodiscard]] constexpr std::uint8_t lower(std::uint8_t c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c | 0x20) : c;
}
[[nodiscard]] constexpr bool is_digit(std::uint8_t c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_blank(std::uint8_t c) noexcept { return c == kSp || c == kTab; }

// Text protocols carry no control bytes in their command and reply lines; CR
// is allowed anywhere because some clients end lines with CR CR LF.
[[nodiscard]] constexpr bool is_bad_control(std::uint8_t c) noexcept {
    return (c < 0x20 && c != kTab && c != kCr) || c == 0x7f;
}

// ASCII case-insensitive equality with a lowercase literal.
[[nodiscard]] bool iequals(ByteView v, std::string_view lower_text) noexcept {
    if (v.size() != lower_text.size()) return false;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (lower(v[i]) != static_cast<std::uint8_t>(lower_text[i])) return false;
    return true;
}

// ASCII case-insensitive search for a lowercase literal.
[[nodiscard]] bool icontains(ByteView v, std::string_view lower_text) noexcept {
    if (lower_text.size() > v.size()) return false;
    for (std::size_t i = 0; i + lower_text.size() <= v.size(); ++i)
        if (iequals(*v.subview(i, lower_text.size()), lower_text)) return true;
    return false;
}

[[nodiscard]] ByteView trim(ByteView v) noexcept {
    std::size_t b = 0;
    std::size_t e = v.size();
    while (b < e && is_blank(v[b])) ++b;
    while (e > b && is_blank(v[e - 1])) --e;
    return *v.subview(b, e - b);
}

// The first blank-separated word of `v`, and what follows it (blanks trimmed).
struct Words {
    ByteView first;
    ByteView rest;
};
[[nodiscard]] Words split_word(ByteView v) noexcept {
    v = trim(v);
    std::size_t n = 0;
    while (n < v.size() && !is_blank(v[n])) ++n;
    return {v.prefix(n), trim(v.tail(n))};
}

// ---- Line protocols (FTP, POP3, IMAP) ----

// What a line handler decided: keep reading, or the direction is done.
enum class Next : std::uint8_t { More, Done, Bad };

// Feeds complete lines (CR LF removed) to `on_line` until it says Done, a line
// breaks the rules, kMaxLines have been read, or the input ends (NeedMore).
template <class OnLine>
[[nodiscard]] Result<Message> scan_lines(ByteView in, Message m, const char* bad_what, OnLine on_line) noexcept {
    ByteReader r(in);
    while (m.lines < kMaxLines) {
        const std::size_t at = r.offset();
        const ByteView rest = r.rest();
        const std::size_t limit = rest.size() < kMaxLineBytes ? rest.size() : kMaxLineBytes;
        std::size_t lf = 0;
        for (; lf < limit && rest[lf] != kLf; ++lf)
            if (is_bad_control(rest[lf])) return fail(ParseError::malformed(at + lf, "control byte in line"));
        if (lf == limit) {
            if (rest.size() >= kMaxLineBytes) return fail(ParseError::limit(at, "line too long"));
            m.need_bytes = in.size() + 1;
            return m;
        }
        ByteView line = *r.take(lf);  // cannot fail: lf < remaining
        (void)r.skip(1);              // the LF
        while (!line.empty() && line[line.size() - 1] == kCr) line = line.prefix(line.size() - 1);
        ++m.lines;
        switch (on_line(m, line)) {
            case Next::More: break;
            case Next::Done: return m;
            case Next::Bad: return fail(ParseError::malformed(at, bad_what));
        }
    }
    return m;  // kMaxLines without a verdict: nothing more to learn here
}

// RFC 959 §4.2: three digits, then SP (last line) or '-' (more lines follow).
[[nodiscard]] Next ftp_server(Message& m, ByteView line) noexcept {
    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2])) return Next::Bad;
    if (line.size() > 3 && line[3] != kSp && line[3] != '-') return Next::Bad;
    const auto code = static_cast<std::uint16_t>((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
    if (code < 100 || code > 599) return Next::Bad;
    m.reply_code = code;
    m.greeting = line;
    m.greeting_ok = code < 300;  // 120 "ready in n minutes", 220 "ready"
    return Next::Done;
}

[[nodiscard]] Next ftp_client(Message& m, ByteView line) noexcept {
    const Words w = split_word(line);
    if (iequals(w.first, "user")) {
        m.login = Login::User;
        // RFC 1635: anonymous FTP sends no secret (the "password" is an e-mail address).
        m.anonymous = iequals(w.rest, "anonymous") || iequals(w.rest, "ftp");
        return Next::Done;
    }
    if (iequals(w.first, "pass")) {
        m.login = Login::Pass;
        return Next::Done;
    }
    if (iequals(w.first, "auth")) {  // RFC 2228/4217: TLS follows, credentials will not be seen
        m.starttls = true;
        return Next::Done;
    }
    return iequals(w.first, "quit") ? Next::Done : Next::More;
}

// RFC 1939 §3: "+OK" or "-ERR", then SP and text, or the end of the line.
[[nodiscard]] Next pop3_server(Message& m, ByteView line) noexcept {
    if (line.empty() || is_blank(line[0])) return Next::Bad;
    const Words w = split_word(line);
    if (iequals(w.first, "+ok")) m.greeting_ok = true;
    else if (!iequals(w.first, "-err")) return Next::Bad;
    m.greeting = line;
    return Next::Done;
}

// SASL mechanisms whose initial exchange carries the password itself.
[[nodiscard]] Login sasl_login(ByteView mechanism) noexcept {
    if (iequals(mechanism, "plain")) return Login::SaslPlain;
    if (iequals(mechanism, "login")) return Login::SaslLogin;
    return Login::None;
}

[[nodiscard]] Next pop3_client(Message& m, ByteView line) noexcept {
    const Words w = split_word(line);
    if (iequals(w.first, "user")) m.login = Login::User;
    else if (iequals(w.first, "pass")) m.login = Login::Pass;
    else if (iequals(w.first, "apop")) m.login = Login::Apop;
    else if (iequals(w.first, "stls")) m.starttls = true;
    else if (iequals(w.first, "quit")) return Next::Done;
    else if (iequals(w.first, "auth")) {
        const ByteView mechanism = split_word(w.rest).first;
        if (mechanism.empty()) return Next::More;  // "AUTH" alone lists the mechanisms
        m.login = sasl_login(mechanism);           // other mechanisms: no cleartext secret, done all the same
    } else {
        return Next::More;
    }
    return Next::Done;
}

// RFC 9051 §7.1: "* OK", "* PREAUTH" or "* BYE" (greeting = resp-cond-auth / resp-cond-bye).
[[nodiscard]] Next imap_server(Message& m, ByteView line) noexcept {
    if (line.size() < 2 || line[0] != '*' || line[1] != kSp) return Next::Bad;
    const Words w = split_word(line.tail(2));
    if (iequals(w.first, "ok") || iequals(w.first, "preauth")) m.greeting_ok = true;
    else if (!iequals(w.first, "bye")) return Next::Bad;
    m.greeting = line;
    return Next::Done;
}

[[nodiscard]] Next imap_client(Message& m, ByteView line) noexcept {
    const Words tag = split_word(line);  // every command starts with a client-chosen tag
    const Words w = split_word(tag.rest);
    if (iequals(w.first, "login")) m.login = Login::Login;
    else if (iequals(w.first, "starttls")) m.starttls = true;
    else if (iequals(w.first, "authenticate")) m.login = sasl_login(split_word(w.rest).first);
    else if (!iequals(w.first, "logout")) return Next::More;
    return Next::Done;
}

// ---- Telnet ----

// True when `text` (trimmed) looks like a prompt: short and ending in one of
// the usual prompt characters.
[[nodiscard]] bool prompt_like(ByteView text) noexcept {
    if (text.empty() || text.size() > kMaxPromptBytes) return false;
    switch (text[text.size() - 1]) {
        case ':': case '>': case '#': case '$': case '%': return true;
        default: return false;
    }
}

[[nodiscard]] bool asks_for_login(ByteView prompt) noexcept {
    // "login:", "Username:", "User Name :", "Password:", "passwd:", "Passcode:"
    return icontains(prompt, "login") || icontains(prompt, "user") || icontains(prompt, "pass");
}

// Length of the IAC sequence at the reader's position, or 0 when it has not
// fully arrived. The reader is at an IAC byte.
[[nodiscard]] std::size_t iac_length(const ByteReader& r) noexcept {
    const auto cmd = r.peek_u8(1);
    if (!cmd) return 0;
    if (*cmd >= kWill && *cmd <= kDont) return r.remaining() >= 3 ? 3 : 0;
    if (*cmd != kSb) return 2;  // IAC IAC (a data byte 255) and the two-byte commands
    // Subnegotiation: IAC SB ... IAC SE, where a 255 inside is doubled.
    for (std::size_t i = 2; i + 1 < r.remaining(); ++i) {
        if (*r.peek_u8(i) != kIac) continue;
        const std::uint8_t next = *r.peek_u8(i + 1);
        if (next == kSe) return i + 2;
        if (next == kIac) ++i;
    }
    return 0;
}

[[nodiscard]] Result<Message> telnet(ByteView in, Message m) noexcept {
    ByteReader r(in);
    std::size_t run_at = 0;     // start of the current run of text
    bool in_run = false;
    ByteView last_run;          // latest non-blank run of text on the current line
    bool line_has_text = false;
    auto close_run = [&](std::size_t end) {
        if (!in_run) return;
        in_run = false;
        const ByteView run = trim(*in.subview(run_at, end - run_at));
        if (run.empty()) return;
        last_run = run;
        // A client's text is what the user typed: never kept.
        if (m.side == Side::Server && m.greeting.empty()) m.greeting = run;
    };
    while (!r.empty()) {
        const std::size_t pos = r.offset();
        const std::uint8_t c = *r.peek_u8();  // cannot fail: !r.empty()
        if (c == kIac && r.peek_u8(1) != kIac) {
            const std::size_t len = iac_length(r);
            if (len == 0) break;  // the rest of the sequence has not arrived
            close_run(pos);
            (void)r.skip(len);
            ++m.telnet_commands;
            continue;
        }
        if (c == kCr || c == kLf) {
            close_run(pos);
            (void)r.skip(1);
            if (c == kCr && (r.peek_u8() == kLf || r.peek_u8() == kNul)) (void)r.skip(1);  // NVT CR LF / CR NUL
            if (line_has_text) {
                ++m.lines;
                // A client that typed a line answered a prompt (or ran a command without one).
                if (m.side == Side::Client) {
                    m.login = Login::TelnetLine;
                    return m;
                }
                if (m.lines >= kMaxTelnetLines) {
                    m.greeting_ok = true;
                    return m;
                }
            }
            line_has_text = false;
            last_run = ByteView{};
            continue;
        }
        const std::size_t step = (c == kIac) ? 2 : 1;  // IAC IAC is the data byte 255
        if (c != kIac && (c < 0x20 || c == 0x7f)) {
            close_run(pos);  // NUL, BEL, ESC ...: not text
        } else {
            if (!in_run) {
                in_run = true;
                run_at = pos;
            }
            if (!is_blank(c)) line_has_text = true;
        }
        (void)r.skip(step);
    }
    close_run(r.offset());
    m.greeting_ok = !m.greeting.empty();
    // The server stops talking at a prompt until the user answers: this is
    // the moment the direction has said all it will before the echo of
    // typed characters (which must not end up in the greeting).
    if (m.side == Side::Server && prompt_like(last_run)) {
        m.prompt = true;
        m.login_prompt = asks_for_login(last_run);
        return m;
    }
    m.need_bytes = in.size() + 1;
    return m;
}

}  // namespace

Result<Message> parse(Proto proto, Side side, ByteView stream) noexcept {
    Message m;
    m.proto = proto;
    m.side = side;
    const bool server = side == Side::Server;
    switch (proto) {
        case Proto::Telnet: return telnet(stream, m);
        case Proto::Ftp:
            return server ? scan_lines(stream, m, "ftp greeting", ftp_server) : scan_lines(stream, m, "", ftp_client);
        case Proto::Pop3:
            return server ? scan_lines(stream, m, "pop3 greeting", pop3_server) : scan_lines(stream, m, "", pop3_client);
        case Proto::Imap:
            return server ? scan_lines(stream, m, "imap greeting", imap_server) : scan_lines(stream, m, "", imap_client);
    }
    return fail(ParseError::unsupported(0, "cleartext protocol"));
}

}  // namespace dissect::cleartext
