// SPDX-License-Identifier: Apache-2.0
// The settlement relay on a live anvil: settleIndividual emits exactly OpenGradient's IndividualSettlement
// event (decoded with chain/abi_known), carrying a TEE signature that verifies under the registered key;
// settleBatch emits BatchSettlement; only settlers may settle, and only for enabled TEEs.
#include <gtest/gtest.h>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "devnet/devnet_test_fixture.hpp"

namespace countersign::devnet {
namespace {

class SettlementTest : public DevnetTest {
protected:
    void SetUp() override {
        DevnetTest::SetUp();
        if (HasFatalFailure()) return;
        auto key = RsaPrivateKey::generate(2048);
        ASSERT_TRUE(key);
        key_ = std::make_unique<RsaPrivateKey>(std::move(*key));
        spki_ = key_->public_key_der();
        tee_id_ = keccak256(spki_);
        auto registered = client_->transact(deployer_, {contracts_.registry, registry_register_call(
                                                           spki_, anvil_account(3).address, "https://tee", 0)});
        ASSERT_TRUE(registered) << registered.error().to_string();
    }

    chain::IndividualSettlement settlement() const {
        chain::IndividualSettlement s;
        s.tee_id = tee_id_;
        s.eth_address = anvil_account(1).address;
        s.input_hash = keccak256(to_view(R"({"model":"m"})"));
        s.output_hash = keccak256(to_view("hello"));
        s.timestamp = Uint256(latest_timestamp());
        s.walrus_blob_id = Bytes(to_view("walrus-blob-0001"));
        Bytes m(s.input_hash.view());
        m += s.output_hash.view();
        m += s.timestamp.to_be().view();
        Bytes32 salt;
        salt.bytes.fill(0x5a);
        auto sig = sign_rsa_pss_sha256(*key_, keccak256(m), salt);
        if (sig) s.signature = *sig;
        return s;
    }

    std::string revert_reason(const DevAccount& from, ByteView data) const {
        auto tx = client_->build(from, {contracts_.relay, Bytes(data)});
        if (tx) return "(did not revert)";
        return tx.error().revert_reason.value_or("(no reason: " + tx.error().message + ")");
    }

    std::unique_ptr<RsaPrivateKey> key_;
    Bytes spki_;
    Bytes32 tee_id_;
};

TEST_F(SettlementTest, SettleIndividualEmitsTheExactEvent) {
    const chain::IndividualSettlement s = settlement();
    ASSERT_EQ(s.signature.size(), 256u);
    auto outcome = client_->transact(deployer_, {contracts_.relay, relay_settle_individual_call(s)});
    ASSERT_TRUE(outcome) << outcome.error().to_string();
    ASSERT_EQ(outcome->receipt.receipt.logs.size(), 1u);
    const chain::Log& log = outcome->receipt.receipt.logs[0];
    EXPECT_EQ(log.address, contracts_.relay);
    ASSERT_EQ(log.topics.size(), 3u);
    EXPECT_EQ(log.topics[0], chain::event_topic(
        "IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)"));
    EXPECT_EQ(log.topics[1], tee_id_);
    auto event = chain::decode_individual_settlement(log.topics, log.data);
    ASSERT_TRUE(event) << chain::to_string(event.error());
    EXPECT_EQ(event->tee_id, s.tee_id);
    EXPECT_EQ(event->eth_address, s.eth_address);
    EXPECT_EQ(event->input_hash, s.input_hash);
    EXPECT_EQ(event->output_hash, s.output_hash);
    EXPECT_EQ(event->timestamp, s.timestamp);
    EXPECT_EQ(event->walrus_blob_id, s.walrus_blob_id);
    EXPECT_EQ(event->signature, s.signature);
    // The exact bytes: the log is what chain/abi would encode for these values.
    const chain::AbiValue values[] = {
        chain::AbiValue::fixed(s.tee_id),      chain::AbiValue::address(s.eth_address),
        chain::AbiValue::fixed(s.input_hash),  chain::AbiValue::fixed(s.output_hash),
        chain::AbiValue::uint(s.timestamp),    chain::AbiValue::bytes(s.walrus_blob_id),
        chain::AbiValue::bytes(s.signature)};
    auto expected = chain::encode_log(chain::individual_settlement_event(), values);
    ASSERT_TRUE(expected);
    EXPECT_EQ(log.topics, expected->topics);
    EXPECT_EQ(log.data, expected->data);
    // And the signature it carries verifies under the registered key over m.
    Bytes m(event->input_hash.view());
    m += event->output_hash.view();
    m += event->timestamp.to_be().view();
    EXPECT_TRUE(verify_rsa_pss_sha256(spki_, keccak256(m), event->signature));
}

TEST_F(SettlementTest, SettleBatchEmitsBatchSettlement) {
    chain::BatchSettlement b;
    b.merkle_root = keccak256(to_view("root"));
    b.batch_size = Uint256(20);
    b.walrus_blob_id = Bytes(to_view("walrus-batch-0001"));
    auto outcome = client_->transact(deployer_, {contracts_.relay, relay_settle_batch_call(b)});
    ASSERT_TRUE(outcome) << outcome.error().to_string();
    ASSERT_EQ(outcome->receipt.receipt.logs.size(), 1u);
    const chain::Log& log = outcome->receipt.receipt.logs[0];
    auto event = chain::decode_batch_settlement(log.topics, log.data);
    ASSERT_TRUE(event) << chain::to_string(event.error());
    EXPECT_EQ(event->merkle_root, b.merkle_root);
    EXPECT_EQ(event->batch_size, b.batch_size);
    EXPECT_EQ(event->walrus_blob_id, b.walrus_blob_id);
    b.batch_size = Uint256(0);
    EXPECT_EQ(revert_reason(deployer_, relay_settle_batch_call(b)), "empty batch");
}

TEST_F(SettlementTest, OnlySettlersAndOnlyEnabledTees) {
    const chain::IndividualSettlement s = settlement();
    EXPECT_EQ(revert_reason(anvil_account(2), relay_settle_individual_call(s)), "caller is not a settler");
    chain::BatchSettlement b{keccak256(to_view("root")), Uint256(1), Bytes(to_view("blob"))};
    EXPECT_EQ(revert_reason(anvil_account(2), relay_settle_batch_call(b)), "caller is not a settler");

    chain::IndividualSettlement unknown = s;
    unknown.tee_id = keccak256(to_view("not registered"));
    EXPECT_EQ(revert_reason(deployer_, relay_settle_individual_call(unknown)), "TEE not enabled");
    ASSERT_TRUE(client_->transact(deployer_, {contracts_.registry, registry_set_enabled_call(tee_id_, false)}));
    EXPECT_EQ(revert_reason(deployer_, relay_settle_individual_call(s)), "TEE not enabled");
}

}  // namespace
}  // namespace countersign::devnet
