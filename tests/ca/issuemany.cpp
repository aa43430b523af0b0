// Test helper: one process issuing many certificates through the built-in CA, so a test can run two at once.
//   countersign_issue_many DSN KEYFILE COUNT PREFIX CSRFILE
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "backend/ca/builtinca.h"
#include "backend/opensslexit.h"
#include "db/connection.h"

int main(int argc, char** argv) {
    countersign::keepOpenSslUntilExit(); // first: before anything uses OpenSSL
    if (argc != 6) {
        std::fprintf(stderr, "usage: countersign_issue_many DSN KEYFILE COUNT PREFIX CSRFILE\n");
        return 2;
    }
    std::ifstream in(argv[5]);
    const std::string csr((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
        auto conn = countersign::db::openConnection(argv[1]);
        countersign::ca::BuiltinCaConfig config;
        config.keyFile = argv[2];
        countersign::ca::BuiltinCa ca(*conn, config);
        const int count = std::stoi(argv[3]);
        for (int i = 0; i < count; ++i)
            ca.issue({csr,
                      "enterprise-tax",
                      std::string(argv[4]) + std::to_string(i),
                      {"天津市测试科技有限公司", "91350100M000100Y43"}});
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
