// SPDX-License-Identifier: Apache-2.0
// Check 3: the payment. The transaction hashing to payment_hash is in a verified block and succeeded; the asset
// emitted Transfer(payer, pay_to, amount) and AuthorizationUsed(payer, nonce); the EIP-3009 signature in the
// calldata recovers to the payer; the nonce is the binding nonce of this request; the block has its
// confirmations; no bound refund and no second payment for the same request appear in searches that are proven
// complete.

#include <algorithm>
#include <utility>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "chain/binding.hpp"
#include "chain/eip712_payments.hpp"
#include "crypto/secp256k1.hpp"
#include "verify/call_checks_internal.hpp"

namespace countersign::verify::checks_detail {
namespace {

constexpr CheckCode kPaymentOrder[] = {
    CheckCode::kPaymentChain,         CheckCode::kPaymentAsset,    CheckCode::kPaymentFound,
    CheckCode::kPaymentSucceeded,     CheckCode::kPaymentTransfer, CheckCode::kPaymentPayTo,
    CheckCode::kPaymentAuthorization, CheckCode::kPaymentBound,    CheckCode::kPaymentConfirmations,
    CheckCode::kPaymentRefund,        CheckCode::kPaymentUnique,
};

std::string amount_text(const Uint256& v, const Address& asset) {
    return v.to_string() + " of " + hex20(asset);
}

CheckResult pay_to_check(const chain::ReceiptPayment& p, const RegistryFacts& registry) {
    constexpr CheckCode kCode = CheckCode::kPaymentPayTo;
    if (registry.status.failure) return recoded(*registry.status.failure, kCode);
    if (!registry.status.value->registered) return not_checked(kCode, CheckCode::kTeeRegistered, "no registry entry");
    if (registry.payment_address.failure) return recoded(*registry.payment_address.failure, kCode);
    const Address& registered = *registry.payment_address.value;
    const std::string evidence = "receipt pay_to " + hex20(p.pay_to) + ", registered paymentAddress " +
                                 hex20(registered) + ", " + registry.where;
    if (registered != p.pay_to)
        return failed(kCode, Problem::kWrongPayTo, registry.trust, "pay_to is not the TEE's registered payment address",
                      evidence);
    return passed(kCode, registry.trust, "pay_to is the TEE's registered payment address", evidence);
}

CheckResult transfer_check(const chain::ReceiptPayment& p, const VerifiedReceipt& receipt, TrustLevel trust) {
    constexpr CheckCode kCode = CheckCode::kPaymentTransfer;
    const std::string want =
        "Transfer(" + hex20(p.payer) + " -> " + hex20(p.pay_to) + ", " + amount_text(p.amount, p.asset) + ")";
    std::optional<chain::Erc20Transfer> underpaid;
    std::optional<chain::Erc20Transfer> elsewhere;
    std::optional<chain::Erc20Transfer> other_amount;
    std::optional<std::pair<Address, chain::Erc20Transfer>> other_token;
    std::size_t from_asset = 0;
    const Hash32 topic0 = chain::event_topic(chain::erc20_transfer_event());
    for (const chain::Log& log : receipt.receipt.logs) {
        if (log.topics.empty() || log.topics[0] != topic0) continue;
        auto t = chain::decode_erc20_transfer(log.topics, log.data);
        if (!t) continue;
        if (log.address != p.asset) {
            if (t->from == p.payer && t->to == p.pay_to && !other_token) other_token.emplace(log.address, *t);
            continue;
        }
        ++from_asset;
        if (t->from != p.payer) continue;
        if (t->to != p.pay_to) {
            if (!elsewhere) elsewhere = *t;
            continue;
        }
        if (t->value == p.amount)
            return passed(kCode, trust, "the asset emitted the transfer of the amount from payer to pay_to",
                          want + " in " + hex32(receipt.transaction_hash));
        if (t->value < p.amount) {
            if (!underpaid) underpaid = *t;
        } else if (!other_amount) {
            other_amount = *t;
        }
    }
    if (underpaid)
        return failed(kCode, Problem::kUnderpaid, trust, "the transfer to pay_to is less than the receipt's amount",
                      "expected " + want + ", transferred " + underpaid->value.to_string());
    if (other_amount)
        return failed(kCode, Problem::kPaymentTransferMismatch, trust,
                      "the transfer to pay_to is not the receipt's amount",
                      "expected " + want + ", transferred " + other_amount->value.to_string());
    if (elsewhere)
        return failed(
            kCode, Problem::kWrongPayTo, trust, "the payer's transfer goes to another address than pay_to",
            "expected " + want + ", transferred to " + hex20(elsewhere->to) + " " + elsewhere->value.to_string());
    if (other_token)
        return failed(kCode, Problem::kPaymentTransferMismatch, trust,
                      "the transfer was emitted by another token than the receipt's asset",
                      "expected " + want + ", emitted by " + hex20(other_token->first));
    return failed(kCode, Problem::kPaymentTransferMismatch, trust, "the asset emitted no transfer from payer to pay_to",
                  "expected " + want + "; " + std::to_string(from_asset) + " Transfer logs of the asset in " +
                      hex32(receipt.transaction_hash));
}

chain::Eip712Domain asset_domain(const VerifierConfig& config, const Address& asset) {
    for (const auto& d : config.asset_domains)
        if (d.asset == asset) return chain::eip3009_domain(d.name, d.version, Uint256(config.payment_chain_id), asset);
    return chain::eip3009_domain(std::string(kDefaultAssetDomainName), std::string(kDefaultAssetDomainVersion),
                                 Uint256(config.payment_chain_id), asset);
}

std::string authorization_differences(const chain::ReceiptAuthorization& claimed,
                                      const chain::AuthorizationCall& call) {
    std::string out;
    auto differ = [&](std::string_view field, const std::string& receipt, const std::string& calldata) {
        if (receipt == calldata) return;
        if (!out.empty()) out += "; ";
        out += std::string(field) + ": receipt " + receipt + ", calldata " + calldata;
    };
    const chain::Eip3009Authorization& a = claimed.authorization;
    differ("from", hex20(a.from), hex20(call.from));
    differ("to", hex20(a.to), hex20(call.to));
    differ("value", a.value.to_string(), call.value.to_string());
    differ("valid_after", a.valid_after.to_string(), call.valid_after.to_string());
    differ("valid_before", a.valid_before.to_string(), call.valid_before.to_string());
    differ("nonce", hex32(a.nonce), hex32(call.nonce));
    Bytes call_sig(call.r.view());
    call_sig += call.s.view();
    call_sig.push_back(call.v);
    // v is 27/28 in calldata; a receipt may carry the y parity (0/1) instead.
    Bytes claimed_sig = claimed.signature;
    if (claimed_sig.size() == 65 && claimed_sig[64] < 2)
        claimed_sig[64] = static_cast<std::uint8_t>(claimed_sig[64] + 27);
    differ("signature", to_hex(claimed_sig), to_hex(call_sig));
    return out;
}

struct AuthorizationOutcome {
    CheckResult check;
    std::optional<Bytes32> chain_nonce;  // the nonce the asset marked used for the payer
};

AuthorizationOutcome authorization_check(const CheckContext& ctx, const chain::ReceiptPayment& p,
                                         const VerifiedTransaction& tx, const VerifiedReceipt& receipt,
                                         TrustLevel trust) {
    constexpr CheckCode kCode = CheckCode::kPaymentAuthorization;
    AuthorizationOutcome out;
    const Hash32 topic0 = chain::event_topic(chain::authorization_used_event());
    std::string authorizers;
    for (const chain::Log& log : receipt.receipt.logs) {
        if (log.address != p.asset || log.topics.empty() || log.topics[0] != topic0) continue;
        auto used = chain::decode_authorization_used(log.topics, log.data);
        if (!used) continue;
        if (used->authorizer == p.payer && !out.chain_nonce) out.chain_nonce = used->nonce;
        if (!authorizers.empty()) authorizers += ", ";
        authorizers += hex20(used->authorizer);
    }
    if (!out.chain_nonce) {
        out.check = failed(
            kCode, Problem::kPaymentAuthorizationInvalid, trust, "the asset marked no authorization of the payer used",
            "AuthorizationUsed authorizers on " + hex20(p.asset) + ": [" + authorizers + "], payer " + hex20(p.payer));
        return out;
    }
    const std::string used_text = "AuthorizationUsed(" + hex20(p.payer) + ", " + hex32(*out.chain_nonce) + ")";
    if (!tx.tx.to || *tx.tx.to != p.asset) {
        out.check = unverified(kCode, Problem::kAuthorizationUnreadable, trust,
                               "the payment transaction does not call the asset directly: its signed authorization "
                               "cannot be read",
                               used_text + "; transaction to " + (tx.tx.to ? hex20(*tx.tx.to) : "(creation)"));
        return out;
    }
    auto call = chain::decode_authorization_call(tx.tx.data);
    if (!call) {
        out.check = unverified(kCode, Problem::kAuthorizationUnreadable, trust,
                               "the call to the asset is not transferWithAuthorization/receiveWithAuthorization",
                               used_text + "; calldata: " + std::string(chain::to_string(call.error())));
        return out;
    }
    const std::string call_text = std::string(call->kind == chain::AuthorizationCallKind::kReceiveWithAuthorization
                                                  ? "receiveWithAuthorization"
                                                  : "transferWithAuthorization") +
                                  "(from " + hex20(call->from) + ", to " + hex20(call->to) + ", value " +
                                  call->value.to_string() + ", nonce " + hex32(call->nonce) + ")";
    if (call->from != p.payer || call->nonce != *out.chain_nonce) {
        out.check = failed(kCode, Problem::kPaymentAuthorizationInvalid, trust,
                           "the calldata's authorization is not the one the asset marked used for the payer",
                           call_text + "; " + used_text);
        return out;
    }
    const chain::Eip3009Kind kind = call->kind == chain::AuthorizationCallKind::kReceiveWithAuthorization
                                        ? chain::Eip3009Kind::kReceiveWithAuthorization
                                        : chain::Eip3009Kind::kTransferWithAuthorization;
    chain::Eip3009Authorization a;
    a.from = call->from;
    a.to = call->to;
    a.value = call->value;
    a.valid_after = call->valid_after;
    a.valid_before = call->valid_before;
    a.nonce = call->nonce;
    const Hash32 digest = chain::eip3009_digest(asset_domain(ctx.config, p.asset), kind, a);
    std::string recovered_text;
    bool recovers = false;
    if (call->v == 27 || call->v == 28) {
        auto signer = recover_address(digest, Signature{call->r, call->s, static_cast<std::uint8_t>(call->v - 27)},
                                      SignatureRules::kLowS);
        if (signer) {
            recovers = *signer == p.payer;
            recovered_text = "recovers to " + hex20(*signer);
        } else {
            recovered_text = "does not recover: " + std::string(to_string(signer.error()));
        }
    } else {
        recovered_text = "has v = " + std::to_string(call->v);
    }
    const std::string evidence =
        call_text + "; EIP-712 digest " + hex32(digest) + " signature " + recovered_text + ", payer " + hex20(p.payer);
    if (!recovers) {
        out.check = failed(kCode, Problem::kPaymentAuthorizationInvalid, trust,
                           "the authorization signature does not recover to the payer", evidence);
        return out;
    }
    if (p.authorization) {
        const std::string diff = authorization_differences(*p.authorization, *call);
        if (!diff.empty()) {
            out.check = failed(kCode, Problem::kPaymentAuthorizationMismatch, trust,
                               "the receipt's authorization is not the one in the payment transaction", diff);
            return out;
        }
    }
    out.check =
        passed(kCode, trust,
               "the payer's EIP-3009 authorization was used by the asset and its signature recovers to the payer",
               evidence + "; " + used_text);
    return out;
}

CheckResult bound_check(const chain::CallReceipt& r, const chain::ReceiptPayment& p, const Bytes32& chain_nonce,
                        TrustLevel trust, std::optional<TrustLevel> commitment_trust) {
    constexpr CheckCode kCode = CheckCode::kPaymentBound;
    const Bytes32 binding = chain::binding_nonce(r.request_id, r.tee.request_hash);
    const std::string evidence = "binding_nonce(request_id, request_hash) = " + hex32(binding) +
                                 ", authorization nonce on chain " + hex32(chain_nonce);
    if (chain_nonce == binding)
        // The binding ties the payment to request_hash, so it is as strong as that hash's anchoring too.
        return passed(kCode, weakest(trust, commitment_trust.value_or(TrustLevel::kReported)),
                      "the payer signed the binding nonce of this request", evidence);
    if (p.authorization && p.authorization->authorization.nonce == binding)
        return failed(kCode, Problem::kPaymentMismatch, trust,
                      "the receipt claims the bound authorization, the chain's payment used another nonce",
                      evidence + ", receipt's authorization nonce " + hex32(p.authorization->authorization.nonce));
    return unverified(kCode, Problem::kPaymentUnbound, trust,
                      "the payment's nonce is not the binding nonce: it is not proven to pay for this request",
                      evidence);
}

// A search result usable as proof of absence: the filter has the expected shape and covers the blocks.
struct SearchView {
    std::optional<CheckResult> problem;  // shape or coverage problem, as an unverified result
    bool complete{false};
    std::string range_text;
};

// Whether every log `expected` matches also matches `actual` (so an empty answer to `actual` proves `expected`
// empty). The fetch layer may search wider, e.g. for the refund nonces of every nonce the payer used.
bool filter_covers(const LogFilter& actual, const LogFilter& expected) {
    auto covers = [](const auto& wide, const auto& narrow) {
        if (wide.empty()) return true;     // any value
        if (narrow.empty()) return false;  // narrow matches anything, wide does not
        return std::all_of(narrow.begin(), narrow.end(),
                           [&](const auto& x) { return std::find(wide.begin(), wide.end(), x) != wide.end(); });
    };
    if (!covers(actual.addresses, expected.addresses)) return false;
    static const std::vector<Hash32> kAny;
    for (std::size_t i = 0; i < std::max(actual.topics.size(), expected.topics.size()); ++i) {
        const auto& a = i < actual.topics.size() ? actual.topics[i] : kAny;
        const auto& e = i < expected.topics.size() ? expected.topics[i] : kAny;
        if (!covers(a, e)) return false;
    }
    return true;
}

SearchView inspect_search(CheckCode code, const LogSearch& search, const LogFilter& expected, const ChainView& chain,
                          std::uint64_t payment_block) {
    SearchView v;
    const LogFilter& f = search.filter;
    const std::uint64_t head = chain.head ? chain.head->value().number : 0;
    v.complete = search.complete;
    v.range_text = "blocks " + std::to_string(f.from_block) + ".." + std::to_string(f.to_block) +
                   (chain.head ? ", verified head " + std::to_string(head) : ", no verified head") +
                   (search.complete ? ", search proven complete" : ", search only reported (not proven complete)");
    if (!filter_covers(f, expected)) {
        v.problem = unverified(code, Problem::kEvidenceMismatch, TrustLevel::kReported,
                               "the search was not for this payment's logs", v.range_text);
        return v;
    }
    if (!chain.head || f.from_block > payment_block || f.to_block < head || !search.complete)
        v.problem = unverified(code, Problem::kSearchIncomplete, TrustLevel::kReported,
                               "the search does not prove absence from the payment block to the head", v.range_text);
    return v;
}

std::vector<const MatchedLog*> authorization_logs(const LogSearch& search, const Address& asset,
                                                  const std::optional<Address>& authorizer, const Bytes32& nonce) {
    std::vector<const MatchedLog*> out;
    for (const MatchedLog& m : search.logs) {
        if (m.log.address != asset) continue;
        auto used = chain::decode_authorization_used(m.log.topics, m.log.data);
        if (!used || used->nonce != nonce || (authorizer && used->authorizer != *authorizer)) continue;
        out.push_back(&m);
    }
    return out;
}

std::string log_place(const MatchedLog& m) {
    return "tx " + hex32(m.transaction_hash) + " log " + std::to_string(m.log_index) + " in " +
           block_text(m.block_number, m.block_hash);
}

CheckResult refund_check(const chain::ReceiptPayment& p, const PaymentEvidence& ev, const Bytes32& chain_nonce,
                         std::uint64_t payment_block) {
    constexpr CheckCode kCode = CheckCode::kPaymentRefund;
    if (!ev.refund_search) return from_lookup(kCode, ev.refund_failure, "the refund search");
    const LogSearch& search = *ev.refund_search;
    const Bytes32 refund = chain::refund_nonce(chain_nonce);
    const SearchView v = inspect_search(
        kCode, search,
        refund_search_filter(p.asset, p.pay_to, chain_nonce, search.filter.from_block, search.filter.to_block),
        ev.chain, payment_block);
    if (v.problem && v.problem->problem == Problem::kEvidenceMismatch) return *v.problem;
    const auto found = authorization_logs(search, p.asset, p.pay_to, refund);
    const std::string what = "AuthorizationUsed(" + hex20(p.pay_to) + ", refund_nonce " + hex32(refund) + ") on " +
                             hex20(p.asset) + ", " + v.range_text;
    if (!found.empty()) {
        // A refund from an unproven search (eth_getLogs alone) is only reported: it cannot decide the verdict.
        if (v.complete && ev.chain.anchor == TrustLevel::kProven)
            return failed(kCode, Problem::kRefunded, ev.chain.anchor, "a bound refund of this payment was made",
                          what + "; found at " + log_place(*found.front()));
        return unverified(kCode, Problem::kRefunded, v.complete ? ev.chain.anchor : TrustLevel::kReported,
                          "a bound refund of this payment is reported but not proven",
                          what + "; found at " + log_place(*found.front()));
    }
    if (v.problem) return *v.problem;
    return passed(kCode, ev.chain.anchor, "no bound refund of this payment up to the head", what);
}

CheckResult unique_check(const chain::CallReceipt& r, const chain::ReceiptPayment& p, const PaymentEvidence& ev,
                         std::uint64_t payment_block) {
    constexpr CheckCode kCode = CheckCode::kPaymentUnique;
    if (!ev.same_request_search) return from_lookup(kCode, ev.same_request_failure, "the same-request search");
    const LogSearch& search = *ev.same_request_search;
    const Bytes32 binding = chain::binding_nonce(r.request_id, r.tee.request_hash);
    const SearchView v = inspect_search(
        kCode, search, same_request_search_filter(p.asset, binding, search.filter.from_block, search.filter.to_block),
        ev.chain, payment_block);
    if (v.problem && v.problem->problem == Problem::kEvidenceMismatch) return *v.problem;
    std::vector<const MatchedLog*> others;
    for (const MatchedLog* m : authorization_logs(search, p.asset, std::nullopt, binding))
        if (m->transaction_hash != p.payment_hash) others.push_back(m);
    const std::string what =
        "AuthorizationUsed(*, binding nonce " + hex32(binding) + ") on " + hex20(p.asset) + ", " + v.range_text;
    if (!others.empty()) {
        if (v.complete)
            return failed(
                kCode, Problem::kPaymentDuplicate, ev.chain.anchor,
                "another payment carries this request's binding nonce",
                what + "; " + std::to_string(others.size()) + " other, first at " + log_place(*others.front()));
        return unverified(kCode, Problem::kPaymentDuplicate, TrustLevel::kReported,
                          "another payment for this request is reported but not proven",
                          what + "; first at " + log_place(*others.front()));
    }
    if (v.problem) return *v.problem;
    return passed(kCode, ev.chain.anchor, "no other payment carries this request's binding nonce", what);
}

}  // namespace

std::vector<CheckResult> payment_checks(const CheckContext& ctx, const RegistryFacts& registry,
                                        std::optional<TrustLevel> commitment_trust) {
    std::vector<CheckResult> out;
    // Fills every payment check after `on` (except PAYMENT_PAY_TO, which reads only the registry) as not checked.
    auto rest_not_checked = [&](CheckCode on, std::string_view why, const CheckResult* pay_to) {
        bool after = false;
        for (CheckCode c : kPaymentOrder) {
            if (after) {
                if (c == CheckCode::kPaymentPayTo && pay_to)
                    out.push_back(*pay_to);
                else
                    out.push_back(not_checked(c, on, why));
            }
            if (c == on) after = true;
        }
    };
    const chain::CallReceipt& r = ctx.receipt;
    if (!r.payment) {
        out.push_back(unverified(CheckCode::kPaymentChain, Problem::kPaymentMissing, TrustLevel::kReported,
                                 "the receipt has no payment"));
        rest_not_checked(CheckCode::kPaymentChain, "no payment", nullptr);
        return out;
    }
    const chain::ReceiptPayment& p = *r.payment;
    const PaymentEvidence& ev = ctx.evidence.payment;
    const CheckResult pay_to = pay_to_check(p, registry);

    if (p.chain_id != ctx.config.payment_chain_id) {
        out.push_back(
            failed(CheckCode::kPaymentChain, Problem::kChainUnexpected, TrustLevel::kProven,
                   "the payment network is not the configured payment chain",
                   "receipt " + network(p.chain_id) + ", configured " + network(ctx.config.payment_chain_id)));
        rest_not_checked(CheckCode::kPaymentChain, "unexpected network", nullptr);
        return out;
    }
    out.push_back(
        passed(CheckCode::kPaymentChain, TrustLevel::kProven, "paid on the configured chain " + network(p.chain_id)));

    const auto& accepted = ctx.config.accepted_assets;
    if (std::find(accepted.begin(), accepted.end(), p.asset) == accepted.end())
        out.push_back(failed(CheckCode::kPaymentAsset, Problem::kAssetNotAccepted, TrustLevel::kProven,
                             "the payment asset is not an accepted asset",
                             "asset " + hex20(p.asset) + ", " + std::to_string(accepted.size()) + " accepted"));
    else
        out.push_back(
            passed(CheckCode::kPaymentAsset, TrustLevel::kProven, "the asset is accepted", "asset " + hex20(p.asset)));

    const std::string what = "payment transaction " + hex32(p.payment_hash);
    if (ev.chain.chain_id != ctx.config.payment_chain_id) {
        out.push_back(unverified(
            CheckCode::kPaymentFound, Problem::kEvidenceMismatch, TrustLevel::kReported,
            "the payment evidence is from another chain",
            "evidence " + network(ev.chain.chain_id) + ", configured " + network(ctx.config.payment_chain_id)));
        rest_not_checked(CheckCode::kPaymentFound, "evidence of another chain", &pay_to);
        return out;
    }
    if (!ev.transaction || !ev.receipt) {
        out.push_back(from_lookup(CheckCode::kPaymentFound, ev.failure, what, Problem::kPaymentNotFound,
                                  Problem::kPaymentNotMined));
        rest_not_checked(CheckCode::kPaymentFound, {}, &pay_to);
        return out;
    }
    const Verified<VerifiedTransaction>& tx = *ev.transaction;
    const Verified<VerifiedReceipt>& receipt = *ev.receipt;
    const TrustLevel trust = ev.chain.anchor;
    if (tx->hash != p.payment_hash || receipt->transaction_hash != p.payment_hash ||
        tx.block_hash() != receipt.block_hash() || tx->index != receipt->transaction_index) {
        out.push_back(unverified(CheckCode::kPaymentFound, Problem::kEvidenceMismatch, TrustLevel::kReported,
                                 "the payment evidence is about another transaction",
                                 "receipt payment_hash " + hex32(p.payment_hash) + ", evidence transaction " +
                                     hex32(tx->hash) + " in " + block_text(tx.block_number(), tx.block_hash()) +
                                     ", evidence receipt " + hex32(receipt->transaction_hash) + " in " +
                                     block_text(receipt.block_number(), receipt.block_hash())));
        rest_not_checked(CheckCode::kPaymentFound, "evidence of another transaction", &pay_to);
        return out;
    }
    const std::uint64_t block = tx.block_number();
    out.push_back(passed(CheckCode::kPaymentFound, trust, "the payment transaction is in a verified block",
                         what + " at index " + std::to_string(tx->index) + " of " + block_text(block, tx.block_hash()) +
                             ", sender " + hex20(tx->from)));

    if (receipt->receipt.post_state || !receipt->receipt.success) {
        out.push_back(failed(CheckCode::kPaymentSucceeded, Problem::kPaymentReverted, trust,
                             "the payment transaction reverted", what + " in " + block_text(block, tx.block_hash())));
        rest_not_checked(CheckCode::kPaymentSucceeded, "reverted", &pay_to);
        return out;
    }
    out.push_back(passed(CheckCode::kPaymentSucceeded, trust, "the payment transaction succeeded",
                         what + ", status 1, gas used " + std::to_string(receipt->gas_used)));
    out.push_back(transfer_check(p, *receipt, trust));
    out.push_back(pay_to);

    std::optional<Bytes32> chain_nonce;
    if (p.scheme != chain::PaymentScheme::kExact) {
        out.push_back(unverified(CheckCode::kPaymentAuthorization, Problem::kSchemeUnsupported, TrustLevel::kReported,
                                 "x402 \"upto\" (Permit2) authorizations are not verified yet",
                                 "scheme " + std::string(chain::to_string(p.scheme))));
        out.push_back(unverified(CheckCode::kPaymentBound, Problem::kSchemeUnsupported, TrustLevel::kReported,
                                 "the Permit2 nonce binding is not verified yet"));
    } else {
        AuthorizationOutcome auth = authorization_check(ctx, p, *tx, *receipt, trust);
        chain_nonce = auth.chain_nonce;
        out.push_back(std::move(auth.check));
        if (chain_nonce)
            out.push_back(bound_check(r, p, *chain_nonce, trust, commitment_trust));
        else
            out.push_back(not_checked(CheckCode::kPaymentBound, CheckCode::kPaymentAuthorization, "no nonce"));
    }

    out.push_back(confirmations_check(CheckCode::kPaymentConfirmations, Problem::kPaymentUnconfirmed, ev.chain, block,
                                      ctx.config.payment_confirmations, "the payment block"));
    if (chain_nonce)
        out.push_back(refund_check(p, ev, *chain_nonce, block));
    else
        out.push_back(not_checked(CheckCode::kPaymentRefund, CheckCode::kPaymentAuthorization,
                                  "no payment nonce to derive the refund nonce from"));
    out.push_back(unique_check(r, p, ev, block));
    return out;
}

}  // namespace countersign::verify::checks_detail
