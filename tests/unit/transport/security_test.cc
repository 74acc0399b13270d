// tests/unit/transport/security_test.cc
// Key files, the allow-list, the ZAP handler and the CURVE self-test
// (WIRE-PROTOCOL.md §7), over real files in a temp dir and real sockets on
// 127.0.0.1 ephemeral ports. Each test has its own zmq context, so its own
// inproc://zeromq.zap.01. Waits are polls with timeouts, never sleeps.
#include "transport/security.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

namespace transport {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Kind = HandshakeMonitor::Kind;

constexpr auto kExchange = 5s;     // generous: only a failing test waits this long
constexpr auto kNothing = 500ms;   // "the server receives nothing within 500 ms"

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::path(::testing::TempDir()) / "security_test.XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& s) const { return path_ / s; }

private:
    fs::path path_;
};

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

struct Keypair {
    std::string pub, sec;
};
Keypair fresh_keypair() {
    std::array<char, 41> pub{}, sec{};
    EXPECT_EQ(zmq_curve_keypair(pub.data(), sec.data()), 0);
    return {std::string(pub.data(), 40), std::string(sec.data(), 40)};
}

std::string public_text(const std::string& name, const std::string& role, const std::string& pub) {
    return "metadata\n    name = \"" + name + "\"\n    role = \"" + role + "\"\ncurve\n    public-key = \"" + pub + "\"\n";
}

// Key material every socket test uses: the sensor's pair, two allowed
// clients (alice reader, bob controller) and a stranger (mallory), made with
// write_cert_pair and read back with the loaders under test.
struct Keys {
    TempDir dir;
    Cert sensor, alice, bob, mallory;
    fs::path clients;
    Keys() {
        clients = dir / "keys/clients";
        fs::create_directories(clients);
        EXPECT_TRUE(write_cert_pair(dir / "keys", "sensor", "sensor"));
        const std::pair<std::string, std::string> people[] = {
            {"alice", "reader"}, {"bob", "controller"}, {"mallory", "controller"}};
        for (const auto& [name, role] : people) EXPECT_TRUE(write_cert_pair(dir / name, name, role));
        fs::copy_file(dir / "alice/alice.key", clients / "alice.key");
        fs::copy_file(dir / "bob/bob.key", clients / "bob.key");
        sensor = *load_sensor_key(dir / "keys");
        alice = *load_cert(dir / "alice/alice.key_secret");
        bob = *load_cert(dir / "bob/bob.key_secret");
        mallory = *load_cert(dir / "mallory/mallory.key_secret");
    }
    AllowList allow() const { return *AllowList::load(clients); }
};

// A CURVE ROUTER made by make_curve_server on an ephemeral loopback port,
// with a handshake monitor.
class CurveServer {
public:
    CurveServer(zmq::context_t& ctx, const Cert& sensor, std::optional<std::string> domain = std::nullopt)
        : sock_(ctx, zmq::socket_type::router) {
        sock_.set(zmq::sockopt::linger, 0);
        make_curve_server(sock_, sensor);
        if (domain) sock_.set(zmq::sockopt::zap_domain, *domain);
        mon_.emplace(ctx, sock_);
        sock_.bind("tcp://127.0.0.1:*");
        endpoint_ = sock_.get(zmq::sockopt::last_endpoint);
    }
    const std::string& endpoint() const { return endpoint_; }
    zmq::socket_t& socket() { return sock_; }
    HandshakeMonitor& monitor() { return *mon_; }

private:
    zmq::socket_t sock_;
    std::optional<HandshakeMonitor> mon_;  // declared after sock_: closed first
    std::string endpoint_;
};

struct Received {
    std::string routing_id, payload, user_id;
};

// One [routing id][payload] message from a ROUTER, with the payload's
// User-Id metadata ("" when absent), or nullopt after `timeout`.
std::optional<Received> receive(zmq::socket_t& router, std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
    zmq::message_t rid, payload;
    EXPECT_TRUE(router.recv(rid));
    EXPECT_TRUE(rid.more());
    EXPECT_TRUE(router.recv(payload));
    const char* uid = zmq_msg_gets(payload.handle(), "User-Id");
    return Received{rid.to_string(), payload.to_string(), uid ? uid : ""};
}

std::optional<std::string> receive_dealer(zmq::socket_t& dealer, std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
    zmq::message_t m;
    EXPECT_TRUE(dealer.recv(m));
    return m.to_string();
}

zmq::socket_t curve_client(zmq::context_t& ctx, const Cert& server, const Cert& me, const std::string& endpoint) {
    zmq::socket_t s(ctx, zmq::socket_type::dealer);
    s.set(zmq::sockopt::linger, 0);
    s.set(zmq::sockopt::curve_serverkey, server.public_z85);
    s.set(zmq::sockopt::curve_publickey, me.public_z85);
    s.set(zmq::sockopt::curve_secretkey, me.secret_z85);
    s.connect(endpoint);
    return s;
}

// The first event of `kind` within `timeout` (others are skipped).
std::optional<HandshakeMonitor::Event> wait_for(HandshakeMonitor& m, Kind kind, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) return std::nullopt;
        auto e = m.next(left);
        if (!e) return std::nullopt;
        if (e->kind == kind) return e;
    }
}

// Client sends, server reads it with its User-Id, server answers, client reads.
void expect_exchange(CurveServer& server, zmq::socket_t& client, const std::string& user) {
    client.send(zmq::str_buffer("ping"));
    auto got = receive(server.socket(), kExchange);
    ASSERT_TRUE(got) << "the server received nothing from " << user;
    EXPECT_EQ(got->payload, "ping");
    EXPECT_EQ(got->user_id, user);
    server.socket().send(zmq::buffer(got->routing_id), zmq::send_flags::sndmore);
    server.socket().send(zmq::str_buffer("pong"));
    EXPECT_EQ(receive_dealer(client, kExchange), "pong");
}

// ======================================================== certificate files

TEST(CertFiles, WriteThenLoadRoundTrips) {
    TempDir d;
    ASSERT_TRUE(write_cert_pair(d / "keys", "alice", "reader"));  // creates the directory
    auto pub = load_cert(d / "keys/alice.key");
    auto sec = load_cert(d / "keys/alice.key_secret");
    ASSERT_TRUE(pub) << pub.error();
    ASSERT_TRUE(sec) << sec.error();
    EXPECT_EQ(pub->name, "alice");
    EXPECT_EQ(pub->role, "reader");
    EXPECT_EQ(pub->public_z85.size(), 40u);
    EXPECT_TRUE(pub->secret_z85.empty());
    EXPECT_EQ(sec->name, "alice");
    EXPECT_EQ(sec->public_z85, pub->public_z85);
    std::array<char, 41> derived{};
    ASSERT_EQ(zmq_curve_public(derived.data(), sec->secret_z85.c_str()), 0);
    EXPECT_EQ(std::string(derived.data()), pub->public_z85);
    EXPECT_EQ(mode_of(d / "keys/alice.key"), 0644u);
    EXPECT_EQ(mode_of(d / "keys/alice.key_secret"), 0600u);
}

TEST(CertFiles, ModesHoldWhateverTheUmask) {
    TempDir d;
    const mode_t old = ::umask(0);  // a lax umask must not widen the secret file
    ASSERT_TRUE(write_cert_pair(d.path(), "lax", "reader"));
    ::umask(077);  // a strict one must not hide the public file
    ASSERT_TRUE(write_cert_pair(d.path(), "strict", "controller"));
    ::umask(old);
    EXPECT_EQ(mode_of(d / "lax.key_secret"), 0600u);
    EXPECT_EQ(mode_of(d / "lax.key"), 0644u);
    EXPECT_EQ(mode_of(d / "strict.key_secret"), 0600u);
    EXPECT_EQ(mode_of(d / "strict.key"), 0644u);
}

TEST(CertFiles, WriteRefusesOverwriteBadNamesAndRoles) {
    TempDir d;
    ASSERT_TRUE(write_cert_pair(d.path(), "alice", "reader"));
    const std::string before = load_cert(d / "alice.key_secret")->secret_z85;
    auto again = write_cert_pair(d.path(), "alice", "reader");
    ASSERT_FALSE(again);
    EXPECT_THAT(again.error(), HasSubstr("already exists"));
    EXPECT_EQ(load_cert(d / "alice.key_secret")->secret_z85, before);

    EXPECT_FALSE(write_cert_pair(d.path(), "../evil", "reader"));
    EXPECT_FALSE(write_cert_pair(d.path(), "", "reader"));
    EXPECT_FALSE(write_cert_pair(d.path(), ".hidden", "reader"));
    EXPECT_FALSE(write_cert_pair(d.path(), std::string(65, 'a'), "reader"));
    auto role = write_cert_pair(d.path(), "eve", "admin");
    ASSERT_FALSE(role);
    EXPECT_THAT(role.error(), HasSubstr("'admin'"));
    EXPECT_FALSE(fs::exists(d / "eve.key"));
    EXPECT_FALSE(fs::exists(d / "eve.key_secret"));
}

TEST(CertFiles, ReadsWhatCzmqWrites) {
    TempDir d;
    const Keypair k = fresh_keypair();
    // zcert_save_secret's layout, plus a metadata key we do not use.
    write_file(d / "carol.key_secret",
               "#   ****  Generated on 2024-03-01 10:00:00 by CZMQ  ****\n"
               "#   ZeroMQ CURVE **Secret** Certificate\n"
               "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n"
               "\n"
               "metadata\n"
               "    name = \"carol\"\n"
               "    role = \"controller\"\n"
               "    email = \"carol@example.com\"\n"
               "curve\n"
               "    public-key = \"" + k.pub + "\"\n"
               "    secret-key = \"" + k.sec + "\"\n");
    auto c = load_cert(d / "carol.key_secret");
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->name, "carol");
    EXPECT_EQ(c->role, "controller");
    EXPECT_EQ(c->public_z85, k.pub);
    EXPECT_EQ(c->secret_z85, k.sec);
}

TEST(CertFiles, AcceptsOtherValidZplForms) {
    TempDir d;
    const Keypair k = fresh_keypair();
    // CRLF, single quotes, a bare value, trailing comments, an unknown
    // section with a nested child, a root-level property.
    write_file(d / "x.key",
               "version = 1\r\n"
               "metadata   # who\r\n"
               "    name = 'dave'   # comment\r\n"
               "    role = reader\r\n"
               "other\r\n"
               "    nested\r\n"
               "        deep = \"x\"\r\n"
               "curve\r\n"
               "        \r\n"
               "    public-key = \"" + k.pub + "\"\r\n");
    auto c = load_cert(d / "x.key");
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->name, "dave");
    EXPECT_EQ(c->role, "reader");
    EXPECT_EQ(c->public_z85, k.pub);
}

TEST(CertFiles, BadZ85NamesFileLineAndKey) {
    TempDir d;
    fs::create_directories(d / "clients");
    write_file(d / "clients/bob.key", public_text("bob", "reader", "tooshort"));
    auto c = load_cert(d / "clients/bob.key");
    ASSERT_FALSE(c);
    EXPECT_THAT(c.error(), EndsWith("clients/bob.key:5: key 'public-key': not 40 Z85 characters"));

    // 40 characters, but one is outside the Z85 alphabet.
    std::string pub = fresh_keypair().pub;
    pub[7] = '~';
    write_file(d / "clients/bob.key", public_text("bob", "reader", pub));
    EXPECT_THAT(load_cert(d / "clients/bob.key").error(), EndsWith(":5: key 'public-key': not 40 Z85 characters"));

    // 40 alphabet characters whose groups overflow 32 bits.
    write_file(d / "clients/bob.key", public_text("bob", "reader", std::string(40, '#')));
    EXPECT_THAT(load_cert(d / "clients/bob.key").error(), EndsWith(":5: key 'public-key': not 40 Z85 characters"));
}

TEST(CertFiles, MissingSectionOrKeyNamesFileLineAndKey) {
    TempDir d;
    const Keypair k = fresh_keypair();
    write_file(d / "nocurve.key", "metadata\n    name = \"bob\"\n    role = \"reader\"\n");
    EXPECT_EQ(load_cert(d / "nocurve.key").error(),
              (d / "nocurve.key").string() + ":3: key 'public-key': missing (no 'curve' section)");

    write_file(d / "nometa.key", "curve\n    public-key = \"" + k.pub + "\"\n");
    EXPECT_EQ(load_cert(d / "nometa.key").error(),
              (d / "nometa.key").string() + ":2: key 'name': missing (no 'metadata' section)");

    write_file(d / "norole.key", "metadata\n    name = \"bob\"\ncurve\n    public-key = \"" + k.pub + "\"\n");
    EXPECT_EQ(load_cert(d / "norole.key").error(),
              (d / "norole.key").string() + ":1: key 'role': missing in section 'metadata'");

    write_file(d / "nokey.key", "metadata\n    name = \"bob\"\n    role = \"reader\"\ncurve\n");
    EXPECT_EQ(load_cert(d / "nokey.key").error(),
              (d / "nokey.key").string() + ":4: key 'public-key': missing in section 'curve'");

    write_file(d / "empty.key", "");
    EXPECT_THAT(load_cert(d / "empty.key").error(), EndsWith("empty.key:1: key 'name': missing (no 'metadata' section)"));
}

TEST(CertFiles, UnknownRoleAndBadNameNameFileLineAndKey) {
    TempDir d;
    const Keypair k = fresh_keypair();
    write_file(d / "bob.key", public_text("bob", "admin", k.pub));
    EXPECT_EQ(load_cert(d / "bob.key").error(),
              (d / "bob.key").string() + ":3: key 'role': 'admin' is not reader, controller or sensor");
    write_file(d / "bob.key", public_text("bob smith", "reader", k.pub));
    EXPECT_THAT(load_cert(d / "bob.key").error(), HasSubstr("bob.key:2: key 'name': 'bob smith' is not"));
    // Bytes from the file are escaped and capped in the message.
    write_file(d / "bob.key", public_text("\x1b[31m" + std::string(200, 'x'), "reader", k.pub));
    const std::string e = load_cert(d / "bob.key").error();
    EXPECT_THAT(e, HasSubstr("\\x1b[31m"));
    EXPECT_LT(e.size(), 300u);
}

TEST(CertFiles, SecretKeyMustMatchThePublicKey) {
    TempDir d;
    const Keypair a = fresh_keypair(), b = fresh_keypair();
    write_file(d / "x.key_secret", public_text("x", "reader", a.pub) + "    secret-key = \"" + b.sec + "\"\n");
    EXPECT_EQ(load_cert(d / "x.key_secret").error(),
              (d / "x.key_secret").string() + ":6: key 'secret-key': does not match public-key");
    write_file(d / "x.key_secret", public_text("x", "reader", a.pub) + "    secret-key = \"short\"\n");
    EXPECT_THAT(load_cert(d / "x.key_secret").error(), EndsWith(":6: key 'secret-key': not 40 Z85 characters"));
}

TEST(CertFiles, SyntaxErrorsNameFileAndLine) {
    TempDir d;
    const fs::path f = d / "s.key";
    auto error_of = [&](const std::string& text) {
        write_file(f, text);
        auto c = load_cert(f);
        return c ? std::string("(loaded)") : c.error();
    };
    const std::string at = f.string() + ":2: ";
    EXPECT_EQ(error_of("metadata\n\tname = \"x\"\n"), at + "tab in indentation (ZPL indents with 4 spaces)");
    EXPECT_EQ(error_of("metadata\n  name = \"x\"\n"), at + "indentation of 2 spaces is not a multiple of 4");
    EXPECT_EQ(error_of("metadata\n        name = \"x\"\n"), at + "indented deeper than the line above allows");
    EXPECT_EQ(error_of("# c\n    name = \"x\"\n"), at + "indented deeper than the line above allows");
    EXPECT_EQ(error_of("metadata\n    name = \"x\n"), at + "key 'name': unterminated quoted value");
    EXPECT_EQ(error_of("metadata\n    name = \"x\" y\n"), at + "key 'name': unexpected text after the value");
    EXPECT_EQ(error_of("metadata\n    name \"x\"\n"), at + "expected '=' after 'name'");
    EXPECT_EQ(error_of("metadata\n    = \"x\"\n"), at + "expected a name, found '='");
    EXPECT_EQ(error_of("metadata\nmetadata\n"), at + "section 'metadata' given twice");
    EXPECT_EQ(error_of("metadata\n    name = \"x\"\n    name = \"y\"\n"), f.string() + ":3: key 'name': given twice");
    EXPECT_EQ(error_of("metadata\n    name = \"" + std::string(2000, 'x') + "\"\n"),
              at + "key 'name': value longer than 1024 bytes");
}

TEST(CertFiles, OversizeDirectoryAndMissingFilesAreRefused) {
    TempDir d;
    write_file(d / "big.key", std::string(kMaxCertFileBytes + 1, '#'));
    EXPECT_THAT(load_cert(d / "big.key").error(), HasSubstr("larger than 65536 bytes"));
    EXPECT_THAT(load_cert(d.path()).error(), HasSubstr("not a regular file"));
    EXPECT_THAT(load_cert(d / "absent.key").error(), HasSubstr("cannot open"));
}

// ======================================================== sensor key

TEST(CertSensorKey, LoadsTheSecretFile) {
    TempDir d;
    ASSERT_TRUE(write_cert_pair(d.path(), "sensor", "sensor"));
    auto s = load_sensor_key(d.path());
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->role, "sensor");
    EXPECT_EQ(s->secret_z85.size(), 40u);
}

TEST(CertSensorKey, RefusesAGroupOrWorldReadableSecret) {
    TempDir d;
    ASSERT_TRUE(write_cert_pair(d.path(), "sensor", "sensor"));
    for (mode_t m : {0640u, 0604u, 0660u, 0610u}) {
        fs::permissions(d / "sensor.key_secret", static_cast<fs::perms>(m));
        auto s = load_sensor_key(d.path());
        ASSERT_FALSE(s);
        EXPECT_THAT(s.error(), HasSubstr("sensor.key_secret: mode 0"));
        EXPECT_THAT(s.error(), HasSubstr("lets group or others read the sensor's secret key; `chmod 600` it"));
    }
    fs::permissions(d / "sensor.key_secret", static_cast<fs::perms>(0400));
    EXPECT_TRUE(load_sensor_key(d.path()));
}

TEST(CertSensorKey, MissingOrPublicOnlyIsAnError) {
    TempDir d;
    auto missing = load_sensor_key(d.path());
    ASSERT_FALSE(missing);
    EXPECT_THAT(missing.error(), HasSubstr("sensor.key_secret: cannot open"));
    EXPECT_THAT(missing.error(), HasSubstr("sensorctl keygen"));

    ASSERT_TRUE(write_cert_pair(d / "pub", "sensor", "sensor"));
    fs::copy_file(d / "pub/sensor.key", d / "sensor.key_secret");
    fs::permissions(d / "sensor.key_secret", static_cast<fs::perms>(0600));
    EXPECT_THAT(load_sensor_key(d.path()).error(), HasSubstr("key 'secret-key': missing"));
}

// ======================================================== allow-list

TEST(CertAllowList, LoadsEveryKeyFileAndNothingElse) {
    Keys k;
    fs::copy_file(k.dir / "alice/alice.key_secret", k.clients / "alice.key_secret");  // ignored
    write_file(k.clients / "README", "not a key");
    write_file(k.clients / "notes.key.bak", "not a key either");
    auto list = AllowList::load(k.clients);
    ASSERT_TRUE(list) << list.error();
    EXPECT_EQ(list->size(), 2u);
    const Client* a = list->find(k.alice.public_z85);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->name, "alice");
    EXPECT_EQ(a->role, "reader");
    ASSERT_NE(list->find(k.bob.public_z85), nullptr);
    EXPECT_EQ(list->find(k.bob.public_z85)->role, "controller");
    EXPECT_EQ(list->find(k.mallory.public_z85), nullptr);
    EXPECT_EQ(list->find(k.sensor.public_z85), nullptr);
    EXPECT_EQ(list->find(""), nullptr);
    EXPECT_EQ(list->find_by_name("bob"), list->find(k.bob.public_z85));
    EXPECT_EQ(list->find_by_name("mallory"), nullptr);
    EXPECT_EQ(AllowList().size(), 0u);
}

TEST(CertAllowList, BadFileIsNamed) {
    Keys k;
    write_file(k.clients / "zed.key", public_text("zed", "reader", "bad"));
    auto list = AllowList::load(k.clients);
    ASSERT_FALSE(list);
    EXPECT_THAT(list.error(), EndsWith("clients/zed.key:5: key 'public-key': not 40 Z85 characters"));
}

TEST(CertAllowList, ClientRolesOnlyAndNoSecrets) {
    Keys k;
    fs::copy_file(k.dir / "keys/sensor.key", k.clients / "sensor.key");
    auto sensor_role = AllowList::load(k.clients);
    ASSERT_FALSE(sensor_role);
    EXPECT_THAT(sensor_role.error(), EndsWith("clients/sensor.key:8: key 'role': 'sensor' is not a client role (reader or controller)"));
    fs::remove(k.clients / "sensor.key");

    fs::copy_file(k.dir / "mallory/mallory.key_secret", k.clients / "mallory.key");
    auto secret = AllowList::load(k.clients);
    ASSERT_FALSE(secret);
    EXPECT_THAT(secret.error(), HasSubstr("clients/mallory.key:10: key 'secret-key': a client file must not hold a secret key"));
}

TEST(CertAllowList, DuplicateNamesAndKeysAreErrors) {
    Keys k;
    write_file(k.clients / "zz-alice2.key", public_text("alice", "reader", k.mallory.public_z85));
    auto name = AllowList::load(k.clients);
    ASSERT_FALSE(name);
    EXPECT_THAT(name.error(), HasSubstr("zz-alice2.key:2: key 'name': 'alice' is also the name in "));
    EXPECT_THAT(name.error(), EndsWith("clients/alice.key"));

    write_file(k.clients / "zz-alice2.key", public_text("carol", "reader", k.alice.public_z85));
    auto key = AllowList::load(k.clients);
    ASSERT_FALSE(key);
    EXPECT_THAT(key.error(), HasSubstr("zz-alice2.key:5: key 'public-key': the same key as in "));
}

TEST(CertAllowList, MissingDirectoryAndTooManyFiles) {
    TempDir d;
    EXPECT_THAT(AllowList::load(d / "absent").error(), HasSubstr("cannot read the clients directory"));
    auto empty = AllowList::load(d.path());
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->size(), 0u);
    for (std::size_t i = 0; i <= kMaxClientFiles; ++i) write_file(d / ("c" + std::to_string(i) + ".key"), "");
    auto many = AllowList::load(d.path());
    ASSERT_FALSE(many);
    EXPECT_THAT(many.error(), HasSubstr("more than 10000 client key files"));
}

// ======================================================== ZAP over sockets

TEST(ZapHandler, AllowedClientExchangesAndTheServerSeesItsUserId) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    CurveServer server(ctx, k.sensor);
    auto alice = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    expect_exchange(server, alice, "alice");
    auto bob = curve_client(ctx, k.sensor, k.bob, server.endpoint());
    expect_exchange(server, bob, "bob");
    EXPECT_GE(zap.requests(), 2u);
    EXPECT_GE(zap.accepted(), 2u);
    EXPECT_EQ(zap.refused(), 0u);
    ASSERT_TRUE(zap.role_of("alice"));
    EXPECT_EQ(zap.role_of("alice")->role, "reader");
    EXPECT_EQ(zap.role_of("bob")->role, "controller");
    EXPECT_FALSE(zap.role_of("mallory"));
    EXPECT_FALSE(zap.role_of(""));
}

TEST(ZapHandler, UnknownKeyGetsNothingWhileTheAllowedClientWorks) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    CurveServer server(ctx, k.sensor);
    auto mallory = curve_client(ctx, k.sensor, k.mallory, server.endpoint());
    mallory.send(zmq::str_buffer("let me in"));
    auto refused = wait_for(server.monitor(), Kind::FailedAuth, kExchange);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->value, 400u);  // the ZAP status code
    EXPECT_FALSE(receive(server.socket(), kNothing));
    EXPECT_GE(zap.refused(), 1u);

    auto alice = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    expect_exchange(server, alice, "alice");
    EXPECT_FALSE(receive(server.socket(), kNothing));  // still nothing from mallory
}

TEST(ZapHandler, ReloadRefusesNewConnectionsOfARemovedClient) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    CurveServer server(ctx, k.sensor);
    auto before = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    expect_exchange(server, before, "alice");

    fs::remove(k.clients / "alice.key");
    auto without = AllowList::load(k.clients);
    ASSERT_TRUE(without) << without.error();
    zap.reload(std::move(*without));
    EXPECT_FALSE(zap.role_of("alice"));
    EXPECT_EQ(zap.role_of("bob")->role, "controller");

    auto after = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    after.send(zmq::str_buffer("again"));
    auto refused = wait_for(server.monitor(), Kind::FailedAuth, kExchange);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->value, 400u);
    EXPECT_FALSE(receive(server.socket(), kNothing));
    // §7: revocation affects new handshakes only; the sensor re-creates its
    // sockets on reload to end the old sessions.
    expect_exchange(server, before, "alice");
}

TEST(ZapHandler, NullAndPlainClientsAreRefused) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();

    // Against the CURVE server the mechanism mismatch ends the handshake
    // before any ZAP request.
    CurveServer server(ctx, k.sensor);
    zmq::socket_t null_client(ctx, zmq::socket_type::dealer);
    null_client.set(zmq::sockopt::linger, 0);
    null_client.connect(server.endpoint());
    null_client.send(zmq::str_buffer("null"));
    ASSERT_TRUE(wait_for(server.monitor(), Kind::FailedProtocol, kExchange));
    zmq::socket_t plain_client(ctx, zmq::socket_type::dealer);
    plain_client.set(zmq::sockopt::linger, 0);
    plain_client.set(zmq::sockopt::plain_username, "alice");
    plain_client.set(zmq::sockopt::plain_password, "secret");
    plain_client.connect(server.endpoint());
    plain_client.send(zmq::str_buffer("plain"));
    ASSERT_TRUE(wait_for(server.monitor(), Kind::FailedProtocol, kExchange));
    EXPECT_FALSE(receive(server.socket(), kNothing));

    // A PLAIN or NULL server in the sensor's domain asks the handler, which
    // admits CURVE only.
    for (const bool plain : {true, false}) {
        zmq::socket_t s(ctx, zmq::socket_type::router);
        s.set(zmq::sockopt::linger, 0);
        if (plain) s.set(zmq::sockopt::plain_server, true);
        s.set(zmq::sockopt::zap_domain, "sensor");
        HandshakeMonitor mon(ctx, s);
        s.bind("tcp://127.0.0.1:*");
        zmq::socket_t c(ctx, zmq::socket_type::dealer);
        c.set(zmq::sockopt::linger, 0);
        if (plain) {
            c.set(zmq::sockopt::plain_username, "alice");
            c.set(zmq::sockopt::plain_password, "secret");
        }
        const std::uint64_t refused_before = zap.refused();
        c.connect(s.get(zmq::sockopt::last_endpoint));
        c.send(zmq::str_buffer("hello"));
        auto e = wait_for(mon, Kind::FailedAuth, kExchange);
        ASSERT_TRUE(e) << (plain ? "PLAIN" : "NULL");
        EXPECT_EQ(e->value, 400u);
        EXPECT_GT(zap.refused(), refused_before);
        EXPECT_FALSE(receive(s, kNothing)) << (plain ? "PLAIN" : "NULL");
    }
    EXPECT_EQ(zap.accepted(), 0u);
}

TEST(ZapHandler, OtherDomainsAreRefused) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    CurveServer server(ctx, k.sensor, "elsewhere");
    auto alice = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    alice.send(zmq::str_buffer("hi"));
    auto e = wait_for(server.monitor(), Kind::FailedAuth, kExchange);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->value, 400u);
    EXPECT_FALSE(receive(server.socket(), kNothing));
}

TEST(ZapHandler, StoppedHandlerFailsClosed) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    zap.stop();
    zap.stop();  // idempotent
    CurveServer server(ctx, k.sensor);
    auto alice = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    alice.send(zmq::str_buffer("hi"));
    // No handler bound: ZMQ_ZAP_ENFORCE_DOMAIN fails the handshake at once.
    auto e = server.monitor().next(kExchange);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->kind, Kind::FailedNoDetail);
    EXPECT_FALSE(receive(server.socket(), kNothing));

    zap.start();  // restartable: serves again
    auto again = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    expect_exchange(server, again, "alice");
}

TEST(ZapHandler, SecondHandlerInTheSameContextCannotBind) {
    zmq::context_t ctx;
    ZapHandler a(ctx, AllowList());
    a.start();
    a.start();  // running: no-op
    ZapHandler b(ctx, AllowList());
    EXPECT_THROW(b.start(), zmq::error_t);
}

// Raw RFC 27 requests, as libzmq's ZAP client frames them behind a REQ-style
// empty delimiter; a DEALER lets us send what libzmq never would.
class RawZap {
public:
    explicit RawZap(zmq::context_t& ctx) : s_(ctx, zmq::socket_type::dealer) {
        s_.set(zmq::sockopt::linger, 0);
        s_.connect("inproc://zeromq.zap.01");
    }
    void send(const std::vector<std::string>& frames) {
        std::vector<zmq::const_buffer> bufs;
        for (const auto& f : frames) bufs.push_back(zmq::buffer(f));
        ASSERT_TRUE(zmq::send_multipart(s_, bufs));
    }
    std::optional<std::vector<std::string>> reply(std::chrono::milliseconds timeout = kExchange) {
        zmq::pollitem_t item{s_.handle(), 0, ZMQ_POLLIN, 0};
        if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
        std::vector<zmq::message_t> msgs;
        EXPECT_TRUE(zmq::recv_multipart(s_, std::back_inserter(msgs)));
        std::vector<std::string> out;
        for (auto& m : msgs) out.push_back(m.to_string());
        return out;
    }
    // The status code of the reply to `frames`, after checking the envelope.
    std::string status(const std::vector<std::string>& frames) {
        send(frames);
        auto r = reply();
        if (!r) return "(no reply)";
        EXPECT_EQ(r->size(), 7u);
        if (r->size() != 7) return "(bad reply)";
        EXPECT_EQ((*r)[0], "");
        EXPECT_EQ((*r)[1], "1.0");
        EXPECT_EQ((*r)[2], frames.size() > 2 ? frames[2] : "");
        return (*r)[3] + ((*r)[5].empty() ? "" : " " + (*r)[5]);
    }

private:
    zmq::socket_t s_;
};

std::string raw_key(const std::string& z85) {
    std::array<std::uint8_t, 32> raw{};
    EXPECT_NE(zmq_z85_decode(raw.data(), z85.c_str()), nullptr);
    return std::string(raw.begin(), raw.end());
}

TEST(ZapHandler, AnswersRawRequestsAndSurvivesMalformedOnes) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    RawZap raw(ctx);
    const std::string alice = raw_key(k.alice.public_z85);
    auto req = [](std::string id, std::string domain, std::string mech, std::vector<std::string> creds) {
        std::vector<std::string> f{"", "1.0", std::move(id), std::move(domain), "127.0.0.1", "", std::move(mech)};
        f.insert(f.end(), creds.begin(), creds.end());
        return f;
    };
    EXPECT_EQ(raw.status(req("1", "sensor", "CURVE", {alice})), "200 alice");
    EXPECT_EQ(raw.status(req("2", "sensor", "CURVE", {raw_key(k.mallory.public_z85)})), "400");
    EXPECT_EQ(raw.status(req("3", "other", "CURVE", {alice})), "400");
    EXPECT_EQ(raw.status(req("4", "sensor", "NULL", {})), "400");
    EXPECT_EQ(raw.status(req("5", "sensor", "PLAIN", {"alice", "pw"})), "400");
    EXPECT_EQ(raw.status(req("6", "sensor", "GSSAPI", {"x"})), "400");

    auto v2 = req("7", "sensor", "CURVE", {alice});
    v2[1] = "2.0";
    EXPECT_EQ(raw.status(v2), "500");
    EXPECT_EQ(raw.status({"", "1.0", "8"}), "500");                                // too few frames
    EXPECT_EQ(raw.status(req("9", "sensor", "CURVE", {alice.substr(1)})), "500");  // 31-byte key
    EXPECT_EQ(raw.status(req("10", "sensor", "CURVE", {alice, "extra"})), "500");
    EXPECT_EQ(raw.status(req("11", "sensor", "CURVE", {})), "500");
    auto many = req("12", "sensor", "CURVE", {alice});
    many.resize(100, "x");
    EXPECT_EQ(raw.status(many), "500");
    EXPECT_EQ(raw.status(req("13", std::string(5000, 's'), "CURVE", {alice})), "500");

    // No delimiter or no request id: nothing libzmq would accept as a reply,
    // so nothing is sent; the next request is still answered.
    raw.send({"no delimiter", "1.0", "14"});
    raw.send({""});
    raw.send({"", "1.0"});
    raw.send({"", "1.0", std::string(5000, 'i')});
    EXPECT_EQ(raw.status(req("15", "sensor", "CURVE", {alice})), "200 alice");
    EXPECT_EQ(zap.requests(), 18u);
    EXPECT_EQ(zap.accepted(), 2u);
    EXPECT_EQ(zap.refused(), 16u);

    // And real handshakes still work.
    CurveServer server(ctx, k.sensor);
    auto c = curve_client(ctx, k.sensor, k.alice, server.endpoint());
    expect_exchange(server, c, "alice");
}

// ======================================================== sockets, self-test

TEST(SecurityCurveServer, SetsTheServerOptions) {
    Keys k;
    zmq::context_t ctx;
    zmq::socket_t s(ctx, zmq::socket_type::router);
    make_curve_server(s, k.sensor);
    EXPECT_EQ(s.get(zmq::sockopt::curve_server), 1);
    EXPECT_EQ(s.get(zmq::sockopt::zap_domain), "sensor");
    EXPECT_EQ(s.get(zmq::sockopt::curve_secretkey, 41), k.sensor.secret_z85);
    int enforce = 0;
    std::size_t len = sizeof enforce;
    ASSERT_EQ(zmq_getsockopt(s.handle(), 93, &enforce, &len), 0);  // ZMQ_ZAP_ENFORCE_DOMAIN
    EXPECT_EQ(enforce, 1);

    Cert public_only = k.sensor;
    public_only.secret_z85.clear();
    zmq::socket_t t(ctx, zmq::socket_type::router);
    EXPECT_THROW(make_curve_server(t, public_only), std::invalid_argument);
}

TEST(SecuritySelfTest, PassesWithARunningHandler) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    auto r = self_test(ctx, k.sensor, &zap);
    EXPECT_TRUE(r) << r.error();
    EXPECT_GE(zap.requests(), 1u);
    EXPECT_GE(zap.refused(), 1u);
    EXPECT_EQ(zap.accepted(), 0u);
}

TEST(SecuritySelfTest, FailsWithoutAHandler) {
    Keys k;
    zmq::context_t ctx;
    auto none = self_test(ctx, k.sensor, nullptr);
    ASSERT_FALSE(none);
    EXPECT_THAT(none.error(), StartsWith("CURVE self-test: no ZAP handler answered"));

    ZapHandler never_started(ctx, k.allow());
    auto idle = self_test(ctx, k.sensor, &never_started);
    ASSERT_FALSE(idle);
    EXPECT_THAT(idle.error(), StartsWith("CURVE self-test: no ZAP handler answered"));

    ZapHandler stopped(ctx, k.allow());
    stopped.start();
    stopped.stop();
    auto after_stop = self_test(ctx, k.sensor, &stopped);
    ASSERT_FALSE(after_stop);
    EXPECT_THAT(after_stop.error(), StartsWith("CURVE self-test: no ZAP handler answered"));
}

TEST(SecuritySelfTest, FailsWhenTheHandlerServesAnotherContext) {
    Keys k;
    zmq::context_t ctx, other;
    ZapHandler zap(other, k.allow());
    zap.start();
    auto r = self_test(ctx, k.sensor, &zap);
    ASSERT_FALSE(r);
    EXPECT_THAT(r.error(), StartsWith("CURVE self-test: no ZAP handler answered"));
}

TEST(SecuritySelfTest, FailsWhenAStrangerIsAdmitted) {
    Keys k;
    zmq::context_t ctx;
    // A ZAP handler that admits anyone, as a broken or foreign one might.
    zmq::socket_t lax(ctx, zmq::socket_type::router);
    lax.set(zmq::sockopt::linger, 0);
    lax.bind("inproc://zeromq.zap.01");
    std::atomic<bool> done{false};
    std::thread t([&] {
        while (!done) {
            zmq::pollitem_t item{lax.handle(), 0, ZMQ_POLLIN, 0};
            if (zmq::poll(&item, 1, 20ms) == 0) continue;
            std::vector<zmq::message_t> req;
            (void)zmq::recv_multipart(lax, std::back_inserter(req));
            if (req.size() < 4) continue;
            std::vector<zmq::const_buffer> rep{zmq::buffer(req[0].data(), req[0].size()), zmq::const_buffer(),
                                               zmq::str_buffer("1.0"), zmq::buffer(req[3].data(), req[3].size()),
                                               zmq::str_buffer("200"), zmq::str_buffer("OK"),
                                               zmq::str_buffer("anyone"), zmq::const_buffer()};
            (void)zmq::send_multipart(lax, rep);
        }
    });
    auto r = self_test(ctx, k.sensor, nullptr);
    done = true;
    t.join();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "CURVE self-test: a throwaway key was admitted");
}

TEST(SecuritySelfTest, ReportsABadSensorCert) {
    Keys k;
    zmq::context_t ctx;
    ZapHandler zap(ctx, k.allow());
    zap.start();
    Cert public_only = k.sensor;
    public_only.secret_z85.clear();
    auto r = self_test(ctx, public_only, &zap);
    ASSERT_FALSE(r);
    EXPECT_THAT(r.error(), HasSubstr("no secret key"));
}

}  // namespace
}  // namespace transport
