// SPDX-License-Identifier: Apache-2.0
// The TEE registry on a live anvil: a TEE's RSA-2048 SPKI registered under keccak256(SPKI), read back through
// getTEE / isTEEEnabled and, independently of any contract call, through the storage slots that
// tee_registry_layout.hpp documents (what countersign will prove with eth_getProof).
#include <gtest/gtest.h>

#include "chain/abi_event.hpp"
#include "chain/account.hpp"
#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "devnet/devnet_test_fixture.hpp"
#include "chain/tee_registry_layout.hpp"

namespace countersign::devnet {
namespace {
using namespace ::countersign::chain;  // the registry layout lives in chain/ so verify/ can read it

constexpr std::string_view kEndpoint = "https://tee-0.devnet.countersign.invalid:8443";

class RegistryTest : public DevnetTest {
protected:
    void SetUp() override {
        DevnetTest::SetUp();
        if (HasFatalFailure()) return;
        auto key = RsaPrivateKey::generate(2048);
        ASSERT_TRUE(key);
        spki_ = key->public_key_der();
        tee_id_ = keccak256(spki_);
    }

    Expected<TxOutcome, DevnetError> register_tee(const DevAccount& operator_account) const {
        return client_->transact(operator_account, {contracts_.registry, registry_register_call(
                                                       spki_, payment_.address, kEndpoint, kTeeTypeLlmProxy)});
    }

    std::string revert_reason(const DevAccount& from, ByteView data) const {
        auto tx = client_->build(from, {contracts_.registry, Bytes(data)});
        if (tx) return "(did not revert)";
        return tx.error().revert_reason.value_or("(no reason: " + tx.error().message + ")");
    }

    // The status word at `block` as an eth_getProof answer proves it against that block's stateRoot (the header
    // itself is taken from the node here; the light client is what makes it trusted).
    // With header_block set, the proof for `block` is checked against another block's root (must fail).
    Expected<Uint256, std::string> proven_status_word(std::uint64_t block,
                                                      std::optional<std::uint64_t> header_block = {}) const {
        const std::string tag = Uint256(block).to_quantity();
        auto header = provider_->call("eth_getBlockByNumber",
                                      rpc::json::array({Uint256(header_block.value_or(block)).to_quantity(), false}));
        if (!header || !header->is_object()) return unexpected(std::string("no block"));
        auto state_root = parse_hex_fixed<32>((*header)["stateRoot"].get<std::string>(), HexPrefix::kRequired);
        if (!state_root) return unexpected(std::string("bad stateRoot"));
        const rpc::json slots = rpc::json::array({to_hex(tee_status_slot(tee_id_))});
        auto proof = provider_->call("eth_getProof", rpc::json::array({to_hex(contracts_.registry), slots, tag}));
        if (!proof) return unexpected(proof.error().to_string());
        auto nodes = [](const rpc::json& list) {
            std::vector<Bytes> out;
            for (const auto& n : list) out.push_back(*parse_hex(n.get<std::string>(), HexPrefix::kRequired));
            return out;
        };
        const auto account_nodes = nodes((*proof)["accountProof"]);
        auto account = chain::verify_account_proof(*state_root, contracts_.registry, account_nodes);
        if (!account) return unexpected(std::string(chain::to_string(account.error())));
        if (!account->has_value()) return unexpected(std::string("registry account absent"));
        const auto storage_nodes = nodes((*proof)["storageProof"][0]["proof"]);
        auto value = chain::verify_storage_proof((*account)->storage_root, tee_status_slot(tee_id_), storage_nodes);
        if (!value) return unexpected(std::string(chain::to_string(value.error())));
        return *value;
    }

    bool is_enabled_by_call() const {
        const chain::AbiType b = chain::AbiType::boolean();
        auto v = call_decoded(contracts_.registry, registry_is_enabled_call(tee_id_), {&b, 1});
        return v.size() == 1 && v[0].get<bool>();
    }

    Bytes32 storage(const Bytes32& slot) const {
        auto word = client_->storage_at(contracts_.registry, slot);
        EXPECT_TRUE(word) << word.error().to_string();
        return word ? *word : Bytes32{};
    }

    Bytes spki_;
    Bytes32 tee_id_;
    const DevAccount payment_ = anvil_account(3);
    const DevAccount stranger_ = anvil_account(2);
};

TEST_F(RegistryTest, RegisterEmitsTeeRegisteredUnderKeccakOfTheSpki) {
    ASSERT_GE(spki_.size(), 290u);  // RSA-2048 SubjectPublicKeyInfo: 294 bytes
    EXPECT_FALSE(is_enabled_by_call());
    auto outcome = register_tee(deployer_);
    ASSERT_TRUE(outcome) << outcome.error().to_string();
    ASSERT_EQ(outcome->receipt.receipt.logs.size(), 1u);
    const chain::Log& log = outcome->receipt.receipt.logs[0];
    EXPECT_EQ(log.address, contracts_.registry);
    auto event = chain::decode_log(tee_registered_event(), log.topics, log.data);
    ASSERT_TRUE(event) << chain::to_string(event.error());
    EXPECT_EQ(event->find("teeId")->bytes32(), tee_id_);
    EXPECT_EQ(event->find("owner")->get<Address>(), deployer_.address);
    EXPECT_EQ(event->find("teeType")->get<Uint256>(), Uint256(kTeeTypeLlmProxy));

    // getTEE by eth_call.
    auto info = call_decoded(contracts_.registry, registry_get_tee_call(tee_id_), {&tee_info_type(), 1});
    ASSERT_EQ(info.size(), 1u);
    const auto& f = info[0].list();
    ASSERT_EQ(f.size(), 7u);
    EXPECT_TRUE(f[0].get<bool>());
    EXPECT_EQ(f[1].get<Address>(), deployer_.address);
    EXPECT_EQ(f[2].get<Uint256>(), Uint256(kTeeTypeLlmProxy));
    EXPECT_EQ(f[3].get<Uint256>(), Uint256(block_timestamp(outcome->receipt.claims.block_number)));
    EXPECT_EQ(f[4].get<Address>(), payment_.address);
    EXPECT_EQ(f[5].get<Bytes>(), spki_);
    EXPECT_EQ(f[6].get<std::string>(), kEndpoint);
    EXPECT_EQ(keccak256(f[5].get<Bytes>()), tee_id_);
    EXPECT_TRUE(is_enabled_by_call());

    // A second registration of the same key is refused.
    EXPECT_EQ(revert_reason(deployer_, registry_register_call(spki_, payment_.address, kEndpoint, 0)),
              "TEE already registered");
}

TEST_F(RegistryTest, StorageSlotsHoldEnabledAndThePublicKey) {
    EXPECT_EQ(*decode_tee_status_word(storage(tee_status_slot(tee_id_))), TeeStatus{});  // unregistered: zero word
    auto outcome = register_tee(deployer_);
    ASSERT_TRUE(outcome) << outcome.error().to_string();

    const Bytes32 status_word = storage(tee_status_slot(tee_id_));
    auto status = decode_tee_status_word(status_word);
    ASSERT_TRUE(status) << to_string(status.error());
    EXPECT_EQ(*status, (TeeStatus{true, true, deployer_.address, kTeeTypeLlmProxy}));
    EXPECT_EQ(status_word.bytes[31], 1);  // enabled, byte 0 from the right
    const Bytes32 payment_word = storage(tee_field_slot(tee_id_, kTeePaymentAddressOffset));
    EXPECT_EQ(Address::from_view_unchecked(payment_word.view().substr(12)), payment_.address);
    EXPECT_EQ(Uint256::from_be(storage(tee_field_slot(tee_id_, kTeeRegisteredAtOffset))),
              Uint256(block_timestamp(outcome->receipt.claims.block_number)));

    const Bytes32 length_word = storage(tee_public_key_slot(tee_id_));
    auto length = decode_long_bytes_length(length_word);
    ASSERT_TRUE(length) << to_string(length.error());
    ASSERT_EQ(*length, spki_.size());
    std::vector<Bytes32> words;
    for (std::uint64_t i = 0; i < (*length + 31) / 32; ++i)
        words.push_back(storage(tee_public_key_data_slot(tee_id_, i)));
    auto key = decode_long_bytes(length_word, words);
    ASSERT_TRUE(key) << to_string(key.error());
    EXPECT_EQ(*key, spki_);
    EXPECT_EQ(keccak256(*key), tee_id_);
    // The word after the key is not part of it (and is empty).
    EXPECT_EQ(storage(tee_public_key_data_slot(tee_id_, words.size())), Bytes32{});
}

TEST_F(RegistryTest, DisableAndEnableByOwnerOrAdminOnly) {
    // The owner is an operator other than the admin, so "owner" and "admin" are checked separately.
    const DevAccount owner = anvil_account(1);
    ASSERT_TRUE(client_->transact(deployer_, {contracts_.registry, *chain::encode_call(
        *chain::parse_signature("function setOperator(address operator, bool allowed)"),
        std::vector{chain::AbiValue::address(owner.address), chain::AbiValue::boolean(true)})}));
    EXPECT_EQ(revert_reason(stranger_, registry_register_call(spki_, payment_.address, kEndpoint, 0)),
              "caller is not an operator");
    ASSERT_TRUE(register_tee(owner));

    EXPECT_EQ(revert_reason(stranger_, registry_set_enabled_call(tee_id_, false)), "caller is not the owner or admin");
    EXPECT_EQ(revert_reason(owner, registry_set_enabled_call(tee_id_, true)), "TEE already enabled");

    auto disabled = client_->transact(owner, {contracts_.registry, registry_set_enabled_call(tee_id_, false)});
    ASSERT_TRUE(disabled) << disabled.error().to_string();
    ASSERT_EQ(disabled->receipt.receipt.logs.size(), 1u);
    auto event = chain::decode_log(tee_disabled_event(), disabled->receipt.receipt.logs[0].topics,
                                   disabled->receipt.receipt.logs[0].data);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->find("teeId")->bytes32(), tee_id_);
    EXPECT_FALSE(is_enabled_by_call());
    EXPECT_EQ(*decode_tee_status_word(storage(tee_status_slot(tee_id_))), (TeeStatus{true, false, owner.address, 0}));
    // The state at the registration block still says enabled: a verifier reads at the settlement block.
    auto at_block = client_->storage_at(contracts_.registry, tee_status_slot(tee_id_),
                                        Uint256(disabled->receipt.claims.block_number - 1).to_quantity());
    ASSERT_TRUE(at_block);
    EXPECT_TRUE(decode_tee_status_word(*at_block)->enabled);

    auto enabled = client_->transact(deployer_, {contracts_.registry, registry_set_enabled_call(tee_id_, true)});
    ASSERT_TRUE(enabled) << enabled.error().to_string();
    ASSERT_EQ(enabled->receipt.receipt.logs.size(), 1u);
    auto enabled_event = chain::decode_log(tee_enabled_event(), enabled->receipt.receipt.logs[0].topics,
                                           enabled->receipt.receipt.logs[0].data);
    ASSERT_TRUE(enabled_event);
    EXPECT_EQ(enabled_event->find("teeId")->bytes32(), tee_id_);
    EXPECT_TRUE(is_enabled_by_call());
    EXPECT_EQ(*decode_tee_status_word(storage(tee_status_slot(tee_id_))), (TeeStatus{true, true, owner.address, 0}));
}

TEST_F(RegistryTest, StatusWordIsProvenByEthGetProofAtEachBlock) {
    auto registered = register_tee(deployer_);
    ASSERT_TRUE(registered) << registered.error().to_string();
    const std::uint64_t registered_at = registered->receipt.claims.block_number;
    auto disabled = client_->transact(deployer_, {contracts_.registry, registry_set_enabled_call(tee_id_, false)});
    ASSERT_TRUE(disabled) << disabled.error().to_string();
    const std::uint64_t disabled_at = disabled->receipt.claims.block_number;

    auto before = proven_status_word(registered_at - 1);
    ASSERT_TRUE(before) << before.error();
    EXPECT_EQ(*decode_tee_status_word(before->to_be()), TeeStatus{});  // absence proof: never registered
    auto enabled = proven_status_word(registered_at);
    ASSERT_TRUE(enabled) << enabled.error();
    EXPECT_EQ(*decode_tee_status_word(enabled->to_be()), (TeeStatus{true, true, deployer_.address, 0}));
    auto after = proven_status_word(disabled_at);
    ASSERT_TRUE(after) << after.error();
    EXPECT_EQ(*decode_tee_status_word(after->to_be()), (TeeStatus{true, false, deployer_.address, 0}));
    // A proof for one block does not verify against another block's state root.
    auto mixed = proven_status_word(disabled_at, registered_at);
    EXPECT_FALSE(mixed);
}

}  // namespace
}  // namespace countersign::devnet
