// SPDX-License-Identifier: Apache-2.0
#include "chain/abi_known.hpp"

#include <cstdlib>

namespace countersign::chain {
namespace {

AbiSignature must_parse(std::string_view text) {
    auto sig = parse_signature(text);
    if (!sig) std::abort();  // the literals below are fixed; a failure is a code bug caught by the tests
    return std::move(*sig);
}

constexpr std::string_view kAuthorizationArgs =
    "(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, "
    "bytes32 r, bytes32 s)";

}  // namespace

const AbiSignature& erc20_transfer_event() {
    static const AbiSignature sig =
        must_parse("event Transfer(address indexed from, address indexed to, uint256 value)");
    return sig;
}

const AbiSignature& authorization_used_event() {
    static const AbiSignature sig =
        must_parse("event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)");
    return sig;
}

const AbiSignature& individual_settlement_event() {
    static const AbiSignature sig = must_parse(
        "event IndividualSettlement(bytes32 indexed teeId, address indexed ethAddress, bytes32 inputHash, "
        "bytes32 outputHash, uint256 timestamp, bytes walrusBlobId, bytes signature)");
    return sig;
}

const AbiSignature& batch_settlement_event() {
    static const AbiSignature sig =
        must_parse("event BatchSettlement(bytes32 indexed merkleRoot, uint256 batchSize, bytes walrusBlobId)");
    return sig;
}

const AbiSignature& transfer_with_authorization_function() {
    static const AbiSignature sig =
        must_parse("function transferWithAuthorization" + std::string(kAuthorizationArgs));
    return sig;
}

const AbiSignature& receive_with_authorization_function() {
    static const AbiSignature sig = must_parse("function receiveWithAuthorization" + std::string(kAuthorizationArgs));
    return sig;
}

Expected<Erc20Transfer, AbiError> decode_erc20_transfer(std::span<const Hash32> topics, ByteView data) noexcept {
    auto ev = decode_log(erc20_transfer_event(), topics, data);
    if (!ev) return unexpected(ev.error());
    const auto& f = ev->fields;
    return Erc20Transfer{f[0].value.get<Address>(), f[1].value.get<Address>(), f[2].value.get<Uint256>()};
}

Expected<AuthorizationUsed, AbiError> decode_authorization_used(std::span<const Hash32> topics,
                                                                ByteView data) noexcept {
    auto ev = decode_log(authorization_used_event(), topics, data);
    if (!ev) return unexpected(ev.error());
    const auto& f = ev->fields;
    return AuthorizationUsed{f[0].value.get<Address>(), f[1].value.bytes32()};
}

Expected<IndividualSettlement, AbiError> decode_individual_settlement(std::span<const Hash32> topics,
                                                                      ByteView data) noexcept {
    auto ev = decode_log(individual_settlement_event(), topics, data);
    if (!ev) return unexpected(ev.error());
    auto& f = ev->fields;
    return IndividualSettlement{f[0].value.bytes32(),       f[1].value.get<Address>(), f[2].value.bytes32(),
                                f[3].value.bytes32(),       f[4].value.get<Uint256>(), f[5].value.get<Bytes>(),
                                f[6].value.get<Bytes>()};
}

Expected<BatchSettlement, AbiError> decode_batch_settlement(std::span<const Hash32> topics, ByteView data) noexcept {
    auto ev = decode_log(batch_settlement_event(), topics, data);
    if (!ev) return unexpected(ev.error());
    const auto& f = ev->fields;
    return BatchSettlement{f[0].value.bytes32(), f[1].value.get<Uint256>(), f[2].value.get<Bytes>()};
}

Expected<AuthorizationCall, AbiError> decode_authorization_call(ByteView calldata) noexcept {
    AuthorizationCall call;
    const AbiSignature* fn = &transfer_with_authorization_function();
    if (calldata.size() >= 4 && calldata.substr(0, 4) == function_selector(receive_with_authorization_function()).view()) {
        fn = &receive_with_authorization_function();
        call.kind = AuthorizationCallKind::kReceiveWithAuthorization;
    }
    auto args = decode_call(*fn, calldata);
    if (!args) return unexpected(args.error());
    const auto& a = *args;
    call.from = a[0].get<Address>();
    call.to = a[1].get<Address>();
    call.value = a[2].get<Uint256>();
    call.valid_after = a[3].get<Uint256>();
    call.valid_before = a[4].get<Uint256>();
    call.nonce = a[5].bytes32();
    call.v = static_cast<std::uint8_t>(a[6].get<Uint256>().low64());  // uint8: strict decode checked the range
    call.r = a[7].bytes32();
    call.s = a[8].bytes32();
    return call;
}

Bytes encode_authorization_call(const AuthorizationCall& call) {
    const AbiSignature& fn = call.kind == AuthorizationCallKind::kReceiveWithAuthorization
                                 ? receive_with_authorization_function()
                                 : transfer_with_authorization_function();
    const AbiValue args[] = {AbiValue::address(call.from),        AbiValue::address(call.to),
                             AbiValue::uint(call.value),          AbiValue::uint(call.valid_after),
                             AbiValue::uint(call.valid_before),   AbiValue::fixed(call.nonce),
                             AbiValue::uint(Uint256(call.v)),     AbiValue::fixed(call.r),
                             AbiValue::fixed(call.s)};
    auto out = encode_call(fn, args);
    if (!out) std::abort();  // every value is built from its own field type
    return std::move(*out);
}

}  // namespace countersign::chain
