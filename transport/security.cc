// transport/security.cc
// Key files (ZPL / zcert), the allow-list, the ZAP handler (RFC 27) and the
// CURVE start-up self-test. See security.h and WIRE-PROTOCOL.md §7.
#include "transport/security.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace transport {
namespace {

namespace fs = std::filesystem;

// ZMQ_ZAP_ENFORCE_DOMAIN is a draft option in libzmq 4.3: zmq.h declares it
// only under ZMQ_BUILD_DRAFT_API, but the library accepts it (Debian 12's
// 4.3.4 does; make_curve_server throws if one does not, so we fail closed).
constexpr int kZmqZapEnforceDomain = 93;
#ifdef ZMQ_ZAP_ENFORCE_DOMAIN
static_assert(ZMQ_ZAP_ENFORCE_DOMAIN == kZmqZapEnforceDomain);
#endif

constexpr std::string_view kZapEndpoint = "inproc://zeromq.zap.01";  // RFC 27
constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
constexpr std::size_t kZ85KeyChars = 40;  // a 32-byte CURVE key in Z85
constexpr std::size_t kCurveKeyBytes = 32;
constexpr std::size_t kMaxZplValueBytes = 1024;
constexpr std::size_t kMaxShownBytes = 64;  // of a bad value quoted in an error

// libzmq's ZAP requests are 8 frames + 0..2 credentials behind the ROUTER's
// routing id, each well under 300 bytes; anything beyond is malformed.
constexpr std::size_t kMaxZapFrames = 16;
constexpr std::size_t kMaxZapFrameBytes = 1024;
constexpr int kZapBurst = 64;                                  // requests per loop turn
constexpr std::chrono::milliseconds kZapPollInterval{50};      // how soon stop() is seen
constexpr std::chrono::milliseconds kSelfTestTimeout{2000};    // §7 self-test budget

// ---------------------------------------------------------------- helpers

// A value from a file or the wire, safe for an error message: capped and
// with non-printable bytes escaped.
std::string shown(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size() && i < kMaxShownBytes; ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    if (v.size() > kMaxShownBytes) out += "...";
    return out;
}

bool is_z85_key(std::string_view v) {
    if (v.size() != kZ85KeyChars) return false;
    if (v.find_first_not_of(kZ85Alphabet) != std::string_view::npos) return false;
    // The alphabet check alone lets through groups worth more than 2^32.
    std::array<std::uint8_t, kCurveKeyBytes> raw{};
    const std::string z(v);
    return zmq_z85_decode(raw.data(), z.c_str()) != nullptr;
}

bool valid_name(std::string_view n) {
    if (n.empty() || n.size() > kMaxCertNameBytes) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (!alnum(n.front())) return false;  // no ".", "..", hidden files or "-x" options
    return std::all_of(n.begin(), n.end(), [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '@' || c == '-'; });
}

bool valid_role(std::string_view r) { return r == "reader" || r == "controller" || r == "sensor"; }
bool client_role(std::string_view r) { return r == "reader" || r == "controller"; }

std::string errno_text(int e) { return std::generic_category().message(e); }

struct FileText {
    std::string text;
    mode_t mode = 0;
};

// Reads a small regular file through one descriptor, so the mode we check
// is the mode of the bytes we read.
std::expected<FileText, std::string> read_small_file(const fs::path& file) {
    const std::string where = file.string();
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return std::unexpected(where + ": cannot open: " + errno_text(errno));
    FileText out;
    std::string err;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        err = where + ": cannot stat: " + errno_text(errno);
    } else if (!S_ISREG(st.st_mode)) {
        err = where + ": not a regular file";
    } else if (static_cast<std::uint64_t>(st.st_size) > kMaxCertFileBytes) {
        err = where + ": larger than " + std::to_string(kMaxCertFileBytes) + " bytes: not a certificate";
    } else {
        out.mode = st.st_mode & 07777;
        out.text.resize(kMaxCertFileBytes + 1);
        std::size_t got = 0;
        while (got < out.text.size()) {
            const ssize_t n = ::read(fd, out.text.data() + got, out.text.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                err = where + ": cannot read: " + errno_text(errno);
                break;
            }
            if (n == 0) break;
            got += static_cast<std::size_t>(n);
        }
        if (err.empty() && got > kMaxCertFileBytes)  // grew since fstat
            err = where + ": larger than " + std::to_string(kMaxCertFileBytes) + " bytes: not a certificate";
        out.text.resize(got);
    }
    ::close(fd);
    if (!err.empty()) return std::unexpected(err);
    return out;
}

// ---------------------------------------------------------------- ZPL

struct ZplValue {
    std::string value;
    int line = 0;
};
struct ZplSection {
    int line = 0;
    std::map<std::string, ZplValue, std::less<>> keys;  // only the direct `key = value` children
};
struct Zpl {
    std::map<std::string, ZplSection, std::less<>> sections;
    int lines = 0;
};

bool zpl_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '-' ||
           c == '_' || c == '@' || c == '.' || c == '&' || c == '+' || c == '/';
}

// The ZPL subset (rfc.zeromq.org/spec/4) that certificates use: sections at
// level 0, `key = value` at level 1. Deeper levels and root-level properties
// are valid ZPL that no certificate needs; they are accepted and ignored.
std::expected<Zpl, std::string> parse_zpl(std::string_view text, const std::string& where) {
    Zpl zpl;
    ZplSection* section = nullptr;
    int prev_level = -1;
    int n = 0;
    auto fail = [&](const std::string& what) { return std::unexpected(where + ":" + std::to_string(n) + ": " + what); };
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++n;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

        std::size_t indent = 0;
        while (indent < line.size() && line[indent] == ' ') ++indent;
        if (indent < line.size() && line[indent] == '\t') return fail("tab in indentation (ZPL indents with 4 spaces)");
        std::string_view rest = line.substr(indent);
        if (rest.empty() || rest.front() == '#') continue;
        if (indent % 4 != 0) return fail("indentation of " + std::to_string(indent) + " spaces is not a multiple of 4");
        const int level = static_cast<int>(indent / 4);
        if (level > prev_level + 1) return fail("indented deeper than the line above allows");

        std::size_t i = 0;
        while (i < rest.size() && zpl_name_char(rest[i])) ++i;
        if (i == 0) return fail("expected a name, found '" + shown(rest.substr(0, 1)) + "'");
        const std::string name(rest.substr(0, i));
        while (i < rest.size() && rest[i] == ' ') ++i;
        std::optional<std::string> value;
        if (i < rest.size() && rest[i] == '=') {
            ++i;
            while (i < rest.size() && rest[i] == ' ') ++i;
            if (i < rest.size() && (rest[i] == '"' || rest[i] == '\'')) {
                const char quote = rest[i];
                const std::size_t close = rest.find(quote, i + 1);
                if (close == std::string_view::npos) return fail("key '" + name + "': unterminated quoted value");
                value = std::string(rest.substr(i + 1, close - i - 1));
                i = close + 1;
            } else {
                // A bare value runs to the next space (Z85 contains '#', so
                // '#' cannot end it).
                const std::size_t start = i;
                while (i < rest.size() && rest[i] != ' ') ++i;
                value = std::string(rest.substr(start, i - start));
            }
            while (i < rest.size() && rest[i] == ' ') ++i;
            if (value->size() > kMaxZplValueBytes)
                return fail("key '" + name + "': value longer than " + std::to_string(kMaxZplValueBytes) + " bytes");
        }
        if (i < rest.size() && rest[i] != '#')
            return fail((value ? "key '" + name + "': unexpected text after the value"
                               : "expected '=' after '" + shown(name) + "'"));
        prev_level = level;

        if (level == 0) {
            if (value) {  // a root-level property: not a section
                section = nullptr;
                continue;
            }
            auto [it, fresh] = zpl.sections.try_emplace(name);
            if (!fresh) return fail("section '" + name + "' given twice");
            it->second.line = n;
            section = &it->second;
        } else if (level == 1 && section && value) {
            auto [it, fresh] = section->keys.try_emplace(name, ZplValue{*value, n});
            if (!fresh) return fail("key '" + name + "': given twice");
        }
    }
    zpl.lines = n;
    return zpl;
}

struct ParsedCert {
    Cert cert;
    int role_line = 0, public_line = 0, secret_line = 0, name_line = 0;
};

std::expected<ParsedCert, std::string> parse_cert(std::string_view text, const std::string& where) {
    auto zpl = parse_zpl(text, where);
    if (!zpl) return std::unexpected(zpl.error());
    auto bad = [&](int line, std::string_view key, const std::string& what) {
        return std::unexpected(where + ":" + std::to_string(line) + ": key '" + std::string(key) + "': " + what);
    };
    const int eof_line = std::max(zpl->lines, 1);
    ParsedCert p;

    const auto meta = zpl->sections.find("metadata");
    if (meta == zpl->sections.end()) return bad(eof_line, "name", "missing (no 'metadata' section)");
    const auto name = meta->second.keys.find("name");
    if (name == meta->second.keys.end()) return bad(meta->second.line, "name", "missing in section 'metadata'");
    if (!valid_name(name->second.value))
        return bad(name->second.line, "name",
                   "'" + shown(name->second.value) + "' is not [A-Za-z0-9._@-]{1,64} starting with a letter or digit");
    const auto role = meta->second.keys.find("role");
    if (role == meta->second.keys.end()) return bad(meta->second.line, "role", "missing in section 'metadata'");
    if (!valid_role(role->second.value))
        return bad(role->second.line, "role", "'" + shown(role->second.value) + "' is not reader, controller or sensor");

    const auto curve = zpl->sections.find("curve");
    if (curve == zpl->sections.end()) return bad(eof_line, "public-key", "missing (no 'curve' section)");
    const auto pub = curve->second.keys.find("public-key");
    if (pub == curve->second.keys.end()) return bad(curve->second.line, "public-key", "missing in section 'curve'");
    if (!is_z85_key(pub->second.value)) return bad(pub->second.line, "public-key", "not 40 Z85 characters");

    p.cert.name = name->second.value;
    p.cert.role = role->second.value;
    p.cert.public_z85 = pub->second.value;
    p.name_line = name->second.line;
    p.role_line = role->second.line;
    p.public_line = pub->second.line;

    const auto sec = curve->second.keys.find("secret-key");
    if (sec != curve->second.keys.end()) {
        if (!is_z85_key(sec->second.value)) return bad(sec->second.line, "secret-key", "not 40 Z85 characters");
        std::array<char, kZ85KeyChars + 1> derived{};
        if (zmq_curve_public(derived.data(), sec->second.value.c_str()) != 0)
            return bad(sec->second.line, "secret-key", "cannot derive its public key (libzmq without CURVE?)");
        if (std::string_view(derived.data(), kZ85KeyChars) != p.cert.public_z85)
            return bad(sec->second.line, "secret-key", "does not match public-key");
        p.cert.secret_z85 = sec->second.value;
        p.secret_line = sec->second.line;
    }
    return p;
}

// ---------------------------------------------------------------- writing

std::string cert_text(std::string_view name, std::string_view role, std::string_view public_z85,
                      std::string_view secret_z85) {
    std::string t;
    t += "#   ****  Generated by sensorctl keygen  ****\n";
    if (secret_z85.empty()) {
        t += "#   ZeroMQ CURVE Public Certificate\n"
             "#   Exchange securely, or use a secure mechanism to verify the contents\n"
             "#   of this file after exchange.\n";
    } else {
        t += "#   ZeroMQ CURVE **Secret** Certificate\n"
             "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n";
    }
    t += "\nmetadata\n";
    t += "    name = \"" + std::string(name) + "\"\n";
    t += "    role = \"" + std::string(role) + "\"\n";
    t += "curve\n";
    t += "    public-key = \"" + std::string(public_z85) + "\"\n";
    if (!secret_z85.empty()) t += "    secret-key = \"" + std::string(secret_z85) + "\"\n";
    return t;
}

// Creates `file` exclusively with exactly `mode` (O_EXCL: never follows or
// replaces an existing file; the mode is set at creation, so a secret file is
// never readable by others, whatever the umask) and writes `text` durably.
std::expected<void, std::string> write_new_file(const fs::path& file, std::string_view text, mode_t mode) {
    const std::string where = file.string();
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        if (errno == EEXIST) return std::unexpected(where + ": already exists; not overwriting a key");
        return std::unexpected(where + ": cannot create: " + errno_text(errno));
    }
    std::string err;
    // The umask may have removed bits from a public file's 0644; restore
    // exactly `mode` (this only ever adds read bits the caller asked for).
    if (::fchmod(fd, mode) != 0) err = where + ": cannot chmod: " + errno_text(errno);
    std::size_t done = 0;
    while (err.empty() && done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) err = where + ": cannot write: " + errno_text(errno);
        else done += static_cast<std::size_t>(n);
    }
    if (err.empty() && ::fsync(fd) != 0) err = where + ": cannot sync: " + errno_text(errno);
    if (::close(fd) != 0 && err.empty()) err = where + ": cannot close: " + errno_text(errno);
    if (!err.empty()) {
        ::unlink(file.c_str());
        return std::unexpected(err);
    }
    return {};
}

// ---------------------------------------------------------------- sockets

// zmq_poll that treats EINTR (a signal for another thread, e.g. SIGHUP) as
// "nothing yet" instead of cppzmq's exception.
int poll_in(zmq::socket_t& s, std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
    const int rc = zmq_poll(&item, 1, static_cast<long>(timeout.count()));
    if (rc < 0 && zmq_errno() == EINTR) return 0;
    if (rc < 0) throw zmq::error_t();
    return rc;
}

}  // namespace

// ================================================================ key files

std::expected<Cert, std::string> load_cert(const fs::path& file) {
    auto text = read_small_file(file);
    if (!text) return std::unexpected(text.error());
    auto p = parse_cert(text->text, file.string());
    if (!p) return std::unexpected(p.error());
    return std::move(p->cert);
}

std::expected<void, std::string> write_cert_pair(const fs::path& dir, std::string_view name, std::string_view role) {
    if (!valid_name(name))
        return std::unexpected("keygen: name '" + shown(name) +
                               "' is not [A-Za-z0-9._@-]{1,64} starting with a letter or digit");
    if (!valid_role(role)) return std::unexpected("keygen: role '" + shown(role) + "' is not reader, controller or sensor");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return std::unexpected(dir.string() + ": cannot create directory: " + ec.message());
    const fs::path pub_file = dir / (std::string(name) + ".key");
    const fs::path sec_file = dir / (std::string(name) + ".key_secret");
    // Check both first, so a refused keygen leaves nothing half-written.
    for (const auto& f : {pub_file, sec_file})
        if (fs::exists(fs::symlink_status(f, ec)))
            return std::unexpected(f.string() + ": already exists; not overwriting a key");

    std::array<char, kZ85KeyChars + 1> pub{}, sec{};
    if (zmq_curve_keypair(pub.data(), sec.data()) != 0)
        return std::unexpected("keygen: zmq_curve_keypair failed: " + std::string(zmq_strerror(zmq_errno())) +
                               " (libzmq without CURVE?)");
    const std::string_view pub_z85(pub.data(), kZ85KeyChars), sec_z85(sec.data(), kZ85KeyChars);
    std::string secret_text = cert_text(name, role, pub_z85, sec_z85);
    // The secret first: a pair without its public half is re-made by hand,
    // a public key without its secret would be handed out for nothing.
    auto r = write_new_file(sec_file, secret_text, 0600);
    ::explicit_bzero(secret_text.data(), secret_text.size());
    ::explicit_bzero(sec.data(), sec.size());
    if (!r) return r;
    r = write_new_file(pub_file, cert_text(name, role, pub_z85, {}), 0644);
    if (!r) {
        ::unlink(sec_file.c_str());
        return r;
    }
    return {};
}

std::expected<Cert, std::string> load_sensor_key(const fs::path& key_dir) {
    const fs::path file = key_dir / "sensor.key_secret";
    auto text = read_small_file(file);
    if (!text)
        return std::unexpected(text.error() + " (the sensor needs its keypair: `sensorctl keygen " + key_dir.string() +
                               " sensor --role sensor`)");
    if ((text->mode & 077) != 0) {
        std::string mode = "0000";  // text->mode is masked to 07777: four octal digits
        for (std::size_t i = 0; i < 4; ++i) mode[3 - i] = static_cast<char>('0' + ((text->mode >> (3 * i)) & 7));
        return std::unexpected(file.string() + ": mode " + mode +
                               " lets group or others read the sensor's secret key; `chmod 600` it");
    }
    auto p = parse_cert(text->text, file.string());
    if (!p) return std::unexpected(p.error());
    if (p->cert.secret_z85.empty())
        return std::unexpected(file.string() + ":" + std::to_string(p->public_line) +
                               ": key 'secret-key': missing in section 'curve' (this is a public certificate)");
    return std::move(p->cert);
}

// ================================================================ allow-list

std::expected<AllowList, std::string> AllowList::load(const fs::path& clients_dir) {
    std::error_code ec;
    fs::directory_iterator it(clients_dir, ec);
    if (ec) return std::unexpected(clients_dir.string() + ": cannot read the clients directory: " + ec.message());
    std::vector<fs::path> files;
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) return std::unexpected(clients_dir.string() + ": cannot list: " + ec.message());
        const fs::path& p = it->path();
        if (p.extension() != ".key") continue;  // ".key_secret" is another extension
        if (files.size() == kMaxClientFiles)
            return std::unexpected(clients_dir.string() + ": more than " + std::to_string(kMaxClientFiles) +
                                   " client key files");
        files.push_back(p);
    }
    if (ec) return std::unexpected(clients_dir.string() + ": cannot list: " + ec.message());
    std::sort(files.begin(), files.end());  // stable messages for duplicates

    AllowList list;
    std::vector<const fs::path*> file_of;
    list.clients_.reserve(files.size());
    for (const auto& f : files) {
        auto text = read_small_file(f);
        if (!text) return std::unexpected(text.error());
        const std::string where = f.string();
        auto p = parse_cert(text->text, where);
        if (!p) return std::unexpected(p.error());
        auto at = [&](int line, std::string_view key, const std::string& what) {
            return std::unexpected(where + ":" + std::to_string(line) + ": key '" + std::string(key) + "': " + what);
        };
        if (!client_role(p->cert.role))
            return at(p->role_line, "role", "'" + p->cert.role + "' is not a client role (reader or controller)");
        if (!p->cert.secret_z85.empty())
            return at(p->secret_line, "secret-key",
                      "a client file must not hold a secret key (copy " + p->cert.name + ".key, not .key_secret)");
        const std::size_t index = list.clients_.size();
        if (auto [d, fresh] = list.by_name_.try_emplace(p->cert.name, index); !fresh)
            return at(p->name_line, "name", "'" + p->cert.name + "' is also the name in " + file_of[d->second]->string());
        if (auto [d, fresh] = list.by_key_.try_emplace(p->cert.public_z85, index); !fresh)
            return at(p->public_line, "public-key", "the same key as in " + file_of[d->second]->string());
        list.clients_.push_back(Client{std::move(p->cert.name), std::move(p->cert.role)});
        file_of.push_back(&f);
    }
    return list;
}

const Client* AllowList::find(std::string_view public_z85) const {
    const auto it = by_key_.find(public_z85);
    return it == by_key_.end() ? nullptr : &clients_[it->second];
}

const Client* AllowList::find_by_name(std::string_view name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &clients_[it->second];
}

// ================================================================ ZAP

ZapHandler::ZapHandler(zmq::context_t& ctx, AllowList clients)
    : ctx_(ctx), clients_(std::make_shared<const AllowList>(std::move(clients))) {}

ZapHandler::~ZapHandler() { stop(); }

void ZapHandler::start() {
    if (thread_.joinable()) return;
    zmq::socket_t sock(ctx_, zmq::socket_type::router);
    sock.set(zmq::sockopt::linger, 0);
    sock.bind(std::string(kZapEndpoint));
    stopping_.store(false);
    // The socket moves to the serving thread and is used there only (a
    // thread start is the full barrier libzmq asks for when sockets migrate).
    thread_ = std::thread([this, s = std::move(sock)]() mutable { serve(std::move(s)); });
}

void ZapHandler::stop() {
    stopping_.store(true);
    if (thread_.joinable()) thread_.join();
}

void ZapHandler::reload(AllowList clients) {
    auto fresh = std::make_shared<const AllowList>(std::move(clients));
    std::lock_guard lock(mu_);
    clients_ = std::move(fresh);
}

std::shared_ptr<const AllowList> ZapHandler::current() const {
    std::lock_guard lock(mu_);
    return clients_;
}

std::optional<Client> ZapHandler::role_of(std::string_view user_id) const {
    const auto list = current();
    if (const Client* c = list->find_by_name(user_id)) return *c;
    return std::nullopt;
}

void ZapHandler::serve(zmq::socket_t sock) {
    // Any failure here (ETERM when the context shuts down) ends the thread
    // and closes the socket: handshakes then fail closed, never open.
    try {
        std::vector<zmq::message_t> frames;
        frames.reserve(kMaxZapFrames);
        while (!stopping_.load()) {
            if (poll_in(sock, kZapPollInterval) == 0) continue;
            for (int n = 0; n < kZapBurst; ++n) {
                zmq::message_t m;
                std::optional<std::size_t> got;
                try {
                    got = sock.recv(m, zmq::recv_flags::dontwait);
                } catch (const zmq::error_t& e) {
                    if (e.num() == EINTR) break;
                    throw;
                }
                if (!got) break;
                frames.clear();
                bool truncated = false;
                // ROUTER delivers a multipart message whole: the rest is here.
                for (;;) {
                    const bool more = m.more();
                    if (frames.size() < kMaxZapFrames) frames.push_back(std::move(m));
                    else truncated = true;
                    if (!more) break;
                    m = zmq::message_t();
                    if (!sock.recv(m, zmq::recv_flags::dontwait)) break;
                }
                handle(frames, truncated, sock);
            }
        }
    } catch (...) {
        // Nothing to log from here (transport has no logger); the counters
        // stop moving, which the self-test and health would show.
    }
    // Unbinding an inproc endpoint is synchronous, closing is not (the
    // reaper thread unregisters it later): after stop() returns, handshakes
    // fail at once instead of waiting on a dying socket, and start() can
    // bind again.
    try {
        sock.unbind(std::string(kZapEndpoint));
    } catch (const zmq::error_t&) {
        // ETERM: the context is going away, and the endpoint with it.
    }
}

void ZapHandler::handle(std::vector<zmq::message_t>& frames, bool truncated, zmq::socket_t& sock) {
    // RFC 27 request behind the ROUTER: [routing id]["" ][version][request id]
    // [domain][address][identity][mechanism][credentials...].
    enum : std::size_t { kRid, kDelim, kVersion, kRequestId, kDomain, kAddress, kIdentity, kMechanism, kCreds };
    ++requests_;
    auto text = [&](std::size_t i) { return std::string_view(frames[i].data<char>(), frames[i].size()); };
    // libzmq's ZAP client talks like a REQ socket: without the empty
    // delimiter and a request id to echo there is no reply it would accept.
    if (frames.size() <= kRequestId || frames[kDelim].size() != 0 || frames[kRequestId].size() > kMaxZapFrameBytes) {
        ++refused_;
        return;
    }
    auto reply = [&](std::string_view code, std::string_view status_text, std::string_view user_id) {
        // Counted before the reply leaves, so whoever sees the handshake's
        // outcome also sees the counter move (the self-test relies on it).
        if (code == "200") ++accepted_;
        else ++refused_;
        constexpr auto more = zmq::send_flags::sndmore | zmq::send_flags::dontwait;
        // A ROUTER drops a reply to a peer that went away; nothing blocks.
        sock.send(frames[kRid], more);
        sock.send(zmq::const_buffer(nullptr, 0), more);
        sock.send(zmq::str_buffer("1.0"), more);
        sock.send(frames[kRequestId], more);
        sock.send(zmq::buffer(code), more);
        sock.send(zmq::buffer(status_text), more);
        sock.send(zmq::buffer(user_id), more);
        sock.send(zmq::const_buffer(nullptr, 0), zmq::send_flags::dontwait);  // metadata: none
    };
    const bool oversize = std::any_of(frames.begin(), frames.end(),
                                      [](const zmq::message_t& f) { return f.size() > kMaxZapFrameBytes; });
    if (truncated || oversize || frames.size() < kCreds) return reply("500", "malformed ZAP request", "");
    if (text(kVersion) != "1.0") return reply("500", "unsupported ZAP version", "");
    if (text(kDomain) != kZapDomain) return reply("400", "domain not served", "");
    if (text(kMechanism) != "CURVE") return reply("400", "mechanism not allowed", "");
    if (frames.size() != kCreds + 1 || frames[kCreds].size() != kCurveKeyBytes)
        return reply("500", "malformed CURVE credentials", "");
    std::array<char, kZ85KeyChars + 1> z85{};
    if (!zmq_z85_encode(z85.data(), frames[kCreds].data<std::uint8_t>(), kCurveKeyBytes))
        return reply("500", "cannot encode the key", "");
    const auto list = current();
    const Client* c = list->find(std::string_view(z85.data(), kZ85KeyChars));
    if (!c) return reply("400", "unknown key", "");
    return reply("200", "OK", c->name);
}

// ================================================================ sockets

void make_curve_server(zmq::socket_t& s, const Cert& sensor) {
    if (sensor.secret_z85.empty()) throw std::invalid_argument("make_curve_server: the sensor certificate has no secret key");
    s.set(zmq::sockopt::curve_server, true);
    s.set(zmq::sockopt::curve_secretkey, sensor.secret_z85);
    s.set(zmq::sockopt::zap_domain, std::string(kZapDomain));
    const int one = 1;
    if (zmq_setsockopt(s.handle(), kZmqZapEnforceDomain, &one, sizeof one) != 0) throw zmq::error_t();
}

HandshakeMonitor::HandshakeMonitor(zmq::context_t& ctx, zmq::socket_t& watched)
    : watched_(watched), pair_(ctx, zmq::socket_type::pair) {
    static std::atomic<std::uint64_t> seq{0};
    const std::string ep = "inproc://transport.handshake-monitor." + std::to_string(seq.fetch_add(1));
    constexpr int kEvents = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                            ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
    if (zmq_socket_monitor(watched_.handle(), ep.c_str(), kEvents) != 0) throw zmq::error_t();
    pair_.set(zmq::sockopt::linger, 0);
    // Connected before the watched socket binds or connects: libzmq drops
    // events while no peer is attached.
    pair_.connect(ep);
}

HandshakeMonitor::~HandshakeMonitor() {
    if (watched_.handle() != nullptr) zmq_socket_monitor(watched_.handle(), nullptr, 0);
}

std::optional<HandshakeMonitor::Event> HandshakeMonitor::next(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (poll_in(pair_, std::max(left, std::chrono::milliseconds{0})) == 0) {
            if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
            continue;  // EINTR
        }
        // Monitor v1 event: [u16 event, u32 value (native order)][endpoint].
        zmq::message_t head, addr;
        if (!pair_.recv(head, zmq::recv_flags::dontwait)) continue;
        if (head.more()) (void)pair_.recv(addr, zmq::recv_flags::dontwait);
        if (head.size() != 6) continue;
        std::uint16_t id = 0;
        std::uint32_t value = 0;
        std::memcpy(&id, head.data(), sizeof id);
        std::memcpy(&value, head.data<std::uint8_t>() + 2, sizeof value);
        switch (id) {
            case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: return Event{Kind::Succeeded, value};
            case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: return Event{Kind::FailedAuth, value};
            case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: return Event{Kind::FailedProtocol, value};
            case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: return Event{Kind::FailedNoDetail, value};
            default: continue;
        }
    }
}

// ================================================================ self-test

std::expected<void, std::string> self_test(zmq::context_t& ctx, const Cert& sensor, const ZapHandler* zap) {
    try {
        const std::uint64_t requests_before = zap ? zap->requests() : 0;
        const std::uint64_t refused_before = zap ? zap->refused() : 0;

        zmq::socket_t server(ctx, zmq::socket_type::router);
        server.set(zmq::sockopt::linger, 0);
        make_curve_server(server, sensor);
        HandshakeMonitor monitor(ctx, server);  // destroyed before `server`
        server.bind("tcp://127.0.0.1:*");
        const std::string endpoint = server.get(zmq::sockopt::last_endpoint);

        std::array<char, kZ85KeyChars + 1> pub{}, sec{};
        if (zmq_curve_keypair(pub.data(), sec.data()) != 0)
            return std::unexpected("CURVE self-test: zmq_curve_keypair failed (libzmq without CURVE?)");
        zmq::socket_t stranger(ctx, zmq::socket_type::dealer);  // destroyed before `monitor`
        stranger.set(zmq::sockopt::linger, 0);
        stranger.set(zmq::sockopt::curve_serverkey, sensor.public_z85);
        stranger.set(zmq::sockopt::curve_publickey, std::string(pub.data(), kZ85KeyChars));
        stranger.set(zmq::sockopt::curve_secretkey, std::string(sec.data(), kZ85KeyChars));
        stranger.connect(endpoint);

        const auto outcome = monitor.next(kSelfTestTimeout);
        if (outcome && outcome->kind == HandshakeMonitor::Kind::Succeeded)
            return std::unexpected("CURVE self-test: a throwaway key was admitted");
        if (!outcome)
            return std::unexpected("CURVE self-test: no ZAP handler answered (no handshake outcome within 2 s)");
        if (!zap) return std::unexpected("CURVE self-test: no ZAP handler answered (none is running)");
        if (zap->requests() == requests_before || zap->refused() == refused_before)
            return std::unexpected(
                "CURVE self-test: no ZAP handler answered (the throwaway key was refused, but not by this sensor's "
                "handler: is it started, in this context?)");
        return {};
    } catch (const std::exception& e) {
        return std::unexpected(std::string("CURVE self-test: ") + e.what());
    }
}

}  // namespace transport
