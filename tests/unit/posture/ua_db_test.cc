// User-Agent parser over uap-core's regexes.yaml (posture/kb/ua_db).
// The conformance tests replay uap-core's own test cases, as its reference
// test (/usr/share/uap-core/tests/test.js) does, and require an agreement
// rate just under what we measured; they skip when the package is absent.
#include "posture/kb/ua_db.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

namespace posture {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kRegexes = "/usr/share/uap-core/regexes.yaml";
constexpr std::string_view kUapDir = "/usr/share/uap-core/";

// The shared database, loaded once (RE2 compiles ~1200 regexes).
UaDb* db() {
    static std::optional<UaDb> loaded = []() -> std::optional<UaDb> {
        if (!fs::exists(kRegexes)) return std::nullopt;
        auto d = UaDb::load(std::string(kRegexes));
        if (!d) return std::nullopt;
        return std::move(*d);
    }();
    return loaded ? &*loaded : nullptr;
}

#define SENSOR_NEED_DB()                                            \
    UaDb* const d = db();                                           \
    if (d == nullptr) GTEST_SKIP() << "uap-core is not installed: no " << kRegexes

// The hint for `attribute`, or "" when there is none.
std::string hint(const std::vector<ClassHint>& hints, std::string_view attribute) {
    for (const auto& h : hints)
        if (h.attribute == attribute) return h.value;
    return {};
}

std::uint8_t weight(const std::vector<ClassHint>& hints, std::string_view attribute) {
    for (const auto& h : hints)
        if (h.attribute == attribute) return h.weight;
    return 0;
}

// ---- conformance with uap-core's test cases ----

enum class Kind { Ua, Os, Device };

struct Suite {
    std::string_view file;  // under /usr/share/uap-core/
    Kind kind;
    double min_rate;  // uap-core 0.16.0 (Debian 12): 100% everywhere; 1% margin for other releases
};

// The fields test.js compares, as the test file spells them, and ours.
std::vector<std::pair<std::string_view, std::string>> fields(Kind k, const UaInfo& u) {
    switch (k) {
        case Kind::Ua:
            return {{"family", u.family}, {"major", u.major}, {"minor", u.minor}, {"patch", u.patch}};
        case Kind::Os:
            return {{"family", u.os_family},
                    {"major", u.os_major},
                    {"minor", u.os_minor},
                    {"patch", u.os_patch},
                    {"patch_minor", u.os_patch_minor}};
        case Kind::Device:
            return {{"family", u.device_family}, {"brand", u.brand}, {"model", u.model}};
    }
    return {};
}

std::string text(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

class UaDbConformance : public ::testing::TestWithParam<Suite> {};

TEST_P(UaDbConformance, AgreesWithUapCoreTestCases) {
    SENSOR_NEED_DB();
    const Suite& s = GetParam();
    const std::string path = std::string(kUapDir) + std::string(s.file);
    if (!fs::exists(path)) GTEST_SKIP() << "no " << path;
    const YAML::Node cases = YAML::LoadFile(path)["test_cases"];
    ASSERT_TRUE(cases.IsSequence()) << path;
    std::size_t total = 0, agree = 0;
    std::vector<std::string> disagreements;
    for (const YAML::Node& c : cases) {
        const std::string ua = text(c["user_agent_string"]);
        const UaInfo u = d->parse_uncached(ua);
        std::string diff;
        for (const auto& [key, got] : fields(s.kind, u)) {
            const std::string want = text(c[std::string(key)]);
            if (got != want) diff += " " + std::string(key) + "='" + got + "' want '" + want + "'";
        }
        ++total;
        if (diff.empty()) ++agree;
        else if (disagreements.size() < 5) disagreements.push_back(ua.substr(0, 120) + "\n     " + diff);
    }
    ASSERT_GT(total, 0u) << path;
    const double rate = static_cast<double>(agree) / static_cast<double>(total);
    std::printf("[ uap-core ] %-48s %5zu/%5zu agree (%.2f%%)\n", std::string(s.file).c_str(), agree, total,
                100.0 * rate);
    for (const auto& line : disagreements) std::printf("   differs: %s\n", line.c_str());
    EXPECT_GE(rate, s.min_rate) << path;
}

INSTANTIATE_TEST_SUITE_P(
    UaDbUapCore, UaDbConformance,
    ::testing::Values(Suite{"tests/test_ua.yaml", Kind::Ua, 0.99},
                      Suite{"tests/test_os.yaml", Kind::Os, 0.99},
                      Suite{"tests/test_device.yaml", Kind::Device, 0.99},
                      Suite{"test_resources/firefox_user_agent_strings.yaml", Kind::Ua, 0.99},
                      Suite{"test_resources/pgts_browser_list.yaml", Kind::Ua, 0.99},
                      Suite{"test_resources/opera_mini_user_agent_strings.yaml", Kind::Ua, 0.99},
                      Suite{"test_resources/podcasting_user_agent_strings.yaml", Kind::Ua, 0.99},
                      Suite{"test_resources/additional_os_tests.yaml", Kind::Os, 0.99}),
    [](const ::testing::TestParamInfo<Suite>& p) {
        std::string name = fs::path(p.param.file).stem().string();
        std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                        '_');
        return name;
    });

// ---- loading ----

TEST(UaDbLoad, CompilesTheRealFileQuickly) {
    if (!fs::exists(kRegexes)) GTEST_SKIP() << "uap-core is not installed";
    const auto t0 = std::chrono::steady_clock::now();
    auto d = UaDb::load(std::string(kRegexes));
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(d) << d.error();
    std::printf("[ uap-core ] load: %lld ms, %zu regexes, %zu skipped by RE2\n", static_cast<long long>(ms),
                d->rule_count(), d->skipped());
    EXPECT_GT(d->rule_count(), 1000u);
    EXPECT_LT(d->skipped(), 10u);
}

TEST(UaDbLoad, MissingFileNamesIt) {
    auto d = UaDb::load("/nonexistent/regexes.yaml");
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().find("/nonexistent/regexes.yaml"), std::string::npos) << d.error();
}

class UaDbFile : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("ua_db_test_" + std::to_string(::getpid()) + "_" + test->name());
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    std::string write(std::string_view content) {
        const std::string path = (dir_ / "regexes.yaml").string();
        std::ofstream(path) << content;
        return path;
    }
    fs::path dir_;
};

TEST_F(UaDbFile, YamlSyntaxErrorNamesFileAndLine) {
    const std::string path = write("user_agent_parsers:\n  - regex: '(Foo)/(\\d+)'\n"
                                   "    family_replacement: 'Foo': bar\n");  // a second ':' on line 3
    auto d = UaDb::load(path);
    ASSERT_FALSE(d);
    EXPECT_TRUE(d.error().starts_with(path + ":3: ")) << d.error();
}

TEST_F(UaDbFile, WrongShapeNamesLineAndKey) {
    const std::string path = write("user_agent_parsers:\n  - regex: 'Foo'\nos_parsers: 7\ndevice_parsers: []\n");
    auto d = UaDb::load(path);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), path + ":3: os_parsers: expected a list");
}

TEST_F(UaDbFile, EntryWithoutRegexNamesLine) {
    const std::string path = write("user_agent_parsers:\n  - family_replacement: 'Foo'\n"
                                   "os_parsers: []\ndevice_parsers: []\n");
    auto d = UaDb::load(path);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), path + ":2: regex: missing");
}

TEST_F(UaDbFile, MissingListIsAnError) {
    const std::string path = write("user_agent_parsers: []\nos_parsers: []\n");
    auto d = UaDb::load(path);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), path + ": device_parsers: missing");
}

TEST_F(UaDbFile, RegexRe2RejectsIsSkippedAndCounted) {
    // A lookahead and a backreference: PCRE has them, RE2 does not.
    const std::string path = write(
        "user_agent_parsers:\n"
        "  - regex: 'Foo(?!bar)/(\\d+)'\n"
        "  - regex: '(Baz)/(\\d)\\2'\n"
        "  - regex: '(Foo)/(\\d+)\\.(\\d+)'\n"
        "os_parsers:\n"
        "  - regex: 'Windows NT (\\d+)\\.(\\d+)'\n"
        "    os_replacement: 'Windows'\n"
        "    os_v1_replacement: '$1'\n"
        "    os_v2_replacement: '$2'\n"
        "device_parsers:\n"
        "  - regex: 'phone ([a-z]+)'\n"
        "    regex_flag: 'i'\n"
        "    device_replacement: ' Acme $1 '\n"
        "    brand_replacement: 'Acme'\n"
        "    model_replacement: '$1$9'\n");
    auto d = UaDb::load(path);
    ASSERT_TRUE(d) << d.error();
    EXPECT_EQ(d->skipped(), 2u);
    EXPECT_EQ(d->rule_count(), 3u);
    const UaInfo& u = d->parse("Foo/12.3 (Windows NT 6.1) PHONE XyZ");
    EXPECT_EQ(u.family, "Foo");
    EXPECT_EQ(u.major, "12");
    EXPECT_EQ(u.minor, "3");
    EXPECT_EQ(u.patch, "");
    EXPECT_EQ(u.os_family, "Windows");
    EXPECT_EQ(u.os_major, "6");
    EXPECT_EQ(u.os_minor, "1");
    EXPECT_EQ(u.device_family, "Acme XyZ");  // trimmed; case-insensitive match
    EXPECT_EQ(u.brand, "Acme");
    EXPECT_EQ(u.model, "XyZ");  // $9: no such group, empty
    const UaInfo& none = d->parse("nothing here");
    EXPECT_EQ(none.family, "Other");
    EXPECT_EQ(none.os_family, "Other");
    EXPECT_EQ(none.device_family, "Other");
    EXPECT_EQ(none.major, "");
    EXPECT_EQ(none.brand, "");
    EXPECT_EQ(none.model, "");
}

TEST_F(UaDbFile, UnknownRegexFlagIsAnError) {
    const std::string path = write("user_agent_parsers: []\nos_parsers: []\n"
                                   "device_parsers:\n  - regex: 'x'\n    regex_flag: 'g'\n");
    auto d = UaDb::load(path);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), path + ":5: regex_flag: unknown flag 'g'");
}

// ---- specific User-Agents and their hints ----

TEST(UaDbHints, IphoneSafari) {
    SENSOR_NEED_DB();
    const UaInfo& u = d->parse(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/16.1 Mobile/15E148 Safari/604.1");
    EXPECT_EQ(u.family, "Mobile Safari");
    EXPECT_EQ(u.os_family, "iOS");
    const auto h = ua_hints(u);
    EXPECT_EQ(hint(h, "os.name"), "iOS");
    EXPECT_EQ(hint(h, "os.version"), "16.1");
    EXPECT_EQ(hint(h, "type"), "phone");
    EXPECT_EQ(hint(h, "vendor"), "Apple");
    EXPECT_EQ(hint(h, "model"), "iPhone");
    for (const auto& x : h) EXPECT_EQ(x.src, "http.ua");
}

TEST(UaDbHints, Windows10Chrome) {
    SENSOR_NEED_DB();
    const UaInfo& u = d->parse(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 "
        "Safari/537.36");
    EXPECT_EQ(u.family, "Chrome");
    EXPECT_EQ(u.major, "118");
    const auto h = ua_hints(u);
    EXPECT_EQ(hint(h, "os.name"), "Windows");
    EXPECT_EQ(hint(h, "os.version"), "10");
    EXPECT_EQ(hint(h, "type"), "workstation");
    EXPECT_EQ(hint(h, "vendor"), "");
    EXPECT_EQ(hint(h, "model"), "");
    EXPECT_EQ(weight(h, "os.name"), kUaOsNameWeight);
}

TEST(UaDbHints, AndroidWebViewOnHuaweiPhone) {
    SENSOR_NEED_DB();
    const UaInfo& u = d->parse(
        "Mozilla/5.0 (Linux; Android 9; JKM-LX1 Build/HUAWEIJKM-LX1; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Version/4.0 Chrome/106.0.5249.118 Mobile Safari/537.36");
    const auto h = ua_hints(u);
    EXPECT_EQ(hint(h, "os.name"), "Android");
    EXPECT_EQ(hint(h, "os.version"), "9");
    EXPECT_EQ(hint(h, "type"), "phone");
    EXPECT_EQ(weight(h, "type"), kUaTypeWeight);  // "Mobile": not a guess
    EXPECT_EQ(hint(h, "vendor"), "Huawei");
    EXPECT_EQ(hint(h, "model"), "JKM-LX1");
    EXPECT_EQ(weight(h, "model"), kUaModelWeight);
}

TEST(UaDbHints, MacSafari) {
    SENSOR_NEED_DB();
    const auto h = ua_hints(d->parse(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 "
        "Safari/605.1.15"));
    EXPECT_EQ(hint(h, "os.name"), "macOS");
    EXPECT_EQ(hint(h, "os.version"), "10.15");
    EXPECT_EQ(hint(h, "type"), "workstation");
    EXPECT_EQ(hint(h, "vendor"), "Apple");
}

TEST(UaDbHints, UbuntuFirefoxIsLinuxWithoutDistributionVersion) {
    SENSOR_NEED_DB();
    const UaInfo& u =
        d->parse("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0");
    const auto h = ua_hints(u);
    EXPECT_EQ(hint(h, "os.name"), "Linux") << u.os_family;
    EXPECT_EQ(hint(h, "os.version"), "");
    EXPECT_EQ(hint(h, "type"), "workstation");
}

TEST(UaDbHints, ToolsNameNoPlatform) {
    SENSOR_NEED_DB();
    for (const char* ua : {"curl/7.88.1", "Wget/1.21.3", "python-requests/2.28.1", "Go-http-client/1.1"}) {
        const auto h = ua_hints(d->parse(ua));
        EXPECT_EQ(hint(h, "type"), "") << ua;
        EXPECT_EQ(hint(h, "os.name"), "") << ua;
    }
}

TEST(UaDbHints, CrawlersGiveNoHints) {
    SENSOR_NEED_DB();
    const UaInfo& u = d->parse(
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/118.0.5993.70 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    EXPECT_EQ(u.device_family, "Spider");
    EXPECT_TRUE(ua_hints(u).empty());
    EXPECT_TRUE(ua_hints(d->parse("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")).empty());
}

TEST(UaDbHints, NothingFromOther) {
    UaInfo u;
    u.family = u.os_family = u.device_family = "Other";
    EXPECT_TRUE(ua_hints(u).empty());
}

TEST(UaDbHints, OsNames) {
    EXPECT_EQ(ua_os_name("Mac OS X"), "macOS");
    EXPECT_EQ(ua_os_name("iPadOS"), "iOS");
    EXPECT_EQ(ua_os_name("Fedora"), "Linux");
    EXPECT_EQ(ua_os_name("Chrome OS"), "Chrome OS");
    EXPECT_EQ(ua_os_name("Other"), "");
    EXPECT_EQ(ua_os_name("Samsung"), "");
}

// ---- the cache and the input bound ----

TEST(UaDbCache, RepeatedInputIsAHit) {
    SENSOR_NEED_DB();
    const std::string ua = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/118.0 cache-test";
    const UaInfo& a = d->parse(ua);
    const auto hits = d->cache_hits();
    const UaInfo& b = d->parse(std::string(ua));
    EXPECT_EQ(&a, &b);
    EXPECT_EQ(d->cache_hits(), hits + 1);
    EXPECT_EQ(b.family, "Firefox");
}

TEST(UaDbCache, SizeIsBoundedAndResultsStayRight) {
    SENSOR_NEED_DB();
    // Distinct strings the parsers still read the same way.
    for (std::size_t i = 0; i < kUaCacheEntries + 500; ++i) {
        const std::string ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/" + std::to_string(i) + ".0.1.2";
        const UaInfo& u = d->parse(ua);
        ASSERT_EQ(u.major, std::to_string(i));
        ASSERT_LE(d->cache_size(), kUaCacheEntries);
    }
    EXPECT_EQ(d->cache_size(), kUaCacheEntries);
    // A string used again before the hand reaches it survives the sweep.
    const std::string hot = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/hot";
    (void)d->parse(hot);
    const auto misses = d->cache_misses();
    constexpr std::size_t kCold = 3 * kUaCacheEntries;  // the hand goes round three times
    for (std::size_t i = 0; i < kCold; ++i) {
        (void)d->parse("cold/" + std::to_string(i));
        (void)d->parse(hot);
    }
    EXPECT_EQ(d->cache_misses(), misses + kCold);  // every cold string missed, the hot one never
}

TEST(UaDbCache, LongInputIsCutBeforeMatching) {
    SENSOR_NEED_DB();
    const std::string head = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) ";
    std::string ua = head + std::string(kUaMaxBytes, 'x') + " Firefox/99.0";
    const UaInfo& u = d->parse(ua);
    EXPECT_EQ(u.family, "Other");  // the product token lies past the cut
    EXPECT_EQ(u.os_family, "Windows");
    // Strings equal in their first kUaMaxBytes share an entry.
    const UaInfo& v = d->parse(head + std::string(kUaMaxBytes, 'x') + " Chrome/1.0");
    EXPECT_EQ(&u, &v);
}

TEST(UaDbCache, HostileBytesDoNotCrash) {
    SENSOR_NEED_DB();
    std::string junk;
    for (int i = 0; i < 600; ++i) junk.push_back(static_cast<char>((i * 37) & 0xff));
    const UaInfo& u = d->parse(junk);
    EXPECT_FALSE(u.family.empty());
    EXPECT_FALSE(d->parse(std::string_view()).family.empty());
    const std::string nul("Mozilla/5.0 (Windows NT 10.0\0; Win64)", 38);
    EXPECT_EQ(d->parse(nul).os_family, "Windows");
}

}  // namespace
}  // namespace posture
