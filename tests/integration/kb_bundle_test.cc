// Signed knowledge-base updates end to end (firmware/kb/README.md): keys made
// with openssl at test time, bundles made by firmware/kb/make-kb-bundle.sh,
// and a running sensord: the version in hello, a tampered bundle refused on
// SIGHUP with the running version kept, a new version loaded on SIGHUP, and a
// tampered bundle at start-up refused in favour of the built-in data.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string sensorctl() { return std::string(SENSOR_BINARY_DIR) + "/transport/sensorctl"; }
const std::string kSrc = SENSOR_SOURCE_DIR;

// A bundle of the project's tables and rules, version `v`, signed with `key`.
void make_bundle(const fs::path& out, const std::string& v, const fs::path& key) {
    fs::remove_all(out);
    auto r = testutil::run(kSrc + "/firmware/kb/make-kb-bundle.sh --kb " + kSrc + "/posture/kb --rules " + kSrc +
                           "/posture/rules --version " + v + " --key " + key.string() + " --out " + out.string() + " 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
}

TEST(KbBundleDaemon, HelloShowsTheVersionAndSighupLoadsOnlyGoodBundles) {
    if (testutil::run("openssl version >/dev/null 2>&1").exit_code != 0) GTEST_SKIP() << "openssl missing";
    const fs::path dir = testutil::scratch("kb-bundle");
    fs::create_directories(dir / "keys");
    ASSERT_EQ(testutil::run("openssl genpkey -algorithm ed25519 -out " + (dir / "signing.pem").string() +
                            " && openssl pkey -in " + (dir / "signing.pem").string() + " -pubout -out " +
                            (dir / "keys" / "vendor.pem").string())
                  .exit_code,
              0);
    ASSERT_EQ(testutil::run(testutil::sitegen() + " --rule-lab --out " + dir.string() + " 2>/dev/null").exit_code, 0);
    const fs::path bundle = dir / "bundle";
    make_bundle(bundle, "2026.12.01-test", dir / "signing.pem");

    testutil::Served s(dir, "-q -r " + (dir / "rules.pcap").string() + " --kb-bundle " + bundle.string() + " --kb-keys " +
                                (dir / "keys").string() +
                                " --serve --insecure --events tcp://127.0.0.1:* --control tcp://127.0.0.1:*");
    std::string events, control;
    ASSERT_TRUE(s.wait_serving(events, control)) << s.err();
    EXPECT_NE(s.err().find("knowledge base 2026.12.01-test from " + bundle.string()), std::string::npos) << s.err();
    const std::string hello = sensorctl() + " --insecure --events " + events + " --control " + control + " hello";
    auto kb_version = [&] {
        auto j = testutil::json_lines(testutil::run(hello).out);
        return j.empty() ? std::string() : j[0].value("kb_version", std::string());
    };
    EXPECT_EQ(kb_version(), "2026.12.01-test");
    auto wait_err = [&](const std::string& what) {
        for (int i = 0; i < 600 && s.err().find(what) == std::string::npos; ++i)  // up to 30 s on a loaded machine
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return s.err().find(what) != std::string::npos;
    };

    // Version 2, but one rule file changed after signing: refused, version 1 stays.
    make_bundle(bundle, "2026.12.02-test", dir / "signing.pem");
    std::ofstream(bundle / "rules" / "services.yaml", std::ios::app) << "\n# edited after signing\n";
    ASSERT_TRUE(s.hup());
    ASSERT_TRUE(wait_err("rules/services.yaml: sha256 mismatch; knowledge base 2026.12.01-test stays")) << s.err();
    EXPECT_EQ(kb_version(), "2026.12.01-test");

    // The same version signed properly: loaded.
    make_bundle(bundle, "2026.12.02-test", dir / "signing.pem");
    ASSERT_TRUE(s.hup());
    ASSERT_TRUE(wait_err("knowledge base 2026.12.02-test from")) << s.err();
    std::string v;
    for (int i = 0; i < 300 && (v = kb_version()) != "2026.12.02-test"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(v, "2026.12.02-test");
    EXPECT_EQ(s.stop(), 0);

    // At start-up, a tampered bundle: the built-in data runs (and says so),
    // with the same inventory as no bundle at all.
    std::ofstream(bundle / "kb" / "os.yaml", std::ios::app) << "\n# edited after signing\n";
    const std::string read = testutil::sensord() + " -q --json -r " + (dir / "rules.pcap").string();
    auto refused = testutil::run(read + " --kb-bundle " + bundle.string() + " --kb-keys " + (dir / "keys").string() +
                                 " 2>" + (dir / "refused.err").string());
    ASSERT_EQ(refused.exit_code, 0);
    EXPECT_NE(testutil::slurp(dir / "refused.err").find("kb/os.yaml: sha256 mismatch; the built-in knowledge base runs"),
              std::string::npos)
        << testutil::slurp(dir / "refused.err");
    EXPECT_EQ(refused.out, testutil::run(read).out);
}

}  // namespace
