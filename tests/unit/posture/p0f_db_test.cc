// p0f fingerprint file loader and matcher (posture/kb/p0f_db).
#include "posture/kb/p0f_db.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace posture {
namespace {

// A small file in p0f's format, written for these tests, with every section
// kind p0f knows (the [mtu] and [http:*] ones are checked and skipped).
constexpr std::string_view kFile = R"(; comment
classes = win,unix,other

[mtu]
label = Ethernet or modem
sig   = 1500

[tcp:request]
label = g:unix:Linux:2.2.x-3.x
sig   = *:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0
label = s:unix:Linux:3.11 and newer
sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
label = s:unix:linux:odd
  sig = 4:64+10:4:1400:%8192,*:mss,eol+1:ecn,0+,seq-,ack+,ack-,uptr+,urgf+,pushf+,ts1-,ts2+,opt+,exws,bad:+
label = s:win:Windows:XP
sig   = 4:128:0:*:mtu*4,0:mss,nop,?30:df,id+:*
label = s:!:NMap:SYN scan
sys   = @unix,@win
sig   = *:64-:0:1460:1024,0:mss::0

[tcp:response]
label = s:other:HP-UX:11.x
sig   = 6:255:0:*:32768,0:mss,nop,ws:flow:0

[http:request]
ua_os = Linux,Windows
label = s:!:Firefox:
sys   = Linux
sig   = *:Host,User-Agent:Accept:Firefox/
)";

std::expected<P0fDb, std::string> parse(std::string_view text) { return P0fDb::parse(text, "test.fp"); }

P0fPacket linux_syn() {
    P0fPacket p;
    p.ttl = 64;
    p.mss = 1460;
    p.win = 1460 * 20;
    p.wscale = 10;
    p.layout.kinds = {kTcpOptMss, kTcpOptSackOk, kTcpOptTimestamp, kTcpOptNop, kTcpOptWscale};
    p.layout.count = 5;
    p.quirks = kQuirkDf | kQuirkNzId;
    p.tot_hdr = 60;
    p.ts1 = 1;
    return p;
}

TEST(P0fDb, LoadsTheTcpSectionsAndSkipsTheOthers) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db) << db.error();
    EXPECT_EQ(db->request_count(), 5u);
    EXPECT_EQ(db->response_count(), 1u);
}

TEST(P0fDb, ReadsEveryFieldOfASignature) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db);
    // The "odd" one: "4:64+10:4:1400:%8192,*:mss,eol+1:<all quirks>:+". Find it by matching.
    P0fPacket p;
    p.ttl = 74;
    p.ip_opt_len = 4;
    p.mss = 1400;
    p.win = 8192 * 3;
    p.wscale = 9;
    p.layout.kinds = {kTcpOptMss, kTcpOptEol};
    p.layout.count = 2;
    p.eol_pad = 1;
    p.quirks = kQuirkEcn | kQuirkNzMbz | kQuirkZeroSeq | kQuirkNzAck | kQuirkZeroAck | kQuirkNzUrg | kQuirkUrg |
               kQuirkPush | kQuirkOptZeroTs1 | kQuirkOptNzTs2 | kQuirkOptEolNz | kQuirkOptExws | kQuirkOptBad;
    p.payload = true;
    const P0fMatch m = db->match(p);
    ASSERT_NE(m.sig, nullptr);
    EXPECT_EQ(m.kind, P0fMatchKind::Exact);
    const P0fSig& s = *m.sig;
    EXPECT_EQ(s.ip_ver, 4);
    EXPECT_EQ(s.ttl, 74);  // 64 + 10
    EXPECT_FALSE(s.bad_ttl);
    EXPECT_EQ(s.ip_opt_len, 4);
    EXPECT_EQ(s.mss, 1400);
    EXPECT_EQ(s.win_type, P0fWindow::Mod);
    EXPECT_EQ(s.win, 8192);
    EXPECT_EQ(s.wscale, -1);
    EXPECT_EQ(s.eol_pad, 1);
    EXPECT_EQ(s.pay_class, 1);
    EXPECT_EQ(s.line, 14u);
    // "linux" was spelt "Linux" first: p0f keeps the first spelling.
    EXPECT_EQ(s.name, "Linux");
    EXPECT_EQ(s.flavor, "odd");
    EXPECT_EQ(s.label, "s:unix:linux:odd");
    EXPECT_EQ(p0f_result(s), "Linux odd");
}

TEST(P0fDb, ExactBeatsAnEarlierGeneric) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db);
    P0fPacket p = linux_syn();
    P0fMatch m = db->match(p);
    ASSERT_NE(m.sig, nullptr);
    EXPECT_EQ(m.kind, P0fMatchKind::Exact);
    EXPECT_EQ(m.sig->label, "s:unix:Linux:3.11 and newer");
    EXPECT_EQ(m.dist, 0);
    p.wscale = 7;  // not 3.11's scale: only the generic one fits
    p.ttl = 57;
    m = db->match(p);
    ASSERT_NE(m.sig, nullptr);
    EXPECT_EQ(m.kind, P0fMatchKind::Generic);
    EXPECT_TRUE(m.sig->generic);
    EXPECT_EQ(m.dist, 7);
}

TEST(P0fDb, FuzzyMatches) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db);
    P0fPacket p = linux_syn();
    p.quirks = kQuirkDf;  // id+ may disappear
    P0fMatch m = db->match(p);
    EXPECT_EQ(m.kind, P0fMatchKind::Fuzzy);
    EXPECT_EQ(m.sig->label, "g:unix:Linux:2.2.x-3.x");  // the first fuzzy one in the file wins
    p.quirks = kQuirkDf | kQuirkNzId | kQuirkEcn;  // ecn may appear
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::Fuzzy);
    p.quirks = kQuirkDf | kQuirkNzId | kQuirkPush;  // but not pushf+
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::None);
    p = linux_syn();
    p.ttl = 20;  // 44 hops: too far for a direct match
    m = db->match(p);
    EXPECT_EQ(m.kind, P0fMatchKind::Fuzzy);
    EXPECT_EQ(m.dist, 12);  // guessed from 32
    p.ttl = 65;  // above the initial TTL
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::Fuzzy);
}

TEST(P0fDb, RandomTtlAndToolsAreNeverFuzzy) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db);
    P0fPacket p;
    p.ttl = 33;
    p.mss = 1460;
    p.win = 1024;
    p.layout.kinds = {kTcpOptMss};
    p.layout.count = 1;
    P0fMatch m = db->match(p);
    ASSERT_NE(m.sig, nullptr);
    EXPECT_TRUE(m.sig->userland);
    EXPECT_TRUE(m.sig->bad_ttl);
    EXPECT_EQ(m.kind, P0fMatchKind::Exact);
    EXPECT_EQ(m.dist, 31);
    p.ttl = 70;  // above "64-"
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::None);
    p.ttl = 33;
    p.quirks = kQuirkZeroId;  // would be a fuzzy match, but not for a tool
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::None);
}

TEST(P0fDb, WindowAsMtuMultipleAndUnknownOption) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db);
    P0fPacket p;
    p.ttl = 128;
    p.mss = 1460;
    p.win = 1500 * 4;  // mss + 40 = 1500: an MTU multiple
    p.layout.kinds = {kTcpOptMss, kTcpOptNop, 30};
    p.layout.count = 3;
    p.quirks = kQuirkDf | kQuirkNzId;
    p.tot_hdr = 52;
    const P0fMatch m = db->match(p);
    ASSERT_NE(m.sig, nullptr);
    EXPECT_EQ(m.sig->label, "s:win:Windows:XP");
    EXPECT_EQ(p0f_signature(p), "4:128+0:0:1460:mtu*4,0:mss,nop,?30:df,id+:0");
}

TEST(P0fDb, AnyVersionSignatureDropsTheOtherVersionsQuirks) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db);
    P0fPacket p = linux_syn();
    p.ip_ver = 6;
    p.quirks = 0;  // no df/id+ in IPv6; the '*' signature's df,id+ do not count
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::Exact);
    p.quirks = kQuirkFlow;
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::None);
}

TEST(P0fDb, ResponseSectionForSynAck) {
    const auto db = parse(kFile);
    ASSERT_TRUE(db);
    P0fPacket p;
    p.syn_ack = true;
    p.ip_ver = 6;
    p.ttl = 250;
    p.mss = 1440;
    p.win = 32768;
    p.layout.kinds = {kTcpOptMss, kTcpOptNop, kTcpOptWscale};
    p.layout.count = 3;
    p.quirks = kQuirkFlow;
    const P0fMatch m = db->match(p);
    ASSERT_NE(m.sig, nullptr);
    EXPECT_EQ(p0f_result(*m.sig), "HP-UX 11.x");
    EXPECT_EQ(m.dist, 5);
    p.syn_ack = false;
    EXPECT_EQ(db->match(p).kind, P0fMatchKind::None);
}

TEST(P0fDb, SignatureText) {
    P0fPacket p = linux_syn();
    EXPECT_EQ(p0f_signature(p), "4:64+0:0:1460:mss*20,10:mss,sok,ts,nop,ws:df,id+:0");
    p.ttl = 129;  // 126 hops to 255: too far to say
    p.win = 1000;
    p.payload = true;
    EXPECT_EQ(p0f_signature(p), "4:129+?:0:1460:1000,10:mss,sok,ts,nop,ws:df,id+:+");
    p = linux_syn();
    p.mss = 1400;
    p.win = (1400 - 12) * 3;  // timestamps taken off the MSS
    EXPECT_EQ(p0f_signature(p), "4:64+0:0:1400:mss*3,10:mss,sok,ts,nop,ws:df,id+:0");
    p.ts1 = 0;  // ... only counts with a timestamp
    EXPECT_EQ(p0f_signature(p), "4:64+0:0:1400:4164,10:mss,sok,ts,nop,ws:df,id+:0");
    p = linux_syn();
    p.layout.kinds = {kTcpOptMss, kTcpOptSack, kTcpOptEol};
    p.layout.count = 3;
    p.eol_pad = 7;
    p.quirks = kQuirkZeroId | kQuirkOptBad;
    EXPECT_EQ(p0f_signature(p), "4:64+0:0:1460:mss*20,10:mss,sack,eol+7:id-,bad:0");
}

// ---- errors name the file and the line ----

std::string error_of(std::string_view text) {
    const auto db = parse(text);
    return db ? std::string("(loaded)") : db.error();
}

TEST(P0fDbErrors, NameFileAndLine) {
    const std::string head = "classes = win,unix\n[tcp:request]\nlabel = s:unix:Linux:3.x\n";
    EXPECT_EQ(error_of(head + "sig = *:64:0:*:*,*:mss:df,xx:0\n"),
              "test.fp:4: unrecognized quirk in '*:64:0:*:*,*:mss:df,xx:0'");
    EXPECT_EQ(error_of(head + "sig = *:0:0:*:*,*:mss:df:0\n"), "test.fp:4: bogus initial TTL in '*:0:0:*:*,*:mss:df:0'");
    EXPECT_EQ(error_of(head + "sig = *:64:0:*:*,*:eol+0,mss:df:0\n"),
              "test.fp:4: EOL must be the last option in '*:64:0:*:*,*:eol+0,mss:df:0'");
    EXPECT_EQ(error_of(head + "sig = 6:64:0:*:*,*:mss:df:0\n"),
              "test.fp:4: quirk not valid for IPv6 in '6:64:0:*:*,*:mss:df:0'");
    EXPECT_EQ(error_of(head + "sig = *:64:0:*:mss*0,*:mss:df:0\n"),
              "test.fp:4: bogus MSS/MTU multiplier in '*:64:0:*:mss*0,*:mss:df:0'");
    EXPECT_EQ(error_of(head + "sig = *:64:0:*:*,*:mss:df:x\n"),
              "test.fp:4: malformed payload class in '*:64:0:*:*,*:mss:df:x'");
    EXPECT_EQ(error_of(head + "sig = *:64:0:*:*,*:mss:df\n"), "test.fp:4: malformed quirks in '*:64:0:*:*,*:mss:df'");
    EXPECT_EQ(error_of(head + "sig = 5:64:0:*:*,*:mss:df:0\n"), "test.fp:4: unrecognized IP version in '5:64:0:*:*,*:mss:df:0'");
    EXPECT_EQ(error_of(head + "sig = *:64:0:*:*,*:mss,foo:df:0\n"),
              "test.fp:4: unrecognized TCP option in '*:64:0:*:*,*:mss,foo:df:0'");
    EXPECT_EQ(error_of(head + "\n; a comment\nsig = 4:64:0:*:*,*:mss:df:0\nsig = 4:64:0:*:*,*:mss:df:0\n"),
              "test.fp:7: signature is already covered by line 6");
    // As in p0f, a '*' signature with IPv4 quirks is compared as if for IPv6
    // (those quirks dropped), so its duplicate goes unnoticed.
    EXPECT_EQ(error_of(head + "sig = *:64:0:*:*,*:mss:df:0\nsig = *:64:0:*:*,*:mss:df:0\n"), "(loaded)");
}

TEST(P0fDbErrors, Placement) {
    EXPECT_EQ(error_of("[tcp:request]\nsig = *:64:0:*:*,*:mss:df:0\n"), "test.fp:2: misplaced 'sig'");
    EXPECT_EQ(error_of("[tcp:request]\nclasses = win\n"), "test.fp:2: misplaced 'classes'");
    EXPECT_EQ(error_of("classes = win\n[tcp:request]\nlabel = s:!:NMap:SYN scan\nsig = *:64:0:*:*,*:mss::0\n"),
              "test.fp:4: misplaced 'sig'");  // a tool label needs its 'sys' line first
    EXPECT_EQ(error_of("classes = win\n[tcp:request]\nlabel = s:bsd:FreeBSD:9\n"), "test.fp:3: unknown class 'bsd'");
    EXPECT_EQ(error_of("classes = win\n[tcp:request]\nlabel = x:win:Windows:7\n"), "test.fp:3: malformed class entry");
    EXPECT_EQ(error_of("classes = win\n[tcp:request]\nlabel = s:win:Windows\n"), "test.fp:3: malformed name");
    EXPECT_EQ(error_of("[udp:request]\n"), "test.fp:1: unrecognized fingerprinting module 'udp'");
    EXPECT_EQ(error_of("[tcp:sideways]\n"), "test.fp:1: unrecognized traffic direction");
    EXPECT_EQ(error_of("[tcp]\n"), "test.fp:1: malformed section identifier");
    EXPECT_EQ(error_of("classes win\n"), "test.fp:1: unexpected statement");
    EXPECT_EQ(error_of("colour = blue\n"), "test.fp:1: unrecognized field 'colour'");
}

TEST(P0fDbErrors, EmptyFileAndCrLf) {
    const auto empty = parse("");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->request_count(), 0u);
    const auto crlf = parse("classes = unix\r\n[tcp:request]\r\nlabel = s:unix:Linux:3.x\r\nsig = *:64:0:*:*,*:mss:df:0\r\n");
    ASSERT_TRUE(crlf) << crlf.error();
    EXPECT_EQ(crlf->request_count(), 1u);
}

TEST(P0fDbErrors, MissingFileIsNamed) {
    const auto db = P0fDb::load("/nonexistent/p0f.fp");
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error(), "/nonexistent/p0f.fp: cannot open for reading");
}

TEST(P0fDb, DebiansFileLoads) {
    if (!std::filesystem::exists("/etc/p0f/p0f.fp")) GTEST_SKIP() << "p0f is not installed";
    const auto db = P0fDb::load();
    ASSERT_TRUE(db) << db.error();
    EXPECT_EQ(db->request_count(), 91u);
    EXPECT_EQ(db->response_count(), 101u);
}

}  // namespace
}  // namespace posture
