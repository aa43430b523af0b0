#include "backend/privatefile.h"
#include "tests/support/testenv.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace countersign;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int modeOf(const std::string& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 07777);
}

} // namespace

TEST_CASE("an export is written for its owner only, whole, and never through a link", "[unit][files]") {
    const std::string dir = test::scratchDir();
    const std::string path = dir + "/export.csv";
    ::unlink(path.c_str());
    writePrivateFile(path, "a,b\n1,2\n");
    CHECK(modeOf(path) == 0600);
    CHECK(slurp(path) == "a,b\n1,2\n");

    // Over a file everybody could read: the new one is 0600 all the same.
    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    writePrivateFile(path, std::string("\0binary\xff", 8));
    CHECK(modeOf(path) == 0600);
    CHECK(slurp(path) == std::string("\0binary\xff", 8));

    // A link planted where the export goes is replaced, and the file it pointed to is untouched.
    const std::string victim = test::writeScratchFile("victim.txt", "someone else's file");
    const std::string link = dir + "/export-link.csv";
    ::unlink(link.c_str());
    REQUIRE(::symlink(victim.c_str(), link.c_str()) == 0);
    writePrivateFile(link, "exported");
    CHECK(slurp(victim) == "someone else's file");
    struct stat st {};
    REQUIRE(::lstat(link.c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK(slurp(link) == "exported");

    // Nowhere to write: a clear error, and nothing half-written is left behind.
    CHECK_THROWS_WITH(writePrivateFile(dir + "/no-such-dir/x.csv", "x"),
                      Catch::Contains("can't write " + dir + "/no-such-dir/x.csv"));
    CHECK_THROWS_AS(writePrivateFile(dir, "x"), PrivateFileError); // a directory is not replaced
}
