#include "tests/support/newpapers.h"

namespace countersign::test {

db::PapersRecord newPapers(const std::string& letterNo) {
    db::PapersRecord papers;
    papers.named = db::NamedParties{
        "91350100M000100Y43", "天津测试科技有限公司", true, std::nullopt, "11010519491231002X", "张三", ""};
    db::AssistanceLetterRecord l;
    l.officeCode = "11201010000";
    l.officeName = "国家税务总局天津市河西区税务局（演示）";
    l.letterNo = letterNo;
    l.orgName = papers.named->name;
    l.uscc = papers.named->uscc;
    l.agentName = papers.named->agentName;
    l.agentIdNumber = papers.named->agentIdNumber;
    l.biz = {"NEW"};
    l.validFrom = "2020-01-01";
    l.validTo = "2099-12-31";
    l.entryMode = "qr";
    l.jws = "jws";
    papers.assistanceLetter = l;
    return papers;
}

} // namespace countersign::test
