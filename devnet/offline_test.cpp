// SPDX-License-Identifier: Apache-2.0
// What needs no node: the compiled artifacts agree with the signatures and storage layout the C++ side
// hard-codes, the dev keys derive the known addresses, and the strict storage-word decoders reject bad words.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "devnet/contracts.hpp"
#include "chain/tee_registry_layout.hpp"

namespace countersign::devnet {
namespace {
using namespace ::countersign::chain;  // the registry layout lives in chain/ so verify/ can read it

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

ContractArtifact load(std::string_view name) {
    auto a = load_artifact(name);
    if (!a) ADD_FAILURE() << a.error();
    return a ? *a : ContractArtifact{};
}

TEST(DevnetArtifacts, TokenAbiHasEip3009AndTheEventsCountersignDecodes) {
    const ContractArtifact token = load(kTokenContract);
    const auto functions = abi_canonical_signatures(token.abi, "function");
    const auto events = abi_canonical_signatures(token.abi, "event");
    for (const chain::AbiSignature* fn :
         {&chain::transfer_with_authorization_function(), &chain::receive_with_authorization_function(),
          &token_mint_function(), &token_balance_of_function(), &token_authorization_state_function(),
          &token_domain_separator_function(), &token_cancel_authorization_function()})
        EXPECT_TRUE(contains(functions, fn->canonical())) << fn->canonical();
    for (const chain::AbiSignature* ev :
         {&chain::erc20_transfer_event(), &chain::authorization_used_event(), &authorization_canceled_event()})
        EXPECT_TRUE(contains(events, ev->canonical())) << ev->canonical();
    EXPECT_EQ(to_hex(chain::function_selector(chain::transfer_with_authorization_function()).view()), "0xe3ee160e");
    EXPECT_EQ(to_hex(chain::function_selector(chain::receive_with_authorization_function()).view()), "0xef55bec6");
}

TEST(DevnetArtifacts, RegistryAndRelayAbisMatchOpenGradientEvents) {
    const ContractArtifact registry = load(kRegistryContract);
    const ContractArtifact relay = load(kRelayContract);
    const auto registry_functions = abi_canonical_signatures(registry.abi, "function");
    const auto registry_events = abi_canonical_signatures(registry.abi, "event");
    for (const chain::AbiSignature* fn :
         {&registry_register_function(), &registry_disable_function(), &registry_enable_function(),
          &registry_get_tee_function(), &registry_is_enabled_function(), &registry_get_public_key_function()})
        EXPECT_TRUE(contains(registry_functions, fn->canonical())) << fn->canonical();
    for (const chain::AbiSignature* ev : {&tee_registered_event(), &tee_disabled_event(), &tee_enabled_event()})
        EXPECT_TRUE(contains(registry_events, ev->canonical())) << ev->canonical();

    const auto relay_functions = abi_canonical_signatures(relay.abi, "function");
    const auto relay_events = abi_canonical_signatures(relay.abi, "event");
    EXPECT_TRUE(contains(relay_functions, relay_settle_individual_function().canonical()));
    EXPECT_TRUE(contains(relay_functions, relay_settle_batch_function().canonical()));
    EXPECT_TRUE(contains(relay_events, "IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)"));
    EXPECT_TRUE(contains(relay_events, "BatchSettlement(bytes32,uint256,bytes)"));
    EXPECT_TRUE(contains(relay_events, chain::individual_settlement_event().canonical()));
    EXPECT_TRUE(contains(relay_events, chain::batch_settlement_event().canonical()));
    // The indexed flags matter as much as the types: they decide topics vs data.
    for (const auto& item : relay.abi) {
        if (item.value("name", "") != "IndividualSettlement") continue;
        std::vector<bool> indexed;
        for (const auto& input : item["inputs"]) indexed.push_back(input.value("indexed", false));
        EXPECT_EQ(indexed, (std::vector<bool>{true, true, false, false, false, false, false}));
    }
}

TEST(DevnetArtifacts, GetTeeReturnsTheDocumentedTuple) {
    const ContractArtifact registry = load(kRegistryContract);
    bool found = false;
    for (const auto& item : registry.abi) {
        if (item.value("name", "") != "getTEE") continue;
        found = true;
        ASSERT_EQ(item["outputs"].size(), 1u);
        auto canonical = abi_item_canonical({{"name", "x"}, {"inputs", item["outputs"]}});
        ASSERT_TRUE(canonical) << canonical.error();
        EXPECT_EQ(*canonical, "x(" + tee_info_type().canonical() + ")");
    }
    EXPECT_TRUE(found);
}

TEST(DevnetArtifacts, MissingArtifactIsAnErrorNamingThePath) {
    auto a = load_artifact("NoSuchContract");
    ASSERT_FALSE(a);
    EXPECT_NE(a.error().find("NoSuchContract.json"), std::string::npos);
}

// The C++ constants of tee_registry_layout.hpp against what solc says it laid out.
TEST(TeeRegistryLayout, ConstantsMatchSolcStorageLayout) {
    const ContractArtifact registry = load(kRegistryContract);
    const auto& layout = registry.storage_layout;
    ASSERT_TRUE(layout.contains("storage") && layout.contains("types"));
    std::string tees_type;
    for (const auto& var : layout["storage"]) {
        if (var["label"] != "tees") continue;
        EXPECT_EQ(var["slot"], std::to_string(kTeesSlot));
        EXPECT_EQ(var["offset"], 0);
        tees_type = var["type"].get<std::string>();
    }
    ASSERT_FALSE(tees_type.empty());
    const std::string struct_type = layout["types"][tees_type]["value"].get<std::string>();
    const auto& members = layout["types"][struct_type]["members"];
    const std::map<std::string, std::pair<std::uint64_t, unsigned>> expected = {
        {"enabled", {kTeeStatusOffset, kTeeEnabledByte}},
        {"owner", {kTeeStatusOffset, kTeeOwnerByte}},
        {"teeType", {kTeeStatusOffset, kTeeTypeByte}},
        {"registeredAt", {kTeeRegisteredAtOffset, 0}},
        {"paymentAddress", {kTeePaymentAddressOffset, 0}},
        {"publicKey", {kTeePublicKeyOffset, 0}},
        {"endpoint", {kTeeEndpointOffset, 0}}};
    ASSERT_EQ(members.size(), expected.size());
    for (const auto& m : members) {
        const std::string label = m["label"].get<std::string>();
        ASSERT_TRUE(expected.count(label)) << label;
        EXPECT_EQ(m["slot"], std::to_string(expected.at(label).first)) << label;
        EXPECT_EQ(m["offset"], expected.at(label).second) << label;
    }
}

TEST(TeeRegistryLayout, SlotsFollowSolidityMappingRule) {
    const Bytes32 tee_id = hex_literal_fixed<32>("0x11223344556677889900aabbccddeeff00112233445566778899aabbccddeeff");
    Bytes preimage(tee_id.view());
    preimage.append(Bytes32{}.view());
    const Bytes32 base = keccak256(preimage);
    EXPECT_EQ(tee_info_slot(tee_id), base);
    EXPECT_EQ(tee_status_slot(tee_id), base);
    EXPECT_EQ(tee_public_key_slot(tee_id), (Uint256::from_be(base) + Uint256(3)).to_be());
    EXPECT_EQ(tee_public_key_data_slot(tee_id, 3),
              (Uint256::from_be(keccak256(tee_public_key_slot(tee_id).view())) + Uint256(3)).to_be());
    // Carry across the 64-bit limb: the slot arithmetic is 256-bit.
    Bytes32 all_ones;
    all_ones.bytes.fill(0xff);
    EXPECT_EQ((Uint256::from_be(all_ones) + Uint256(1)).to_be(), Bytes32{});
}

// Builds a status word as solc packs it: enabled | owner << 8 | tee_type << 168.
Bytes32 status_word(bool enabled, const Address& owner, std::uint8_t tee_type) {
    Bytes32 w;
    w.bytes[31] = enabled ? 1 : 0;
    std::copy(owner.bytes.begin(), owner.bytes.end(), w.bytes.begin() + 11);
    w.bytes[10] = tee_type;
    return w;
}

TEST(TeeRegistryLayout, StatusWordIsStrict) {
    const Address owner = anvil_account(1).address;
    auto unregistered = decode_tee_status_word(Bytes32{});
    ASSERT_TRUE(unregistered);
    EXPECT_EQ(*unregistered, TeeStatus{});
    auto enabled = decode_tee_status_word(status_word(true, owner, 1));
    ASSERT_TRUE(enabled);
    EXPECT_EQ(*enabled, (TeeStatus{true, true, owner, 1}));
    auto disabled = decode_tee_status_word(status_word(false, owner, 0));
    ASSERT_TRUE(disabled);
    EXPECT_EQ(*disabled, (TeeStatus{true, false, owner, 0}));

    Bytes32 not_bool = status_word(true, owner, 0);
    not_bool.bytes[31] = 2;
    EXPECT_EQ(decode_tee_status_word(not_bool).error(), StorageLayoutError::kNotBool);
    for (std::size_t i = 0; i < 10; ++i) {
        Bytes32 dirty = status_word(true, owner, 0);
        dirty.bytes[i] = 0x01;
        EXPECT_EQ(decode_tee_status_word(dirty).error(), StorageLayoutError::kDirtyPadding) << i;
    }
    EXPECT_EQ(decode_tee_status_word(status_word(true, Address{}, 0)).error(), StorageLayoutError::kZeroOwner);
    EXPECT_EQ(decode_tee_status_word(status_word(false, Address{}, 3)).error(), StorageLayoutError::kZeroOwner);
}

TEST(TeeRegistryLayout, LongBytesDecodingRejectsEveryMalformedForm) {
    Bytes value(40, 0xab);
    Bytes32 w0, w1;
    std::fill(w0.bytes.begin(), w0.bytes.end(), 0xab);
    std::fill(w1.bytes.begin(), w1.bytes.begin() + 8, 0xab);
    const Bytes32 words[] = {w0, w1};
    const Bytes32 length_word = Uint256(40 * 2 + 1).to_be();
    EXPECT_EQ(*decode_long_bytes(length_word, words), value);
    EXPECT_EQ(decode_long_bytes(Uint256(40 * 2).to_be(), words).error(), StorageLayoutError::kShortForm);
    EXPECT_EQ(decode_long_bytes(Uint256(10 * 2 + 1).to_be(), words).error(), StorageLayoutError::kBadLength);
    EXPECT_EQ(decode_long_bytes(Uint256(5000 * 2 + 1).to_be(), words).error(), StorageLayoutError::kBadLength);
    EXPECT_EQ(decode_long_bytes((Uint256(1) << 200 | Uint256(81)).to_be(), words).error(),
              StorageLayoutError::kBadLength);
    EXPECT_EQ(decode_long_bytes(length_word, std::span(words, 1)).error(), StorageLayoutError::kWrongWordCount);
    Bytes32 dirty = w1;
    dirty.bytes[31] = 1;
    const Bytes32 dirty_words[] = {w0, dirty};
    EXPECT_EQ(decode_long_bytes(length_word, dirty_words).error(), StorageLayoutError::kDirtyTail);
}

RC_GTEST_PROP(TeeRegistryLayout, LongBytesRoundTrip, ()) {
    const auto length = *rc::gen::inRange<std::size_t>(32, 600);
    const auto content = *rc::gen::container<std::vector<std::uint8_t>>(length, rc::gen::arbitrary<std::uint8_t>());
    const Bytes value(content.begin(), content.end());
    std::vector<Bytes32> words((length + 31) / 32);
    for (std::size_t i = 0; i < length; ++i) words[i / 32].bytes[i % 32] = value[i];
    auto decoded = decode_long_bytes(Uint256(length * 2 + 1).to_be(), words);
    RC_ASSERT(decoded.has_value());
    RC_ASSERT(*decoded == value);
}

TEST(DevAccounts, AnvilKeysDeriveTheWellKnownAddresses) {
    EXPECT_EQ(to_hex(anvil_account(0).address), "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    EXPECT_EQ(to_hex(anvil_account(1).address), "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    EXPECT_EQ(to_hex(anvil_account(2).address), "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    EXPECT_EQ(to_hex(anvil_account(3).address), "0x90f79bf6eb2c4f870365e785982e1f101e93b906");
}

TEST(RevertReason, DecodesErrorStringOnly) {
    const chain::AbiType t = chain::AbiType::string();
    const chain::AbiValue v = chain::AbiValue::string("authorization is expired");
    Bytes data = hex_literal("08c379a0");
    data += *chain::abi_encode({&t, 1}, {&v, 1});
    EXPECT_EQ(decode_revert_reason(data), "authorization is expired");
    Bytes other = data;
    other[0] = 0x09;
    EXPECT_EQ(decode_revert_reason(other), std::nullopt);
    EXPECT_EQ(decode_revert_reason(ByteView(data.data(), 20)), std::nullopt);
    rpc::RpcError e;
    e.data = to_hex(data);
    EXPECT_EQ(revert_reason_of(e), "authorization is expired");
    e.data = rpc::json{{"data", to_hex(data)}};
    EXPECT_EQ(revert_reason_of(e), "authorization is expired");
    e.data = nullptr;
    EXPECT_EQ(revert_reason_of(e), std::nullopt);
}

}  // namespace
}  // namespace countersign::devnet
