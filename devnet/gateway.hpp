// SPDX-License-Identifier: Apache-2.0
#pragma once
// The reference gateway: plays client (payer), x402 facilitator and TEE against a devnet (devnet/world.hpp)
// and records each call as a receipt v1 (chain/call_receipt.hpp). Per call it
//   1. builds the canonical request JSON (devnet/gateway_request.hpp) and a request_id "cs-<seed>-<n>";
//   2. has the payer sign an EIP-3009 TransferWithAuthorization of `price` to the TEE's registered payment
//      address with nonce binding_nonce(request_id, keccak256(request)), which the facilitator submits;
//   3. runs the stand-in model and signs m = keccak256(request_hash ‖ output_hash ‖ uint256(timestamp)) with
//      the registered RSA-2048 key (PSS, salt derived from the seed, so signatures repeat);
//   4. settles: individually (settleIndividual) or in batches (settleBatch of the StandardMerkleTree root of
//      the leaves (teeId, inputHash, outputHash, signature, timestamp); each receipt keeps its proof), or not at
//      all (private: the receipt says so);
//   5. optionally refunds: pay_to signs a TransferWithAuthorization of the price back to the payer with nonce
//      refund_nonce(payment nonce), submitted by the facilitator;
//   6. or, with a tamper mode (devnet/gateway_tamper.hpp), does one thing wrong.
// Deterministic: with the same seed on a fresh world every receipt field repeats; the TEE timestamp is
// kTeeTimestampBase + the call's index, never the clock. Transaction hashes depend on nonces and fees, so
// runs against a world that already saw other calls give other hashes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chain/abi_known.hpp"
#include "chain/call_receipt.hpp"
#include "crypto/rsa_pss.hpp"
#include "devnet/gateway_request.hpp"
#include "devnet/gateway_tamper.hpp"
#include "devnet/world.hpp"

namespace countersign::devnet {

inline constexpr std::uint64_t kTeeTimestampBase = 1'767'225'600;  // 2026-01-01T00:00:00Z
// Far-future validBefore of every honest authorization (2100-01-01): fixed, so authorizations repeat.
inline constexpr std::uint64_t kAuthorizationValidBefore = 4'102'444'800;

struct GatewayOptions {
    std::uint64_t seed{1};
    std::size_t batch_size{4};
};

struct CallSpec {
    std::string prompt;
    chain::SettlementMode mode{chain::SettlementMode::kIndividual};  // kPrivate: paid, signed, not settled
    bool refund{false};
    Tamper tamper{Tamper::kNone};
};

// One call: the receipt as written, and what actually happened on the chains (for tests and the index).
struct CallResult {
    std::string request_id;
    CallSpec spec;                  // mode is the one used (some tamper modes force one)
    chain::CallReceipt receipt;     // as written: forged where the tamper mode says
    std::string output;             // the stand-in model's real output
    std::uint32_t prompt_tokens{0};
    std::uint32_t completion_tokens{0};
    Bytes32 payment_nonce;                // nonce of the authorization the payer signed for this call
    std::optional<Hash32> payment_tx;     // the payment tx sent for this call (mined or not), if any
    std::optional<Hash32> settlement_tx;  // the settlement tx that covers this call
    std::optional<Hash32> refund_tx;
    std::optional<chain::IndividualSettlement> individual;  // the event arguments, individual mode
    std::optional<Hash32> leaf_hash;                        // batch mode: this call's StandardMerkleTree leaf
};

class Gateway {
public:
    static Expected<std::unique_ptr<Gateway>, std::string> open(const DevnetDescription& devnet,
                                                                const GatewayOptions& options);
    ~Gateway();

    // Makes the calls in order; batch-mode calls are settled whenever batch_size of them are waiting, and the
    // rest at the end of the run.
    Expected<std::vector<CallResult>, std::string> run(std::span<const CallSpec> calls);

    const DevnetDescription& devnet() const noexcept { return connection_->description(); }
    const DevnetConnection& connection() const noexcept { return *connection_; }

private:
    struct Draft;
    Gateway() = default;
    Expected<void, std::string> make_call(Draft& d);
    Expected<void, std::string> pay(Draft& d);
    Expected<void, std::string> refund(Draft& d);
    Expected<void, std::string> settle_individual(Draft& d);
    Expected<void, std::string> settle_batch(std::span<Draft* const> drafts,
                                             const std::vector<chain::AbiValues>& extra_leaves,
                                             std::vector<std::vector<Hash32>>* extra_proofs);
    Expected<void, std::string> settle_alone(Draft& d);
    Expected<void, std::string> settle_with_companion(Draft& d);
    Expected<Hash32, std::string> send_payment(Draft& d, const chain::Eip3009Authorization& a,
                                               const DevAccount& submitter, bool must_succeed);
    Expected<Hash32, std::string> submit_stuck_payment(Draft& d, const Bytes& calldata);
    Expected<Bytes, std::string> tee_sign(const RsaPrivateKey& key, const Hash32& request_hash,
                                          const Hash32& output_hash, std::uint64_t timestamp,
                                          std::string_view salt_label) const;
    CallResult finish(Draft& d) const;

    GatewayOptions options_;
    std::unique_ptr<DevnetConnection> connection_;
    std::unique_ptr<RsaPrivateKey> tee_key_;
    std::unique_ptr<RsaPrivateKey> unregistered_key_;
    std::uint64_t next_index_{1};
    std::optional<chain::ReceiptPayment> first_payment_;  // for kReplayedPayment
};

// The leaf encoding of BatchSettlement trees: (bytes32 teeId, bytes32 inputHash, bytes32 outputHash,
// bytes signature, uint256 timestamp).
const std::vector<chain::AbiType>& batch_leaf_encoding();
chain::AbiValues batch_leaf(const chain::ReceiptTee& tee);

}  // namespace countersign::devnet
