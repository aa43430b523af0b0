#include <catch2/catch.hpp>

#include "backend/auth/passwordhash.h"

using namespace countersign;

TEST_CASE("a staff password verifies against its own scrypt hash and no other password does", "[auth]") {
    const auto hash = auth::hashPassword(Secret("correct horse"), {10, 8, 1});
    CHECK(hash.rfind("scrypt$10$8$1$", 0) == 0);
    CHECK(auth::verifyPassword(Secret("correct horse"), hash));
    CHECK_FALSE(auth::verifyPassword(Secret("correct horsE"), hash));
    CHECK_FALSE(auth::verifyPassword(Secret(""), hash));
}

TEST_CASE("the default password hash uses scrypt with N=2^15 and a fresh salt every time", "[auth]") {
    const auto a = auth::hashPassword(Secret("same password"));
    const auto b = auth::hashPassword(Secret("same password"));
    CHECK(a.rfind("scrypt$15$8$1$", 0) == 0);
    CHECK(a != b); // different salts
    CHECK(auth::verifyPassword(Secret("same password"), a));
    CHECK(auth::verifyPassword(Secret("same password"), b));
}

TEST_CASE("a malformed or foreign password hash never verifies", "[auth]") {
    const Secret pw("anything");
    for (const std::string bad :
         {"", "scrypt", "plain:anything", "scrypt$15$8$1$$", "scrypt$99$8$1$AAAA$AAAA",
          "scrypt$15$8$1$not-base64$also-not", "md5$abc", "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"}) {
        INFO(bad);
        CHECK_FALSE(auth::verifyPassword(pw, bad));
    }
}

TEST_CASE("a Secret wipes its text when moved from or wiped", "[auth]") {
    std::string typed = "123456";
    Secret s = Secret::take(typed);
    CHECK(typed.empty());
    CHECK(s.view() == "123456");
    Secret moved = std::move(s);
    CHECK(s.empty()); // NOLINT(bugprone-use-after-move): the moved-from state is what is checked
    CHECK(moved.view() == "123456");
    moved.wipe();
    CHECK(moved.empty());
}
