// SPDX-License-Identifier: Apache-2.0
#pragma once
// The reference gateway's RSA-2048 TEE keys: devnet-only test keys committed under devnet/keys/ (see the
// README there). The PEM text starts with a newline (raw string layout); RsaPrivateKey::from_pem accepts it.

#include <string_view>

namespace countersign::devnet {

// Registered in the devnet TEERegistry by DevnetWorld::start.
std::string_view tee_key_pem() noexcept;
// Never registered: what `--tamper unregistered-key` signs with.
std::string_view unregistered_tee_key_pem() noexcept;

}  // namespace countersign::devnet
