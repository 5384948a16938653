// SPDX-License-Identifier: Apache-2.0
#include "chain/eip712_payments.hpp"

#include <cstdlib>

#include "crypto/hex.hpp"

namespace countersign::chain {
namespace {

std::vector<Eip712Member> authorization_members() {
    return {{"from", "address"},      {"to", "address"},          {"value", "uint256"},
            {"validAfter", "uint256"}, {"validBefore", "uint256"}, {"nonce", "bytes32"}};
}

// The types and values below are built together, so hashing them cannot fail; abort marks a code bug.
Hash32 must(Expected<Hash32, Eip712Error> h) {
    if (!h) std::abort();
    return *h;
}

}  // namespace

Address permit2_address() noexcept {
    return hex_literal_fixed<20>("0x000000000022D473030F116dDEE9F6B43aC78BA3");
}

const Eip712Types& eip3009_types(Eip3009Kind kind) {
    static const Eip712Types transfer{{"TransferWithAuthorization", authorization_members()}};
    static const Eip712Types receive{{"ReceiveWithAuthorization", authorization_members()}};
    return kind == Eip3009Kind::kReceiveWithAuthorization ? receive : transfer;
}

const Eip712Types& eip3009_cancel_types() {
    static const Eip712Types types{{"CancelAuthorization", {{"authorizer", "address"}, {"nonce", "bytes32"}}}};
    return types;
}

Eip712Domain eip3009_domain(std::string name, std::string version, const Uint256& chain_id, const Address& token) {
    Eip712Domain d;
    d.name = std::move(name);
    d.version = std::move(version);
    d.chain_id = chain_id;
    d.verifying_contract = token;
    return d;
}

Hash32 eip3009_struct_hash(Eip3009Kind kind, const Eip3009Authorization& a) {
    const auto message = AbiValue::list({AbiValue::address(a.from), AbiValue::address(a.to), AbiValue::uint(a.value),
                                         AbiValue::uint(a.valid_after), AbiValue::uint(a.valid_before),
                                         AbiValue::fixed(a.nonce)});
    const char* primary =
        kind == Eip3009Kind::kReceiveWithAuthorization ? "ReceiveWithAuthorization" : "TransferWithAuthorization";
    return must(hash_struct(eip3009_types(kind), primary, message));
}

Hash32 eip3009_digest(const Eip712Domain& domain, Eip3009Kind kind, const Eip3009Authorization& a) {
    return typed_data_digest(domain_separator(domain), eip3009_struct_hash(kind, a));
}

Hash32 eip3009_cancel_digest(const Eip712Domain& domain, const Eip3009Cancellation& c) {
    const auto message = AbiValue::list({AbiValue::address(c.authorizer), AbiValue::fixed(c.nonce)});
    return typed_data_digest(domain_separator(domain),
                             must(hash_struct(eip3009_cancel_types(), "CancelAuthorization", message)));
}

const Eip712Types& permit2_upto_types() {
    static const Eip712Types types{
        {"PermitWitnessTransferFrom",
         {{"permitted", "TokenPermissions"},
          {"spender", "address"},
          {"nonce", "uint256"},
          {"deadline", "uint256"},
          {"witness", "Witness"}}},
        {"TokenPermissions", {{"token", "address"}, {"amount", "uint256"}}},
        {"Witness", {{"to", "address"}, {"facilitator", "address"}, {"validAfter", "uint256"}}},
    };
    return types;
}

Eip712Domain permit2_domain(const Uint256& chain_id, const Address& verifying_contract) {
    Eip712Domain d;
    d.name = "Permit2";
    d.chain_id = chain_id;
    d.verifying_contract = verifying_contract;
    return d;
}

AbiValue permit2_upto_message(const Permit2UptoPermit& p) {
    return AbiValue::list({
        AbiValue::list({AbiValue::address(p.token), AbiValue::uint(p.amount)}),
        AbiValue::address(p.spender),
        AbiValue::uint(p.nonce),
        AbiValue::uint(p.deadline),
        AbiValue::list({AbiValue::address(p.witness_to), AbiValue::address(p.witness_facilitator),
                        AbiValue::uint(p.witness_valid_after)}),
    });
}

Hash32 permit2_upto_struct_hash(const Permit2UptoPermit& p) {
    return must(hash_struct(permit2_upto_types(), "PermitWitnessTransferFrom", permit2_upto_message(p)));
}

Hash32 permit2_upto_digest(const Eip712Domain& domain, const Permit2UptoPermit& p) {
    return typed_data_digest(domain_separator(domain), permit2_upto_struct_hash(p));
}

}  // namespace countersign::chain
