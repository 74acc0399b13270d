// Every built-in risk rule fires from a generated capture: sitegen's rule lab
// (bench/sitegen/rulelab.h) builds one capture in which each rule is made to
// fire on a host of its own; sensord replays it with the configuration the lab
// wrote, and each truth row must be met by the real record: the finding on
// that device, its evidence, and a risk score that is the saturating
// combination of the device's findings' scores from the rule table. Control
// hosts must end with no finding. An enabled rule without a truth row fails
// the test, so a new rule cannot be added without a capture that fires it.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "posture/risk/rules.h"
#include "tests/integration/util.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct LabRun {
    std::vector<std::map<std::string, std::string>> truth;
    std::map<std::string, json> by_mac;
    posture::risk::RuleSet rules;
    std::string error;
};

const LabRun& lab_run() {
    static const LabRun run = [] {
        LabRun r;
        const fs::path dir = testutil::scratch("rulelab");
        auto gen = testutil::run(testutil::sitegen() + " --rule-lab --out " + dir.string());
        if (gen.exit_code != 0) {
            r.error = "sitegen --rule-lab failed";
            return r;
        }
        r.truth = testutil::read_tsv(dir / "rules_truth.tsv");
        auto out = testutil::run(testutil::sensord() + " -q --json --config " + (dir / "rules_config.yaml").string() +
                                 " -r " + (dir / "rules.pcap").string());
        if (out.exit_code != 0) {
            r.error = "sensord failed on the rule lab capture";
            return r;
        }
        for (auto& rec : testutil::json_lines(out.out))
            if (rec.contains("mac")) r.by_mac[rec["mac"].get<std::string>()] = rec;
        auto rules = posture::risk::load_rules_dir(posture::risk::default_rules_dir());
        if (!rules) {
            r.error = rules.error();
            return r;
        }
        r.rules = std::move(*rules);
        return r;
    }();
    return run;
}

std::string findings_text(const json& rec) {
    std::string s;
    for (const auto& f : rec["posture"]["findings"])
        s += "\n  " + f["rule"].get<std::string>() + ": " + f["evidence"].get<std::string>();
    return s.empty() ? " (none)" : s;
}

TEST(RuleLab, EveryRowFiresOnItsDeviceWithItsEvidence) {
    const LabRun& r = lab_run();
    ASSERT_TRUE(r.error.empty()) << r.error;
    ASSERT_FALSE(r.truth.empty());
    std::size_t checked = 0;
    for (const auto& row : r.truth) {
        const std::string& rule = row.at("rule");
        const std::string& mac = row.at("mac");
        SCOPED_TRACE(row.at("case") + ": " + rule + " on " + mac);
        auto it = r.by_mac.find(mac);
        ASSERT_NE(it, r.by_mac.end()) << "no record for " << mac;
        const json& rec = it->second;
        ASSERT_TRUE(rec.contains("posture"));
        const json& findings = rec["posture"]["findings"];
        if (rule == "-") {
            EXPECT_TRUE(findings.empty()) << "a control host has findings:" << findings_text(rec);
            ++checked;
            continue;
        }
        bool found = false;
        for (const auto& f : findings) {
            if (f["rule"] != rule) continue;
            found = true;
            const auto ev = f["evidence"].get<std::string>();
            EXPECT_NE(ev.find(row.at("evidence")), std::string::npos)
                << "evidence '" << ev << "' lacks '" << row.at("evidence") << "'";
            EXPECT_LE(f["first_seen"].get<std::uint64_t>(), f["last_seen"].get<std::uint64_t>());
            const auto* def = r.rules.find(rule);
            ASSERT_NE(def, nullptr);
            EXPECT_EQ(f["title"], def->title);
            EXPECT_EQ(f["sev"], std::string(posture::risk::severity_name(def->severity)));
        }
        EXPECT_TRUE(found) << "not fired; the device has:" << findings_text(rec);
        ++checked;
    }
    EXPECT_EQ(checked, r.truth.size());
}

// risk = round(100 * (1 - prod(1 - score_i / 100))), computed here from the
// rule table, not with the engine's function.
TEST(RuleLab, RiskIsTheSaturatingCombinationOfTheFindings) {
    const LabRun& r = lab_run();
    ASSERT_TRUE(r.error.empty()) << r.error;
    std::set<std::string> macs;
    for (const auto& row : r.truth) macs.insert(row.at("mac"));
    for (const auto& mac : macs) {
        auto it = r.by_mac.find(mac);
        ASSERT_NE(it, r.by_mac.end()) << mac;
        const json& p = it->second["posture"];
        double keep = 1.0;
        for (const auto& f : p["findings"]) {
            const auto* def = r.rules.find(f["rule"].get<std::string>());
            ASSERT_NE(def, nullptr) << f["rule"];
            keep *= 1.0 - def->score / 100.0;
        }
        const int risk = static_cast<int>(std::lround(100.0 * (1.0 - keep)));
        EXPECT_EQ(p["risk"].get<int>(), risk) << mac << findings_text(it->second);
        const auto& t = r.rules.thresholds;
        const char* level = risk >= t.critical ? "critical"
                            : risk >= t.high   ? "high"
                            : risk >= t.medium ? "medium"
                            : risk >= t.low    ? "low"
                                               : "none";
        EXPECT_EQ(p["level"], level) << mac;
    }
}

TEST(RuleLab, EveryBuiltInRuleHasACapture) {
    const LabRun& r = lab_run();
    ASSERT_TRUE(r.error.empty()) << r.error;
    std::set<std::string> covered;
    for (const auto& row : r.truth) covered.insert(row.at("rule"));
    ASSERT_GE(r.rules.rules.size(), 25u);
    // Shipped off because Debian's nDPI 4.2, as the sensor runs it, never
    // raises them (posture/rules/ndpi.yaml says why for each): no capture
    // can fire them. Turning another rule off to pass this test shows here.
    const std::set<std::string> off = {"NDPI-URL-POSSIBLE-RCE-INJECTION", "NDPI-RISKY-ASN", "NDPI-RISKY-DOMAIN",
                                       "NDPI-MALICIOUS-JA3", "NDPI-MALICIOUS-SHA1-CERTIFICATE"};
    std::set<std::string> disabled;
    for (const auto& rule : r.rules.rules) {
        if (!rule.enabled) {
            disabled.insert(rule.id);
            EXPECT_FALSE(covered.count(rule.id)) << rule.id << " is off but has a truth row";
            continue;
        }
        EXPECT_TRUE(covered.count(rule.id)) << rule.id << " (" << rule.where << ") has no rule-lab capture";
    }
    EXPECT_EQ(disabled, off);
    EXPECT_TRUE(covered.count("-")) << "no control host";
}

}  // namespace
