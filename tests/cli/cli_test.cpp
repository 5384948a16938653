// SPDX-License-Identifier: Apache-2.0
// `countersign block|tx|receipt|logs|storage` against a live anvil: honest data verifies (exit 0, the right
// block and hash printed), a wrong --checkpoint is refused (exit 1, NOT_LINKED), unmet confirmations are
// refused (NOT_CONFIRMED), bad arguments exit 2, an unreachable node exits 3, and --json parses. Several --rpc
// (two tamper proxies over the one anvil): agreeing providers verify and corroborate the anchor, a provider
// that alters an answer is refused as PROVIDERS_DISAGREE with both answers shown, --quorum 1 takes the first
// provider's answer, and --checkpoint finalized anchors to the agreed finalized block.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rpc/http_provider.hpp"
#include "rpc/testing/anvil.hpp"
#include "rpc/testing/tamper_proxy.hpp"

namespace countersign {
namespace {

using nlohmann::json;

struct CliRun {
    int exit_code{-1};
    std::string out;  // stdout and stderr
};

CliRun run_cli(const std::string& args, bool merge_stderr = true) {
    const std::string command = std::string{COUNTERSIGN_BIN} + " " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
    CliRun r;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

const std::string kFrom = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const std::string kTo = "0x00000000000000000000000000000000c0ffee01";
const std::string kTopic = "0x7061696400000000000000000000000000000000000000000000000000000001";

class CliAnvil : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto started = testing::Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_ = std::move(*started).release();
        auto p = rpc::HttpProvider::create(anvil_->url());
        ASSERT_TRUE(p) << p.error().to_string();
        auto& node = **p;
        auto genesis = node.call("eth_getBlockByNumber", json::array({"0x0", false}));
        ASSERT_TRUE(genesis);
        genesis_hash_ = (*genesis)["hash"].get<std::string>();
        // Block 1: a value transfer from anvil's unlocked dev account and a contract creation whose
        // constructor emits LOG1(kTopic, 42); blocks 2..4 confirm them.
        ASSERT_TRUE(node.call("evm_setAutomine", json::array({false})));
        auto sent = node.call("eth_sendTransaction",
                              json::array({{{"from", kFrom}, {"to", kTo}, {"value", "0x3039"}}}));
        ASSERT_TRUE(sent) << sent.error().to_string();
        tx_hash_ = sent->get<std::string>();
        const std::string init_code = "0x602a6000527f" + kTopic.substr(2) + "60206000a100";
        auto deployed = node.call("eth_sendTransaction",
                                  json::array({{{"from", kFrom}, {"data", init_code}, {"gas", "0x30000"}}}));
        ASSERT_TRUE(deployed) << deployed.error().to_string();
        ASSERT_TRUE(node.call("evm_mine", json::array()));
        ASSERT_TRUE(node.call("anvil_mine", json::array({"0x3"})));
        auto receipt = node.call("eth_getTransactionReceipt", json::array({*deployed}));
        ASSERT_TRUE(receipt && receipt->is_object());
        emitter_ = (*receipt)["contractAddress"].get<std::string>();
        auto block1 = node.call("eth_getBlockByNumber", json::array({"0x1", false}));
        ASSERT_TRUE(block1);
        block1_hash_ = (*block1)["hash"].get<std::string>();
    }
    static void TearDownTestSuite() {
        delete anvil_;
        anvil_ = nullptr;
    }
    static std::string rpc() { return " --rpc " + anvil_->url(); }
    static std::string trusted() { return rpc() + " --checkpoint 0:" + genesis_hash_; }

    static json parse(const CliRun& r) {
        json j = json::parse(r.out, nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << r.out;
        return j;
    }

    static inline testing::Anvil* anvil_ = nullptr;
    static inline std::string genesis_hash_;
    static inline std::string tx_hash_;
    static inline std::string block1_hash_;
    static inline std::string emitter_;
};

TEST_F(CliAnvil, BlockVerifiesWithTrustedCheckpoint) {
    const CliRun r = run_cli("block 1" + trusted());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("countersign block: VERIFIED"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("pinned to block: 1 " + block1_hash_), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("checked against: transactionsRoot 0x"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("trust: checkpoint"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(tx_hash_), std::string::npos) << r.out;
}

TEST_F(CliAnvil, BlockByHashAndLatestWithoutCheckpointSayReported) {
    const CliRun by_hash = run_cli("block " + block1_hash_ + rpc());
    EXPECT_EQ(by_hash.exit_code, 0) << by_hash.out;
    EXPECT_NE(by_hash.out.find("pinned to block: 1 " + block1_hash_), std::string::npos) << by_hash.out;
    EXPECT_NE(by_hash.out.find("trust: reported"), std::string::npos) << by_hash.out;
    EXPECT_NE(by_hash.out.find("taken from the node itself"), std::string::npos) << by_hash.out;
    EXPECT_EQ(by_hash.out.find("proven)"), std::string::npos) << by_hash.out;

    const json latest = parse(run_cli("block latest --json" + rpc()));
    EXPECT_EQ(latest["status"], "verified");
    EXPECT_EQ(latest["trust"]["level"], "reported");
    EXPECT_EQ(latest["block"]["number"], 4);
}

TEST_F(CliAnvil, TxVerifiesWithConfirmations) {
    const CliRun r = run_cli("tx " + tx_hash_ + trusted() + " --confirmations 3 --json", false);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json j = parse(r);
    EXPECT_EQ(j["status"], "verified");
    EXPECT_EQ(j["exit_code"], 0);
    EXPECT_EQ(j["block"]["number"], 1);
    EXPECT_EQ(j["block"]["hash"], block1_hash_);
    EXPECT_EQ(j["checked_against"][0]["field"], "transactionsRoot");
    EXPECT_EQ(j["confirmations"]["required"], 3);
    EXPECT_EQ(j["confirmations"]["on_top"], 3);
    EXPECT_EQ(j["result"]["hash"], tx_hash_);
    EXPECT_EQ(j["result"]["from"], kFrom);
    EXPECT_EQ(j["result"]["to"], kTo);
    EXPECT_EQ(j["result"]["value"], "12345");
}

TEST_F(CliAnvil, TooFewConfirmationsIsRefused) {
    const CliRun r = run_cli("tx " + tx_hash_ + trusted() + " --confirmations 4 --json", false);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    const json j = parse(r);
    EXPECT_EQ(j["status"], "refused");
    EXPECT_EQ(j["refusal"]["code"], "NOT_CONFIRMED");
}

TEST_F(CliAnvil, ReceiptVerifies) {
    const CliRun r = run_cli("receipt " + tx_hash_ + trusted());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("pinned to block: 1 " + block1_hash_), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("checked against: receiptsRoot 0x"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("status: 1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("gasUsed: 21000"), std::string::npos) << r.out;
}

TEST_F(CliAnvil, LogsOfARangeVerify) {
    const CliRun r = run_cli("logs --from 0 --to 4 --address " + kTo + trusted() + " --json", false);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json j = parse(r);
    EXPECT_EQ(j["status"], "verified");
    EXPECT_EQ(j["block"]["number"], 4);
    EXPECT_EQ(j["result"]["count"], 0);  // a plain transfer emits no log

    const CliRun by_topic = run_cli("logs --from 0 --to 4 --topic " + kTopic + trusted() + " --json", false);
    EXPECT_EQ(by_topic.exit_code, 0) << by_topic.out;
    const json t = parse(by_topic);
    ASSERT_EQ(t["result"]["count"], 1) << by_topic.out;
    EXPECT_EQ(t["result"]["logs"][0]["address"], emitter_);
    EXPECT_EQ(t["result"]["logs"][0]["blockHash"], block1_hash_);
    EXPECT_EQ(t["result"]["logs"][0]["topics"][0], kTopic);
    EXPECT_EQ(t["result"]["logs"][0]["data"], "0x" + std::string(62, '0') + "2a");
    bool block1_receipts_checked = false;
    for (const json& entry : t["checked_against"])
        if (entry["field"] == "receiptsRoot" && entry["block"] == 1) block1_receipts_checked = true;
    EXPECT_TRUE(block1_receipts_checked) << by_topic.out;

    const CliRun other = run_cli("logs --from 0 --to 4 --topic any --address " + kTo + trusted() + " --json", false);
    EXPECT_EQ(other.exit_code, 0) << other.out;
    EXPECT_EQ(parse(other)["result"]["count"], 0);
}

TEST_F(CliAnvil, StorageAndBalanceVerify) {
    const CliRun r = run_cli("storage " + kTo + " 0 0x01 --block 1" + trusted() + " --json", false);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json j = parse(r);
    EXPECT_EQ(j["block"]["hash"], block1_hash_);
    EXPECT_EQ(j["checked_against"][0]["field"], "stateRoot");
    EXPECT_EQ(j["result"]["balance"], "12345");
    EXPECT_EQ(j["result"]["storage"].size(), 2u);
}

TEST_F(CliAnvil, WrongCheckpointIsRefused) {
    std::string wrong = genesis_hash_;
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    for (const std::string& cmd : std::vector<std::string>{"block 1", "tx " + tx_hash_, "receipt " + tx_hash_, "storage " + kTo}) {
        const CliRun r = run_cli(cmd + rpc() + " --checkpoint 0:" + wrong + " --json", false);
        EXPECT_EQ(r.exit_code, 1) << cmd << "\n" << r.out;
        const json j = parse(r);
        EXPECT_EQ(j["status"], "refused") << cmd;
        EXPECT_EQ(j["refusal"]["code"], "NOT_LINKED") << cmd;
    }
    const CliRun human = run_cli("block 1" + rpc() + " --checkpoint 0:" + wrong);
    EXPECT_EQ(human.exit_code, 1);
    EXPECT_NE(human.out.find("REFUSED"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("NOT_LINKED"), std::string::npos) << human.out;
}

TEST_F(CliAnvil, UsageAndProviderErrorsHaveTheirExitCodes) {
    EXPECT_EQ(run_cli("block 1" + rpc() + " --checkpoint nonsense").exit_code, 2);
    EXPECT_EQ(run_cli("tx 0x1234" + rpc()).exit_code, 2);
    EXPECT_EQ(run_cli("block 1 --no-such-option" + rpc()).exit_code, 2);
    EXPECT_EQ(run_cli("block 1 --rpc http://127.0.0.1:1").exit_code, 3);
}

// --- several providers (--rpc repeated, --quorum) and --checkpoint finalized ------------------------------
class CliQuorum : public CliAnvil {
protected:
    void SetUp() override {
        auto a = testing::TamperProxy::start(anvil_->url());
        ASSERT_TRUE(a) << a.error();
        honest_ = std::move(*a);
        auto b = testing::TamperProxy::start(anvil_->url());
        ASSERT_TRUE(b) << b.error();
        other_ = std::move(*b);
    }
    std::string both() const { return " --rpc " + honest_->url() + " --rpc " + other_->url(); }

    std::unique_ptr<testing::TamperProxy> honest_;
    std::unique_ptr<testing::TamperProxy> other_;
};

bool has_check(const json& j, const std::string& part) {
    for (const json& c : j["checks"])
        if (c.get<std::string>().find(part) != std::string::npos) return true;
    return false;
}

TEST_F(CliQuorum, AgreeingProvidersVerifyAndCorroborateTheAnchor) {
    const CliRun r = run_cli("block 1" + both() + " --checkpoint 0:" + genesis_hash_ + " --json", false);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json j = parse(r);
    EXPECT_EQ(j["status"], "verified");
    EXPECT_EQ(j["trust"]["level"], "checkpoint");
    EXPECT_EQ(j["block"]["hash"], block1_hash_);
    EXPECT_TRUE(has_check(j, "every answer given by 2 of 2 providers (all must agree)")) << r.out;

    // Without a checkpoint the anchor is the head both providers gave the same header for.
    const CliRun tx = run_cli("tx " + tx_hash_ + both() + " --json", false);
    EXPECT_EQ(tx.exit_code, 0) << tx.out;
    const json t = parse(tx);
    EXPECT_EQ(t["trust"]["level"], "corroborated");
    EXPECT_EQ(t["trust"]["checkpoint"]["number"], 4);
    EXPECT_TRUE(has_check(t, "corroborated: 2 of 2 providers gave the same header")) << tx.out;
    EXPECT_EQ(t["result"]["hash"], tx_hash_);

    // One provider: the anchor is only reported.
    const json one = parse(run_cli("block 1 --rpc " + honest_->url() + " --json", false));
    EXPECT_EQ(one["status"], "verified");
    EXPECT_TRUE(has_check(one, "as reported by one provider (not corroborated)")) << one.dump();
}

TEST_F(CliQuorum, AlteredAnswerIsRefusedWithEveryProvidersAnswer) {
    other_->set_mode(testing::TamperMode::kHeaderField);
    const CliRun r = run_cli("block 1" + both() + " --checkpoint 0:" + genesis_hash_);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("REFUSED"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("PROVIDERS_DISAGREE"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(honest_->url()), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(other_->url()), std::string::npos) << r.out;
    EXPECT_GT(other_->tampered(), 0u);

    // Both answers are in the refusal: the two timestamps of block 1 differ by one.
    const CliRun j = run_cli("block 1" + both() + " --checkpoint 0:" + genesis_hash_ + " --json", false);
    EXPECT_EQ(j.exit_code, 1) << j.out;
    const json out = parse(j);
    EXPECT_EQ(out["status"], "refused");
    EXPECT_EQ(out["refusal"]["code"], "PROVIDERS_DISAGREE");
    const std::string detail = out["refusal"]["detail"].get<std::string>();
    EXPECT_NE(detail.find(honest_->url() + ": {\"result\""), std::string::npos) << detail;
    EXPECT_NE(detail.find(other_->url() + ": {\"result\""), std::string::npos) << detail;
    EXPECT_EQ(out.count("result") == 0 || out["result"].empty(), true);

    // A tampered transaction is refused the same way, through every getter that fetches it.
    other_->set_mode(testing::TamperMode::kTransactionField);
    const json tx = parse(run_cli("tx " + tx_hash_ + both() + " --checkpoint 0:" + genesis_hash_ + " --json", false));
    EXPECT_EQ(tx["status"], "refused");
    EXPECT_EQ(tx["refusal"]["code"], "PROVIDERS_DISAGREE");
}

TEST_F(CliQuorum, QuorumOfOneTakesTheFirstProvidersAnswer) {
    other_->set_mode(testing::TamperMode::kHeaderField);
    // The honest provider first: its answer is used and the other one's is recorded as outvoted.
    const CliRun r = run_cli("block 1" + both() + " --quorum 1 --checkpoint 0:" + genesis_hash_ + " --json", false);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json j = parse(r);
    EXPECT_EQ(j["status"], "verified");
    EXPECT_EQ(j["block"]["hash"], block1_hash_);
    EXPECT_TRUE(has_check(j, "every answer given by 1 of 2 providers (ties go to the earlier --rpc)")) << r.out;
    EXPECT_TRUE(has_check(j, "outvoted: " + other_->url() + " answered eth_getBlockByNumber")) << r.out;

    // The lying provider first: its header is used, and it does not hash into the checkpoint's chain.
    const CliRun lie = run_cli("block 1 --rpc " + other_->url() + " --rpc " + honest_->url() + " --quorum 1" +
                                   " --checkpoint 0:" + genesis_hash_ + " --json",
                               false);
    EXPECT_EQ(lie.exit_code, 1) << lie.out;
    EXPECT_EQ(parse(lie)["status"], "refused");
}

TEST_F(CliQuorum, FinalizedCheckpointIsTheAgreedFinalizedBlock) {
    // anvil finalizes head - 64 (two epochs of 32 slots), i.e. the genesis block on this short chain.
    const CliRun r = run_cli("block 1" + both() + " --checkpoint finalized --json", false);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json j = parse(r);
    EXPECT_EQ(j["status"], "verified");
    EXPECT_EQ(j["trust"]["level"], "corroborated");
    EXPECT_EQ(j["trust"]["checkpoint"]["number"], 0);
    EXPECT_EQ(j["trust"]["checkpoint"]["hash"], genesis_hash_);
    EXPECT_TRUE(has_check(j, "the finalized block 0 " + genesis_hash_ + ", corroborated: 2 of 2 providers")) << r.out;
    EXPECT_EQ(j["block"]["hash"], block1_hash_);

    const json one = parse(run_cli("block 1 --rpc " + honest_->url() + " --checkpoint finalized --json", false));
    EXPECT_EQ(one["status"], "verified");
    EXPECT_TRUE(has_check(one, "the finalized block 0 " + genesis_hash_ + ", as reported by one provider")) << one;

    // One provider whose finalized block does not hash to the hash it names: refused, not anchored.
    other_->set_mode(testing::TamperMode::kHeaderField);
    const json alone = parse(run_cli("block 1 --rpc " + other_->url() + " --checkpoint finalized --json", false));
    EXPECT_EQ(alone["status"], "refused");
    EXPECT_EQ(alone["refusal"]["code"], "HEADER_HASH_MISMATCH") << alone;

    const json lie = parse(run_cli("block 1" + both() + " --checkpoint finalized --json", false));
    EXPECT_EQ(lie["status"], "refused");
    EXPECT_EQ(lie["refusal"]["code"], "PROVIDERS_DISAGREE");
}

TEST_F(CliQuorum, QuorumUsageErrors) {
    EXPECT_EQ(run_cli("block 1" + both() + " --quorum 3").exit_code, 2);
    EXPECT_EQ(run_cli("block 1" + both() + " --quorum 0").exit_code, 2);
    EXPECT_EQ(run_cli("block 1 --rpc " + honest_->url() + " --quorum 2").exit_code, 2);
    // One provider down: no quorum of 2 is possible, a provider error; with --quorum 1 the other one answers.
    EXPECT_EQ(run_cli("block 1 --rpc " + honest_->url() + " --rpc http://127.0.0.1:1").exit_code, 3);
    EXPECT_EQ(run_cli("block 1 --rpc http://127.0.0.1:1 --rpc " + honest_->url() + " --quorum 1 --checkpoint 0:" +
                      genesis_hash_)
                  .exit_code,
              0);
}

}  // namespace
}  // namespace countersign
