// A key model's factory SO PIN file (stock::readFactorySoPin, read when a key of that model is set up): a
// secret file of the admin's whose first line is the PIN. The first two bytes are the model's PIN lengths
// (pinMin, pinMax; 0: no limit); the rest is written, mode 0600, to the file. Invariants: the PIN or a
// problem, never both; the PIN is the first line without its line end and within the lengths; the problem
// never shows the PIN.
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "backend/stock/keymodels.h"
#include "tests/fuzz/support.h"

using namespace countersign;

namespace {

const std::string& soPinFile() {
    static const std::string path = "/dev/shm/fuzz2-factory-sopin-" + std::to_string(::getpid());
    return path;
}

void write(const std::string& content) {
    const int fd = ::open(soPinFile().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size()))
        fuzz::broken("can't write the SO PIN file for the target");
    ::close(fd);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2)
        return 0;
    db::KeyModel model;
    model.name = "ePass3003";
    model.factorySoPinFile = soPinFile();
    model.pinMin = data[0] % 20;
    model.pinMax = data[1] % 40;
    const std::string content = fuzz::text(data + 2, size - 2);
    write(content);
    const auto read = stock::readFactorySoPin(model);
    if (read.pin.has_value() == !read.problem.empty())
        fuzz::broken("a factory SO PIN file gives both a PIN and a problem, or neither");
    std::string firstLine = content.substr(0, content.find('\n'));
    while (!firstLine.empty() && firstLine.back() == '\r')
        firstLine.pop_back();
    if (read.pin) {
        if (read.pin->view() != firstLine)
            fuzz::broken("the factory SO PIN is not the file's first line");
        const int length = static_cast<int>(read.pin->size());
        if (length == 0 || (model.pinMin > 0 && length < model.pinMin) ||
            (model.pinMax > 0 && length > model.pinMax))
            fuzz::broken("a factory SO PIN outside the model's lengths was accepted");
    } else if (firstLine.size() >= 4 && read.problem.find(firstLine) != std::string::npos) {
        // The PIN's text in the problem: a leak, unless the words are the message's own (the same problem
        // for a PIN of other characters has them too).
        write(std::string(firstLine.size(), '#') + content.substr(firstLine.size()));
        if (stock::readFactorySoPin(model).problem.find(firstLine) == std::string::npos)
            fuzz::broken("the problem with a factory SO PIN file shows the PIN");
    }
    ::unlink(soPinFile().c_str()); // libFuzzer does not always leave through exit()
    return 0;
}
