<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Supervisor approval</source>
        <translation>主管审批</translation>
    </message>
    <message>
        <source>Supervisor's username</source>
        <translation>主管用户名</translation>
    </message>
    <message>
        <source>Supervisor's password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
</context>
<context>
    <name>AuthorizationForm</name>
    <message>
        <source>Company name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>USCC or taxpayer ID</source>
        <translation>统一社会信用代码或纳税人识别号</translation>
    </message>
    <message>
        <source>Agent's name</source>
        <translation>经办人姓名</translation>
    </message>
    <message>
        <source>Agent's ID number</source>
        <translation>经办人身份证号码</translation>
    </message>
    <message>
        <source>Agent's mobile</source>
        <translation>经办人手机号码</translation>
    </message>
    <message>
        <source>Letter dated (YYYY-MM-DD)</source>
        <translation>授权书日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Valid from (YYYY-MM-DD)</source>
        <translation>有效期起（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Valid until (YYYY-MM-DD)</source>
        <translation>有效期至（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>The letter ticks “USBKEY replacement” (补办)</source>
        <translation>授权书已勾选“USBKEY补办”</translation>
    </message>
    <message>
        <source>The letter ticks “USBKEY unlock” (解锁)</source>
        <translation>授权书已勾选“USBKEY解锁”</translation>
    </message>
    <message>
        <source>I saw the company seal on the letter and it matches the company name</source>
        <translation>已核验授权书加盖单位公章，且与单位名称一致</translation>
    </message>
</context>
<context>
    <name>BackOfficeScreen</name>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>当日报表</translation>
    </message>
    <message>
        <source>Approvals waiting</source>
        <translation>待审批事项</translation>
    </message>
    <message>
        <source>Key stock</source>
        <translation>USBKEY库存</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>No refund waits for a review.</source>
        <translation>暂无待复核的退款。</translation>
    </message>
    <message>
        <source>Fees refunded by recovery, waiting for your review</source>
        <translation>业务恢复时已退款，待您复核</translation>
    </message>
    <message>
        <source>I have reviewed these refunds</source>
        <translation>已复核以上退款</translation>
    </message>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Past transactions</source>
        <translation>历史业务查询</translation>
    </message>
    <message>
        <source>Fee schedules</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <source>Letter signers</source>
        <translation>协办函签名者</translation>
    </message>
</context>
<context>
    <name>CheckGroups</name>
    <message>
        <source>The letter is genuine</source>
        <translation>函件真实有效</translation>
    </message>
    <message>
        <source>The letter is valid for this business today and unused</source>
        <translation>函件当日有效、适用本业务且未曾使用</translation>
    </message>
    <message>
        <source>The company's and the agent's identifiers are valid</source>
        <translation>单位和经办人的证件号码有效</translation>
    </message>
    <message>
        <source>The key and its certificate</source>
        <translation>USBKEY及其证书</translation>
    </message>
    <message>
        <source>Counter and fee</source>
        <translation>窗口与收费</translation>
    </message>
    <message>
        <source>Other checks</source>
        <translation>其他核验</translation>
    </message>
    <message>
        <source>%1 passed</source>
        <translation>%1项通过</translation>
    </message>
    <message>
        <source>%1 of %2 failed: %3</source>
        <translation>%2项中%1项未通过：%3</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>CheckList</name>
    <message>
        <source>The letter can be read</source>
        <translation>函件可以读取</translation>
    </message>
    <message>
        <source>Signature algorithm is accepted</source>
        <translation>签名算法符合要求</translation>
    </message>
    <message>
        <source>Signer certificate is known</source>
        <translation>签名证书已登记</translation>
    </message>
    <message>
        <source>Signer is trusted by the tax authority</source>
        <translation>签名方为税务机关信任</translation>
    </message>
    <message>
        <source>Signer certificate was valid on the issue date</source>
        <translation>签名证书在出具日期有效</translation>
    </message>
    <message>
        <source>Signature is genuine</source>
        <translation>签名真实有效</translation>
    </message>
    <message>
        <source>Letter is valid today</source>
        <translation>函件当日有效</translation>
    </message>
    <message>
        <source>Letter covers a new certificate</source>
        <translation>函件包含证书新办业务</translation>
    </message>
    <message>
        <source>Company USCC is valid</source>
        <translation>单位统一社会信用代码有效</translation>
    </message>
    <message>
        <source>Agent's ID number is valid</source>
        <translation>经办人身份证号码有效</translation>
    </message>
    <message>
        <source>Letter has not been used before</source>
        <translation>函件未曾使用</translation>
    </message>
    <message>
        <source>Hand-entered letter approved by a supervisor</source>
        <translation>手工录入函件已经主管审批</translation>
    </message>
    <message>
        <source>Company name is given</source>
        <translation>已填写单位名称</translation>
    </message>
    <message>
        <source>Text fields are acceptable</source>
        <translation>文字内容符合要求</translation>
    </message>
    <message>
        <source>Company and agent are named</source>
        <translation>已填写单位和经办人</translation>
    </message>
    <message>
        <source>Company ID is valid</source>
        <translation>单位证件号码有效</translation>
    </message>
    <message>
        <source>Company name is acceptable</source>
        <translation>单位名称符合要求</translation>
    </message>
    <message>
        <source>Agent's mobile number is valid</source>
        <translation>经办人手机号码有效</translation>
    </message>
    <message>
        <source>Authorization is valid today</source>
        <translation>授权书当日有效</translation>
    </message>
    <message>
        <source>Authorization covers this business</source>
        <translation>授权书包含本项业务</translation>
    </message>
    <message>
        <source>Company matches the certificate on the key</source>
        <translation>单位与USBKEY中的证书一致</translation>
    </message>
    <message>
        <source>Company seal confirmed</source>
        <translation>单位公章已核验</translation>
    </message>
    <message>
        <source>Counter is configured for this</source>
        <translation>本窗口已开通此业务</translation>
    </message>
    <message>
        <source>No other transaction is open for this</source>
        <translation>无其他未完成的同类业务</translation>
    </message>
    <message>
        <source>One blank key is in the writer</source>
        <translation>写卡器中有一个空白USBKEY</translation>
    </message>
    <message>
        <source>Key is in the writer</source>
        <translation>USBKEY已插入写卡器</translation>
    </message>
    <message>
        <source>Key holds this company's certificate</source>
        <translation>USBKEY中为本单位证书</translation>
    </message>
    <message>
        <source>Renewal is open for this certificate</source>
        <translation>该证书可办理更新</translation>
    </message>
    <message>
        <source>Certificate is not too long expired</source>
        <translation>证书过期未超期限</translation>
    </message>
    <message>
        <source>Certificate is due for an upgrade</source>
        <translation>该证书需办理升级</translation>
    </message>
    <message>
        <source>Key PIN is correct</source>
        <translation>USBKEY PIN码正确</translation>
    </message>
    <message>
        <source>New PIN follows the rules</source>
        <translation>新PIN码符合规则</translation>
    </message>
    <message>
        <source>Old key is on record</source>
        <translation>原USBKEY有登记记录</translation>
    </message>
    <message>
        <source>Key writer is working</source>
        <translation>写卡器工作正常</translation>
    </message>
    <message>
        <source>Key's administrator PIN is not locked</source>
        <translation>USBKEY管理员PIN码未锁定</translation>
    </message>
    <message>
        <source>Key is locked</source>
        <translation>USBKEY已锁定</translation>
    </message>
    <message>
        <source>Fee is known</source>
        <translation>费用已确定</translation>
    </message>
    <message>
        <source>Payment is recorded</source>
        <translation>已登记缴费</translation>
    </message>
    <message>
        <source>Invoice details are complete</source>
        <translation>开票信息完整</translation>
    </message>
    <message>
        <source>Fee waiver applies</source>
        <translation>符合免费条件</translation>
    </message>
    <message>
        <source>Damage without fault attested</source>
        <translation>已确认非人为损坏</translation>
    </message>
    <message>
        <source>Fee waiver approved by a supervisor</source>
        <translation>免费已经主管审批</translation>
    </message>
    <message>
        <source>Refund approved by a supervisor</source>
        <translation>退款已经主管审批</translation>
    </message>
    <message>
        <source>Scans are acceptable</source>
        <translation>扫描件符合要求</translation>
    </message>
    <message>
        <source>No checks yet</source>
        <translation>尚未核验</translation>
    </message>
    <message>
        <source>All checks passed (%1)</source>
        <translation>全部核验通过（%1项）</translation>
    </message>
    <message>
        <source>%1 of %2 checks failed</source>
        <translation>%2项核验中%1项未通过</translation>
    </message>
    <message>
        <source>Letter format is accepted</source>
        <translation>函件格式符合要求</translation>
    </message>
    <message>
        <source>Signer is registered for this tax office</source>
        <translation>签名方已登记为该税务机关</translation>
    </message>
    <message>
        <source>Signer certificate is valid today</source>
        <translation>签名证书今日有效</translation>
    </message>
    <message>
        <source>Letter's validity period is acceptable</source>
        <translation>函件有效期符合要求</translation>
    </message>
    <message>
        <source>Key's certificate is from a trusted CA</source>
        <translation>USBKEY中的证书由受信任的CA签发</translation>
    </message>
    <message>
        <source>Key's certificate is the one on record</source>
        <translation>USBKEY中的证书与登记记录一致</translation>
    </message>
    <message>
        <source>Key holds the certificate's private key</source>
        <translation>USBKEY持有该证书的私钥</translation>
    </message>
    <message>
        <source>Key can hold the key pair</source>
        <translation>USBKEY支持所需的密钥对算法</translation>
    </message>
    <message>
        <source>Supervisor confirmed the administrator PIN's last try</source>
        <translation>主管已确认使用管理员PIN的最后一次机会</translation>
    </message>
    <message>
        <source>Business day is open</source>
        <translation>营业日已开启</translation>
    </message>
    <message>
        <source>Key's administrator PIN is one this counter sets</source>
        <translation>USBKEY管理员PIN码由本系统设置</translation>
    </message>
    <message>
        <source>Agent's ID card matches the letter</source>
        <translation>经办人身份证与函件一致</translation>
    </message>
    <message>
        <source>Required scans are attached</source>
        <translation>所需扫描件已附上</translation>
    </message>
</context>
<context>
    <name>ChecksStep</name>
    <message>
        <source>All checks passed</source>
        <translation>全部核验通过</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Back to the papers</source>
        <translation>返回材料</translation>
    </message>
    <message>
        <source>Continue to the fee</source>
        <translation>继续缴费</translation>
    </message>
    <message>
        <source>Continue to the key</source>
        <translation>继续写入USBKEY</translation>
    </message>
    <message>
        <source>Fee due: ¥%1</source>
        <translation>应缴费用：¥%1</translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation>无需缴费。</translation>
    </message>
    <message>
        <source>Some real codes fail the check. If the business licence shows exactly this code, a supervisor can confirm it.</source>
        <translation>个别真实代码无法通过校验。如营业执照上的代码与此完全一致，可由主管确认。</translation>
    </message>
    <message>
        <source>Supervisor confirms the code…</source>
        <translation>主管确认代码…</translation>
    </message>
    <message>
        <source>The unified social credit code fails its check digit; confirm it against the business licence.</source>
        <translation>统一社会信用代码校验位不符，请对照营业执照确认。</translation>
    </message>
</context>
<context>
    <name>DailyReport</name>
    <message>
        <source>New certificate</source>
        <translation>新办</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation>补办</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>‹ Day before</source>
        <translation>‹ 前一天</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Day after ›</source>
        <translation>后一天 ›</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已日结</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出PDF</translation>
    </message>
    <message>
        <source>Closed by %1 at %2: cash counted %3, expected %4, difference %5</source>
        <translation>%1 于 %2 完成日结：清点现金 %3，应有现金 %4，差额 %5</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed or undone</source>
        <translation>失败或撤销</translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Cash expected</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Waivers</source>
        <translation>减免</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 笔（%2）</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Keys from stock</source>
        <translation>USBKEY出库</translation>
    </message>
    <message>
        <source>Returned damaged</source>
        <translation>损坏交回</translation>
    </message>
    <message>
        <source>Keys received</source>
        <translation>USBKEY入库</translation>
    </message>
    <message>
        <source>Letters used</source>
        <translation>已用函件</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>业务总数</translation>
    </message>
    <message>
        <source>Transactions by operation</source>
        <translation>按业务类型统计</translation>
    </message>
    <message>
        <source>Fees by payment method</source>
        <translation>按支付方式统计收费</translation>
    </message>
    <message>
        <source>No payments</source>
        <translation>暂无缴费</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>受理员</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s), %1</source>
        <translation>
            <numerusform>%n 笔，%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Key stock</source>
        <translation>USBKEY库存</translation>
    </message>
    <message>
        <source>%1: %2 in stock, %3 damaged</source>
        <translation>%1：库存 %2 个，损坏 %3 个</translation>
    </message>
    <message>
        <source>Fees taken</source>
        <translation>实收费用</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新办</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>补办</translation>
    </message>
</context>
<context>
    <name>DayClose</name>
    <message>
        <source>New certificate</source>
        <translation>证书新办</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>证书更新</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>证书升级</translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation>USBKEY补办</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>USBKEY解锁</translation>
    </message>
    <message>
        <source>Enter the cash counted in the drawer, in yuan (for example 78.00).</source>
        <translation>请输入钱箱中清点的现金金额，单位为元（例如 78.00）。</translation>
    </message>
    <message>
        <source>Sign with your password.</source>
        <translation>请输入密码签字确认。</translation>
    </message>
    <message>
        <source>Day close for %1, %2</source>
        <translation>日结：%1，%2</translation>
    </message>
    <message>
        <source>Read the figures again</source>
        <translation>重新读取数据</translation>
    </message>
    <message>
        <source>%1  %2  %3, counter %4, %5, since %6</source>
        <translation>%1  %2  %3，窗口 %4，%5，%6 开始</translation>
    </message>
    <message>
        <source>Transactions completed</source>
        <translation>已完成业务</translation>
    </message>
    <message>
        <source>Failed or undone</source>
        <translation>失败或撤销</translation>
    </message>
    <message>
        <source>Waivers</source>
        <translation>减免</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 笔（%2）</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Keys from stock</source>
        <translation>USBKEY出库</translation>
    </message>
    <message>
        <source>Cash expected in the drawer</source>
        <translation>钱箱应有现金</translation>
    </message>
    <message>
        <source>Cash counted (yuan)</source>
        <translation>清点现金（元）</translation>
    </message>
    <message>
        <source>e.g. 78.00</source>
        <translation>如 78.00</translation>
    </message>
    <message>
        <source>not an amount</source>
        <translation>金额无效</translation>
    </message>
    <message>
        <source>matches</source>
        <translation>相符</translation>
    </message>
    <message>
        <source>%1 over</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <source>%1 short</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <source>Signed by %1 with the password</source>
        <translation>%1 以密码签字确认</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>正在日结…</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>确认日结</translation>
    </message>
    <message>
        <source>Close %1?</source>
        <translation>确认日结 %1？</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>Cash counted %1, expected %2. Once closed, no transaction, payment or receipt of this day can be changed, and the day's report is frozen.</source>
        <translation>清点现金 %1，应有现金 %2。日结后，当日的业务、缴费和收据均不能再更改，当日报表将被锁定。</translation>
    </message>
    <message>
        <source>Fees taken</source>
        <translation>实收费用</translation>
    </message>
</context>
<context>
    <name>DecisionCard</name>
    <message>
        <source>Key replacement</source>
        <translation>USBKEY补办</translation>
    </message>
    <message>
        <source>Key unlock</source>
        <translation>USBKEY解锁</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>ID %1</source>
        <translation>身份证号 %1</translation>
    </message>
    <message>
        <source>ID card</source>
        <translation>身份证</translation>
    </message>
    <message>
        <source>✓ matches the letter's agent</source>
        <translation>✓ 与函件所列经办人一致</translation>
    </message>
    <message>
        <source>✕ does not match the letter's agent</source>
        <translation>✕ 与函件所列经办人不一致</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>函件</translation>
    </message>
    <message>
        <source>Authorization</source>
        <translation>授权书</translation>
    </message>
    <message>
        <source>No. %1</source>
        <translation>编号 %1</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Tax office</source>
        <translation>税务机关</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>USBKEY</translation>
    </message>
    <message>
        <source>blank key %1</source>
        <translation>空白USBKEY %1</translation>
    </message>
    <message>
        <source>the blank key in the writer</source>
        <translation>写卡器中的空白USBKEY</translation>
    </message>
    <message>
        <source>new key pair %1</source>
        <translation>新密钥对 %1</translation>
    </message>
    <message>
        <source>Old key</source>
        <translation>原USBKEY</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>certificate %1</source>
        <translation>证书 %1</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>有效期至 %1</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>DEMO MODE — demo keys and letters only; no certificate issued here is valid</source>
        <translation>演示模式 — 仅使用演示介质和演示函件，此处签发的证书均无效</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <source>Close demo controls</source>
        <translation>关闭演示控制</translation>
    </message>
    <message>
        <source>Demo controls</source>
        <translation>演示控制</translation>
    </message>
    <message>
        <source>Handed to the open NEW as if scanned. The agent's ID card to type or scan there: %1.</source>
        <translation>已如同扫码一样交给当前的新办业务。请在该业务中录入或扫描经办人身份证号码：%1。</translation>
    </message>
    <message>
        <source>No NEW is open: open NEW and scan this code, or open it from the scanner folder.</source>
        <translation>当前没有打开新办业务：请打开新办后扫描此二维码，或从扫描文件夹中打开。</translation>
    </message>
    <message>
        <source>DEMO controls — not part of a real counter</source>
        <translation>演示控制 — 真实窗口没有此功能</translation>
    </message>
    <message>
        <source>Key writer</source>
        <translation>写卡器</translation>
    </message>
    <message>
        <source>No key in the writer.</source>
        <translation>写卡器中没有USBKEY。</translation>
    </message>
    <message>
        <source>%1 key(s) in the writer, %2 blank.</source>
        <translation>写卡器中有 %1 个USBKEY，其中空白 %2 个。</translation>
    </message>
    <message>
        <source>Insert a fresh blank key</source>
        <translation>插入空白Key</translation>
    </message>
    <message>
        <source>Remove the key</source>
        <translation>拔出Key</translation>
    </message>
    <message>
        <source>Re-insert the last key</source>
        <translation>重新插入</translation>
    </message>
    <message>
        <source>Lock a key's PIN (6 wrong PINs), to try UNLOCK</source>
        <translation>锁定PIN（连续输错6次），用于体验解锁</translation>
    </message>
    <message>
        <source>No key with a PIN is in the writer.</source>
        <translation>写卡器中没有已设置PIN码的USBKEY。</translation>
    </message>
    <message>
        <source>PIN locked</source>
        <translation>PIN已锁定</translation>
    </message>
    <message>
        <source>Lock PIN</source>
        <translation>锁定PIN</translation>
    </message>
    <message>
        <source>Sample letters</source>
        <translation>示例协办函</translation>
    </message>
    <message>
        <source>Issue a DEMO assistance letter (NEW)</source>
        <translation>开具演示协办函（新办）</translation>
    </message>
    <message>
        <source>Letter %1:</source>
        <translation>协办函 %1：</translation>
    </message>
    <message>
        <source>Authorization letter (REPLACE, UNLOCK): type these</source>
        <translation>授权委托书（补办、解锁）：请录入以下内容</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Agent's ID number</source>
        <translation>经办人身份证号码</translation>
    </message>
    <message>
        <source>Agent's mobile</source>
        <translation>经办人手机号码</translation>
    </message>
    <message>
        <source>The ID card's pictures are in the scanner folder and its number went to the open operation as if read by the ID reader.</source>
        <translation>身份证正反面图片已放入扫描文件夹，身份证号码已如同读卡器读取一样交给当前业务。</translation>
    </message>
    <message>
        <source>The ID card's pictures are in the scanner folder; open an operation to take them.</source>
        <translation>身份证正反面图片已放入扫描文件夹；请打开业务后由其自动采集。</translation>
    </message>
    <message>
        <source>Scan the authorization letter and the agent's ID card</source>
        <translation>扫描授权委托书和经办人身份证</translation>
    </message>
    <message>
        <source>Scan the agent's ID card</source>
        <translation>扫描经办人身份证</translation>
    </message>
</context>
<context>
    <name>DoneStep</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Next agent</source>
        <translation>下一位</translation>
    </message>
    <message>
        <source>The certificate is on the key and verified. Hand the key to the agent.</source>
        <translation>证书已写入USBKEY并验证通过。请将USBKEY交给经办人。</translation>
    </message>
    <message>
        <source>The key is unlocked with the new PIN. Hand the key to the agent.</source>
        <translation>USBKEY已解锁并设置新PIN码。请将USBKEY交给经办人。</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>服务中心</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>收据编号</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>业务流水号</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>USBKEY</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>实收金额</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印收据</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Printing the receipt…</source>
        <translation>正在打印收据…</translation>
    </message>
    <message>
        <source>The transaction is complete; only the paper receipt is missing. Fix the printer, then retry.</source>
        <translation>业务已办理完成，仅纸质收据尚未打印。请排除打印机故障后重试。</translation>
    </message>
    <message>
        <source>This receipt is void; it prints marked 作废 / VOID.</source>
        <translation>该收据已作废，打印时将标注“作废 / VOID”。</translation>
    </message>
</context>
<context>
    <name>FeeStep</name>
    <message>
        <source>Fee and payment</source>
        <translation>费用与缴费</translation>
    </message>
    <message>
        <source>Continue to the key</source>
        <translation>继续写入USBKEY</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation>无需缴费。</translation>
    </message>
</context>
<context>
    <name>FeeWords</name>
    <message>
        <source>New certificate: no fee</source>
        <translation>证书新办：免费</translation>
    </message>
    <message>
        <source>Certificate renewal: no fee</source>
        <translation>证书更新：免费</translation>
    </message>
    <message>
        <source>Certificate upgrade: no fee</source>
        <translation>证书升级：免费</translation>
    </message>
    <message>
        <source>USB-KEY media fee</source>
        <translation>USBKEY介质费</translation>
    </message>
    <message>
        <source>Waived: the key failed without human damage, exterior intact</source>
        <translation>减免：USBKEY非人为损坏且外观完好</translation>
    </message>
    <message>
        <source>USB-KEY unlock: no fee</source>
        <translation>USBKEY解锁：免费</translation>
    </message>
    <message>
        <source>First certificate, subsidised</source>
        <translation>首张证书（财政补贴）</translation>
    </message>
    <message>
        <source>Further certificate</source>
        <translation>新增证书</translation>
    </message>
    <message>
        <source>Annual service fee</source>
        <translation>年度服务费</translation>
    </message>
    <message>
        <source>Replacement certificate incl. USB-KEY</source>
        <translation>补办证书（含USBKEY）</translation>
    </message>
</context>
<context>
    <name>FeesPage</name>
    <message>
        <source>in force</source>
        <translation>生效中</translation>
    </message>
    <message>
        <source>future</source>
        <translation>待生效</translation>
    </message>
    <message>
        <source>past</source>
        <translation>已失效</translation>
    </message>
    <message>
        <source>used here</source>
        <translation>本中心使用</translation>
    </message>
    <message>
        <source>first certificate</source>
        <translation>首张证书</translation>
    </message>
    <message>
        <source>further certificate</source>
        <translation>后续证书</translation>
    </message>
    <message>
        <source>damage waiver</source>
        <translation>非人为损坏减免</translation>
    </message>
    <message>
        <source>Fee schedules</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <source>open</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>收费规则</translation>
    </message>
    <message>
        <source>New version</source>
        <translation>新版本</translation>
    </message>
    <message>
        <source>%1 version %2 (%3), from %4</source>
        <translation>%1 第 %2 版（%3），自 %4 起</translation>
    </message>
    <message>
        <source>New version of %1</source>
        <translation>%1 的新版本</translation>
    </message>
    <message>
        <source>It takes over from the version before it on its start date (after today); once in force it is never changed.</source>
        <translation>自生效日期（须晚于今天）起取代上一版本；生效后不可再更改。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>In force from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Ask for approval</source>
        <translation>申请审批</translation>
    </message>
    <message>
        <source>Approval: another admin or a supervisor</source>
        <translation>审批：另一位管理员或主管</translation>
    </message>
    <message>
        <source>Approver's username</source>
        <translation>审批人用户名</translation>
    </message>
    <message>
        <source>Approver's password</source>
        <translation>审批人密码</translation>
    </message>
</context>
<context>
    <name>HandLetterForm</name>
    <message>
        <source>Letter number</source>
        <translation>函件编号</translation>
    </message>
    <message>
        <source>Tax office code</source>
        <translation>税务机关代码</translation>
    </message>
    <message>
        <source>Tax office</source>
        <translation>税务机关</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>USCC (unified social credit code)</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Agent's name</source>
        <translation>经办人姓名</translation>
    </message>
    <message>
        <source>Agent's ID number</source>
        <translation>经办人身份证号码</translation>
    </message>
    <message>
        <source>Issued (YYYY-MM-DD)</source>
        <translation>出具日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Valid until (YYYY-MM-DD)</source>
        <translation>有效期至（YYYY-MM-DD）</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>受理员</translation>
    </message>
    <message>
        <source>Welcome, %1</source>
        <translation>欢迎，%1</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Checking for unfinished transactions…</source>
        <translation>正在检查未完成的业务…</translation>
    </message>
    <message>
        <source>Unfinished transactions could not be recovered: %1</source>
        <translation>未完成的业务无法恢复：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n unfinished transaction(s) were finished or undone; refunds await the supervisor's review.</source>
        <translation>
            <numerusform>已完成或撤销 %n 笔未完成的业务；退款待主管复核。</numerusform>
        </translation>
    </message>
    <message>
        <source>New certificate</source>
        <translation>证书新办</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>证书更新</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>证书升级</translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation>USBKEY补办</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>USBKEY解锁</translation>
    </message>
    <message>
        <source>The database cannot be reached: no operation can start until it is back.</source>
        <translation>无法连接数据库：恢复连接前无法办理业务。</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>当日报表</translation>
    </message>
    <message>
        <source>Approvals waiting</source>
        <translation>待审批事项</translation>
    </message>
    <message>
        <source>Key stock</source>
        <translation>USBKEY库存</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Past transactions</source>
        <translation>历史业务查询</translation>
    </message>
</context>
<context>
    <name>IdCardField</name>
    <message>
        <source>Agent's ID card number</source>
        <translation>经办人身份证号码</translation>
    </message>
    <message>
        <source>The letter's agent</source>
        <translation>协办函所载经办人</translation>
    </message>
    <message>
        <source>The authorization letter's agent</source>
        <translation>授权书所载经办人</translation>
    </message>
    <message>
        <source>shown once the letter is scanned</source>
        <translation>扫描协办函后显示</translation>
    </message>
    <message>
        <source>typed from the letter above</source>
        <translation>按上方授权书填写</translation>
    </message>
    <message>
        <source>✓ Matches the letter: compare the name and photo on the card</source>
        <translation>✓ 与函件一致：请核对身份证上的姓名和照片</translation>
    </message>
    <message>
        <source>✕ Not the letter's agent: the agent named on the letter must come in person</source>
        <translation>✕ 不是函件所载经办人：须由经办人本人到场办理</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>%1 (%2) is logged in. Enter the password to go on where you left off.</source>
        <translation>%1（%2）已登录。请输入密码，继续之前的操作。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Logging out gives up the work on screen.</source>
        <translation>退出登录将放弃当前屏幕上的操作。</translation>
    </message>
</context>
<context>
    <name>InvoiceForm</name>
    <message>
        <source>The buyer wants an invoice</source>
        <translation>需要开具发票</translation>
    </message>
    <message>
        <source>Enterprise buyer</source>
        <translation>单位购买方</translation>
    </message>
    <message>
        <source>Individual buyer</source>
        <translation>个人购买方</translation>
    </message>
    <message>
        <source>Buyer name (invoice title)</source>
        <translation>购买方名称（发票抬头）</translation>
    </message>
    <message>
        <source>Taxpayer ID (optional)</source>
        <translation>纳税人识别号（选填）</translation>
    </message>
    <message>
        <source>Taxpayer ID (USCC)</source>
        <translation>纳税人识别号</translation>
    </message>
    <message>
        <source>Address and phone (optional)</source>
        <translation>地址、电话（选填）</translation>
    </message>
    <message>
        <source>Bank and account (optional)</source>
        <translation>开户行及账号（选填）</translation>
    </message>
    <message>
        <source>Send to: e-mail</source>
        <translation>发送至：电子邮箱</translation>
    </message>
    <message>
        <source>or mobile</source>
        <translation>或手机号</translation>
    </message>
</context>
<context>
    <name>KeyPicker</name>
    <message>
        <source>Put the enterprise's key in the writer.</source>
        <translation>请将单位USBKEY插入写卡器。</translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation>USBKEY %1</translation>
    </message>
    <message>
        <source>certificate valid until %1</source>
        <translation>证书有效期至 %1</translation>
    </message>
    <message>
        <source>SO PIN locked</source>
        <translation>管理员PIN码已锁定</translation>
    </message>
    <message>
        <source>PIN locked</source>
        <translation>PIN码已锁定</translation>
    </message>
</context>
<context>
    <name>KeyStep</name>
    <message>
        <source>Working on the key</source>
        <translation>正在处理USBKEY</translation>
    </message>
    <message>
        <source>The agent sets the new PIN</source>
        <translation>经办人设置新PIN码</translation>
    </message>
    <message>
        <source>The agent types the key's PIN</source>
        <translation>经办人输入USBKEY PIN码</translation>
    </message>
    <message>
        <source>Leave the key in the writer until this is done.</source>
        <translation>办理完成前请勿拔出USBKEY。</translation>
    </message>
    <message>
        <source>Turn the PIN pad to the agent. The PIN is typed twice; the rules show as they type.</source>
        <translation>请将密码键盘转向经办人。PIN码需输入两次，输入时将显示规则。</translation>
    </message>
    <message>
        <source>Turn the PIN pad to the agent. A wrong PIN counts towards locking the key.</source>
        <translation>请将密码键盘转向经办人。PIN码输错将计入USBKEY锁定次数。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在办理…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>One more wrong PIN locks this key. The agent is sure of the PIN.</source>
        <translation>再输错一次PIN码，该USBKEY将被锁定。请经办人确认PIN码无误。</translation>
    </message>
    <message>
        <source>Revoke the old key's certificates</source>
        <translation>吊销原USBKEY中的证书</translation>
    </message>
    <message>
        <source>Initialise the key and set the PIN</source>
        <translation>初始化USBKEY并设置PIN码</translation>
    </message>
    <message>
        <source>Unlock the key and set the new PIN</source>
        <translation>解锁USBKEY并设置新PIN码</translation>
    </message>
    <message>
        <source>Generate the key pair on the key</source>
        <translation>在USBKEY中生成密钥对</translation>
    </message>
    <message>
        <source>Request the certificate from the CA</source>
        <translation>向CA申请证书</translation>
    </message>
    <message>
        <source>Write the certificate to the key</source>
        <translation>将证书写入USBKEY</translation>
    </message>
    <message>
        <source>Verify the key</source>
        <translation>验证USBKEY</translation>
    </message>
    <message>
        <source>Record the transaction and the receipt</source>
        <translation>登记业务及收据</translation>
    </message>
    <message>
        <source>The key was pulled out. Insert the key again, then continue.</source>
        <translation>USBKEY已被拔出。请重新插入USBKEY后继续。</translation>
    </message>
    <message>
        <source>The work stopped; nothing is lost. Continue when ready, or give it up.</source>
        <translation>办理已中断，数据未丢失。准备好后可继续，或放弃办理。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Give up and refund…</source>
        <translation>放弃并退款…</translation>
    </message>
    <message>
        <source>Give up transaction %1 and refund its fee.</source>
        <translation>放弃业务 %1 并退还费用。</translation>
    </message>
    <message>
        <source>Transaction %1 was given up: its certificate revoked, its fee refunded, the new key wiped.</source>
        <translation>业务 %1 已放弃：证书已吊销，费用已退还，新USBKEY已清除。</translation>
    </message>
    <message>
        <source>Leave the key in the writer until this is done. Key pair: %1.</source>
        <translation>办理完成前请勿拔出USBKEY。密钥对：%1。</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>This workstation has no centre and counter configured. Set [workstation] centre and counter in the configuration file.</source>
        <translation>本工作站尚未配置服务中心和窗口。请在配置文件的 [workstation] 中设置 centre 和 counter。</translation>
    </message>
    <message>
        <source>Counter %1 is not registered in the database. An admin registers it with “countersignctl counter add”.</source>
        <translation>窗口 %1 尚未在数据库中登记。请管理员使用“countersignctl counter add”登记。</translation>
    </message>
    <message>
        <source>The database cannot be reached. The counter keeps trying by itself; you can also try again now.</source>
        <translation>无法连接数据库。系统会自动重试，您也可以立即重试。</translation>
    </message>
    <message>
        <source>The database was upgraded by a newer Countersign. Install the same version on this counter.</source>
        <translation>数据库已由更新版本的 Countersign 升级。请在本窗口安装相同版本。</translation>
    </message>
    <message>
        <source>The database could not be prepared for this version.</source>
        <translation>无法为本版本准备数据库。</translation>
    </message>
    <message>
        <source>The configuration file cannot be used.</source>
        <translation>配置文件无法使用。</translation>
    </message>
    <message>
        <source>CA Certificate Service Counter</source>
        <translation>CA证书服务受理台</translation>
    </message>
    <message>
        <source>Staff login</source>
        <translation>员工登录</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>This workstation's database login does not belong to the counter it is configured as (%1). An admin binds each counter's login with “setup.sh counter-role”.</source>
        <translation>本工作站的数据库登录账号不属于配置中的窗口（%1）。请管理员使用“setup.sh counter-role”为每个窗口绑定其登录账号。</translation>
    </message>
    <message>
        <source>Your password was reset by an admin. Choose a new password of at least 8 characters to go on.</source>
        <translation>您的密码已由管理员重置。请设置至少 8 个字符的新密码后继续。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>The same again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Set the new password and log in</source>
        <translation>设置新密码并登录</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Countersign counter</source>
        <translation>Countersign 受理台</translation>
    </message>
</context>
<context>
    <name>OperationFlow</name>
    <message>
        <source>New certificate</source>
        <translation>证书新办</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>证书更新</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>证书升级</translation>
    </message>
    <message>
        <source>Replacement key</source>
        <translation>USBKEY补办</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>USBKEY解锁</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Papers</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>USBKEY</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>PapersStep</name>
    <message>
        <source>Scan the assistance letter</source>
        <translation>扫描证书协办函</translation>
    </message>
    <message>
        <source>The enterprise's authorization letter</source>
        <translation>单位授权书</translation>
    </message>
    <message>
        <source>The enterprise's key</source>
        <translation>单位USBKEY</translation>
    </message>
    <message>
        <source>Scan the QR code on the tax office's assistance letter (证书协办函) with the scanner, or open the scanned image. Put a blank key in the writer.</source>
        <translation>请用扫码枪扫描税务机关出具的证书协办函上的二维码，或打开扫描图像。请将空白USBKEY插入写卡器。</translation>
    </message>
    <message>
        <source>Scan the business licence QR to fill the USCC, type the rest from the letter, and confirm the seal. Put a blank key in the writer.</source>
        <translation>扫描营业执照二维码填入统一社会信用代码，按授权书录入其余内容，并核验公章。请将空白USBKEY插入写卡器。</translation>
    </message>
    <message>
        <source>Scan the business licence QR to fill the USCC, type the rest from the letter, and confirm the seal. The locked key stays in the writer.</source>
        <translation>扫描营业执照二维码填入统一社会信用代码，按授权书录入其余内容，并核验公章。已锁定的USBKEY保留在写卡器中。</translation>
    </message>
    <message>
        <source>The key stays in the writer. The agent will type its PIN.</source>
        <translation>USBKEY保留在写卡器中，由经办人输入PIN码。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Letter scanned.</source>
        <translation>函件已扫描。</translation>
    </message>
    <message>
        <source>USCC taken from the business licence.</source>
        <translation>已从营业执照读取统一社会信用代码。</translation>
    </message>
    <message>
        <source>The scanned code is not one this step takes.</source>
        <translation>所扫描的码不适用于当前步骤。</translation>
    </message>
    <message>
        <source>Letter read from the image.</source>
        <translation>已从图像读取函件。</translation>
    </message>
    <message>
        <source>No QR code could be read from the image: %1</source>
        <translation>无法从图像中读取二维码：%1</translation>
    </message>
    <message>
        <source>A letter has been scanned (%1 characters).</source>
        <translation>已扫描函件（%1个字符）。</translation>
    </message>
    <message>
        <source>Waiting for the scanner…</source>
        <translation>等待扫描…</translation>
    </message>
    <message>
        <source>Open scanned image…</source>
        <translation>打开扫描图像…</translation>
    </message>
    <message>
        <source>QR unreadable: enter by hand</source>
        <translation>二维码无法识别：手工录入</translation>
    </message>
    <message>
        <source>Hand entry approved by %1.</source>
        <translation>手工录入已由 %1 批准。</translation>
    </message>
    <message>
        <source>A letter typed by hand needs a supervisor's approval.</source>
        <translation>手工录入的函件须经主管审批。</translation>
    </message>
    <message>
        <source>Supervisor approval…</source>
        <translation>主管审批…</translation>
    </message>
    <message>
        <source>The assistance letter's QR code cannot be read; the operator typed it from the paper.</source>
        <translation>证书协办函二维码无法识别，由受理员按纸质函件手工录入。</translation>
    </message>
    <message>
        <source>Scan instead</source>
        <translation>改为扫描</translation>
    </message>
    <message>
        <source>The old key is</source>
        <translation>原USBKEY</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>遗失</translation>
    </message>
    <message>
        <source>damaged (handed in)</source>
        <translation>损坏（已交回）</translation>
    </message>
    <message>
        <source>I attest the key failed without human damage and its exterior is intact (media fee waived)</source>
        <translation>本人确认该USBKEY非人为损坏且外观完好（免收介质费）</translation>
    </message>
    <message>
        <source>Waive the media fee for a key that failed without human damage, exterior intact.</source>
        <translation>USBKEY非人为损坏且外观完好，免收介质费。</translation>
    </message>
    <message>
        <source>Waiver approved by %1.</source>
        <translation>免费已由 %1 批准。</translation>
    </message>
    <message>
        <source>The waiver needs a supervisor's approval.</source>
        <translation>免费须经主管审批。</translation>
    </message>
    <message>
        <source>A blank key is in the writer.</source>
        <translation>写卡器中已有空白USBKEY。</translation>
    </message>
    <message>
        <source>Put a blank key in the writer.</source>
        <translation>请将空白USBKEY插入写卡器。</translation>
    </message>
    <message>
        <source>Several blank keys are in the writer: leave only one.</source>
        <translation>写卡器中有多个空白USBKEY：请仅保留一个。</translation>
    </message>
    <message>
        <source>Scanned images (newest first)</source>
        <translation>扫描图像（最新在前）</translation>
    </message>
    <message>
        <source>No scanner folder is configured ([scanner] folder).</source>
        <translation>未配置扫描文件夹（[scanner] folder）。</translation>
    </message>
    <message>
        <source>No images in %1.</source>
        <translation>%1 中没有图像。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Serial of the lost key (only when the enterprise has several)</source>
        <translation>遗失USBKEY的序列号（仅在单位持有多个USBKEY时填写）</translation>
    </message>
    <message>
        <source>Letter scanned: now scan or type the agent's ID card.</source>
        <translation>已扫描协办函：请扫描或输入经办人身份证号码。</translation>
    </message>
    <message>
        <source>Agent's ID card scanned.</source>
        <translation>已读取经办人身份证。</translation>
    </message>
</context>
<context>
    <name>PaymentLines</name>
    <message>
        <source>Payments</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>Over-paid: ¥%1</source>
        <translation>多收：¥%1</translation>
    </message>
    <message>
        <source>Remaining: ¥%1</source>
        <translation>剩余应收：¥%1</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reference number</source>
        <translation>交易参考号</translation>
    </message>
    <message>
        <source>From the payment slip or the phone</source>
        <translation>见支付凭条或手机</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add a payment:</source>
        <translation>添加一笔付款：</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>At least %1 digits needed (%2 so far).</source>
        <translation>至少需要%1位数字（已输入%2位）。</translation>
    </message>
    <message>
        <source>At most %1 digits.</source>
        <translation>最多%1位数字。</translation>
    </message>
    <message>
        <source>Digits only.</source>
        <translation>只能输入数字。</translation>
    </message>
    <message>
        <source>It can't be one digit repeated, like 111111.</source>
        <translation>不能为同一数字重复，如111111。</translation>
    </message>
    <message>
        <source>It can't be ascending digits, like 123456.</source>
        <translation>不能为递增数字，如123456。</translation>
    </message>
    <message>
        <source>It can't be descending digits, like 654321.</source>
        <translation>不能为递减数字，如654321。</translation>
    </message>
    <message>
        <source>It can't be the agent's birth date.</source>
        <translation>不能为经办人出生日期。</translation>
    </message>
    <message>
        <source>The two PINs differ. Clear and enter the PIN again.</source>
        <translation>两次输入的PIN码不一致。请清除后重新输入。</translation>
    </message>
    <message>
        <source>Enter the same PIN again.</source>
        <translation>请再次输入相同的PIN码。</translation>
    </message>
    <message>
        <source>The two PINs match.</source>
        <translation>两次输入的PIN码一致。</translation>
    </message>
    <message>
        <source>Enter a new PIN of %1 to %2 digits.</source>
        <translation>请输入%1至%2位数字的新PIN码。</translation>
    </message>
    <message>
        <source>This PIN can be used.</source>
        <translation>该PIN码可以使用。</translation>
    </message>
    <message>
        <source>%1: %2 digits entered</source>
        <translation>%1：已输入%2位</translation>
    </message>
    <message>
        <source>Enter the PIN</source>
        <translation>请输入PIN码</translation>
    </message>
    <message>
        <source>%1 to %2 digits; not one digit repeated; not ascending or descending; not the agent's birth date.</source>
        <translation>%1至%2位数字；不能为同一数字重复；不能为递增或递减数字；不能为经办人出生日期。</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新PIN码</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN码</translation>
    </message>
    <message>
        <source>Repeat the new PIN</source>
        <translation>再次输入新PIN码</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>删除最后一位</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>Wrong PIN. One try is left: one more wrong PIN locks the key.</source>
        <translation>PIN码错误。只剩最后一次机会，再错一次介质将被锁定。</translation>
    </message>
    <message>
        <source>Wrong PIN. Please enter it again.</source>
        <translation>PIN码错误，请重新输入。</translation>
    </message>
    <message>
        <source>The PIN is locked. The key can be unlocked at the counter with an authorization letter.</source>
        <translation>PIN码已锁定。请凭授权书办理介质解锁。</translation>
    </message>
    <message>
        <source>Only one try is left and a wrong PIN locks the key. The holder must confirm first.</source>
        <translation>只剩最后一次输入机会，输错将锁定介质。请持有人确认后再输入。</translation>
    </message>
    <message>
        <source>The key's SO PIN is locked, so it can't be unlocked. Replace the key instead.</source>
        <translation>介质的管理员PIN已锁定，无法解锁。请为该企业办理介质补办。</translation>
    </message>
    <message>
        <source>The key refused the SO PIN: it may not have been issued by this system.</source>
        <translation>介质拒绝了管理员PIN：该介质可能不是本系统发行的。</translation>
    </message>
    <message>
        <source>The key was removed. Insert it again to continue.</source>
        <translation>介质已被拔出。请重新插入介质后继续。</translation>
    </message>
    <message>
        <source>No key found in the writer. Please insert the key.</source>
        <translation>写卡器中没有找到介质。请插入介质。</translation>
    </message>
    <message>
        <source>More than one key is inserted. Leave only the key being served.</source>
        <translation>写卡器中有多个介质。请只保留要办理的介质。</translation>
    </message>
    <message>
        <source>The key is not recognised.</source>
        <translation>无法识别该介质。</translation>
    </message>
    <message>
        <source>The key is write-protected.</source>
        <translation>介质处于写保护状态。</translation>
    </message>
    <message>
        <source>The key has no space left.</source>
        <translation>介质存储空间已满。</translation>
    </message>
    <message>
        <source>The writer's driver (PKCS#11 module) can't be loaded.</source>
        <translation>无法加载写卡器驱动（PKCS#11 模块）。</translation>
    </message>
    <message>
        <source>The key has not been initialised.</source>
        <translation>介质尚未初始化。</translation>
    </message>
    <message>
        <source>The key has no PIN yet.</source>
        <translation>介质尚未设置PIN码。</translation>
    </message>
    <message>
        <source>The new PIN does not meet the PIN rules.</source>
        <translation>新PIN码不符合要求。</translation>
    </message>
    <message>
        <source>The key pair or certificate was not found on the key.</source>
        <translation>介质上没有找到对应的密钥或证书。</translation>
    </message>
    <message>
        <source>The key does not support this algorithm or operation.</source>
        <translation>该介质不支持此算法或操作。</translation>
    </message>
    <message>
        <source>The key's self-test failed: its signature does not verify with the written certificate.</source>
        <translation>介质自检失败：签名无法用写入的证书验证。</translation>
    </message>
    <message>
        <source>The data given can't be used.</source>
        <translation>输入的数据无法使用。</translation>
    </message>
    <message>
        <source>The SO PIN master secret is unavailable or unsafe.</source>
        <translation>管理员PIN主密钥不可用或不安全。</translation>
    </message>
    <message>
        <source>The key's SO PIN has one try left and a failure locks the key for good. A supervisor must confirm first.</source>
        <translation>介质的管理员PIN只剩最后一次机会，失败将永久锁定介质。须经主管确认后才能继续。</translation>
    </message>
    <message>
        <source>The key operation failed (%1).</source>
        <translation>介质操作失败（%1）。</translation>
    </message>
    <message>
        <source>The PIN needs at least %1 digits.</source>
        <translation>PIN码至少 %1 位。</translation>
    </message>
    <message>
        <source>The PIN may have at most %1 digits.</source>
        <translation>PIN码最多 %1 位。</translation>
    </message>
    <message>
        <source>The PIN may contain digits only.</source>
        <translation>PIN码只能由数字组成。</translation>
    </message>
    <message>
        <source>The PIN can't be one digit repeated.</source>
        <translation>PIN码不能全部是同一个数字。</translation>
    </message>
    <message>
        <source>The PIN can't be ascending digits.</source>
        <translation>PIN码不能是连续递增的数字。</translation>
    </message>
    <message>
        <source>The PIN can't be descending digits.</source>
        <translation>PIN码不能是连续递减的数字。</translation>
    </message>
    <message>
        <source>The PIN can't be the agent's birth date.</source>
        <translation>PIN码不能使用经办人的出生日期。</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>两次输入的PIN码不一致。</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>the header's "x5t#S256" is not text</source>
        <translation>函件头部的“x5t#S256”不是文本</translation>
    </message>
    <message>
        <source>the header's "x5c" is not a list of base64 certificates</source>
        <translation>函件头部的“x5c”不是 base64 证书列表</translation>
    </message>
    <message>
        <source>agent's "%1" is missing or empty</source>
        <translation>经办人的“%1”缺失或为空</translation>
    </message>
    <message>
        <source>"%1" is missing or empty</source>
        <translation>“%1”缺失或为空</translation>
    </message>
    <message>
        <source>"%1" is not a date (YYYY-MM-DD): %2</source>
        <translation>“%1”不是日期（YYYY-MM-DD）：%2</translation>
    </message>
    <message>
        <source>the letter's version ("ver") is not 1, the only version this counter reads</source>
        <translation>函件版本（“ver”）不是 1，本窗口只能读取版本 1</translation>
    </message>
    <message>
        <source>"agent" is missing or not an object</source>
        <translation>“agent”缺失或不是对象</translation>
    </message>
    <message>
        <source>"biz" is missing or not a list of texts</source>
        <translation>“biz”缺失或不是文本列表</translation>
    </message>
    <message>
        <source>Not checked: %1.</source>
        <translation>未核验：%1。</translation>
    </message>
    <message>
        <source>the signer's certificate holds no readable public key</source>
        <translation>签名证书中没有可读取的公钥</translation>
    </message>
    <message>
        <source>the letter says ES256 but the signer's key is not an EC P-256 key</source>
        <translation>函件声明使用 ES256，但签名密钥不是 EC P-256 密钥</translation>
    </message>
    <message>
        <source>an ES256 signature must be 64 bytes, this one is %1</source>
        <translation>ES256 签名应为 64 字节，此签名为 %1 字节</translation>
    </message>
    <message>
        <source>the letter says RS256 but the signer's key is not an RSA key</source>
        <translation>函件声明使用 RS256，但签名密钥不是 RSA 密钥</translation>
    </message>
    <message>
        <source>the signer's RSA key has only %1 bits; RS256 letters need a key of at least %2 bits (RFC 7518 §3.3)</source>
        <translation>签名方的 RSA 密钥只有 %1 位；RS256 函件要求密钥至少 %2 位（RFC 7518 §3.3）</translation>
    </message>
    <message>
        <source>the signature does not match the letter: it was changed after signing, or signed with another key</source>
        <translation>签名与函件内容不符：函件在签名后被改动过，或由其他密钥签名</translation>
    </message>
    <message>
        <source>the letter's text is empty</source>
        <translation>函件内容为空</translation>
    </message>
    <message>
        <source>this is not a signed assistance letter (expected three parts separated by dots, found %1)</source>
        <translation>这不是经签名的证书协办函（应为以点号分隔的三段，实际为 %1 段）</translation>
    </message>
    <message>
        <source>the letter's header is not base64url-encoded JSON</source>
        <translation>函件头部不是 base64url 编码的 JSON</translation>
    </message>
    <message>
        <source>the letter's contents are not base64url-encoded JSON</source>
        <translation>函件内容不是 base64url 编码的 JSON</translation>
    </message>
    <message>
        <source>the letter's signature is missing or not base64url</source>
        <translation>函件签名缺失或不是 base64url 编码</translation>
    </message>
    <message>
        <source>The letter reads as a signed assistance letter, version 1.</source>
        <translation>函件为经签名的证书协办函，版本 1。</translation>
    </message>
    <message>
        <source>The letter can't be read: %1.</source>
        <translation>函件无法读取：%1。</translation>
    </message>
    <message>
        <source>the letter's header could not be read</source>
        <translation>函件头部无法读取</translation>
    </message>
    <message>
        <source>the letter's contents could not be read</source>
        <translation>函件内容无法读取</translation>
    </message>
    <message>
        <source>The letter is signed with "%1"; only ES256 and RS256 are accepted.</source>
        <translation>函件使用“%1”签名；只接受 ES256 和 RS256。</translation>
    </message>
    <message>
        <source>The letter's type is "%1", not "CSAL" (an assistance letter).</source>
        <translation>函件类型为“%1”，不是“CSAL”（证书协办函）。</translation>
    </message>
    <message>
        <source>Signed with %1, an accepted algorithm.</source>
        <translation>使用 %1 签名，算法符合要求。</translation>
    </message>
    <message>
        <source>A certificate in the letter's "x5c" can't be read.</source>
        <translation>函件“x5c”中有证书无法读取。</translation>
    </message>
    <message>
        <source>The letter's "x5t#S256" thumbprint does not match the signer certificate it carries in "x5c".</source>
        <translation>函件的“x5t#S256”指纹与其“x5c”中携带的签名证书不符。</translation>
    </message>
    <message>
        <source>The letter names no signer: it has neither "x5t#S256" nor "x5c".</source>
        <translation>函件未指明签名方：既没有“x5t#S256”，也没有“x5c”。</translation>
    </message>
    <message>
        <source>No tax-authority trust anchor is configured, so no signer can be trusted.</source>
        <translation>尚未配置税务机关信任根证书，无法信任任何签名方。</translation>
    </message>
    <message>
        <source>The signer's certificate chains to a configured tax-authority trust anchor.</source>
        <translation>签名证书可验证至已配置的税务机关信任根证书。</translation>
    </message>
    <message>
        <source>The signer's certificate does not chain to a configured tax-authority trust anchor (%1).</source>
        <translation>签名证书无法验证至已配置的税务机关信任根证书（%1）。</translation>
    </message>
    <message>
        <source>the letter carries no readable signature</source>
        <translation>函件没有可读取的签名</translation>
    </message>
    <message>
        <source>the signing algorithm is not accepted</source>
        <translation>签名算法不符合要求</translation>
    </message>
    <message>
        <source>The signature matches the letter and the signer's key.</source>
        <translation>签名与函件内容及签名密钥相符。</translation>
    </message>
    <message>
        <source>The signature fails: %1.</source>
        <translation>签名核验失败：%1。</translation>
    </message>
    <message>
        <source>The letter expires (%1) before it was issued (%2).</source>
        <translation>函件的截止日期（%1）早于出具日期（%2）。</translation>
    </message>
    <message>
        <source>The letter is not valid yet: it is valid from %1 to %2, today is %3.</source>
        <translation>函件尚未生效：有效期为 %1 至 %2，今天是 %3。</translation>
    </message>
    <message>
        <source>The letter has expired: it was valid from %1 to %2, today is %3.</source>
        <translation>函件已过期：有效期为 %1 至 %2，今天是 %3。</translation>
    </message>
    <message>
        <source>The letter is valid from %1 to %2, which includes today.</source>
        <translation>函件有效期为 %1 至 %2，今天在有效期内。</translation>
    </message>
    <message>
        <source>The letter allows issuing a new certificate (NEW).</source>
        <translation>函件包含证书新办业务（NEW）。</translation>
    </message>
    <message>
        <source>The letter does not allow issuing a new certificate: its business list lacks "NEW".</source>
        <translation>函件不包含证书新办业务：业务类型中没有“NEW”。</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>agent ID number</source>
        <translation>经办人身份证号码</translation>
    </message>
    <message>
        <source>no register of used letters was given, so reuse can't be ruled out</source>
        <translation>无法查询函件使用记录，不能排除重复使用</translation>
    </message>
    <message>
        <source>Letter %1 of tax office %2 was already used by transaction %3.</source>
        <translation>税务机关 %2 的函件 %1 已在业务 %3 中使用。</translation>
    </message>
    <message>
        <source>Letter %1 of tax office %2 has not been used before.</source>
        <translation>税务机关 %2 的函件 %1 未曾使用。</translation>
    </message>
    <message>
        <source>the letter must name the company and the agent</source>
        <translation>授权书须写明单位名称和经办人姓名</translation>
    </message>
    <message>
        <source>company ID</source>
        <translation>单位证件号码</translation>
    </message>
    <message>
        <source>agent's ID number</source>
        <translation>经办人身份证号码</translation>
    </message>
    <message>
        <source>the agent's mobile number must be 11 digits starting with 1</source>
        <translation>经办人手机号码须为以 1 开头的 11 位数字</translation>
    </message>
    <message>
        <source>the letter's validity period is missing or ends before it starts</source>
        <translation>授权书未写明有效期，或有效期截止日期早于起始日期</translation>
    </message>
    <message>
        <source>the letter is valid only from %1</source>
        <translation>授权书自 %1 起才生效</translation>
    </message>
    <message>
        <source>the letter expired on %1; the enterprise must issue a new one</source>
        <translation>授权书已于 %1 过期，请单位重新出具授权书</translation>
    </message>
    <message>
        <source>business type 补办 (replace) is not ticked on the letter</source>
        <translation>授权书未勾选“补办”业务</translation>
    </message>
    <message>
        <source>business type 解锁 (unlock) is not ticked on the letter</source>
        <translation>授权书未勾选“解锁”业务</translation>
    </message>
    <message>
        <source>an authorization letter covers replacing and unlocking keys, not %1</source>
        <translation>授权书只适用于USBKEY补办和解锁，不适用于 %1</translation>
    </message>
    <message>
        <source>there is no certificate with a USCC to compare the letter with</source>
        <translation>没有含统一社会信用代码的证书可与授权书比对</translation>
    </message>
    <message>
        <source>the letter is for %1 but the certificate is for %2</source>
        <translation>授权书所载单位为 %1，证书所载单位为 %2</translation>
    </message>
    <message>
        <source>the operator has not confirmed the company seal on the letter</source>
        <translation>受理员尚未核验授权书上的单位公章</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(a space)</source>
        <translation>（空格）</translation>
    </message>
    <message>
        <source>(byte %1)</source>
        <translation>（字节 %1）</translation>
    </message>
    <message>
        <source>%1 (full-width)</source>
        <translation>%1（全角）</translation>
    </message>
    <message>
        <source>(a full-width space)</source>
        <translation>（全角空格）</translation>
    </message>
    <message>
        <source>a different number</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>%1, %2 or %3</source>
        <translation>%1、%2或%3</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1或%2</translation>
    </message>
    <message>
        <source>the %1 is valid</source>
        <translation>%1有效</translation>
    </message>
    <message>
        <source>the %1 is empty</source>
        <translation>%1未填写</translation>
    </message>
    <message>
        <source>the %1 has %2 characters, expected %3</source>
        <translation>%1为 %2 位，应为 %3 位</translation>
    </message>
    <message>
        <source>character %1 %2 is not allowed in the %3</source>
        <translation>%3的第 %1 位字符 %2 不允许使用</translation>
    </message>
    <message>
        <source>the %1 check character is %2, expected '%3'</source>
        <translation>%1的校验位为 %2，应为 '%3'</translation>
    </message>
    <message>
        <source>the birth date %1 in the %2 is not a real date</source>
        <translation>%2中的出生日期 %1 不是有效日期</translation>
    </message>
    <message>
        <source>the birth date %1 in the %2 is in the future</source>
        <translation>%2中的出生日期 %1 晚于今天</translation>
    </message>
    <message>
        <source>the birth date %1 in the %2 is before 1900</source>
        <translation>%2中的出生日期 %1 早于1900年</translation>
    </message>
    <message>
        <source>the %1 was refused</source>
        <translation>%1未通过核验</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>bank_card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>wechat_pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>centre %1 does not exist</source>
        <translation>服务中心 %1 不存在</translation>
    </message>
    <message>
        <source>fee schedule %1 does not exist (check [fees] schedule in the configuration)</source>
        <translation>收费标准 %1 不存在（请检查配置文件中的 [fees] schedule）</translation>
    </message>
    <message>
        <source>fee schedule %1 is not in force on %2 (valid from %3)</source>
        <translation>收费标准 %1 在 %2 不适用（自 %3 起施行）</translation>
    </message>
    <message>
        <source>fee schedule %1 is not in force on %2 (valid from %3 to %4)</source>
        <translation>收费标准 %1 在 %2 不适用（施行期为 %3 至 %4）</translation>
    </message>
    <message>
        <source>fee schedule %1 belongs to another centre, not %2</source>
        <translation>收费标准 %1 属于其他服务中心，不属于 %2</translation>
    </message>
    <message>
        <source>fee schedule %1 is for region %2, not centre %3's</source>
        <translation>收费标准 %1 适用于 %2 地区，不适用于服务中心 %3</translation>
    </message>
    <message>
        <source>no fee schedule is in force for centre %1 on %2</source>
        <translation>服务中心 %1 在 %2 没有适用的收费标准</translation>
    </message>
    <message>
        <source>more than one fee schedule is in force for centre %1 on %2 (%3): choose one with [fees] schedule in the configuration</source>
        <translation>服务中心 %1 在 %2 有多个适用的收费标准（%3）：请在配置文件的 [fees] schedule 中指定一个</translation>
    </message>
    <message>
        <source>%1: approval %2 does not exist</source>
        <translation>%1：审批记录 %2 不存在</translation>
    </message>
    <message>
        <source>%1: approval %2 is a %3 approval, not a %4 approval</source>
        <translation>%1：审批记录 %2 的类型为 %3，不是 %4</translation>
    </message>
    <message>
        <source>%1: approval %2 was given for another transaction</source>
        <translation>%1：审批记录 %2 属于其他业务</translation>
    </message>
    <message>
        <source>refused by the database: %1</source>
        <translation>数据库拒绝了此操作：%1</translation>
    </message>
    <message>
        <source>unknown operation %1: expected NEW, RENEW, UPGRADE, REPLACE or UNLOCK</source>
        <translation>未知业务类型 %1：应为 NEW、RENEW、UPGRADE、REPLACE 或 UNLOCK</translation>
    </message>
    <message>
        <source>the business date is not a valid date</source>
        <translation>营业日期不是有效日期</translation>
    </message>
    <message>
        <source>fee schedule %1 has no damage waiver for %2</source>
        <translation>收费标准 %1 中没有 %2 业务的损坏免费规定</translation>
    </message>
    <message>
        <source>a fee waiver needs the operator who attested the condition (%1)</source>
        <translation>免费须由受理员确认符合条件（%1）</translation>
    </message>
    <message>
        <source>a fee waiver needs a supervisor's approval</source>
        <translation>免费须经主管审批</translation>
    </message>
    <message>
        <source>the fee waiver</source>
        <translation>免费</translation>
    </message>
    <message>
        <source>the fee lines add up to more than can be counted</source>
        <translation>费用合计超出可计算范围</translation>
    </message>
    <message>
        <source>the fee total is negative (%1); a waiver can't exceed its charge</source>
        <translation>费用合计为负数（%1）：免除金额不能超过应收金额</translation>
    </message>
    <message>
        <source>nothing is due (total 0.00), so no payment may be taken</source>
        <translation>本笔业务无需缴费（合计 0.00），不能收取费用</translation>
    </message>
    <message>
        <source>payment %1 (%2)</source>
        <translation>第 %1 笔缴费（%2）</translation>
    </message>
    <message>
        <source>%1: the amount must be more than 0.00, not %2</source>
        <translation>%1：金额须大于 0.00，不能为 %2</translation>
    </message>
    <message>
        <source>%1: a non-cash payment needs its reference number (terminal or wallet)</source>
        <translation>%1：非现金缴费须填写支付流水号（POS终端或移动支付）</translation>
    </message>
    <message>
        <source>%1 reference</source>
        <translation>%1的支付流水号</translation>
    </message>
    <message>
        <source>the payments add up to more than can be counted</source>
        <translation>缴费合计超出可计算范围</translation>
    </message>
    <message>
        <source>the fee is %1 but no payment was given</source>
        <translation>应收费用为 %1，但未登记缴费</translation>
    </message>
    <message>
        <source>the payments add up to %1 but the fee is %2: %3 short</source>
        <translation>缴费合计 %1，应收费用 %2：少收 %3</translation>
    </message>
    <message>
        <source>the payments add up to %1 but the fee is %2: %3 too much</source>
        <translation>缴费合计 %1，应收费用 %2：多收 %3</translation>
    </message>
    <message>
        <source>the fee has no lines; even a free operation records one zero line</source>
        <translation>费用没有明细：免费业务也须登记一条金额为零的明细</translation>
    </message>
    <message>
        <source>a fee line has no description of what it is for</source>
        <translation>有一条费用明细未写明收费项目</translation>
    </message>
    <message>
        <source>fee line description</source>
        <translation>费用明细的收费项目</translation>
    </message>
    <message>
        <source>the waiver "%1" needs its reason, the operator who attested it and a supervisor's approval</source>
        <translation>免费项“%1”须写明原因，并经受理员确认和主管审批</translation>
    </message>
    <message>
        <source>nothing is paid for this transaction, so there is no invoice to request</source>
        <translation>本笔业务未收费，无需开具发票</translation>
    </message>
    <message>
        <source>the waiver "%1"</source>
        <translation>免费项“%1”</translation>
    </message>
    <message>
        <source>refund reason</source>
        <translation>退款原因</translation>
    </message>
    <message>
        <source>the refund of transaction %1</source>
        <translation>业务 %1 的退款</translation>
    </message>
    <message>
        <source>the %1 must not begin with =, +, - or @ (a spreadsheet would run it as a formula)</source>
        <translation>%1不能以 =、+、- 或 @ 开头（电子表格会将其当作公式执行）</translation>
    </message>
    <message>
        <source>the buyer kind must be enterprise or individual, not "%1"</source>
        <translation>购买方类型须为单位或个人，不能为“%1”</translation>
    </message>
    <message>
        <source>the buyer name (invoice title) is required</source>
        <translation>须填写购买方名称（发票抬头）</translation>
    </message>
    <message>
        <source>buyer name</source>
        <translation>购买方名称</translation>
    </message>
    <message>
        <source>an enterprise buyer needs its taxpayer ID (纳税人识别号 / USCC) on the invoice</source>
        <translation>单位购买方须在发票上填写纳税人识别号（统一社会信用代码）</translation>
    </message>
    <message>
        <source>buyer taxpayer ID</source>
        <translation>购买方纳税人识别号</translation>
    </message>
    <message>
        <source>address and phone</source>
        <translation>地址、电话</translation>
    </message>
    <message>
        <source>bank and account</source>
        <translation>开户行及账号</translation>
    </message>
    <message>
        <source>the invoice needs an e-mail address or a mobile number to be delivered to</source>
        <translation>须填写接收发票的邮箱或手机号码</translation>
    </message>
    <message>
        <source>delivery e-mail</source>
        <translation>接收发票的邮箱</translation>
    </message>
    <message>
        <source>the delivery e-mail "%1" is not an e-mail address (name@domain.example)</source>
        <translation>接收发票的邮箱“%1”不是有效的邮箱地址（格式如 name@domain.example）</translation>
    </message>
    <message>
        <source>the delivery e-mail is blank; leave it out or give an address</source>
        <translation>接收发票的邮箱只有空格：请删除或填写邮箱地址</translation>
    </message>
    <message>
        <source>the delivery mobile "%1" is not a phone number (5 to 20 digits, optionally after +)</source>
        <translation>接收发票的手机号码“%1”不是有效号码（5至20位数字，可以 + 开头）</translation>
    </message>
    <message>
        <source>the delivery mobile is blank; leave it out or give a number</source>
        <translation>接收发票的手机号码只有空格：请删除或填写号码</translation>
    </message>
    <message>
        <source>invoice number</source>
        <translation>发票号码</translation>
    </message>
    <message>
        <source>the %1 is not valid UTF-8 text (at byte %2)</source>
        <translation>%1不是有效的UTF-8文本（第 %2 字节）</translation>
    </message>
    <message>
        <source>the %1 contains a control character (%2 at character %3)</source>
        <translation>%1含有控制字符（第 %3 个字符为 %2）</translation>
    </message>
    <message>
        <source>the %1 is too long: %2 characters, at most %3</source>
        <translation>%1过长：共 %2 个字符，最多 %3 个</translation>
    </message>
    <message>
        <source>is not valid UTF-8 text</source>
        <translation>不是有效的UTF-8文本</translation>
    </message>
    <message>
        <source>contains a control character</source>
        <translation>含有控制字符</translation>
    </message>
    <message>
        <source>is longer than %1 characters</source>
        <translation>超过 %1 个字符</translation>
    </message>
    <message>
        <source>the fee schedule %1 has no damage waiver</source>
        <translation>收费标准 %1 中没有损坏免费规定</translation>
    </message>
    <message>
        <source>nothing is due, so there is nothing to invoice</source>
        <translation>本笔业务无需缴费，无需开具发票</translation>
    </message>
    <message>
        <source>the code fails its check (GB 32100-2015); a supervisor confirmed it</source>
        <translation>该代码未通过校验（GB 32100-2015），已经主管核实</translation>
    </message>
    <message>
        <source>a scan must be a non-empty file of at most 20 MB</source>
        <translation>扫描件须为非空文件，且不超过 20 MB</translation>
    </message>
    <message>
        <source>company name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>agent name</source>
        <translation>经办人姓名</translation>
    </message>
    <message>
        <source>agent ID</source>
        <translation>经办人身份证号码</translation>
    </message>
    <message>
        <source>agent mobile</source>
        <translation>经办人手机号码</translation>
    </message>
    <message>
        <source>the %1 %2</source>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>the company name is longer than 64 characters, more than a certificate can carry</source>
        <translation>单位名称超过 64 个字符，超出证书可容纳的长度</translation>
    </message>
    <message>
        <source>the agent's mobile number must be 5 to 20 digits</source>
        <translation>经办人手机号码须为 5 至 20 位数字</translation>
    </message>
    <message>
        <source>in_stock</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>空白</translation>
    </message>
    <message>
        <source>active</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>已挂失</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>no tax-authority trust anchor is configured: countersignctl letter trust add</source>
        <translation>尚未配置税务机关信任根证书：请使用 countersignctl letter trust add 添加</translation>
    </message>
    <message>
        <source>a letter entered by hand needs a supervisor's approval</source>
        <translation>手工录入的函件须经主管审批</translation>
    </message>
    <message>
        <source>letter number</source>
        <translation>函件编号</translation>
    </message>
    <message>
        <source>office code</source>
        <translation>税务机关代码</translation>
    </message>
    <message>
        <source>office name</source>
        <translation>税务机关名称</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>today is not within the letter's issued..expires dates</source>
        <translation>今天不在函件的有效期内（出具日期至截止日期）</translation>
    </message>
    <message>
        <source>the letter does not cover a new certificate (NEW)</source>
        <translation>函件不包含证书新办业务（NEW）</translation>
    </message>
    <message>
        <source>the USCC fails its check (GB 32100-2015)</source>
        <translation>统一社会信用代码未通过校验（GB 32100-2015）</translation>
    </message>
    <message>
        <source>the agent's ID number fails its check (GB 11643-1999)</source>
        <translation>经办人身份证号码未通过校验（GB 11643-1999）</translation>
    </message>
    <message>
        <source>the letter was already used by transaction %1</source>
        <translation>该函件已在业务 %1 中使用</translation>
    </message>
    <message>
        <source>the company name must be 1 to 64 characters, as much as a certificate can carry</source>
        <translation>单位名称须为 1 至 64 个字符（证书可容纳的长度）</translation>
    </message>
    <message>
        <source>a letter field %1</source>
        <translation>函件中有一项内容%1</translation>
    </message>
    <message>
        <source>there are several blank keys in the writer: name the one to issue</source>
        <translation>写卡器中有多个空白USBKEY：请指定要发行的一个</translation>
    </message>
    <message>
        <source>there is no blank key in the writer</source>
        <translation>写卡器中没有空白USBKEY</translation>
    </message>
    <message>
        <source>key %1 is not a blank key in the writer</source>
        <translation>USBKEY %1 不是写卡器中的空白USBKEY</translation>
    </message>
    <message>
        <source>key %1 is not in the writer</source>
        <translation>USBKEY %1 不在写卡器中</translation>
    </message>
    <message>
        <source>the key carries no enterprise certificate</source>
        <translation>USBKEY中没有单位证书</translation>
    </message>
    <message>
        <source>the key carries several certificates</source>
        <translation>USBKEY中有多张证书</translation>
    </message>
    <message>
        <source>the CA's chain can't be read: %1</source>
        <translation>无法读取CA证书链：%1</translation>
    </message>
    <message>
        <source>the legacy CA file %1 holds no readable certificate</source>
        <translation>历史CA证书文件 %1 中没有可读取的证书</translation>
    </message>
    <message>
        <source>certificate %1 on the key was not issued by a CA this counter trusts (its issuer: %2)</source>
        <translation>USBKEY中的证书 %1 不是本柜台信任的CA签发的（签发者：%2）</translation>
    </message>
    <message>
        <source>certificate %1 on the key is not on record</source>
        <translation>USBKEY中的证书 %1 没有登记记录</translation>
    </message>
    <message>
        <source>certificate %1 on the key is not the one on record for key %2 (issuer, content or key differ)</source>
        <translation>USBKEY中的证书 %1 与USBKEY %2 登记的证书不符（签发者、内容或所在USBKEY不同）</translation>
    </message>
    <message>
        <source>the key does not hold the private key of certificate %1 on it</source>
        <translation>USBKEY中没有其证书 %1 对应的私钥</translation>
    </message>
    <message>
        <source>the certificate names no USCC (organizationIdentifier NTRCN-…)</source>
        <translation>证书中没有统一社会信用代码（organizationIdentifier NTRCN-…）</translation>
    </message>
    <message>
        <source>the certificate expires %1; it can be renewed from %2 days before</source>
        <translation>证书于 %1 到期；到期前 %2 天起方可办理更新</translation>
    </message>
    <message>
        <source>the certificate expired more than %1 days ago: apply for a new certificate</source>
        <translation>证书过期已超过 %1 天：请办理证书新办</translation>
    </message>
    <message>
        <source>the certificate was issued after the upgrade cut-off under the current CA: renew it instead</source>
        <translation>证书由现行CA在升级截止日期之后签发：请办理证书更新</translation>
    </message>
    <message>
        <source>the old key's serial %1</source>
        <translation>原USBKEY序列号%1</translation>
    </message>
    <message>
        <source>no key of this enterprise is on record: give the old key's serial</source>
        <translation>没有该单位的USBKEY登记记录：请填写原USBKEY序列号</translation>
    </message>
    <message>
        <source>the enterprise has several keys: give the serial of the one to replace</source>
        <translation>该单位有多个USBKEY：请填写要补办的USBKEY序列号</translation>
    </message>
    <message>
        <source>key %1 is %2, not in an enterprise's hands</source>
        <translation>USBKEY %1 的状态为“%2”，不在单位手中</translation>
    </message>
    <message>
        <source>key %1 is not on record and not in the writer</source>
        <translation>USBKEY %1 没有登记记录，也不在写卡器中</translation>
    </message>
    <message>
        <source>the media fee waiver is for a damaged key only</source>
        <translation>只有损坏的USBKEY才能免收介质费</translation>
    </message>
    <message>
        <source>a waiver needs the operator's attestation that the key failed without human damage and its exterior is intact</source>
        <translation>免费须由受理员确认该USBKEY非人为损坏且外观完好</translation>
    </message>
    <message>
        <source>there is no blank key in the writer for the replacement</source>
        <translation>写卡器中没有用于补办的空白USBKEY</translation>
    </message>
    <message>
        <source>the key's SO PIN is locked, so it can't be unlocked: replace the key (USBKEY补办)</source>
        <translation>USBKEY的管理员PIN码已锁定，无法解锁：请办理USBKEY补办</translation>
    </message>
    <message>
        <source>the key's SO PIN has one try left and a failure locks the key for good: a supervisor must confirm before it is spent</source>
        <translation>USBKEY的管理员PIN码只剩最后一次机会，失败将永久锁定：须经主管确认后才能使用</translation>
    </message>
    <message>
        <source>the key's PIN is not locked: there is nothing to unlock</source>
        <translation>USBKEY的PIN码未锁定，无需解锁</translation>
    </message>
    <message>
        <source>a refund needs a supervisor's approval</source>
        <translation>退款须经主管审批</translation>
    </message>
    <message>
        <source>business day %1 is closed at this centre: a supervisor closed it, and nothing more can be recorded on it</source>
        <translation>本中心 %1 营业日已由主管日结，不能再记录新的业务</translation>
    </message>
    <message>
        <source>NEW</source>
        <translation>新办</translation>
    </message>
    <message>
        <source>RENEW</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>UPGRADE</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>REPLACE</source>
        <translation>补办</translation>
    </message>
    <message>
        <source>UNLOCK</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>compensated</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source>the old (revoked) key pair stays on key %1 until its next renewal</source>
        <translation>旧的（已吊销）密钥对暂留在 USBKEY %1 中，下次更新时删除</translation>
    </message>
    <message>
        <source>the old (revoked) key pair could not be removed from key %1: %2</source>
        <translation>未能从 USBKEY %1 中删除旧的（已吊销）密钥对：%2</translation>
    </message>
    <message>
        <source>certificate %1 revoked</source>
        <translation>证书 %1 已吊销</translation>
    </message>
    <message>
        <source>the old key's certificates were revoked</source>
        <translation>原 USBKEY 上的证书已吊销</translation>
    </message>
    <message>
        <source>key %1 wiped and returned to stock</source>
        <translation>USBKEY %1 已清空并退回库存</translation>
    </message>
    <message>
        <source>key %1 wiped</source>
        <translation>USBKEY %1 已清空</translation>
    </message>
    <message>
        <source>the key pair made for the renewal stays unused on key %1 until the next renewal</source>
        <translation>为更新生成的密钥对暂留在 USBKEY %1 中不用，下次更新时删除</translation>
    </message>
    <message>
        <source>refunded %1 fen by %2</source>
        <translation>已按%2退款 %1 分</translation>
    </message>
    <message>
        <source>the renewal's new certificate is recorded: resume it, it can't be cancelled</source>
        <translation>证书更新的新证书已登记：只能继续办理，不能撤销</translation>
    </message>
    <message>
        <source>the key had been unlocked; transaction completed</source>
        <translation>USBKEY 已解锁，业务已完成</translation>
    </message>
    <message>
        <source>the CA: %1</source>
        <translation>CA：%1</translation>
    </message>
    <message>
        <source>this letter is already being used by transaction %1 at counter %2</source>
        <translation>该函件正被窗口 %2 的业务 %1 使用</translation>
    </message>
    <message>
        <source>your staff session has ended (a newer login of yours at this counter or the screen lock ended it): log in again</source>
        <translation>您的登录会话已结束（您在本窗口的新登录或锁屏使其失效），请重新登录</translation>
    </message>
    <message>
        <source>the database refused it: %1</source>
        <translation>数据库拒绝了此操作：%1</translation>
    </message>
    <message>
        <source>a scanned image may have at most 40 megapixels</source>
        <translation>扫描图像不得超过 4000 万像素</translation>
    </message>
    <message>
        <source>there is no registered signer to check</source>
        <translation>没有可核验的已登记签名者</translation>
    </message>
    <message>
        <source>The letter's header marks %1 as critical ("crit"), which this counter does not implement, so the letter can't be trusted.</source>
        <translation>协办函头部将 %1 标为必须理解的扩展（"crit"），本柜台未实现该扩展，因此不能信任此协办函。</translation>
    </message>
    <message>
        <source>The letter's header asks for no extension (no "crit").</source>
        <translation>协办函头部未要求任何扩展（无 "crit"）。</translation>
    </message>
    <message>
        <source>The letter's signer %1 is not a registered tax-office signer: a certificate the letter carries ("x5c") is not trusted by itself, only those added with 'letter trust add --signer'.</source>
        <translation>协办函的签名者 %1 不是已登记的税务机关签名者：协办函自带的证书（"x5c"）本身不受信任，只信任通过 'letter trust add --signer' 登记的签名证书。</translation>
    </message>
    <message>
        <source>The signer's certificate (thumbprint %1) is not among the registered tax-office signers, and the letter does not carry it.</source>
        <translation>签名证书（指纹 %1）不在已登记的税务机关签名者之中，协办函也未携带该证书。</translation>
    </message>
    <message>
        <source>The letter's signer %1 was disabled at this centre: it signs no letters.</source>
        <translation>协办函的签名者 %1 已在本中心停用：其签发的协办函一律无效。</translation>
    </message>
    <message>
        <source>Signed by %1, a registered tax-office signer.</source>
        <translation>由已登记的税务机关签名者 %1 签名。</translation>
    </message>
    <message>
        <source>The signer is registered for the letters of tax office %1, but this letter is of tax office %2.</source>
        <translation>该签名者仅登记用于税务机关 %1 的协办函，而此协办函属于税务机关 %2。</translation>
    </message>
    <message>
        <source>The signer is registered for tax office %1, the letter's.</source>
        <translation>签名者已登记用于本协办函所属的税务机关 %1。</translation>
    </message>
    <message>
        <source>The signer's certificate was valid on %1, the issue date.</source>
        <translation>出具日期 %1 当天签名证书有效。</translation>
    </message>
    <message>
        <source>On %1, the issue date, the signer's certificate was not valid (%2).</source>
        <translation>出具日期 %1 当天签名证书无效（%2）。</translation>
    </message>
    <message>
        <source>The signer's certificate is valid all through today, %1.</source>
        <translation>签名证书在今天（%1）全天有效。</translation>
    </message>
    <message>
        <source>Today, %1, the signer's certificate is not valid (%2): a letter counts only while its signer does.</source>
        <translation>今天（%1）签名证书无效（%2）：签名证书失效后，其签发的协办函也随之失效。</translation>
    </message>
    <message>
        <source>The letter runs %1 days, from %2 to %3; an assistance letter is valid for at most %4 days.</source>
        <translation>协办函有效期为 %1 天（%2 至 %3）；协办函的有效期最长为 %4 天。</translation>
    </message>
    <message>
        <source>The letter was issued on %1, %2 days ago; an assistance letter is used within %3 days of its issue.</source>
        <translation>协办函出具于 %1，距今已 %2 天；协办函须在出具后 %3 天内使用。</translation>
    </message>
    <message>
        <source>The letter runs %1 days, within the %2 days a letter may run.</source>
        <translation>协办函有效期为 %1 天，未超过最长 %2 天。</translation>
    </message>
    <message>
        <source>The letter's business list holds %1, which is not an operation this counter knows (NEW, RENEW, UPGRADE, REPLACE, UNLOCK).</source>
        <translation>协办函的业务类型包含 %1，不是本柜台认可的业务（NEW、RENEW、UPGRADE、REPLACE、UNLOCK）。</translation>
    </message>
    <message>
        <source>the letter's business "%1" is not an operation this counter knows</source>
        <translation>协办函的业务类型 "%1" 不是本柜台认可的业务</translation>
    </message>
    <message>
        <source>The new PIN does not meet the PIN rules: %1.</source>
        <translation>新PIN码不符合要求：%1。</translation>
    </message>
    <message>
        <source>The key does not support this algorithm or operation: %1.</source>
        <translation>该USBKEY不支持此算法或操作：%1。</translation>
    </message>
    <message>
        <source>The key refused the factory SO PIN recorded for its model (one try spent). Check the model's factory SO PIN setting.</source>
        <translation>USBKEY拒绝了该型号登记的出厂管理员PIN（已用去一次机会）。请核对该型号的出厂管理员PIN设置。</translation>
    </message>
    <message>
        <source>The key still has its factory SO PIN and its model has none recorded. An administrator must record the model's factory SO PIN first.</source>
        <translation>该USBKEY仍使用出厂管理员PIN，而其型号未登记出厂管理员PIN。请管理员先登记该型号的出厂管理员PIN。</translation>
    </message>
    <message>
        <source>the key can't hold a %1 key pair: %2</source>
        <translation>该USBKEY无法生成 %1 密钥对：%2</translation>
    </message>
    <message>
        <source>fee schedule %1 does not exist</source>
        <translation>收费标准 %1 不存在</translation>
    </message>
    <message>
        <source>fee schedule %1 has no version %2</source>
        <translation>收费标准 %1 没有第 %2 版</translation>
    </message>
    <message>
        <source>no version of fee schedule %1 is in force on %2</source>
        <translation>%2 当天收费标准 %1 没有生效的版本</translation>
    </message>
    <message>
        <source>the key was set up before Countersign and its SO PIN is not one this counter derives, so it can't be unlocked here (no SO PIN try was spent): replace the key (USBKEY补办), or unlock it where it was issued</source>
        <translation>该USBKEY在启用本系统之前发行，其管理员PIN码并非本系统生成，无法在此解锁（未消耗管理员PIN码的尝试次数）：请办理USBKEY补办，或到原发行机构解锁</translation>
    </message>
    <message>
        <source>the letter</source>
        <translation>授权书/协办函扫描件</translation>
    </message>
    <message>
        <source>the ID card's front</source>
        <translation>身份证人像面扫描件</translation>
    </message>
    <message>
        <source>the ID card's back</source>
        <translation>身份证国徽面扫描件</translation>
    </message>
    <message>
        <source>the required scans are attached: %1</source>
        <translation>所需扫描件已附上：%1</translation>
    </message>
    <message>
        <source>a required scan is missing: %1</source>
        <translation>缺少必需的扫描件：%1</translation>
    </message>
    <message>
        <source>the agent's ID card was not compared: type or scan the number of the ID card the agent presents</source>
        <translation>未核对经办人身份证：请输入或扫描经办人所出示身份证的号码</translation>
    </message>
    <message>
        <source>the ID card number presented (%1) is not valid: %2</source>
        <translation>所出示的身份证号码（%1）无效：%2</translation>
    </message>
    <message>
        <source>ID card number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>the letter names no agent ID number to compare the ID card (%1) with</source>
        <translation>函件未载明经办人身份证号码，无法与所出示的身份证（%1）核对</translation>
    </message>
    <message>
        <source>the ID card presented (%1) is not the letter's agent (%2, %3): the agent named on the letter must come in person</source>
        <translation>所出示的身份证（%1）不是函件所载经办人（%2，%3）的：须由函件所载经办人本人到场办理</translation>
    </message>
</context>
<context>
    <name>RefusalAdvice</name>
    <message>
        <source>The letter's QR code is not a valid letter of a trusted tax office: ask the agent for the original letter from the tax office.</source>
        <translation>函件二维码不是受信任税务机关出具的有效函件：请经办人提供税务机关出具的原件。</translation>
    </message>
    <message>
        <source>A letter typed in by hand needs a supervisor's approval.</source>
        <translation>手工录入的函件须经主管批准。</translation>
    </message>
    <message>
        <source>The letter is not valid today: the agent needs a letter valid today.</source>
        <translation>函件当日无效：请经办人提供当日有效的函件。</translation>
    </message>
    <message>
        <source>This letter was already used: the agent needs a new letter.</source>
        <translation>该函件已使用：请经办人重新开具函件。</translation>
    </message>
    <message>
        <source>Another transaction is using this letter now (its number and counter are below): it can be used here only once that transaction is given up.</source>
        <translation>另一笔业务正在使用该函件（业务号和窗口见下）：该业务放弃后，才能在此使用。</translation>
    </message>
    <message>
        <source>The letter does not cover this service: it must tick it.</source>
        <translation>函件未包含本项业务：须在函件中勾选。</translation>
    </message>
    <message>
        <source>The letter needs the company's seal.</source>
        <translation>函件须加盖单位公章。</translation>
    </message>
    <message>
        <source>The company's code on the letter is wrong: compare it with the business licence.</source>
        <translation>函件上的单位代码有误：请与营业执照核对。</translation>
    </message>
    <message>
        <source>The agent's ID number on the letter is wrong: the agent needs a corrected letter.</source>
        <translation>函件上的经办人身份证号有误：请经办人提供更正后的函件。</translation>
    </message>
    <message>
        <source>The ID card must be the letter's agent's: the agent named on the letter must come in person with their ID card.</source>
        <translation>身份证须为函件所载经办人本人的：请函件所载经办人本人携带身份证到场办理。</translation>
    </message>
    <message>
        <source>The letter must name the company, the agent and the agent's mobile number correctly.</source>
        <translation>函件须正确填写单位名称、经办人及其手机号码。</translation>
    </message>
    <message>
        <source>The letter's company is not the company of the certificate on the key: bring the letter of that company.</source>
        <translation>函件所列单位与USBKEY上证书的单位不符：请提供该单位的函件。</translation>
    </message>
    <message>
        <source>Put exactly one blank key in the writer.</source>
        <translation>请在写卡器中仅插入一个空白USBKEY。</translation>
    </message>
    <message>
        <source>Put the agent's key in the writer.</source>
        <translation>请将经办人的USBKEY插入写卡器。</translation>
    </message>
    <message>
        <source>The certificate on this key can't be used here: the key needs a replacement (补办).</source>
        <translation>该USBKEY上的证书无法在此办理：请办理USBKEY补办。</translation>
    </message>
    <message>
        <source>It is too early to renew this certificate: come back in the renewal period.</source>
        <translation>该证书尚未到更新期：请在更新期内再来办理。</translation>
    </message>
    <message>
        <source>The certificate expired too long ago: the agent needs a new certificate (新办).</source>
        <translation>该证书过期已久：请办理证书新办。</translation>
    </message>
    <message>
        <source>This certificate needs no upgrade: renew it instead.</source>
        <translation>该证书无需升级：请改为办理证书更新。</translation>
    </message>
    <message>
        <source>This key can't be unlocked: offer a replacement key (补办).</source>
        <translation>该USBKEY无法解锁：请改为办理USBKEY补办。</translation>
    </message>
    <message>
        <source>The key's last unlock try needs a supervisor's confirmation.</source>
        <translation>USBKEY的最后一次解锁尝试须经主管确认。</translation>
    </message>
    <message>
        <source>The key's PIN is not locked: there is nothing to unlock.</source>
        <translation>该USBKEY的PIN码未锁定：无需解锁。</translation>
    </message>
    <message>
        <source>Name the key to replace: its serial is on the old key or the last receipt.</source>
        <translation>请指明要补办的USBKEY：其序列号见原USBKEY或上次的回执。</translation>
    </message>
    <message>
        <source>This key can't hold the certificate's key pair: use a key of another model.</source>
        <translation>该USBKEY无法存放证书的密钥对：请换用其他型号的USBKEY。</translation>
    </message>
    <message>
        <source>Fix what the red lines below say, then check again.</source>
        <translation>请按下方红色提示更正，然后重新核验。</translation>
    </message>
    <message>
        <source>The agent must bring or fix:</source>
        <translation>经办人需补充或更正：</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已日结</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>业务笔数</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Paid (¥)</source>
        <translation>收款（¥）</translation>
    </message>
    <message>
        <source>Refunded (¥)</source>
        <translation>退款（¥）</translation>
    </message>
    <message>
        <source>Cash (¥)</source>
        <translation>应有现金（¥）</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>服务中心</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Closed days</source>
        <translation>已日结天数</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>USBKEY</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书序列号</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>Centres</source>
        <translation>各服务中心</translation>
    </message>
    <message>
        <source>Expiring</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Expiring within</source>
        <translation>到期时间在</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天内</translation>
    </message>
    <message>
        <source>All centres</source>
        <translation>全部服务中心</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>%1, %2 to %3: %4 of %5 days closed</source>
        <translation>%1，%2 至 %3：%5 天中已日结 %4 天</translation>
    </message>
    <message>
        <source>All centres, %1 to %2</source>
        <translation>全部服务中心，%1 至 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) of all centres expire in the next %1 days</source>
        <translation>
            <numerusform>全部服务中心有 %n 张证书将在 %1 天内到期</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) of this centre expire in the next %1 days</source>
        <translation>
            <numerusform>本服务中心有 %n 张证书将在 %1 天内到期</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed or undone</source>
        <translation>失败或已撤销</translation>
    </message>
    <message>
        <source>Fees taken</source>
        <translation>实收费用</translation>
    </message>
    <message>
        <source>Cash expected</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Transactions by centre</source>
        <translation>各服务中心业务笔数</translation>
    </message>
    <message>
        <source>Transactions per day</source>
        <translation>每日业务笔数</translation>
    </message>
    <message>
        <source>Fees by centre (¥)</source>
        <translation>各服务中心收费（¥）</translation>
    </message>
    <message>
        <source>Fees per day (¥)</source>
        <translation>每日收费（¥）</translation>
    </message>
    <message>
        <source>No certificate expires in these days.</source>
        <translation>这段时间内没有到期的证书。</translation>
    </message>
</context>
<context>
    <name>ScansPanel</name>
    <message>
        <source>Letter</source>
        <translation>授权书/协办函</translation>
    </message>
    <message>
        <source>ID card front</source>
        <translation>身份证人像面</translation>
    </message>
    <message>
        <source>ID card back</source>
        <translation>身份证国徽面</translation>
    </message>
    <message>
        <source>Scans kept with the transaction</source>
        <translation>随业务留存的扫描件</translation>
    </message>
    <message>
        <source>No scanner folder is configured ([scanner] folder).</source>
        <translation>未配置扫描文件夹（[scanner] folder）。</translation>
    </message>
    <message>
        <source>Still needed: %1</source>
        <translation>尚缺：%1</translation>
    </message>
    <message>
        <source>Every required scan is attached.</source>
        <translation>所需扫描件均已附上。</translation>
    </message>
    <message>
        <source>No scan</source>
        <translation>未附扫描件</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>更换…</translation>
    </message>
    <message>
        <source>Pick…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Scanned images for: %1 (newest first)</source>
        <translation>为“%1”选择扫描图片（最新的在前）</translation>
    </message>
    <message>
        <source>No images in %1.</source>
        <translation>%1 中没有图片。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Transaction number</source>
        <translation>业务流水号</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>回执编号</translation>
    </message>
    <message>
        <source>Company name (part)</source>
        <translation>企业名称（可部分）</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Key serial</source>
        <translation>USB-KEY 序列号</translation>
    </message>
    <message>
        <source>Certificate serial</source>
        <translation>证书序列号</translation>
    </message>
    <message>
        <source>Agent's ID number</source>
        <translation>经办人身份证号（完整号码）</translation>
    </message>
    <message>
        <source>From YYYY-MM-DD</source>
        <translation>起始日期 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>To YYYY-MM-DD</source>
        <translation>截止日期 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Given up</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Any operation</source>
        <translation>全部业务</translation>
    </message>
    <message>
        <source>New certificate</source>
        <translation>新办</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation>补办</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>VOID</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>external CA over CMP: %1</source>
        <translation>外部 CA（CMP 协议）：%1</translation>
    </message>
    <message>
        <source>built-in CA (%1)</source>
        <translation>内置 CA（%1）</translation>
    </message>
    <message>
        <source>p11-kit's proxy (the default)</source>
        <translation>p11-kit 代理模块（默认）</translation>
    </message>
    <message>
        <source>the default printer</source>
        <translation>默认打印机</translation>
    </message>
    <message>
        <source>at least %1 digits</source>
        <translation>至少 %1 位数字</translation>
    </message>
    <message>
        <source>keys handed out with a default PIN to be changed</source>
        <translation>介质以默认 PIN 发放，须由用户修改</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>%n year(s) after the certificate expires</source>
        <translation>
            <numerusform>证书到期后 %n 年</numerusform>
        </translation>
    </message>
    <message>
        <source>(master secrets: %1)</source>
        <translation>（主密钥版本：%1）</translation>
    </message>
    <message>
        <source>(not marked)</source>
        <translation>（不提示）</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>服务中心</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>受理窗口</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <source>CRL distribution point</source>
        <translation>CRL 发布点</translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation>PKCS#11 模块</translation>
    </message>
    <message>
        <source>Printer and paper</source>
        <translation>打印机与纸张</translation>
    </message>
    <message>
        <source>Fee schedule in force</source>
        <translation>现行收费标准</translation>
    </message>
    <message>
        <source>Key algorithms of the profile</source>
        <translation>证书模板的密钥算法</translation>
    </message>
    <message>
        <source>PIN rules</source>
        <translation>PIN 规则</translation>
    </message>
    <message>
        <source>Idle lock</source>
        <translation>空闲锁屏</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Evidence kept</source>
        <translation>证明材料保存期限</translation>
    </message>
    <message>
        <source>SO PIN version</source>
        <translation>SO PIN 版本</translation>
    </message>
    <message>
        <source>Low stock under</source>
        <translation>库存不足阈值</translation>
    </message>
    <message>
        <source>Settings are kept in the configuration file of this counter (see deploy/countersign.conf.example); passwords and PINs are never shown.</source>
        <translation>设置保存在本受理终端的配置文件中（参见 deploy/countersign.conf.example）；密码和 PIN 一律不显示。</translation>
    </message>
    <message>
        <source>Checking this counter…</source>
        <translation>正在检查本受理终端…</translation>
    </message>
    <message>
        <source>Checks of this counter</source>
        <translation>本受理终端检查</translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed</source>
        <translation>
            <numerusform>%n 项检查未通过</numerusform>
        </translation>
    </message>
    <message>
        <source>All %1 checks passed</source>
        <translation>全部 %1 项检查通过</translation>
    </message>
    <message>
        <source>Run the checks again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>As checked at %1 (countersignctl doctor)</source>
        <translation>检查时间 %1（countersignctl doctor）</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>未通过</translation>
    </message>
</context>
<context>
    <name>SlowStep</name>
    <message>
        <source>Setting up the key and its PIN; this usually takes about %1 s.</source>
        <translation>正在初始化USBKEY并设置PIN码，通常需要约 %1 秒。</translation>
    </message>
    <message>
        <source>Unlocking the key and setting the new PIN; this usually takes about %1 s.</source>
        <translation>正在解锁USBKEY并设置新PIN码，通常需要约 %1 秒。</translation>
    </message>
    <message>
        <source>Generating the key pair on the key; this usually takes about %1 s.</source>
        <translation>正在USBKEY中生成密钥对，通常需要约 %1 秒。</translation>
    </message>
    <message>
        <source>Signing the certificate request on the key and asking the CA for the certificate; this usually takes about %1 s.</source>
        <translation>正在用USBKEY签署证书申请并向CA申请证书，通常需要约 %1 秒。</translation>
    </message>
    <message>
        <source>Writing the certificate to the key; this usually takes about %1 s.</source>
        <translation>正在将证书写入USBKEY，通常需要约 %1 秒。</translation>
    </message>
    <message>
        <source>Checking that the key signs with its new certificate; this usually takes about %1 s.</source>
        <translation>正在核验USBKEY能否用新证书签名，通常需要约 %1 秒。</translation>
    </message>
    <message>
        <source>Recording the transaction and the receipt; this usually takes about %1 s.</source>
        <translation>正在记录业务并开具收据，通常需要约 %1 秒。</translation>
    </message>
    <message>
        <source>Revoking the old key's certificates at the CA.</source>
        <translation>正在向CA吊销原USBKEY中的证书。</translation>
    </message>
    <message>
        <source>Setting up the key and its PIN.</source>
        <translation>正在初始化USBKEY并设置PIN码。</translation>
    </message>
    <message>
        <source>Unlocking the key and setting the new PIN.</source>
        <translation>正在解锁USBKEY并设置新PIN码。</translation>
    </message>
    <message>
        <source>Generating the key pair on the key.</source>
        <translation>正在USBKEY中生成密钥对。</translation>
    </message>
    <message>
        <source>Signing the certificate request on the key and asking the CA for the certificate.</source>
        <translation>正在用USBKEY签署证书申请并向CA申请证书。</translation>
    </message>
    <message>
        <source>Writing the certificate to the key.</source>
        <translation>正在将证书写入USBKEY。</translation>
    </message>
    <message>
        <source>Checking that the key signs with its new certificate.</source>
        <translation>正在核验USBKEY能否用新证书签名。</translation>
    </message>
    <message>
        <source>Recording the transaction and the receipt.</source>
        <translation>正在记录业务并开具收据。</translation>
    </message>
    <message>
        <source>%1 s so far</source>
        <translation>已用 %1 秒</translation>
    </message>
    <message>
        <source>Taking longer than usual (usually about %1 s). Leave the key in the writer.</source>
        <translation>比平常慢（通常约 %1 秒），请勿拔出USBKEY。</translation>
    </message>
    <message>
        <source>Usually about %1 s on this key model (the median of its last %2 runs).</source>
        <translation>此型号USBKEY通常约 %1 秒（最近 %2 次办理的中位数）。</translation>
    </message>
    <message>
        <source>No estimate yet: no finished run of this step on this key model is on record.</source>
        <translation>尚无预计用时：此型号USBKEY还没有完成此步骤的记录。</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation>
            <numerusform>共 %n 个账号</numerusform>
        </translation>
    </message>
    <message>
        <source>every centre</source>
        <translation>全部中心</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>last login %1</source>
        <translation>最近登录 %1</translation>
    </message>
    <message>
        <source>never logged in</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <source>Pick an account to change it. New accounts are added with countersignctl staff add.</source>
        <translation>选择一个账号进行修改。新账号请用 countersignctl staff add 添加。</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Disable %1? The account can't log in any more and its open sessions end at once.</source>
        <translation>停用 %1？该账号将无法登录，已登录的会话立即结束。</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Enable %1? The account can log in again.</source>
        <translation>启用 %1？该账号可以重新登录。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Unlock %1? The count of wrong passwords starts again.</source>
        <translation>解锁 %1？密码错误次数将重新计算。</translation>
    </message>
    <message>
        <source>Role and centre</source>
        <translation>角色与服务中心</translation>
    </message>
    <message>
        <source>Centre code (empty: every centre)</source>
        <translation>服务中心代码（留空：全部中心）</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Make %1 %2 of %3? The person logs in again to work in the new role.</source>
        <translation>将 %1 设为%3的%2？本人需重新登录后以新角色办理。</translation>
    </message>
    <message>
        <source>centre %1</source>
        <translation>服务中心 %1</translation>
    </message>
    <message>
        <source>Reset the password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>A temporary password of at least 8 characters, typed twice. Tell it to the person: they must choose their own at the next login.</source>
        <translation>临时密码至少 8 个字符，需输入两次。请告知本人：下次登录时须自行设置新密码。</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>The same again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>At least 8 characters.</source>
        <translation>至少 8 个字符。</translation>
    </message>
    <message>
        <source>The two entries differ.</source>
        <translation>两次输入不一致。</translation>
    </message>
    <message>
        <source>Reset the password of %1? Their open sessions end, and they must change the temporary password at the next login.</source>
        <translation>重置 %1 的密码？其已登录的会话将结束，下次登录时须修改临时密码。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Are you sure?</source>
        <translation>确定吗？</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Writer</source>
        <translation>写卡器</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>未插入USBKEY</translation>
    </message>
    <message>
        <source>blank key</source>
        <translation>空白USBKEY</translation>
    </message>
    <message>
        <source>key of %1</source>
        <translation>%1的USBKEY</translation>
    </message>
    <message>
        <source>enterprise key</source>
        <translation>单位USBKEY</translation>
    </message>
    <message>
        <source>key without certificate</source>
        <translation>USBKEY无证书</translation>
    </message>
    <message>
        <source>PIN locked</source>
        <translation>PIN码已锁定</translation>
    </message>
    <message>
        <source>PIN locked for good</source>
        <translation>PIN码已永久锁定</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>%1 ready</source>
        <translation>%1 就绪</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>none set up</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>%1 not ready</source>
        <translation>%1 未就绪</translation>
    </message>
    <message>
        <source>not ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <source>No counter configured</source>
        <translation>未配置窗口</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Levels and intake</source>
        <translation>库存与入库</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>报废</translation>
    </message>
    <message>
        <source>Key models</source>
        <translation>介质型号</translation>
    </message>
    <message>
        <source>Low under %1</source>
        <translation>低于 %1 即为库存不足</translation>
    </message>
    <message>
        <source>%1: %2 in stock, %3 issued, %4 damaged, %5 written off</source>
        <translation>%1：在库 %2，已发放 %3，损坏 %4，已报废 %5</translation>
    </message>
    <message>
        <source>LOW STOCK</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>No keys and no key models yet.</source>
        <translation>尚无介质，也未登记介质型号。</translation>
    </message>
    <message>
        <source>Receive keys: the model, then scan or type the serials (one per line).</source>
        <translation>介质入库：先填型号，再扫描或输入序列号（每行一个）。</translation>
    </message>
    <message>
        <source>Key model, e.g. ePass3003</source>
        <translation>介质型号，如 ePass3003</translation>
    </message>
    <message>
        <source>Delivery note (optional)</source>
        <translation>送货单号（可不填）</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Refused serials</source>
        <translation>未入库的序列号</translation>
    </message>
    <message>
        <source>Receive into stock</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>Write a key off: scan or type its serial, say why; a key in stock or a damaged key only.</source>
        <translation>介质报废：扫描或输入序列号并填写原因；仅限在库或损坏的介质。</translation>
    </message>
    <message>
        <source>Key serial</source>
        <translation>介质序列号</translation>
    </message>
    <message>
        <source>Reason, e.g. casing cracked</source>
        <translation>原因，如外壳破裂</translation>
    </message>
    <message>
        <source>Write-off form (optional)</source>
        <translation>报废单号（可不填）</translation>
    </message>
    <message>
        <source>Write off…</source>
        <translation>报废…</translation>
    </message>
    <message>
        <source>This centre holds no key.</source>
        <translation>本服务中心没有在库介质。</translation>
    </message>
    <message>
        <source>Keys this centre holds (choose one):</source>
        <translation>本服务中心持有的介质（点选一个）：</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>in stock</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>received %1</source>
        <translation>%1 入库</translation>
    </message>
    <message>
        <source>Write this key off?</source>
        <translation>确认报废此介质？</translation>
    </message>
    <message>
        <source>Key %1 leaves the stock for good (written off: %2%3). This is recorded in the audit log with your name.</source>
        <translation>介质 %1 将永久移出库存（报废：%2%3）。此操作将以您的名义记入审计日志。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>PIN %1–%2 characters</source>
        <translation>PIN 长度 %1–%2 位</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>algorithms as the key offers</source>
        <translation>算法以介质支持为准</translation>
    </message>
    <message>
        <source>No factory SO PIN file recorded</source>
        <translation>未登记出厂 SO PIN 文件</translation>
    </message>
    <message>
        <source>Factory SO PIN file %1: usable on this machine</source>
        <translation>出厂 SO PIN 文件 %1：本机可用</translation>
    </message>
    <message>
        <source>Factory SO PIN file not usable here: %1</source>
        <translation>出厂 SO PIN 文件在本机不可用：%1</translation>
    </message>
    <message>
        <source>Set by %1 at %2</source>
        <translation>由 %1 于 %2 设置</translation>
    </message>
    <message>
        <source>No key model recorded yet.</source>
        <translation>尚未登记介质型号。</translation>
    </message>
    <message>
        <source>Set a model as its keys report it. The factory SO PIN stays in a file on the counter machines (mode 0600, owned by the kiosk's user): give its path, never the PIN.</source>
        <translation>按介质自身报告的型号名称登记。出厂 SO PIN 保存在受理终端的文件中（权限 0600，属于受理程序的运行用户）：此处只填文件路径，切勿填写 PIN 本身。</translation>
    </message>
    <message>
        <source>Model, e.g. ePass3003</source>
        <translation>型号，如 ePass3003</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>厂商</translation>
    </message>
    <message>
        <source>Factory SO PIN file, e.g. /etc/countersign/epass3003.sopin</source>
        <translation>出厂 SO PIN 文件，如 /etc/countersign/epass3003.sopin</translation>
    </message>
    <message>
        <source>Shortest PIN (empty: no limit)</source>
        <translation>PIN 最短位数（留空为不限）</translation>
    </message>
    <message>
        <source>Longest PIN</source>
        <translation>PIN 最长位数</translation>
    </message>
    <message>
        <source>Save the model</source>
        <translation>保存型号</translation>
    </message>
</context>
<context>
    <name>TransactionDetail</name>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Fee waiver</source>
        <translation>费用减免</translation>
    </message>
    <message>
        <source>Hand-entered letter</source>
        <translation>手工录入协办函</translation>
    </message>
    <message>
        <source>USCC confirmed</source>
        <translation>信用代码确认</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Back to the results</source>
        <translation>返回查询结果</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打回执</translation>
    </message>
    <message>
        <source>Void receipt</source>
        <translation>作废回执</translation>
    </message>
    <message>
        <source>Started %1 by %2 at counter %3</source>
        <translation>%1 由 %2 在 %3 号窗口受理</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Company: %1 (%2)</source>
        <translation>企业：%1（%2）</translation>
    </message>
    <message>
        <source>Agent: %1, ID %2, mobile %3</source>
        <translation>经办人：%1，身份证号 %2，手机 %3</translation>
    </message>
    <message>
        <source>Show in full (recorded)</source>
        <translation>查看完整信息（将留痕）</translation>
    </message>
    <message>
        <source>Key: %1 (%2, %3)</source>
        <translation>USB-KEY：%1（%2，%3）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>办理步骤</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Paid ¥%1 by %2, received by %3 at %4</source>
        <translation>以%2收款 ¥%1，收款人 %3，时间 %4</translation>
    </message>
    <message>
        <source>Refunded ¥%1 by %2 (%3), by %4 at %5</source>
        <translation>以%2退款 ¥%1（%3），经办人 %4，时间 %5</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>审批记录</translation>
    </message>
    <message>
        <source>%1: asked by %2, approved by %3 at %4 (%5)</source>
        <translation>%1：%2 申请，%3 批准，时间 %4（%5）</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>%1 (%2): valid %3 to %4, %5</source>
        <translation>%1（%2）：有效期 %3 至 %4，%5</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>回执</translation>
    </message>
    <message>
        <source>printed %1×</source>
        <translation>已打印 %1 次</translation>
    </message>
    <message>
        <source>VOID: %1</source>
        <translation>已作废：%1</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>影像资料</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Open (recorded)</source>
        <translation>查看（将留痕）</translation>
    </message>
    <message>
        <source>Void receipt %1? It stays on record marked VOID, and ¥%2 is refunded by the way it was paid.</source>
        <translation>确认作废回执 %1？回执将保留并标记为作废，¥%2 将按原支付方式退回。</translation>
    </message>
    <message>
        <source>Refund ¥%1 of transaction %2 by the way it was paid?</source>
        <translation>确认按原支付方式退回业务 %2 的 ¥%1？</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Ask a supervisor</source>
        <translation>请主管审批</translation>
    </message>
    <message>
        <source>Void receipt %1: %2</source>
        <translation>作废回执 %1：%2</translation>
    </message>
    <message>
        <source>Refund transaction %1: %2</source>
        <translation>业务 %1 退款：%2</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>授权书/协办函</translation>
    </message>
    <message>
        <source>ID card front</source>
        <translation>身份证人像面</translation>
    </message>
    <message>
        <source>ID card back</source>
        <translation>身份证国徽面</translation>
    </message>
    <message>
        <source>Opened: not an image (or emptied after the retention period).</source>
        <translation>已打开：不是图片（或已过保存期限被清除）。</translation>
    </message>
</context>
<context>
    <name>TrustPage</name>
    <message>
        <source>No trust anchor or letter signer is registered yet.</source>
        <translation>尚未登记信任根或协办函签名者。</translation>
    </message>
    <message>
        <source>Trust anchors and letter signers</source>
        <translation>信任根与协办函签名者</translation>
    </message>
    <message>
        <source>Trust anchor</source>
        <translation>信任根</translation>
    </message>
    <message>
        <source>Signer of office %1</source>
        <translation>税务机关 %1 的签名者</translation>
    </message>
    <message>
        <source>SHA-256 %1 · valid %2 – %3</source>
        <translation>SHA-256 %1 · 有效期 %2 – %3</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Add a certificate (PEM): from the scanner folder, or type its path.</source>
        <translation>添加证书（PEM）：从扫描文件夹中选择，或输入文件路径。</translation>
    </message>
    <message>
        <source>Path of the PEM file</source>
        <translation>PEM 文件路径</translation>
    </message>
    <message>
        <source>Letter signer of office</source>
        <translation>税务机关签名者</translation>
    </message>
    <message>
        <source>Tax office code</source>
        <translation>税务机关代码</translation>
    </message>
    <message>
        <source>Trust anchor (the tax authority's root)</source>
        <translation>信任根（税务机关根证书）</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>登记为可信</translation>
    </message>
    <message>
        <source>Disable %1? Letters it signed are refused from now on.</source>
        <translation>确定停用 %1？此后由其签名的协办函将被拒绝。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>countersign::qml::BackOffice</name>
    <message>
        <source>Only a supervisor reviews the refunds recovery made.</source>
        <translation>业务恢复产生的退款仅可由主管复核。</translation>
    </message>
    <message numerus="yes">
        <source>%n refund(s) reviewed.</source>
        <translation>
            <numerusform>已复核 %n 笔退款。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::qml::CaProbe</name>
    <message>
        <source>The database cannot be reached.</source>
        <translation>无法连接数据库。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::DemoController</name>
    <message>
        <source>The demo controls exist in demo mode only.</source>
        <translation>演示控制仅在演示模式下可用。</translation>
    </message>
    <message>
        <source>Wait until the last demo action is done.</source>
        <translation>请等待上一个演示操作完成。</translation>
    </message>
    <message>
        <source>No key writer is configured.</source>
        <translation>未配置写卡器。</translation>
    </message>
    <message>
        <source>A fresh blank key is in the writer.</source>
        <translation>已在写卡器中插入一个空白USBKEY。</translation>
    </message>
    <message>
        <source>A blank key was in the writer already.</source>
        <translation>写卡器中已有空白USBKEY。</translation>
    </message>
    <message>
        <source>The keys are out of the writer.</source>
        <translation>USBKEY已从写卡器中拔出。</translation>
    </message>
    <message>
        <source>The keys are back in the writer.</source>
        <translation>USBKEY已重新插入写卡器。</translation>
    </message>
    <message>
        <source>No key was out of the writer.</source>
        <translation>没有已拔出的USBKEY。</translation>
    </message>
    <message>
        <source>Key %1 is locked after %2 wrong PINs: try UNLOCK.</source>
        <translation>USBKEY %1 在输错 %2 次PIN码后已锁定：可以体验解锁。</translation>
    </message>
    <message>
        <source>Letter %1 issued for %2.</source>
        <translation>已为%2开具协办函 %1。</translation>
    </message>
    <message>
        <source>No scanner folder is configured ([scanner] folder).</source>
        <translation>未配置扫描文件夹（[scanner] folder）。</translation>
    </message>
    <message>
        <source>There is no such sample company.</source>
        <translation>没有这个示例单位。</translation>
    </message>
    <message>
        <source>The agent's papers are in the scanner folder.</source>
        <translation>经办人的证件扫描件已放入扫描文件夹。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::DeviceStatus</name>
    <message>
        <source>No printer is set up on this computer.</source>
        <translation>本机未配置打印机。</translation>
    </message>
    <message>
        <source>The printer %1 is not installed.</source>
        <translation>打印机 %1 未安装。</translation>
    </message>
    <message>
        <source>The printer %1 is stopped or reports an error.</source>
        <translation>打印机 %1 已停止或报告错误。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::FeesController</name>
    <message>
        <source>Only an admin adds a fee schedule version.</source>
        <translation>只有管理员可以新增收费标准版本。</translation>
    </message>
    <message>
        <source>Start a new version first.</source>
        <translation>请先新建版本。</translation>
    </message>
    <message>
        <source>Every rule needs its amount.</source>
        <translation>每条规则都需要填写金额。</translation>
    </message>
    <message>
        <source>%1 %2: "%3" is not an amount in yuan (digits, at most two decimals).</source>
        <translation>%1 %2：“%3”不是以元为单位的金额（数字，最多两位小数）。</translation>
    </message>
    <message>
        <source>Fee schedule %1, new version from %2: another admin or a supervisor approves.</source>
        <translation>收费标准 %1 自 %2 起的新版本：需另一位管理员或主管审批。</translation>
    </message>
    <message>
        <source>The approver enters their username and password.</source>
        <translation>请审批人输入用户名和密码。</translation>
    </message>
    <message>
        <source>Fee schedule %1 version %2 added: in force from %3, approved by %4.</source>
        <translation>已新增收费标准 %1 第 %2 版：自 %3 起生效，审批人 %4。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::IdleMonitor</name>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>This counter is not ready; the password cannot be checked.</source>
        <translation>本窗口尚未就绪，无法验证密码。</translation>
    </message>
    <message>
        <source>The database cannot be reached, so the password cannot be checked. Try again when the status bar shows the database as connected.</source>
        <translation>无法连接数据库，无法验证密码。请在状态栏显示数据库已连接后重试。</translation>
    </message>
    <message>
        <source>The password could not be checked: %1</source>
        <translation>无法验证密码：%1</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>密码错误。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: the account is locked until %1. Log out so that someone else can work here.</source>
        <translation>密码错误次数过多，账户已锁定至 %1。请退出登录，以便他人使用本窗口。</translation>
    </message>
    <message>
        <source>This account has been disabled. Log out so that someone else can work here.</source>
        <translation>该账户已停用。请退出登录，以便他人使用本窗口。</translation>
    </message>
    <message>
        <source>Your password was reset by an admin. Log out, then log in with it to choose a new one.</source>
        <translation>您的密码已由管理员重置。请退出，再用该密码登录并设置新密码。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::ImageDecoder</name>
    <message>
        <source>The file %1 can't be read.</source>
        <translation>无法读取文件 %1。</translation>
    </message>
    <message>
        <source>The file %1 is not an image this counter can read.</source>
        <translation>文件 %1 不是本窗口可读取的图像。</translation>
    </message>
    <message>
        <source>No QR code could be read in %1. Scan the paper again, flat and in focus.</source>
        <translation>无法从 %1 中读取二维码。请将纸张放平、对准焦距后重新扫描。</translation>
    </message>
    <message>
        <source>The file %1 is larger than %2 MB: scan the paper again at a lower resolution.</source>
        <translation>文件 %1 超过 %2 MB：请以较低分辨率重新扫描。</translation>
    </message>
    <message>
        <source>The image %1 has more than %2 megapixels: scan the paper again at a lower resolution.</source>
        <translation>图像 %1 超过 %2 百万像素：请以较低分辨率重新扫描。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::LoginController</name>
    <message>
        <source>Enter your username and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>This counter is not ready yet; see the message above.</source>
        <translation>本窗口尚未就绪，请查看上方提示。</translation>
    </message>
    <message>
        <source>The database cannot be reached. Nothing was changed; try again when the status bar shows the database as connected.</source>
        <translation>无法连接数据库，未做任何更改。请在状态栏显示数据库已连接后重试。</translation>
    </message>
    <message>
        <source>The login could not be checked: %1</source>
        <translation>无法验证登录：%1</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: the account is locked until %1.</source>
        <translation>密码错误次数过多，账户已锁定至 %1。</translation>
    </message>
    <message>
        <source>This account is locked until %1. A supervisor or admin can help in the meantime.</source>
        <translation>该账户已锁定至 %1。在此期间可请主管或管理员协助。</translation>
    </message>
    <message>
        <source>This account is disabled. Ask an admin.</source>
        <translation>该账户已停用，请联系管理员。</translation>
    </message>
    <message>
        <source>Your password was reset by an admin. Choose a new password to go on.</source>
        <translation>您的密码已由管理员重置，请设置新密码后继续。</translation>
    </message>
    <message>
        <source>The two entries differ. Type the new password twice.</source>
        <translation>两次输入不一致，请重新输入两次新密码。</translation>
    </message>
    <message>
        <source>A password has at least 8 characters.</source>
        <translation>密码至少 8 个字符。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::OfficeController</name>
    <message>
        <source>This counter is not ready.</source>
        <translation>本柜台尚未就绪。</translation>
    </message>
    <message>
        <source>The database cannot be reached; nothing was changed.</source>
        <translation>无法连接数据库，未做任何更改。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::OfficeReports</name>
    <message>
        <source>This counter is not ready.</source>
        <translation>本柜台尚未就绪。</translation>
    </message>
    <message>
        <source>Only a supervisor or an admin reads the reports.</source>
        <translation>只有主管或管理员可以查看报表。</translation>
    </message>
    <message>
        <source>%1 is not a date (YYYY-MM-DD).</source>
        <translation>%1 不是日期（格式 YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>The range ends before it starts.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>A report covers at most %1 days.</source>
        <translation>报表最多覆盖 %1 天。</translation>
    </message>
    <message>
        <source>Only an admin sees every centre's figures.</source>
        <translation>只有管理员可以查看各服务中心的数据。</translation>
    </message>
    <message>
        <source>Enter a number of days from 1 to %1.</source>
        <translation>请输入 1 到 %1 之间的天数。</translation>
    </message>
    <message>
        <source>The database cannot be reached; try again.</source>
        <translation>无法连接数据库，请重试。</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>报表无法生成：%1</translation>
    </message>
    <message>
        <source>The report could not be exported: %1</source>
        <translation>报表无法导出：%1</translation>
    </message>
    <message>
        <source>The report could not be written to %1.</source>
        <translation>报表无法写入 %1。</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
</context>
<context>
    <name>countersign::qml::OperationController</name>
    <message>
        <source>Check the papers first.</source>
        <translation>请先核验材料。</translation>
    </message>
    <message>
        <source>Nothing is due, so there is nothing to invoice.</source>
        <translation>无需缴费，无需开具发票。</translation>
    </message>
    <message>
        <source>Invoice: %1</source>
        <translation>发票：%1</translation>
    </message>
    <message>
        <source>This counter has no key writer configured.</source>
        <translation>本窗口未配置写卡器。</translation>
    </message>
    <message>
        <source>This counter is not ready: %1</source>
        <translation>本窗口尚未就绪：%1</translation>
    </message>
    <message>
        <source>The database cannot be reached. Nothing was changed; retry once the status bar shows it connected.</source>
        <translation>无法连接数据库，未做任何更改。请在状态栏显示已连接后重试。</translation>
    </message>
    <message>
        <source>The papers could not be checked: %1</source>
        <translation>无法核验材料：%1</translation>
    </message>
    <message>
        <source>The supervisor enters their username and password.</source>
        <translation>请主管输入用户名和密码。</translation>
    </message>
    <message>
        <source>The approval could not be checked: %1</source>
        <translation>无法验证审批：%1</translation>
    </message>
    <message>
        <source>The agent types the new PIN twice.</source>
        <translation>请经办人输入两次新PIN码。</translation>
    </message>
    <message>
        <source>The agent types the key's PIN.</source>
        <translation>请经办人输入USBKEY PIN码。</translation>
    </message>
    <message>
        <source>Giving up refunds the fee, which needs a supervisor's approval.</source>
        <translation>放弃办理将退还费用，须经主管审批。</translation>
    </message>
    <message>
        <source>The transaction could not be given up: %1</source>
        <translation>无法放弃该业务：%1</translation>
    </message>
    <message>
        <source>The transaction stopped at %1.</source>
        <translation>业务在 %1 处中断。</translation>
    </message>
    <message>
        <source>Refused: the papers or the key no longer pass the checks.</source>
        <translation>不予受理：材料或USBKEY未通过核验。</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>不予受理：%1</translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation>无法连接数据库：%1</translation>
    </message>
    <message>
        <source>The key was pulled out before the work was done.</source>
        <translation>办理完成前USBKEY已被拔出。</translation>
    </message>
    <message>
        <source>The work on the key stopped: %1</source>
        <translation>USBKEY处理中断：%1</translation>
    </message>
    <message>
        <source>The operation failed: %1</source>
        <translation>业务办理失败：%1</translation>
    </message>
    <message>
        <source>The approval was refused: %1</source>
        <translation>审批未通过：%1</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Enter the amount</source>
        <translation>请输入金额</translation>
    </message>
    <message>
        <source>Write the amount in yuan, e.g. 60 or 60.50</source>
        <translation>请以元为单位填写金额，如 60 或 60.50</translation>
    </message>
    <message>
        <source>The amount must be more than ¥0.00</source>
        <translation>金额须大于 ¥0.00</translation>
    </message>
    <message>
        <source>Enter the reference number from the payment slip or the phone</source>
        <translation>请填写支付凭条或手机上的交易参考号</translation>
    </message>
    <message>
        <source>Nothing is due: remove the payment lines.</source>
        <translation>无需缴费，请删除付款记录。</translation>
    </message>
    <message>
        <source>Add how the ¥%1 due is paid.</source>
        <translation>请添加应收 ¥%1 的付款方式。</translation>
    </message>
    <message>
        <source>Payment %1 (%2): %3.</source>
        <extracomment>%1: the line's number, %2: its method (Cash, WeChat Pay …), %3: what is wrong with it</extracomment>
        <translation>第 %1 笔付款（%2）：%3。</translation>
    </message>
    <message>
        <source>¥%1 is still to be paid: add a payment or raise an amount.</source>
        <translation>尚有 ¥%1 未收：请添加一笔付款或调高金额。</translation>
    </message>
    <message>
        <source>Over-payment refused: the payments come to ¥%1, ¥%2 more than the ¥%3 due. Lower or remove a line.</source>
        <extracomment>%1: what the lines add up to, %2: how much too much, %3: the amount due</extracomment>
        <translation>不能多收：付款合计 ¥%1，比应收 ¥%3 多 ¥%2。请调低金额或删除一笔付款。</translation>
    </message>
    <message>
        <source>more than can be counted</source>
        <translation>超出可计数范围</translation>
    </message>
    <message>
        <source>Payment: %1</source>
        <translation>付款：%1</translation>
    </message>
</context>
<context>
    <name>countersign::qml::ReceiptPrinter</name>
    <message>
        <source>There is no receipt to print here.</source>
        <translation>此处没有可打印的收据。</translation>
    </message>
    <message>
        <source>The database cannot be reached, so the receipt could not be printed. Try again when the status bar shows the database as connected.</source>
        <translation>无法连接数据库，收据未能打印。请在状态栏显示数据库已连接后重试。</translation>
    </message>
    <message>
        <source>The receipt could not be printed: %1</source>
        <translation>无法打印收据：%1</translation>
    </message>
    <message>
        <source>Receipt %1 is not in the database.</source>
        <translation>数据库中没有收据 %1。</translation>
    </message>
    <message>
        <source>Reprint sent to the printer %1.</source>
        <translation>补打已发送到打印机 %1。</translation>
    </message>
    <message>
        <source>Receipt printed on %1.</source>
        <translation>收据已由打印机 %1 打印。</translation>
    </message>
    <message>
        <source>The print service of this computer is not running.</source>
        <translation>本机打印服务未运行。</translation>
    </message>
    <message>
        <source>No printer is set up on this computer.</source>
        <translation>本机未配置打印机。</translation>
    </message>
    <message>
        <source>The printer %1 is not installed on this computer.</source>
        <translation>本机未安装打印机 %1。</translation>
    </message>
    <message>
        <source>The printer %1 is stopped.</source>
        <translation>打印机 %1 已停止。</translation>
    </message>
    <message>
        <source>The printer %1 does not accept print jobs.</source>
        <translation>打印机 %1 不接受打印任务。</translation>
    </message>
    <message>
        <source>The printer %1 is out of paper. Load paper.</source>
        <translation>打印机 %1 缺纸，请装纸。</translation>
    </message>
    <message>
        <source>The printer %1 is switched off or not connected. Switch it on.</source>
        <translation>打印机 %1 未开机或未连接，请打开电源。</translation>
    </message>
    <message>
        <source>The printer %1 has a paper jam or an open cover.</source>
        <translation>打印机 %1 卡纸或机盖未关好。</translation>
    </message>
    <message>
        <source>The printer %1 did not print the receipt.</source>
        <translation>打印机 %1 未打印收据。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::Recovery</name>
    <message>
        <source>No key writer is configured.</source>
        <translation>未配置写卡器。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::ReportController</name>
    <message>
        <source>This counter is not ready.</source>
        <translation>本窗口尚未就绪。</translation>
    </message>
    <message>
        <source>%1 is not a date (YYYY-MM-DD).</source>
        <translation>%1 不是有效日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>The database cannot be reached; try again.</source>
        <translation>无法连接数据库，请重试。</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>无法生成报表：%1</translation>
    </message>
    <message>
        <source>The day's figures could not be read: %1</source>
        <translation>无法读取当日数据：%1</translation>
    </message>
    <message>
        <source>This day is closed already.</source>
        <translation>该日已日结。</translation>
    </message>
    <message>
        <source>This day has not come yet.</source>
        <translation>该日尚未到来。</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) of this day are not finished: finish or cancel them first.</source>
        <translation>
            <numerusform>当日有 %n 笔业务未完成：请先完成或取消。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only a supervisor closes the day.</source>
        <translation>仅主管可办理日结。</translation>
    </message>
    <message>
        <source>Enter the cash counted in the drawer, in yuan (for example 78.00).</source>
        <translation>请输入钱箱中清点的现金金额，单位为元（例如 78.00）。</translation>
    </message>
    <message>
        <source>Sign with your password.</source>
        <translation>请输入密码签字确认。</translation>
    </message>
    <message>
        <source>The database cannot be reached; the day is not closed. Try again.</source>
        <translation>无法连接数据库，未完成日结。请重试。</translation>
    </message>
    <message>
        <source>The day could not be closed: %1</source>
        <translation>无法日结：%1</translation>
    </message>
    <message>
        <source>The password is wrong, or the account is locked. The day is not closed.</source>
        <translation>密码错误或账户已锁定，未完成日结。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator of this centre closes its days.</source>
        <translation>仅本服务中心的主管或管理员可办理日结。</translation>
    </message>
    <message>
        <source>The day %1 is closed. Its figures are frozen.</source>
        <translation>%1 已日结，当日数据已锁定。</translation>
    </message>
    <message>
        <source>The report could not be exported: %1</source>
        <translation>无法导出报表：%1</translation>
    </message>
    <message>
        <source>The report could not be written to %1.</source>
        <translation>无法将报表写入 %1。</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
</context>
<context>
    <name>countersign::qml::ScanController</name>
    <message>
        <source>The file %1 can't be read.</source>
        <translation>无法读取文件 %1。</translation>
    </message>
    <message>
        <source>The file %1 is not an image this counter can read.</source>
        <translation>文件 %1 不是本受理台能读取的图片。</translation>
    </message>
    <message>
        <source>The file %1 is larger than %2 MB: scan the paper again at a lower resolution.</source>
        <translation>文件 %1 超过 %2 MB：请以较低的分辨率重新扫描。</translation>
    </message>
    <message>
        <source>The image %1 has more than %2 megapixels: scan the paper again at a lower resolution.</source>
        <translation>图片 %1 超过 %2 百万像素：请以较低的分辨率重新扫描。</translation>
    </message>
    <message>
        <source>the letter</source>
        <translation>授权书/协办函扫描件</translation>
    </message>
    <message>
        <source>the ID card's front</source>
        <translation>身份证人像面扫描件</translation>
    </message>
    <message>
        <source>the ID card's back</source>
        <translation>身份证国徽面扫描件</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>countersign::qml::SearchController</name>
    <message>
        <source>This counter is not ready.</source>
        <translation>本窗口尚未就绪。</translation>
    </message>
    <message>
        <source>No transaction matches.</source>
        <translation>没有符合条件的业务。</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) found.</source>
        <translation>
            <numerusform>共找到 %n 笔业务。</numerusform>
        </translation>
    </message>
    <message>
        <source>The supervisor enters their username and password.</source>
        <translation>请主管输入用户名和密码。</translation>
    </message>
    <message>
        <source>The approval could not be checked: %1</source>
        <translation>无法核验审批：%1</translation>
    </message>
    <message>
        <source>The approval was refused: %1</source>
        <translation>审批未通过：%1</translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>This needs a supervisor's approval.</source>
        <translation>此操作需要主管审批。</translation>
    </message>
    <message>
        <source>This transaction has no valid receipt to void.</source>
        <translation>该业务没有可作废的有效回执。</translation>
    </message>
    <message>
        <source>Receipt voided; %1 refunded.</source>
        <translation>回执已作废，已退款 %1 元。</translation>
    </message>
    <message>
        <source>%1 refunded.</source>
        <translation>已退款 %1 元。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::SettingsOffice</name>
    <message>
        <source>The database cannot be reached.</source>
        <translation>无法连接数据库。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::StaffAdmin</name>
    <message>
        <source>This is the last active admin account. Make another account an admin first.</source>
        <translation>这是最后一个在用的管理员账号，请先将其他账号设为管理员。</translation>
    </message>
    <message>
        <source>This account is disabled already.</source>
        <translation>该账号已处于停用状态。</translation>
    </message>
    <message>
        <source>This account is enabled already.</source>
        <translation>该账号已处于启用状态。</translation>
    </message>
    <message>
        <source>This account is not locked.</source>
        <translation>该账号未被锁定。</translation>
    </message>
    <message>
        <source>A password has at least 8 characters.</source>
        <translation>密码至少 8 个字符。</translation>
    </message>
    <message>
        <source>The account has that role and centre already.</source>
        <translation>该账号已是此角色和服务中心。</translation>
    </message>
    <message>
        <source>There is no centre with that code.</source>
        <translation>没有该代码的服务中心。</translation>
    </message>
    <message>
        <source>There is no such account any more. Refresh the list.</source>
        <translation>该账号已不存在，请刷新列表。</translation>
    </message>
    <message>
        <source>Your own password must be changed first.</source>
        <translation>请先修改您自己的密码。</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>新密码不能与当前密码相同。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <source>Only an admin may do this.</source>
        <translation>只有管理员可以执行此操作。</translation>
    </message>
    <message>
        <source>Your session has ended. Log in again.</source>
        <translation>您的会话已结束，请重新登录。</translation>
    </message>
    <message>
        <source>Only an admin manages staff accounts.</source>
        <translation>只有管理员可以管理员工账号。</translation>
    </message>
    <message>
        <source>The database cannot be reached; nothing was changed.</source>
        <translation>无法连接数据库，未做任何更改。</translation>
    </message>
    <message>
        <source>%1 is disabled and logged out everywhere.</source>
        <translation>%1 已停用，所有会话均已退出。</translation>
    </message>
    <message>
        <source>%1 is enabled.</source>
        <translation>%1 已启用。</translation>
    </message>
    <message>
        <source>%1 is unlocked and can log in again.</source>
        <translation>%1 已解锁，可以重新登录。</translation>
    </message>
    <message>
        <source>%1 is now %2 of every centre.</source>
        <translation>%1 现为全部中心的 %2。</translation>
    </message>
    <message>
        <source>%1 is now %2 of centre %3.</source>
        <translation>%1 现为服务中心 %3 的 %2。</translation>
    </message>
    <message>
        <source>The two entries differ. Type the new password twice.</source>
        <translation>两次输入不一致，请重新输入两次新密码。</translation>
    </message>
    <message>
        <source>%1 has a temporary password and must change it at the next login.</source>
        <translation>%1 已设置临时密码，下次登录时须修改。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::StockOffice</name>
    <message>
        <source>Only an admin receives keys into stock.</source>
        <translation>只有管理员可以办理介质入库。</translation>
    </message>
    <message>
        <source>Enter the key model and at least one serial.</source>
        <translation>请填写介质型号和至少一个序列号。</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) received into stock.</source>
        <translation>
            <numerusform>已入库 %n 个介质。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n serial(s) refused; see the list below.</source>
        <translation>
            <numerusform>%n 个序列号未能入库，详见下方列表。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only an admin writes keys off.</source>
        <translation>只有管理员可以报废介质。</translation>
    </message>
    <message>
        <source>Enter the key's serial and why it is written off.</source>
        <translation>请填写介质序列号和报废原因。</translation>
    </message>
    <message>
        <source>Key %1 written off.</source>
        <translation>介质 %1 已报废。</translation>
    </message>
    <message>
        <source>Only an admin sets key models.</source>
        <translation>只有管理员可以设置介质型号。</translation>
    </message>
    <message>
        <source>Enter the model's name as the key reports it.</source>
        <translation>请按介质自身报告的名称填写型号。</translation>
    </message>
    <message>
        <source>Key model %1 recorded.</source>
        <translation>介质型号 %1 已保存。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::TrustController</name>
    <message>
        <source>Only an admin trusts a letter signer.</source>
        <translation>只有管理员可以登记可信签名者。</translation>
    </message>
    <message>
        <source>Choose the certificate's PEM file.</source>
        <translation>请选择证书的 PEM 文件。</translation>
    </message>
    <message>
        <source>A signer is registered for the tax office whose letters it signs: enter its office code.</source>
        <translation>签名者须登记其签发协办函的税务机关：请输入税务机关代码。</translation>
    </message>
    <message>
        <source>Trusted.</source>
        <translation>已登记为可信。</translation>
    </message>
    <message>
        <source>Already trusted: nothing changed.</source>
        <translation>已是可信证书，未做更改。</translation>
    </message>
    <message>
        <source>Only an admin disables a letter signer.</source>
        <translation>只有管理员可以停用签名者。</translation>
    </message>
    <message>
        <source>Disabled: it signs no letter from now on.</source>
        <translation>已停用：此后其签名的协办函一律不予接受。</translation>
    </message>
    <message>
        <source>Already disabled: nothing changed.</source>
        <translation>已停用，未做更改。</translation>
    </message>
</context>
<context>
    <name>countersign::qml::Validators</name>
    <message>
        <source>Nothing entered yet</source>
        <translation>尚未输入</translation>
    </message>
    <message>
        <source>Too long: %1 characters, not %2</source>
        <extracomment>%1: the length of the identifier, e.g. 18; %2: how many characters were typed</extracomment>
        <translation>过长：应为%1位，实为%2位</translation>
    </message>
    <message>
        <source>%1 characters needed (%2 so far)</source>
        <extracomment>%1: the allowed lengths, e.g. "18" or "15, 18 or 20"; %2: how many were typed</extracomment>
        <translation>需要%1位（已输入%2位）</translation>
    </message>
    <message>
        <source> or </source>
        <translation>或</translation>
    </message>
    <message>
        <source>Character %1 (“%2”) is not allowed here</source>
        <translation>第%1位字符（“%2”）不允许在此使用</translation>
    </message>
    <message>
        <source>The check character is wrong: a character was probably mistyped</source>
        <translation>校验位错误：可能有字符输错</translation>
    </message>
    <message>
        <source>The birth date %1 in it is not a real day</source>
        <translation>其中的出生日期 %1 不是有效日期</translation>
    </message>
    <message>
        <source>The birth date %1 in it lies in the future</source>
        <translation>其中的出生日期 %1 晚于今天</translation>
    </message>
    <message>
        <source>The birth date %1 in it lies before 1900</source>
        <translation>其中的出生日期 %1 早于1900年</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Write the date as YYYY-MM-DD</source>
        <translation>日期格式应为 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>There is no such day</source>
        <translation>该日期不存在</translation>
    </message>
</context>
<context>
    <name>countersign::qml::Workstation</name>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
</context>
<context>
    <name>countersign::qml::Writer</name>
    <message>
        <source>No key writer is configured.</source>
        <translation>未配置写卡器。</translation>
    </message>
</context>
</TS>
