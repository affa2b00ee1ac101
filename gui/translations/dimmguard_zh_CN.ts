<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Report</name>
    <message>
        <source>Lot / PO</source>
        <translation>批次 / 采购单</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(sightings not recorded)</source>
        <translation>（未记录检测记录）</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>插槽</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Registry problems</source>
        <translation>注册库问题</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1: not recorded in the registry, so there is no evidence to export</source>
        <translation>%1：未记录到注册库中，因此没有可导出的证据</translation>
    </message>
    <message>
        <source>No evidence file: %1</source>
        <translation>没有证据文件：%1</translation>
    </message>
    <message>
        <source>%1: no evidence file: %2</source>
        <translation>%1：没有证据文件：%2</translation>
    </message>
    <message>
        <source>station %1</source>
        <translation>工作站 %1</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>%1 genuine, %2 suspect, %3 counterfeit, %4 unknown, %5 unreadable</source>
        <translation>正品 %1，可疑 %2，假冒 %3，未知 %4，无法读取 %5</translation>
    </message>
    <message>
        <source>Scans</source>
        <translation>扫描次数</translation>
    </message>
    <message>
        <source>codes</source>
        <translation>代码</translation>
    </message>
    <message numerus="yes">
        <source>%n module(s): </source>
        <translation>
            <numerusform>%n 条模组：</numerusform>
        </translation>
    </message>
    <message>
        <source>Inspected (%1)</source>
        <translation>检测时间（%1）</translation>
    </message>
    <message numerus="yes">
        <source>%n rescan(s): each module is counted once, with its latest verdict</source>
        <translation>
            <numerusform>%n 次重复扫描：每条模组只按最新结论计一次</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <source>The SPD checksum is wrong: the data is corrupted</source>
        <translation>SPD 校验和错误：数据已损坏</translation>
    </message>
    <message>
        <source>Two reads of the module differed: reseat it and scan again</source>
        <translation>两次读取模块的结果不一致：请重新插好模块后再扫描</translation>
    </message>
    <message>
        <source>The maker code in the SPD is invalid</source>
        <translation>SPD 中的厂商代码无效</translation>
    </message>
    <message>
        <source>The maker code is not a known manufacturer</source>
        <translation>厂商代码不属于任何已知制造商</translation>
    </message>
    <message>
        <source>The part number in the SPD is not valid text</source>
        <translation>SPD 中的料号不是有效文本</translation>
    </message>
    <message>
        <source>The manufacturing date is invalid</source>
        <translation>生产日期无效</translation>
    </message>
    <message>
        <source>The manufacturing date is in the future</source>
        <translation>生产日期在未来</translation>
    </message>
    <message>
        <source>The serial number is blank</source>
        <translation>序列号为空</translation>
    </message>
    <message>
        <source>The module does not have the size or speed its part number claims</source>
        <translation>模块的容量或速度与其料号声明的不符</translation>
    </message>
    <message>
        <source>The SPD does not match the maker's signed record for this part</source>
        <translation>SPD 与厂商为该料号签名的记录不符</translation>
    </message>
    <message>
        <source>The date is outside the period this part was made</source>
        <translation>日期不在该料号的生产期间内</translation>
    </message>
    <message>
        <source>This part number is not in the registry</source>
        <translation>注册库中没有这个料号</translation>
    </message>
    <message>
        <source>The SPD hub chip is not from the maker the SPD claims</source>
        <translation>SPD Hub 芯片不是 SPD 所声明厂商的产品</translation>
    </message>
    <message>
        <source>The power chip (PMIC) is not from the maker the SPD claims</source>
        <translation>电源芯片（PMIC）不是 SPD 所声明厂商的产品</translation>
    </message>
    <message>
        <source>The register chip (RCD) is not from the expected maker</source>
        <translation>寄存器芯片（RCD）不是预期厂商的产品</translation>
    </message>
    <message>
        <source>The SPD hub chip type is wrong for this module</source>
        <translation>SPD Hub 芯片型号与此模块不符</translation>
    </message>
    <message>
        <source>The SPD is not write-protected, so it could have been re-flashed</source>
        <translation>SPD 未写保护，可能被改写过</translation>
    </message>
    <message>
        <source>A server part carries a gaming (XMP/EXPO) profile</source>
        <translation>服务器内存带有电竞超频（XMP/EXPO）配置</translation>
    </message>
    <message>
        <source>The memory chips are from a different maker than the module claims</source>
        <translation>内存颗粒的厂商与模块声明的不同</translation>
    </message>
    <message>
        <source>The maker never issued this serial number</source>
        <translation>厂商从未发行过这个序列号</translation>
    </message>
    <message>
        <source>The maker issued this serial number for a different part</source>
        <translation>厂商发行的这个序列号属于另一个料号</translation>
    </message>
    <message>
        <source>The maker revoked this module's identity (known clone)</source>
        <translation>厂商已吊销此模块的身份（已知克隆）</translation>
    </message>
    <message>
        <source>Another module in this scan has the same serial number</source>
        <translation>本次扫描中另一个模块的序列号相同</translation>
    </message>
    <message>
        <source>This module was shipped out and came back without a return</source>
        <translation>此模块已出库，却未经退货流程又回到了入库</translation>
    </message>
    <message>
        <source>Several modules in this lot have identical SPD data (cloned)</source>
        <translation>本批次中多个模块的 SPD 数据完全相同（克隆）</translation>
    </message>
    <message>
        <source>The label does not match the module's SPD</source>
        <translation>标签与模块的 SPD 不符</translation>
    </message>
    <message>
        <source>The BIOS reports a different module than the SPD</source>
        <translation>BIOS 报告的模块与 SPD 不同</translation>
    </message>
    <message>
        <source>The registry data failed its signature check</source>
        <translation>注册库数据未通过签名校验</translation>
    </message>
    <message>
        <source>Registry data accepted earlier is missing: the registry file was rolled back or edited</source>
        <translation>此前已接受的注册库数据缺失：注册库文件被回滚或改动</translation>
    </message>
    <message>
        <source>The fleet server did not answer: judged on this station's registry only</source>
        <translation>中心服务器未响应：仅依据本工作站的注册库判定</translation>
    </message>
    <message>
        <source>The registry data has expired: import current bundles</source>
        <translation>注册库数据已过期：请导入最新的数据包</translation>
    </message>
    <message>
        <source>GENUINE</source>
        <translation>正品</translation>
    </message>
    <message>
        <source>SUSPECT</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>COUNTERFEIT</source>
        <translation>假冒</translation>
    </message>
    <message>
        <source>UNKNOWN</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>UNREADABLE</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Matches the maker's signed record; serial and history check out</source>
        <translation>与厂商签名记录一致；序列号和历史记录均无问题</translation>
    </message>
    <message>
        <source>No registry database: verdicts are at best UNKNOWN. Set the database location in Settings, or ask QA for the registry (%1).</source>
        <translation>没有注册库数据库：结论最多只能是“未知”。请在“设置”中指定数据库位置，或向质检部门索取注册库（%1）。</translation>
    </message>
    <message>
        <source>The registry has no trust root: verdicts are at best UNKNOWN. Ask QA to initialise it (%1).</source>
        <translation>注册库没有信任根：结论最多只能是“未知”。请质检部门初始化注册库（%1）。</translation>
    </message>
    <message>
        <source>The registry has expired: verdicts cannot be GENUINE until QA imports current bundles (%1).</source>
        <translation>注册库已过期：在质检部门导入最新数据包之前，结论不可能是“正品”（%1）。</translation>
    </message>
    <message>
        <source>Registry problem: %1</source>
        <translation>注册库问题：%1</translation>
    </message>
    <message>
        <source>Opening the registry</source>
        <translation>正在打开注册库</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>正在检查 %1</translation>
    </message>
    <message>
        <source>Another module with this identity is held elsewhere, in another lot or in a server (clone)</source>
        <translation>另一个相同身份的模块正在别处、另一批次或服务器中（克隆）</translation>
    </message>
    <message>
        <source>This module was judged before and nobody has released it: a rescan cannot clear it</source>
        <translation>此模块之前已被判定，且尚未放行：重新扫描不能解除该结论</translation>
    </message>
    <message>
        <source>Cloned: another module carries this identity</source>
        <translation>克隆：另一个模块带有相同身份</translation>
    </message>
    <message>
        <source>Relabelled: the label claims another part</source>
        <translation>换标：标签声称是另一个料号</translation>
    </message>
    <message>
        <source>Re-flashed: the SPD was rewritten to claim another part</source>
        <translation>刷写：SPD 被改写成另一个料号</translation>
    </message>
    <message>
        <source>Used, sold as new: fraud, but not a fake module</source>
        <translation>旧货翻新当新品卖：属欺诈，但不是假模块</translation>
    </message>
    <message>
        <source>Fake board: the chips do not match what the SPD claims</source>
        <translation>假板：芯片与 SPD 声明的不符</translation>
    </message>
    <message>
        <source>Corrupted SPD: a defect, not fraud</source>
        <translation>SPD 损坏：属缺陷，不是欺诈</translation>
    </message>
    <message>
        <source>memory generation</source>
        <translation>内存代数</translation>
    </message>
    <message>
        <source>module type</source>
        <translation>模组类型</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>chip width</source>
        <translation>颗粒位宽</translation>
    </message>
    <message>
        <source>number of ranks</source>
        <translation>Rank 数</translation>
    </message>
    <message>
        <source>error correction (ECC)</source>
        <translation>纠错 (ECC)</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The label says %1, but the module says %2</source>
        <translation>标签写的是 %1，模组实际是 %2</translation>
    </message>
    <message>
        <source>(blank)</source>
        <translation>（空白）</translation>
    </message>
    <message>
        <source>The part number promises %1 %2, but the module has %3</source>
        <translation>料号标称的%1为 %2，模组实际为 %3</translation>
    </message>
    <message>
        <source>The manufacturing date (%1) is in the future</source>
        <translation>生产日期（%1）晚于今天</translation>
    </message>
    <message>
        <source>The maker issued this serial number for part %1, not for this one</source>
        <translation>厂商把这个序列号发给了料号 %1，而不是这个料号</translation>
    </message>
    <message>
        <source>Another module with this identity has been installed in a server since %1 (clone)</source>
        <translation>另一条相同身份的模组自 %1 起已装在服务器上（克隆）</translation>
    </message>
    <message>
        <source>Another module with this identity has been installed in server %1 since %2 (clone)</source>
        <translation>另一条相同身份的模组自 %2 起已装在服务器 %1 上（克隆）</translation>
    </message>
    <message>
        <source>Another module with this identity has been in stock since %1 (clone)</source>
        <translation>另一条相同身份的模组自 %1 起已在库存中（克隆）</translation>
    </message>
    <message>
        <source>Another module with this identity has been in stock in lot %1 since %2 (clone)</source>
        <translation>另一条相同身份的模组自 %2 起已在批次 %1 的库存中（克隆）</translation>
    </message>
    <message>
        <source>This identity was seen before on a module with different SPD data: two modules carry it (clone)</source>
        <translation>此身份曾出现在 SPD 数据不同的另一条模组上：两条模组使用同一身份（克隆）</translation>
    </message>
    <message>
        <source>This module was shipped out on %1 and came back without a return</source>
        <translation>此模组已于 %1 发出，未经退货流程又回来了</translation>
    </message>
    <message>
        <source>This module was shipped to %1 on %2 and came back without a return</source>
        <translation>此模组已于 %2 发给 %1，未经退货流程又回来了</translation>
    </message>
    <message numerus="yes">
        <source>%n modules in this scan have the same serial number</source>
        <translation>
            <numerusform>本次扫描中有 %n 条模组序列号相同</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n modules in this lot have identical SPD data (cloned)</source>
        <translation>
            <numerusform>本批次中有 %n 条模组 SPD 数据完全相同（克隆）</numerusform>
        </translation>
    </message>
    <message>
        <source>Judged %1 on %2 and not released since: a rescan cannot clear it, only QA can</source>
        <translation>已于 %2 判定为%1，之后未被放行：重新扫描无法清除，只有质检可以放行</translation>
    </message>
    <message>
        <source>The BIOS reports %1 in %2, but the module says %3</source>
        <translation>BIOS 报告 %2 中是 %1，模组实际是 %3</translation>
    </message>
    <message>
        <source>A server part carries a gaming profile (%1)</source>
        <translation>服务器料号带有游戏超频配置（%1）</translation>
    </message>
    <message>
        <source>The module could not be read: reseat it and scan again</source>
        <translation>无法读取模组：请重新插好后再扫描</translation>
    </message>
    <message>
        <source>Nothing to compare with: this part or its maker's records are not in the registry</source>
        <translation>无可比对的数据：登记库中没有此料号或其厂商记录</translation>
    </message>
    <message>
        <source>No permission to open the SMBus adapter</source>
        <translation>无权打开 SMBus 适配器</translation>
    </message>
    <message>
        <source>Ask IT to add this user to the 'dimmguard' group, then log out and in again.</source>
        <translation>请 IT 把此用户加入 dimmguard 组，然后注销并重新登录。</translation>
    </message>
    <message>
        <source>The bus is busy or a kernel driver holds the module</source>
        <translation>总线忙，或模组被内核驱动占用</translation>
    </message>
    <message>
        <source>Wait a moment and scan again; if it persists, pick the adapter again in Settings.</source>
        <translation>稍等片刻后重新扫描；若仍如此，请在设置中重新选择适配器。</translation>
    </message>
    <message>
        <source>The bench file is missing: %1</source>
        <translation>找不到测试台文件：%1</translation>
    </message>
    <message>
        <source>Choose an existing bench file in Settings.</source>
        <translation>请在设置中选择一个存在的测试台文件。</translation>
    </message>
    <message>
        <source>A file chosen in Settings is missing</source>
        <translation>设置中选择的某个文件不存在</translation>
    </message>
    <message>
        <source>Check the files in Settings → Inspection (the details below name it).</source>
        <translation>请检查“设置 → 检测”中的文件（下方详细信息中有文件名）。</translation>
    </message>
    <message>
        <source>No SMBus adapter found</source>
        <translation>未找到 SMBus 适配器</translation>
    </message>
    <message>
        <source>Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev).</source>
        <translation>请插入 USB SMBus 适配器，或加载 i2c-dev 模块（sudo modprobe i2c-dev）。</translation>
    </message>
    <message>
        <source>Adapter %1 is not connected</source>
        <translation>适配器 %1 未连接</translation>
    </message>
    <message>
        <source>Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev), then pick it in Settings.</source>
        <translation>请插入 USB SMBus 适配器，或加载 i2c-dev 模块（sudo modprobe i2c-dev），然后在设置中选择它。</translation>
    </message>
    <message>
        <source>The bench file is not valid: %1</source>
        <translation>测试台文件无效：%1</translation>
    </message>
    <message>
        <source>Fix the file, or choose another one in Settings.</source>
        <translation>请修正该文件，或在设置中选择其他文件。</translation>
    </message>
    <message>
        <source>A file chosen in Settings is not valid</source>
        <translation>设置中选择的某个文件无效</translation>
    </message>
    <message>
        <source>Fix it or clear it in Settings → Inspection (the details below name it).</source>
        <translation>请在“设置 → 检测”中修正或清除它（下方详细信息中有文件名）。</translation>
    </message>
    <message>
        <source>The adapter cannot read SPD data</source>
        <translation>此适配器无法读取 SPD 数据</translation>
    </message>
    <message>
        <source>Pick another adapter in Settings.</source>
        <translation>请在设置中选择其他适配器。</translation>
    </message>
    <message>
        <source>The bus did not answer</source>
        <translation>总线无应答</translation>
    </message>
    <message>
        <source>Check that the module is seated and the adapter is connected, then scan again.</source>
        <translation>请检查模组已插好、适配器已连接，然后重新扫描。</translation>
    </message>
    <message>
        <source>The scan failed</source>
        <translation>扫描失败</translation>
    </message>
    <message>
        <source>Scan again; if it fails again, call QA with the details below.</source>
        <translation>请重新扫描；如再次失败，请带着下方详细信息联系质检。</translation>
    </message>
    <message>
        <source>Put the module on the shelf for stock.</source>
        <translation>将模组放上库存货架。</translation>
    </message>
    <message>
        <source>Reseat the module and scan it again. Still SUSPECT: put it in the QA tray.</source>
        <translation>重新插好模组再扫描一次。仍为“可疑”：放入质检托盘。</translation>
    </message>
    <message>
        <source>Put the module in the quarantine bin and print its quarantine label. Do not return it to supplier stock.</source>
        <translation>将模组放入隔离箱并打印隔离标签。不得退回供应商库存。</translation>
    </message>
    <message>
        <source>Put the module in the QA tray: QA decides.</source>
        <translation>将模组放入质检托盘，由质检决定。</translation>
    </message>
    <message>
        <source>Reseat the module and scan it again. Still unreadable: put it in the QA tray.</source>
        <translation>重新插好模组再扫描一次。仍无法读取：放入质检托盘。</translation>
    </message>
    <message>
        <source>Cannot read the next-steps file %1: using the built-in texts</source>
        <translation>无法读取后续步骤文件 %1：使用内置文字</translation>
    </message>
    <message>
        <source>The next-steps file %1 is larger than 64 KiB: using the built-in texts</source>
        <translation>后续步骤文件 %1 超过 64 KiB：使用内置文字</translation>
    </message>
    <message>
        <source>The next-steps file %1 is not a valid INI file: using the built-in texts</source>
        <translation>后续步骤文件 %1 不是有效的 INI 文件：使用内置文字</translation>
    </message>
    <message>
        <source>The next-steps file %1 has entries dimmguard does not know (%2): they are ignored</source>
        <translation>后续步骤文件 %1 中有无法识别的条目（%2）：已忽略</translation>
    </message>
    <message>
        <source>slot %1 (%2)</source>
        <translation>插槽 %1（%2）</translation>
    </message>
    <message>
        <source>QUARANTINE</source>
        <translation>隔离</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Inspected</source>
        <translation>检测时间</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Lot / PO</source>
        <translation>批次 / 采购单</translation>
    </message>
    <message>
        <source>Quarantine label %1</source>
        <translation>隔离标签 %1</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message numerus="yes">
        <source>The QR code cannot hold %n byte(s)</source>
        <translation>
            <numerusform>二维码容纳不下 %n 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>Evidence %1</source>
        <translation>证据 %1</translation>
    </message>
    <message>
        <source>The module still in slot %1 has the same serial number: one of them is a copy</source>
        <translation>插槽 %1 中仍在的模组序列号与此相同：其中至少一条是仿冒</translation>
    </message>
    <message>
        <source>The module still at %1 has the same serial number: one of them is a copy</source>
        <translation>%1 处仍在的模组序列号与此相同：其中至少一条是仿冒</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::DispositionDialog</name>
    <message>
        <source>&amp;Quarantine…</source>
        <translation>隔离(&amp;Q)…</translation>
    </message>
    <message>
        <source>Re&amp;lease…</source>
        <translation>放行(&amp;L)…</translation>
    </message>
    <message>
        <source>Return to &amp;supplier…</source>
        <translation>退回供应商(&amp;S)…</translation>
    </message>
    <message>
        <source>Scra&amp;p…</source>
        <translation>报废(&amp;P)…</translation>
    </message>
    <message>
        <source>Quarantine module %1</source>
        <translation>隔离模块 %1</translation>
    </message>
    <message>
        <source>The module is set aside at this station. Its verdict stays unresolved until QA releases it, it goes back to the supplier, or it is scrapped.</source>
        <translation>模块在本工作站隔离。在质检放行、退回供应商或报废之前，其结论保持未解除。</translation>
    </message>
    <message>
        <source>Release module %1</source>
        <translation>放行模块 %1</translation>
    </message>
    <message>
        <source>A release clears every earlier SUSPECT or COUNTERFEIT verdict of this module. It needs the private key of a QA key that the trust document names for role qa.</source>
        <translation>放行会解除此模块之前所有的“可疑”或“假冒”结论。需要信任文档中角色为 qa 的质检密钥的私钥。</translation>
    </message>
    <message>
        <source>Return module %1 to the supplier</source>
        <translation>将模块 %1 退回供应商</translation>
    </message>
    <message>
        <source>The module leaves this warehouse for the supplier. If it arrives again without a recorded return, it is a re-entry.</source>
        <translation>模块离开本仓库退回供应商。如果它在没有退货记录的情况下再次到达，即为重新入库。</translation>
    </message>
    <message>
        <source>Scrap module %1</source>
        <translation>报废模块 %1</translation>
    </message>
    <message>
        <source>Scrapping is final: any later sighting of this serial is a counterfeit.</source>
        <translation>报废不可撤销：此后再见到该序列号即为假冒。</translation>
    </message>
    <message>
        <source>why (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>your name (required)</source>
        <translation>您的姓名（必填）</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>操作员(&amp;O)：</translation>
    </message>
    <message>
        <source>QA private key (PEM file)</source>
        <translation>质检私钥（PEM 文件）</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>QA private key</source>
        <translation>质检私钥</translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>PEM 密钥 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;QA key:</source>
        <translation>质检密钥(&amp;Q)：</translation>
    </message>
    <message>
        <source>who it goes back to</source>
        <translation>退回给谁</translation>
    </message>
    <message>
        <source>RMA or case number (optional)</source>
        <translation>RMA 或工单号（可选）</translation>
    </message>
    <message>
        <source>S&amp;upplier:</source>
        <translation>供应商(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Ticket:</source>
        <translation>工单(&amp;T)：</translation>
    </message>
    <message>
        <source>Sign into the log</source>
        <translation>签名记入日志</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The QA key cannot be used: %1</source>
        <translation>无法使用该质检密钥：%1</translation>
    </message>
    <message>
        <source>No registry at %1</source>
        <translation>%1 中没有注册库</translation>
    </message>
    <message>
        <source>The registry cannot be opened: %1</source>
        <translation>无法打开注册库：%1</translation>
    </message>
    <message>
        <source>Not recorded: %1</source>
        <translation>未记录：%1</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::IntakePage</name>
    <message>
        <source>Scan cancelled: nothing was recorded.</source>
        <translation>扫描已取消：没有记录任何数据。</translation>
    </message>
    <message>
        <source>Module inserted at %1: inspecting</source>
        <translation>在 %1 插入了模块：正在检测</translation>
    </message>
    <message>
        <source>Watching for modules failed: %1</source>
        <translation>监测模块插入失败：%1</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S)：</translation>
    </message>
    <message>
        <source>S&amp;lot:</source>
        <translation>插槽(&amp;L)：</translation>
    </message>
    <message>
        <source>L&amp;ot / PO:</source>
        <translation>批次 / 采购单(&amp;O)：</translation>
    </message>
    <message>
        <source>lot or purchase order</source>
        <translation>批次号或采购单号</translation>
    </message>
    <message>
        <source>&amp;New lot</source>
        <translation>新批次(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new lot: the tally starts again from zero</source>
        <translation>开始新批次：统计从零开始</translation>
    </message>
    <message>
        <source>&amp;Watch for inserted modules</source>
        <translation>自动检测插入的模块(&amp;W)</translation>
    </message>
    <message>
        <source>L&amp;abel:</source>
        <translation>标签(&amp;A)：</translation>
    </message>
    <message>
        <source>scan the module label here, then Enter</source>
        <translation>在此扫描模块标签，然后按回车</translation>
    </message>
    <message>
        <source>Scan (F5)</source>
        <translation>扫描 (F5)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>报告(&amp;R)</translation>
    </message>
    <message>
        <source>Lot as CSV…</source>
        <translation>整批导出为 CSV…</translation>
    </message>
    <message>
        <source>Lot as PDF…</source>
        <translation>整批导出为 PDF…</translation>
    </message>
    <message>
        <source>Print lot…</source>
        <translation>打印整批…</translation>
    </message>
    <message>
        <source>This inspection as CSV…</source>
        <translation>本次检测导出为 CSV…</translation>
    </message>
    <message>
        <source>This inspection as PDF…</source>
        <translation>本次检测导出为 PDF…</translation>
    </message>
    <message>
        <source>Print this inspection…</source>
        <translation>打印本次检测…</translation>
    </message>
    <message>
        <source>Maker</source>
        <translation>厂商</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>料号</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>插槽</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Emulated bench: %1</source>
        <translation>模拟测试台：%1</translation>
    </message>
    <message>
        <source>adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>i2c-%1: %2</source>
        <translation>i2c-%1：%2</translation>
    </message>
    <message>
        <source>All local adapters</source>
        <translation>所有本机适配器</translation>
    </message>
    <message>
        <source>i2c-%1 (not connected)</source>
        <translation>i2c-%1（未连接）</translation>
    </message>
    <message>
        <source>All slots</source>
        <translation>所有插槽</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message numerus="yes">
        <source>%n module(s) inspected</source>
        <translation>
            <numerusform>已检测 %n 个模块</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan failed</source>
        <translation>扫描失败</translation>
    </message>
    <message>
        <source>SPD corrupted</source>
        <translation>SPD 已损坏</translation>
    </message>
    <message>
        <source>(no lot)</source>
        <translation>（无批次）</translation>
    </message>
    <message>
        <source>Watching for inserted modules…</source>
        <translation>正在监测模块插入…</translation>
    </message>
    <message>
        <source>Intake report</source>
        <translation>入库检测报告</translation>
    </message>
    <message>
        <source>Intake report: lot %1</source>
        <translation>入库检测报告：批次 %1</translation>
    </message>
    <message>
        <source>Nothing inspected yet</source>
        <translation>尚未检测任何模块</translation>
    </message>
    <message>
        <source>Inspection report</source>
        <translation>检测报告</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Save lot report</source>
        <translation>保存批次报告</translation>
    </message>
    <message>
        <source>Save inspection report</source>
        <translation>保存检测报告</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Looking for inserted modules…</source>
        <translation>正在查找已插入的模块…</translation>
    </message>
    <message>
        <source>Which module is this label for?</source>
        <translation>这个标签属于哪个模块？</translation>
    </message>
    <message numerus="yes">
        <source>%n modules are inserted, but the label "%1" belongs to one of them. Pick its slot (arrow keys or its number, then Enter).</source>
        <translation>
            <numerusform>已插入 %n 个模块，但标签“%1”只属于其中一个。请选择它的插槽（方向键或序号，然后按回车）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan this slot</source>
        <translation>扫描此插槽</translation>
    </message>
    <message>
        <source>Nothing scanned: a label needs its slot. Pick the slot above, or scan the label again.</source>
        <translation>未扫描：标签必须对应一个插槽。请在上方选择插槽，或重新扫描标签。</translation>
    </message>
    <message numerus="yes">
        <source>%n modules inserted: which one is the label for?</source>
        <translation>
            <numerusform>已插入 %n 个模块：这个标签属于哪一个？</numerusform>
        </translation>
    </message>
    <message>
        <source>Evidence saved: %1</source>
        <translation>证据已保存：%1</translation>
    </message>
    <message>
        <source>New lot</source>
        <translation>新批次</translation>
    </message>
    <message>
        <source>Scan or type the lot / PO number, then press Enter:</source>
        <translation>扫描或输入批次号 / 采购单号，然后按回车：</translation>
    </message>
    <message>
        <source>New lot started (no lot number)</source>
        <translation>已开始新批次（无批次号）</translation>
    </message>
    <message>
        <source>New lot %1 started</source>
        <translation>已开始新批次 %1</translation>
    </message>
    <message>
        <source>%1 (%2 of %3)</source>
        <translation>%1（第 %2 / %3 条）</translation>
    </message>
    <message>
        <source>Leave the module in place until the verdict shows.</source>
        <translation>在结果显示之前请勿拔出模组。</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>技术细节</translation>
    </message>
    <message>
        <source>The extra context in Settings is not valid</source>
        <translation>设置中的附加信息无效</translation>
    </message>
    <message>
        <source>Fix it in Settings → Inspection.</source>
        <translation>请在“设置 → 检测”中修正。</translation>
    </message>
    <message>
        <source>No source chosen</source>
        <translation>未选择来源</translation>
    </message>
    <message>
        <source>Pick an adapter above, or an emulated bench file in Settings.</source>
        <translation>请在上方选择适配器，或在设置中选择模拟测试台文件。</translation>
    </message>
    <message>
        <source>every slot</source>
        <translation>所有插槽</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>No module found</source>
        <translation>未找到模组</translation>
    </message>
    <message>
        <source>Check that the module is seated, then scan again.</source>
        <translation>请检查模组已插好，然后重新扫描。</translation>
    </message>
    <message>
        <source>Scan failed: %1</source>
        <translation>扫描失败：%1</translation>
    </message>
    <message>
        <source>Not ready: verdicts cannot be GENUINE</source>
        <translation>未就绪：结果不可能为“正品”</translation>
    </message>
    <message>
        <source>Ready: scan the label of the next module</source>
        <translation>就绪：请扫描下一条模组的标签</translation>
    </message>
    <message>
        <source>Insert the module, then scan its label.</source>
        <translation>插入模组，然后扫描其标签。</translation>
    </message>
    <message numerus="yes">
        <source>Lot %1: %n module(s) — </source>
        <translation>
            <numerusform>批次 %1：%n 条模组 — </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 genuine · %2 suspect · %3 counterfeit · %4 unknown · %5 unreadable</source>
        <translation>正品 %1 · 可疑 %2 · 假冒 %3 · 未知 %4 · 无法读取 %5</translation>
    </message>
    <message numerus="yes">
        <source> (%n re-scan(s) not counted again)</source>
        <translation>
            <numerusform>（%n 次重复扫描未重复计数）</numerusform>
        </translation>
    </message>
    <message>
        <source>Press the number of its slot; Esc scans nothing.</source>
        <translation>按其插槽编号；按 Esc 不扫描。</translation>
    </message>
    <message>
        <source>Who is at this desk this shift: recorded with every inspection and disposition</source>
        <translation>本班次在此工位的操作员：随每次检测和处置一起记录</translation>
    </message>
    <message>
        <source>Quarantine (F8)…</source>
        <translation>隔离 (F8)…</translation>
    </message>
    <message>
        <source>Return to supplier…</source>
        <translation>退回供应商…</translation>
    </message>
    <message>
        <source>Release (QA)…</source>
        <translation>放行（质检）…</translation>
    </message>
    <message>
        <source>Quarantine label</source>
        <translation>隔离标签</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>O&amp;perator: —</source>
        <translation>操作员(&amp;P)：—</translation>
    </message>
    <message>
        <source>O&amp;perator: %1</source>
        <translation>操作员(&amp;P)：%1</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Who is at this desk this shift? Scan your badge or type your name, then press Enter:</source>
        <translation>本班次谁在此工位？请扫描工牌或输入姓名，然后按回车：</translation>
    </message>
    <message>
        <source>Signing the disposition…</source>
        <translation>正在签署处置记录…</translation>
    </message>
    <message>
        <source>%1 recorded in the log (operator %2)</source>
        <translation>“%1”已记入日志（操作员 %2）</translation>
    </message>
    <message>
        <source>Save quarantine label</source>
        <translation>保存隔离标签</translation>
    </message>
    <message>
        <source>The printer could not print the label</source>
        <translation>打印机无法打印该标签</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::MainWindow</name>
    <message>
        <source>Intake</source>
        <translation>入库检测</translation>
    </message>
    <message>
        <source>Bench</source>
        <translation>测试台</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>注册库</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Adapter i2c-%1 connected</source>
        <translation>适配器 i2c-%1 已连接</translation>
    </message>
    <message>
        <source>Adapter i2c-%1 disconnected</source>
        <translation>适配器 i2c-%1 已断开</translation>
    </message>
    <message>
        <source>dimmguard — memory module intake</source>
        <translation>dimmguard — 内存模块入库检测</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Ctrl+%1</translation>
    </message>
    <message>
        <source>Station: —</source>
        <translation>工作站：—</translation>
    </message>
    <message>
        <source>Station: %1</source>
        <translation>工作站：%1</translation>
    </message>
    <message>
        <source>Registry: checking…</source>
        <translation>注册库：正在检查…</translation>
    </message>
    <message>
        <source>Registry: ready (%1)</source>
        <translation>注册库：就绪（%1）</translation>
    </message>
    <message>
        <source>Registry: NOT usable, verdicts at best UNKNOWN (see Settings)</source>
        <translation>注册库：不可用，结论最多为“未知”（见“设置”）</translation>
    </message>
    <message numerus="yes">
        <source>%n SMBus adapter(s)</source>
        <translation>
            <numerusform>%n 个 SMBus 适配器</numerusform>
        </translation>
    </message>
    <message>
        <source>Station: %1 (%2)</source>
        <translation>工作站：%1（%2）</translation>
    </message>
    <message>
        <source>Fleet: never synced</source>
        <translation>中心同步：从未同步</translation>
    </message>
    <message>
        <source>Fleet: never synced (last try failed)</source>
        <translation>中心同步：从未同步（上次尝试失败）</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message>
        <source>Fleet: synced %1 (%2)</source>
        <translation>中心同步：%1 已同步（%2）</translation>
    </message>
    <message>
        <source>Fleet: OFFLINE, last synced %1 (%2)</source>
        <translation>中心同步：离线，上次同步 %1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation>
            <numerusform>%n 条待发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n 处冲突</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n late finding(s)</source>
        <translation>
            <numerusform>%n 条事后发现</numerusform>
        </translation>
    </message>
    <message>
        <source>Late findings</source>
        <translation>事后发现</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier inspection(s) at this station turned out to be of a duplicated identity once other stations' sightings arrived. Find each module, set it aside and re-inspect it; 'dimmguard log alerts' lists them all.</source>
        <translation>
            <numerusform>本工作站有 %n 次较早的检验，在其他工作站的记录到达后被证实为重复身份。请找到每个模组，隔离并重新检验；'dimmguard log alerts' 列出全部。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::PlaceholderPage</name>
    <message>
        <source>The %1 screen is not part of this build (gui/pages was not built).</source>
        <translation>此版本不包含“%1”界面（未构建 gui/pages）。</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::SettingsPage</name>
    <message>
        <source>Database location</source>
        <translation>数据库位置</translation>
    </message>
    <message>
        <source>Emulated bench file</source>
        <translation>模拟测试台文件</translation>
    </message>
    <message>
        <source>Bench files (*.json)</source>
        <translation>测试台文件 (*.json)</translation>
    </message>
    <message>
        <source>Site saved: new sightings carry it.</source>
        <translation>站点已保存：新的检测记录将带上该站点。</translation>
    </message>
    <message>
        <source>Could not save the site: %1</source>
        <translation>无法保存站点：%1</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Station id:</source>
        <translation>工作站 ID：</translation>
    </message>
    <message>
        <source>The key id of this station's signing key; it signs every sighting recorded here.</source>
        <translation>本工作站签名密钥的 ID；在此记录的每条检测记录都由它签名。</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>站点：</translation>
    </message>
    <message>
        <source>e.g. Shenzhen DC2 intake</source>
        <translation>例如：深圳 DC2 入库</translation>
    </message>
    <message>
        <source>Save site</source>
        <translation>保存站点</translation>
    </message>
    <message>
        <source>Registry database</source>
        <translation>注册库数据库</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Use this location</source>
        <translation>使用此位置</translation>
    </message>
    <message>
        <source>Where modules are read</source>
        <translation>模块读取来源</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Bench file:</source>
        <translation>测试台文件：</translation>
    </message>
    <message>
        <source>Adapter:</source>
        <translation>适配器：</translation>
    </message>
    <message>
        <source>One SMBus adapter</source>
        <translation>单个 SMBus 适配器</translation>
    </message>
    <message>
        <source>All local adapters</source>
        <translation>所有本机适配器</translation>
    </message>
    <message>
        <source>Use this source</source>
        <translation>使用此来源</translation>
    </message>
    <message>
        <source>Language and sounds</source>
        <translation>语言和声音</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>(no /dev node: load i2c-dev)</source>
        <translation>（没有 /dev 节点：请加载 i2c-dev）</translation>
    </message>
    <message>
        <source>No SMBus adapter found</source>
        <translation>未找到 SMBus 适配器</translation>
    </message>
    <message>
        <source>(no registry: no station key)</source>
        <translation>（没有注册库：没有工作站密钥）</translation>
    </message>
    <message>
        <source>Registry ready. Trust valid until %1.</source>
        <translation>注册库就绪。信任有效期至 %1。</translation>
    </message>
    <message>
        <source>(no expiry)</source>
        <translation>（无到期日）</translation>
    </message>
    <message>
        <source>Database location set to %1</source>
        <translation>数据库位置已设为 %1</translation>
    </message>
    <message>
        <source>Source saved.</source>
        <translation>来源已保存。</translation>
    </message>
    <message>
        <source>Labels file</source>
        <translation>标签文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Policy file</source>
        <translation>策略文件</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>dmidecode output</source>
        <translation>dmidecode 输出</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>检测</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <source>Extra context:</source>
        <translation>附加信息：</translation>
    </message>
    <message>
        <source>Labels file:</source>
        <translation>标签文件：</translation>
    </message>
    <message>
        <source>Policy file:</source>
        <translation>策略文件：</translation>
    </message>
    <message>
        <source>SMBIOS file:</source>
        <translation>SMBIOS 文件：</translation>
    </message>
    <message>
        <source>Intake (modules arriving)</source>
        <translation>入库（模块到货）</translation>
    </message>
    <message>
        <source>Bench (a technician's look)</source>
        <translation>测试台（技术员检查）</translation>
    </message>
    <message>
        <source>Burn-in (installed in a server)</source>
        <translation>老化测试（已装入服务器）</translation>
    </message>
    <message>
        <source>Ship (leaving for a customer)</source>
        <translation>出货（发往客户）</translation>
    </message>
    <message>
        <source>Return (coming back from a customer)</source>
        <translation>退货（客户退回）</translation>
    </message>
    <message>
        <source>e.g. customer=ACME Cloud; server=SN1234</source>
        <translation>例如 customer=某某云; server=SN1234</translation>
    </message>
    <message>
        <source>KEY=VALUE pairs recorded with every sighting, separated by ';' (as verify --context).</source>
        <translation>随每条检测记录保存的 键=值 对，用“;”分隔（同 verify --context）。</translation>
    </message>
    <message>
        <source>none: the label scanned at intake</source>
        <translation>无：使用入库时扫描的标签</translation>
    </message>
    <message>
        <source>A CSV file of slot,label rows: one label per slot (as verify --labels).</source>
        <translation>每行“插槽,标签”的 CSV 文件：每个插槽一个标签（同 verify --labels）。</translation>
    </message>
    <message>
        <source>built-in policy</source>
        <translation>内置策略</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Output of 'dmidecode -t 17' of the server the modules are in (burn-in; as verify --smbios).</source>
        <translation>模组所在服务器的“dmidecode -t 17”输出（老化测试；同 verify --smbios）。</translation>
    </message>
    <message>
        <source>Use these options</source>
        <translation>使用这些选项</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Extra context not saved: %1</source>
        <translation>附加信息未保存：%1</translation>
    </message>
    <message>
        <source>Inspection options not saved: %1</source>
        <translation>检测选项未保存：%1</translation>
    </message>
    <message>
        <source>Inspection options saved: the next scan uses them.</source>
        <translation>检测选项已保存：下次扫描将使用。</translation>
    </message>
    <message>
        <source>Move (re-lot inside this site)</source>
        <translation>移库（本站点内更换批次）</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>No sound: %1</source>
        <translation>无法播放声音：%1</translation>
    </message>
    <message>
        <source>Sound volume:</source>
        <translation>音量：</translation>
    </message>
    <message>
        <source>Hear them:</source>
        <translation>试听：</translation>
    </message>
    <message>
        <source>0 is silent. One sound per scan: a chime for GENUINE, two beeps for SUSPECT or UNKNOWN, a long low alarm for COUNTERFEIT.</source>
        <translation>0 为静音。每次扫描一个声音：正品为清脆的提示音，可疑或未知为两声短促蜂鸣，假冒为长而低沉的警报。</translation>
    </message>
    <message>
        <source>GENUINE</source>
        <translation>正品</translation>
    </message>
    <message>
        <source>SUSPECT</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>COUNTERFEIT</source>
        <translation>假冒</translation>
    </message>
    <message>
        <source>Press a verdict to hear its sound.</source>
        <translation>点击一个判定结果即可试听其声音。</translation>
    </message>
    <message>
        <source>Built without sound: COUNTERFEIT rings the system beep.</source>
        <translation>此版本不含声音：假冒时仅发出系统提示音。</translation>
    </message>
    <message>
        <source>Sounds play on this computer's sound output.</source>
        <translation>声音从本机的声音输出播放。</translation>
    </message>
    <message>
        <source>Sounds play on the ALSA device "%1".</source>
        <translation>声音从 ALSA 设备“%1”播放。</translation>
    </message>
</context>
</TS>
