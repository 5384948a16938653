// SPDX-License-Identifier: Apache-2.0
#pragma once
// A throw-away certificate authority and one server certificate signed by it (ECDSA P-256), made in memory
// for HTTPS tests: trust the CA file and the server is valid for exactly the names and IPs given.

#include <string>
#include <vector>

namespace countersign::testing {

struct TestPki {
    std::string ca_pem;
    std::string cert_pem;
    std::string key_pem;
};

// Aborts on OpenSSL failure (test setup, not untrusted input).
TestPki make_test_pki(const std::vector<std::string>& dns_names, const std::vector<std::string>& ips);

}  // namespace countersign::testing
