<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Report</name>
    <message>
        <source>Lot / PO</source>
        <translation>Lot / PO</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>(sightings not recorded)</source>
        <translation>(sightings not recorded)</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>Slot</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <source>Registry problems</source>
        <translation>Registry problems</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>%1: not recorded in the registry, so there is no evidence to export</source>
        <translation>%1: not recorded in the registry, so there is no evidence to export</translation>
    </message>
    <message>
        <source>No evidence file: %1</source>
        <translation>No evidence file: %1</translation>
    </message>
    <message>
        <source>%1: no evidence file: %2</source>
        <translation>%1: no evidence file: %2</translation>
    </message>
    <message>
        <source>station %1</source>
        <translation>station %1</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>%1 genuine, %2 suspect, %3 counterfeit, %4 unknown, %5 unreadable</source>
        <translation>%1 genuine, %2 suspect, %3 counterfeit, %4 unknown, %5 unreadable</translation>
    </message>
    <message>
        <source>Scans</source>
        <translation>Scans</translation>
    </message>
    <message>
        <source>codes</source>
        <translation>codes</translation>
    </message>
    <message numerus="yes">
        <source>%n module(s): </source>
        <translation>
            <numerusform>%n module: </numerusform>
            <numerusform>%n modules: </numerusform>
        </translation>
    </message>
    <message>
        <source>Inspected (%1)</source>
        <translation>Inspected (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n rescan(s): each module is counted once, with its latest verdict</source>
        <translation>
            <numerusform>%n rescan: each module is counted once, with its latest verdict</numerusform>
            <numerusform>%n rescans: each module is counted once, with its latest verdict</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <source>The SPD checksum is wrong: the data is corrupted</source>
        <translation>The SPD checksum is wrong: the data is corrupted</translation>
    </message>
    <message>
        <source>Two reads of the module differed: reseat it and scan again</source>
        <translation>Two reads of the module differed: reseat it and scan again</translation>
    </message>
    <message>
        <source>The maker code in the SPD is invalid</source>
        <translation>The maker code in the SPD is invalid</translation>
    </message>
    <message>
        <source>The maker code is not a known manufacturer</source>
        <translation>The maker code is not a known manufacturer</translation>
    </message>
    <message>
        <source>The part number in the SPD is not valid text</source>
        <translation>The part number in the SPD is not valid text</translation>
    </message>
    <message>
        <source>The manufacturing date is invalid</source>
        <translation>The manufacturing date is invalid</translation>
    </message>
    <message>
        <source>The manufacturing date is in the future</source>
        <translation>The manufacturing date is in the future</translation>
    </message>
    <message>
        <source>The serial number is blank</source>
        <translation>The serial number is blank</translation>
    </message>
    <message>
        <source>The module does not have the size or speed its part number claims</source>
        <translation>The module does not have the size or speed its part number claims</translation>
    </message>
    <message>
        <source>The SPD does not match the maker's signed record for this part</source>
        <translation>The SPD does not match the maker's signed record for this part</translation>
    </message>
    <message>
        <source>The date is outside the period this part was made</source>
        <translation>The date is outside the period this part was made</translation>
    </message>
    <message>
        <source>This part number is not in the registry</source>
        <translation>This part number is not in the registry</translation>
    </message>
    <message>
        <source>The SPD hub chip is not from the maker the SPD claims</source>
        <translation>The SPD hub chip is not from the maker the SPD claims</translation>
    </message>
    <message>
        <source>The power chip (PMIC) is not from the maker the SPD claims</source>
        <translation>The power chip (PMIC) is not from the maker the SPD claims</translation>
    </message>
    <message>
        <source>The register chip (RCD) is not from the expected maker</source>
        <translation>The register chip (RCD) is not from the expected maker</translation>
    </message>
    <message>
        <source>The SPD hub chip type is wrong for this module</source>
        <translation>The SPD hub chip type is wrong for this module</translation>
    </message>
    <message>
        <source>The SPD is not write-protected, so it could have been re-flashed</source>
        <translation>The SPD is not write-protected, so it could have been re-flashed</translation>
    </message>
    <message>
        <source>A server part carries a gaming (XMP/EXPO) profile</source>
        <translation>A server part carries a gaming (XMP/EXPO) profile</translation>
    </message>
    <message>
        <source>The memory chips are from a different maker than the module claims</source>
        <translation>The memory chips are from a different maker than the module claims</translation>
    </message>
    <message>
        <source>The maker never issued this serial number</source>
        <translation>The maker never issued this serial number</translation>
    </message>
    <message>
        <source>The maker issued this serial number for a different part</source>
        <translation>The maker issued this serial number for a different part</translation>
    </message>
    <message>
        <source>The maker revoked this module's identity (known clone)</source>
        <translation>The maker revoked this module's identity (known clone)</translation>
    </message>
    <message>
        <source>Another module in this scan has the same serial number</source>
        <translation>Another module in this scan has the same serial number</translation>
    </message>
    <message>
        <source>This module was shipped out and came back without a return</source>
        <translation>This module was shipped out and came back without a return</translation>
    </message>
    <message>
        <source>Several modules in this lot have identical SPD data (cloned)</source>
        <translation>Several modules in this lot have identical SPD data (cloned)</translation>
    </message>
    <message>
        <source>The label does not match the module's SPD</source>
        <translation>The label does not match the module's SPD</translation>
    </message>
    <message>
        <source>The BIOS reports a different module than the SPD</source>
        <translation>The BIOS reports a different module than the SPD</translation>
    </message>
    <message>
        <source>The registry data failed its signature check</source>
        <translation>The registry data failed its signature check</translation>
    </message>
    <message>
        <source>Registry data accepted earlier is missing: the registry file was rolled back or edited</source>
        <translation>Registry data accepted earlier is missing: the registry file was rolled back or edited</translation>
    </message>
    <message>
        <source>The fleet server did not answer: judged on this station's registry only</source>
        <translation>The fleet server did not answer: judged on this station's registry only</translation>
    </message>
    <message>
        <source>The registry data has expired: import current bundles</source>
        <translation>The registry data has expired: import current bundles</translation>
    </message>
    <message>
        <source>GENUINE</source>
        <translation>GENUINE</translation>
    </message>
    <message>
        <source>SUSPECT</source>
        <translation>SUSPECT</translation>
    </message>
    <message>
        <source>COUNTERFEIT</source>
        <translation>COUNTERFEIT</translation>
    </message>
    <message>
        <source>UNKNOWN</source>
        <translation>UNKNOWN</translation>
    </message>
    <message>
        <source>UNREADABLE</source>
        <translation>UNREADABLE</translation>
    </message>
    <message>
        <source>Matches the maker's signed record; serial and history check out</source>
        <translation>Matches the maker's signed record; serial and history check out</translation>
    </message>
    <message>
        <source>No registry database: verdicts are at best UNKNOWN. Set the database location in Settings, or ask QA for the registry (%1).</source>
        <translation>No registry database: verdicts are at best UNKNOWN. Set the database location in Settings, or ask QA for the registry (%1).</translation>
    </message>
    <message>
        <source>The registry has no trust root: verdicts are at best UNKNOWN. Ask QA to initialise it (%1).</source>
        <translation>The registry has no trust root: verdicts are at best UNKNOWN. Ask QA to initialise it (%1).</translation>
    </message>
    <message>
        <source>The registry has expired: verdicts cannot be GENUINE until QA imports current bundles (%1).</source>
        <translation>The registry has expired: verdicts cannot be GENUINE until QA imports current bundles (%1).</translation>
    </message>
    <message>
        <source>Registry problem: %1</source>
        <translation>Registry problem: %1</translation>
    </message>
    <message>
        <source>Opening the registry</source>
        <translation>Opening the registry</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>Reading %1</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>Checking %1</translation>
    </message>
    <message>
        <source>Another module with this identity is held elsewhere, in another lot or in a server (clone)</source>
        <translation>Another module with this identity is held elsewhere, in another lot or in a server (clone)</translation>
    </message>
    <message>
        <source>This module was judged before and nobody has released it: a rescan cannot clear it</source>
        <translation>This module was judged before and nobody has released it: a rescan cannot clear it</translation>
    </message>
    <message>
        <source>Cloned: another module carries this identity</source>
        <translation>Cloned: another module carries this identity</translation>
    </message>
    <message>
        <source>Relabelled: the label claims another part</source>
        <translation>Relabelled: the label claims another part</translation>
    </message>
    <message>
        <source>Re-flashed: the SPD was rewritten to claim another part</source>
        <translation>Re-flashed: the SPD was rewritten to claim another part</translation>
    </message>
    <message>
        <source>Used, sold as new: fraud, but not a fake module</source>
        <translation>Used, sold as new: fraud, but not a fake module</translation>
    </message>
    <message>
        <source>Fake board: the chips do not match what the SPD claims</source>
        <translation>Fake board: the chips do not match what the SPD claims</translation>
    </message>
    <message>
        <source>Corrupted SPD: a defect, not fraud</source>
        <translation>Corrupted SPD: a defect, not fraud</translation>
    </message>
    <message>
        <source>memory generation</source>
        <translation>memory generation</translation>
    </message>
    <message>
        <source>module type</source>
        <translation>module type</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>capacity</translation>
    </message>
    <message>
        <source>chip width</source>
        <translation>chip width</translation>
    </message>
    <message>
        <source>number of ranks</source>
        <translation>number of ranks</translation>
    </message>
    <message>
        <source>error correction (ECC)</source>
        <translation>error correction (ECC)</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>speed</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>The label says %1, but the module says %2</source>
        <translation>The label says %1, but the module says %2</translation>
    </message>
    <message>
        <source>(blank)</source>
        <translation>(blank)</translation>
    </message>
    <message>
        <source>The part number promises %1 %2, but the module has %3</source>
        <translation>The part number promises %1 %2, but the module has %3</translation>
    </message>
    <message>
        <source>The manufacturing date (%1) is in the future</source>
        <translation>The manufacturing date (%1) is in the future</translation>
    </message>
    <message>
        <source>The maker issued this serial number for part %1, not for this one</source>
        <translation>The maker issued this serial number for part %1, not for this one</translation>
    </message>
    <message>
        <source>Another module with this identity has been installed in a server since %1 (clone)</source>
        <translation>Another module with this identity has been installed in a server since %1 (clone)</translation>
    </message>
    <message>
        <source>Another module with this identity has been installed in server %1 since %2 (clone)</source>
        <translation>Another module with this identity has been installed in server %1 since %2 (clone)</translation>
    </message>
    <message>
        <source>Another module with this identity has been in stock since %1 (clone)</source>
        <translation>Another module with this identity has been in stock since %1 (clone)</translation>
    </message>
    <message>
        <source>Another module with this identity has been in stock in lot %1 since %2 (clone)</source>
        <translation>Another module with this identity has been in stock in lot %1 since %2 (clone)</translation>
    </message>
    <message>
        <source>This identity was seen before on a module with different SPD data: two modules carry it (clone)</source>
        <translation>This identity was seen before on a module with different SPD data: two modules carry it (clone)</translation>
    </message>
    <message>
        <source>This module was shipped out on %1 and came back without a return</source>
        <translation>This module was shipped out on %1 and came back without a return</translation>
    </message>
    <message>
        <source>This module was shipped to %1 on %2 and came back without a return</source>
        <translation>This module was shipped to %1 on %2 and came back without a return</translation>
    </message>
    <message numerus="yes">
        <source>%n modules in this scan have the same serial number</source>
        <translation>
            <numerusform>%n modules in this scan have the same serial number</numerusform>
            <numerusform>%n modules in this scan have the same serial number</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n modules in this lot have identical SPD data (cloned)</source>
        <translation>
            <numerusform>%n modules in this lot have identical SPD data (cloned)</numerusform>
            <numerusform>%n modules in this lot have identical SPD data (cloned)</numerusform>
        </translation>
    </message>
    <message>
        <source>Judged %1 on %2 and not released since: a rescan cannot clear it, only QA can</source>
        <translation>Judged %1 on %2 and not released since: a rescan cannot clear it, only QA can</translation>
    </message>
    <message>
        <source>The BIOS reports %1 in %2, but the module says %3</source>
        <translation>The BIOS reports %1 in %2, but the module says %3</translation>
    </message>
    <message>
        <source>A server part carries a gaming profile (%1)</source>
        <translation>A server part carries a gaming profile (%1)</translation>
    </message>
    <message>
        <source>The module could not be read: reseat it and scan again</source>
        <translation>The module could not be read: reseat it and scan again</translation>
    </message>
    <message>
        <source>Nothing to compare with: this part or its maker's records are not in the registry</source>
        <translation>Nothing to compare with: this part or its maker's records are not in the registry</translation>
    </message>
    <message>
        <source>No permission to open the SMBus adapter</source>
        <translation>No permission to open the SMBus adapter</translation>
    </message>
    <message>
        <source>Ask IT to add this user to the 'dimmguard' group, then log out and in again.</source>
        <translation>Ask IT to add this user to the 'dimmguard' group, then log out and in again.</translation>
    </message>
    <message>
        <source>The bus is busy or a kernel driver holds the module</source>
        <translation>The bus is busy or a kernel driver holds the module</translation>
    </message>
    <message>
        <source>Wait a moment and scan again; if it persists, pick the adapter again in Settings.</source>
        <translation>Wait a moment and scan again; if it persists, pick the adapter again in Settings.</translation>
    </message>
    <message>
        <source>The bench file is missing: %1</source>
        <translation>The bench file is missing: %1</translation>
    </message>
    <message>
        <source>Choose an existing bench file in Settings.</source>
        <translation>Choose an existing bench file in Settings.</translation>
    </message>
    <message>
        <source>A file chosen in Settings is missing</source>
        <translation>A file chosen in Settings is missing</translation>
    </message>
    <message>
        <source>Check the files in Settings → Inspection (the details below name it).</source>
        <translation>Check the files in Settings → Inspection (the details below name it).</translation>
    </message>
    <message>
        <source>No SMBus adapter found</source>
        <translation>No SMBus adapter found</translation>
    </message>
    <message>
        <source>Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev).</source>
        <translation>Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev).</translation>
    </message>
    <message>
        <source>Adapter %1 is not connected</source>
        <translation>Adapter %1 is not connected</translation>
    </message>
    <message>
        <source>Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev), then pick it in Settings.</source>
        <translation>Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev), then pick it in Settings.</translation>
    </message>
    <message>
        <source>The bench file is not valid: %1</source>
        <translation>The bench file is not valid: %1</translation>
    </message>
    <message>
        <source>Fix the file, or choose another one in Settings.</source>
        <translation>Fix the file, or choose another one in Settings.</translation>
    </message>
    <message>
        <source>A file chosen in Settings is not valid</source>
        <translation>A file chosen in Settings is not valid</translation>
    </message>
    <message>
        <source>Fix it or clear it in Settings → Inspection (the details below name it).</source>
        <translation>Fix it or clear it in Settings → Inspection (the details below name it).</translation>
    </message>
    <message>
        <source>The adapter cannot read SPD data</source>
        <translation>The adapter cannot read SPD data</translation>
    </message>
    <message>
        <source>Pick another adapter in Settings.</source>
        <translation>Pick another adapter in Settings.</translation>
    </message>
    <message>
        <source>The bus did not answer</source>
        <translation>The bus did not answer</translation>
    </message>
    <message>
        <source>Check that the module is seated and the adapter is connected, then scan again.</source>
        <translation>Check that the module is seated and the adapter is connected, then scan again.</translation>
    </message>
    <message>
        <source>The scan failed</source>
        <translation>The scan failed</translation>
    </message>
    <message>
        <source>Scan again; if it fails again, call QA with the details below.</source>
        <translation>Scan again; if it fails again, call QA with the details below.</translation>
    </message>
    <message>
        <source>Put the module on the shelf for stock.</source>
        <translation>Put the module on the shelf for stock.</translation>
    </message>
    <message>
        <source>Reseat the module and scan it again. Still SUSPECT: put it in the QA tray.</source>
        <translation>Reseat the module and scan it again. Still SUSPECT: put it in the QA tray.</translation>
    </message>
    <message>
        <source>Put the module in the quarantine bin and print its quarantine label. Do not return it to supplier stock.</source>
        <translation>Put the module in the quarantine bin and print its quarantine label. Do not return it to supplier stock.</translation>
    </message>
    <message>
        <source>Put the module in the QA tray: QA decides.</source>
        <translation>Put the module in the QA tray: QA decides.</translation>
    </message>
    <message>
        <source>Reseat the module and scan it again. Still unreadable: put it in the QA tray.</source>
        <translation>Reseat the module and scan it again. Still unreadable: put it in the QA tray.</translation>
    </message>
    <message>
        <source>Cannot read the next-steps file %1: using the built-in texts</source>
        <translation>Cannot read the next-steps file %1: using the built-in texts</translation>
    </message>
    <message>
        <source>The next-steps file %1 is larger than 64 KiB: using the built-in texts</source>
        <translation>The next-steps file %1 is larger than 64 KiB: using the built-in texts</translation>
    </message>
    <message>
        <source>The next-steps file %1 is not a valid INI file: using the built-in texts</source>
        <translation>The next-steps file %1 is not a valid INI file: using the built-in texts</translation>
    </message>
    <message>
        <source>The next-steps file %1 has entries dimmguard does not know (%2): they are ignored</source>
        <translation>The next-steps file %1 has entries dimmguard does not know (%2): they are ignored</translation>
    </message>
    <message>
        <source>slot %1 (%2)</source>
        <translation>slot %1 (%2)</translation>
    </message>
    <message>
        <source>QUARANTINE</source>
        <translation>QUARANTINE</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Inspected</source>
        <translation>Inspected</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Lot / PO</source>
        <translation>Lot / PO</translation>
    </message>
    <message>
        <source>Quarantine label %1</source>
        <translation>Quarantine label %1</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>Could not write %1</translation>
    </message>
    <message numerus="yes">
        <source>The QR code cannot hold %n byte(s)</source>
        <translation>
            <numerusform>The QR code cannot hold %n byte</numerusform>
            <numerusform>The QR code cannot hold %n bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>Evidence %1</source>
        <translation>Evidence %1</translation>
    </message>
    <message>
        <source>The module still in slot %1 has the same serial number: one of them is a copy</source>
        <translation>The module still in slot %1 has the same serial number: one of them is a copy</translation>
    </message>
    <message>
        <source>The module still at %1 has the same serial number: one of them is a copy</source>
        <translation>The module still at %1 has the same serial number: one of them is a copy</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::DispositionDialog</name>
    <message>
        <source>&amp;Quarantine…</source>
        <translation>&amp;Quarantine…</translation>
    </message>
    <message>
        <source>Re&amp;lease…</source>
        <translation>Re&amp;lease…</translation>
    </message>
    <message>
        <source>Return to &amp;supplier…</source>
        <translation>Return to &amp;supplier…</translation>
    </message>
    <message>
        <source>Scra&amp;p…</source>
        <translation>Scra&amp;p…</translation>
    </message>
    <message>
        <source>Quarantine module %1</source>
        <translation>Quarantine module %1</translation>
    </message>
    <message>
        <source>The module is set aside at this station. Its verdict stays unresolved until QA releases it, it goes back to the supplier, or it is scrapped.</source>
        <translation>The module is set aside at this station. Its verdict stays unresolved until QA releases it, it goes back to the supplier, or it is scrapped.</translation>
    </message>
    <message>
        <source>Release module %1</source>
        <translation>Release module %1</translation>
    </message>
    <message>
        <source>A release clears every earlier SUSPECT or COUNTERFEIT verdict of this module. It needs the private key of a QA key that the trust document names for role qa.</source>
        <translation>A release clears every earlier SUSPECT or COUNTERFEIT verdict of this module. It needs the private key of a QA key that the trust document names for role qa.</translation>
    </message>
    <message>
        <source>Return module %1 to the supplier</source>
        <translation>Return module %1 to the supplier</translation>
    </message>
    <message>
        <source>The module leaves this warehouse for the supplier. If it arrives again without a recorded return, it is a re-entry.</source>
        <translation>The module leaves this warehouse for the supplier. If it arrives again without a recorded return, it is a re-entry.</translation>
    </message>
    <message>
        <source>Scrap module %1</source>
        <translation>Scrap module %1</translation>
    </message>
    <message>
        <source>Scrapping is final: any later sighting of this serial is a counterfeit.</source>
        <translation>Scrapping is final: any later sighting of this serial is a counterfeit.</translation>
    </message>
    <message>
        <source>why (required)</source>
        <translation>why (required)</translation>
    </message>
    <message>
        <source>your name (required)</source>
        <translation>your name (required)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Operator:</translation>
    </message>
    <message>
        <source>QA private key (PEM file)</source>
        <translation>QA private key (PEM file)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>QA private key</source>
        <translation>QA private key</translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>PEM keys (*.pem *.key);;All files (*)</translation>
    </message>
    <message>
        <source>&amp;QA key:</source>
        <translation>&amp;QA key:</translation>
    </message>
    <message>
        <source>who it goes back to</source>
        <translation>who it goes back to</translation>
    </message>
    <message>
        <source>RMA or case number (optional)</source>
        <translation>RMA or case number (optional)</translation>
    </message>
    <message>
        <source>S&amp;upplier:</source>
        <translation>S&amp;upplier:</translation>
    </message>
    <message>
        <source>&amp;Ticket:</source>
        <translation>&amp;Ticket:</translation>
    </message>
    <message>
        <source>Sign into the log</source>
        <translation>Sign into the log</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The QA key cannot be used: %1</source>
        <translation>The QA key cannot be used: %1</translation>
    </message>
    <message>
        <source>No registry at %1</source>
        <translation>No registry at %1</translation>
    </message>
    <message>
        <source>The registry cannot be opened: %1</source>
        <translation>The registry cannot be opened: %1</translation>
    </message>
    <message>
        <source>Not recorded: %1</source>
        <translation>Not recorded: %1</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::IntakePage</name>
    <message>
        <source>Scan cancelled: nothing was recorded.</source>
        <translation>Scan cancelled: nothing was recorded.</translation>
    </message>
    <message>
        <source>Module inserted at %1: inspecting</source>
        <translation>Module inserted at %1: inspecting</translation>
    </message>
    <message>
        <source>Watching for modules failed: %1</source>
        <translation>Watching for modules failed: %1</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;Source:</translation>
    </message>
    <message>
        <source>S&amp;lot:</source>
        <translation>S&amp;lot:</translation>
    </message>
    <message>
        <source>L&amp;ot / PO:</source>
        <translation>L&amp;ot / PO:</translation>
    </message>
    <message>
        <source>lot or purchase order</source>
        <translation>lot or purchase order</translation>
    </message>
    <message>
        <source>&amp;New lot</source>
        <translation>&amp;New lot</translation>
    </message>
    <message>
        <source>Start a new lot: the tally starts again from zero</source>
        <translation>Start a new lot: the tally starts again from zero</translation>
    </message>
    <message>
        <source>&amp;Watch for inserted modules</source>
        <translation>&amp;Watch for inserted modules</translation>
    </message>
    <message>
        <source>L&amp;abel:</source>
        <translation>L&amp;abel:</translation>
    </message>
    <message>
        <source>scan the module label here, then Enter</source>
        <translation>scan the module label here, then Enter</translation>
    </message>
    <message>
        <source>Scan (F5)</source>
        <translation>Scan (F5)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>&amp;Report</translation>
    </message>
    <message>
        <source>Lot as CSV…</source>
        <translation>Lot as CSV…</translation>
    </message>
    <message>
        <source>Lot as PDF…</source>
        <translation>Lot as PDF…</translation>
    </message>
    <message>
        <source>Print lot…</source>
        <translation>Print lot…</translation>
    </message>
    <message>
        <source>This inspection as CSV…</source>
        <translation>This inspection as CSV…</translation>
    </message>
    <message>
        <source>This inspection as PDF…</source>
        <translation>This inspection as PDF…</translation>
    </message>
    <message>
        <source>Print this inspection…</source>
        <translation>Print this inspection…</translation>
    </message>
    <message>
        <source>Maker</source>
        <translation>Maker</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>Slot</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Emulated bench: %1</source>
        <translation>Emulated bench: %1</translation>
    </message>
    <message>
        <source>adapter</source>
        <translation>adapter</translation>
    </message>
    <message>
        <source>i2c-%1: %2</source>
        <translation>i2c-%1: %2</translation>
    </message>
    <message>
        <source>All local adapters</source>
        <translation>All local adapters</translation>
    </message>
    <message>
        <source>i2c-%1 (not connected)</source>
        <translation>i2c-%1 (not connected)</translation>
    </message>
    <message>
        <source>All slots</source>
        <translation>All slots</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message numerus="yes">
        <source>%n module(s) inspected</source>
        <translation>
            <numerusform>%n module inspected</numerusform>
            <numerusform>%n modules inspected</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan failed</source>
        <translation>Scan failed</translation>
    </message>
    <message>
        <source>SPD corrupted</source>
        <translation>SPD corrupted</translation>
    </message>
    <message>
        <source>(no lot)</source>
        <translation>(no lot)</translation>
    </message>
    <message>
        <source>Watching for inserted modules…</source>
        <translation>Watching for inserted modules…</translation>
    </message>
    <message>
        <source>Intake report</source>
        <translation>Intake report</translation>
    </message>
    <message>
        <source>Intake report: lot %1</source>
        <translation>Intake report: lot %1</translation>
    </message>
    <message>
        <source>Nothing inspected yet</source>
        <translation>Nothing inspected yet</translation>
    </message>
    <message>
        <source>Inspection report</source>
        <translation>Inspection report</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Save lot report</source>
        <translation>Save lot report</translation>
    </message>
    <message>
        <source>Save inspection report</source>
        <translation>Save inspection report</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Looking for inserted modules…</source>
        <translation>Looking for inserted modules…</translation>
    </message>
    <message>
        <source>Which module is this label for?</source>
        <translation>Which module is this label for?</translation>
    </message>
    <message numerus="yes">
        <source>%n modules are inserted, but the label "%1" belongs to one of them. Pick its slot (arrow keys or its number, then Enter).</source>
        <translation>
            <numerusform>%n module is inserted, but the label "%1" belongs to one module. Pick its slot (arrow keys or its number, then Enter).</numerusform>
            <numerusform>%n modules are inserted, but the label "%1" belongs to one of them. Pick its slot (arrow keys or its number, then Enter).</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan this slot</source>
        <translation>Scan this slot</translation>
    </message>
    <message>
        <source>Nothing scanned: a label needs its slot. Pick the slot above, or scan the label again.</source>
        <translation>Nothing scanned: a label needs its slot. Pick the slot above, or scan the label again.</translation>
    </message>
    <message numerus="yes">
        <source>%n modules inserted: which one is the label for?</source>
        <translation>
            <numerusform>%n module inserted: which one is the label for?</numerusform>
            <numerusform>%n modules inserted: which one is the label for?</numerusform>
        </translation>
    </message>
    <message>
        <source>Evidence saved: %1</source>
        <translation>Evidence saved: %1</translation>
    </message>
    <message>
        <source>New lot</source>
        <translation>New lot</translation>
    </message>
    <message>
        <source>Scan or type the lot / PO number, then press Enter:</source>
        <translation>Scan or type the lot / PO number, then press Enter:</translation>
    </message>
    <message>
        <source>New lot started (no lot number)</source>
        <translation>New lot started (no lot number)</translation>
    </message>
    <message>
        <source>New lot %1 started</source>
        <translation>New lot %1 started</translation>
    </message>
    <message>
        <source>%1 (%2 of %3)</source>
        <translation>%1 (%2 of %3)</translation>
    </message>
    <message>
        <source>Leave the module in place until the verdict shows.</source>
        <translation>Leave the module in place until the verdict shows.</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>Technical details</translation>
    </message>
    <message>
        <source>The extra context in Settings is not valid</source>
        <translation>The extra context in Settings is not valid</translation>
    </message>
    <message>
        <source>Fix it in Settings → Inspection.</source>
        <translation>Fix it in Settings → Inspection.</translation>
    </message>
    <message>
        <source>No source chosen</source>
        <translation>No source chosen</translation>
    </message>
    <message>
        <source>Pick an adapter above, or an emulated bench file in Settings.</source>
        <translation>Pick an adapter above, or an emulated bench file in Settings.</translation>
    </message>
    <message>
        <source>every slot</source>
        <translation>every slot</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Reading %1…</translation>
    </message>
    <message>
        <source>No module found</source>
        <translation>No module found</translation>
    </message>
    <message>
        <source>Check that the module is seated, then scan again.</source>
        <translation>Check that the module is seated, then scan again.</translation>
    </message>
    <message>
        <source>Scan failed: %1</source>
        <translation>Scan failed: %1</translation>
    </message>
    <message>
        <source>Not ready: verdicts cannot be GENUINE</source>
        <translation>Not ready: verdicts cannot be GENUINE</translation>
    </message>
    <message>
        <source>Ready: scan the label of the next module</source>
        <translation>Ready: scan the label of the next module</translation>
    </message>
    <message>
        <source>Insert the module, then scan its label.</source>
        <translation>Insert the module, then scan its label.</translation>
    </message>
    <message numerus="yes">
        <source>Lot %1: %n module(s) — </source>
        <translation>
            <numerusform>Lot %1: %n module — </numerusform>
            <numerusform>Lot %1: %n modules — </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 genuine · %2 suspect · %3 counterfeit · %4 unknown · %5 unreadable</source>
        <translation>%1 genuine · %2 suspect · %3 counterfeit · %4 unknown · %5 unreadable</translation>
    </message>
    <message numerus="yes">
        <source> (%n re-scan(s) not counted again)</source>
        <translation>
            <numerusform> (%n re-scan not counted again)</numerusform>
            <numerusform> (%n re-scans not counted again)</numerusform>
        </translation>
    </message>
    <message>
        <source>Press the number of its slot; Esc scans nothing.</source>
        <translation>Press the number of its slot; Esc scans nothing.</translation>
    </message>
    <message>
        <source>Who is at this desk this shift: recorded with every inspection and disposition</source>
        <translation>Who is at this desk this shift: recorded with every inspection and disposition</translation>
    </message>
    <message>
        <source>Quarantine (F8)…</source>
        <translation>Quarantine (F8)…</translation>
    </message>
    <message>
        <source>Return to supplier…</source>
        <translation>Return to supplier…</translation>
    </message>
    <message>
        <source>Release (QA)…</source>
        <translation>Release (QA)…</translation>
    </message>
    <message>
        <source>Quarantine label</source>
        <translation>Quarantine label</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>O&amp;perator: —</source>
        <translation>O&amp;perator: —</translation>
    </message>
    <message>
        <source>O&amp;perator: %1</source>
        <translation>O&amp;perator: %1</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Who is at this desk this shift? Scan your badge or type your name, then press Enter:</source>
        <translation>Who is at this desk this shift? Scan your badge or type your name, then press Enter:</translation>
    </message>
    <message>
        <source>Signing the disposition…</source>
        <translation>Signing the disposition…</translation>
    </message>
    <message>
        <source>%1 recorded in the log (operator %2)</source>
        <translation>%1 recorded in the log (operator %2)</translation>
    </message>
    <message>
        <source>Save quarantine label</source>
        <translation>Save quarantine label</translation>
    </message>
    <message>
        <source>The printer could not print the label</source>
        <translation>The printer could not print the label</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::MainWindow</name>
    <message>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>Bench</source>
        <translation>Bench</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Registry</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Adapter i2c-%1 connected</source>
        <translation>Adapter i2c-%1 connected</translation>
    </message>
    <message>
        <source>Adapter i2c-%1 disconnected</source>
        <translation>Adapter i2c-%1 disconnected</translation>
    </message>
    <message>
        <source>dimmguard — memory module intake</source>
        <translation>dimmguard — memory module intake</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Ctrl+%1</translation>
    </message>
    <message>
        <source>Station: —</source>
        <translation>Station: —</translation>
    </message>
    <message>
        <source>Station: %1</source>
        <translation>Station: %1</translation>
    </message>
    <message>
        <source>Registry: checking…</source>
        <translation>Registry: checking…</translation>
    </message>
    <message>
        <source>Registry: ready (%1)</source>
        <translation>Registry: ready (%1)</translation>
    </message>
    <message>
        <source>Registry: NOT usable, verdicts at best UNKNOWN (see Settings)</source>
        <translation>Registry: NOT usable, verdicts at best UNKNOWN (see Settings)</translation>
    </message>
    <message numerus="yes">
        <source>%n SMBus adapter(s)</source>
        <translation>
            <numerusform>%n SMBus adapter</numerusform>
            <numerusform>%n SMBus adapters</numerusform>
        </translation>
    </message>
    <message>
        <source>Station: %1 (%2)</source>
        <translation>Station: %1 (%2)</translation>
    </message>
    <message>
        <source>Fleet: never synced</source>
        <translation>Fleet: never synced</translation>
    </message>
    <message>
        <source>Fleet: never synced (last try failed)</source>
        <translation>Fleet: never synced (last try failed)</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message>
        <source>Fleet: synced %1 (%2)</source>
        <translation>Fleet: synced %1 (%2)</translation>
    </message>
    <message>
        <source>Fleet: OFFLINE, last synced %1 (%2)</source>
        <translation>Fleet: OFFLINE, last synced %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation>
            <numerusform>%n to send</numerusform>
            <numerusform>%n to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n late finding(s)</source>
        <translation>
            <numerusform>%n late finding</numerusform>
            <numerusform>%n late findings</numerusform>
        </translation>
    </message>
    <message>
        <source>Late findings</source>
        <translation>Late findings</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier inspection(s) at this station turned out to be of a duplicated identity once other stations' sightings arrived. Find each module, set it aside and re-inspect it; 'dimmguard log alerts' lists them all.</source>
        <translation>
            <numerusform>%n earlier inspection at this station turned out to be of a duplicated identity once other stations' sightings arrived. Find the module, set it aside and re-inspect it; 'dimmguard log alerts' lists it.</numerusform>
            <numerusform>%n earlier inspections at this station turned out to be of a duplicated identity once other stations' sightings arrived. Find each module, set it aside and re-inspect it; 'dimmguard log alerts' lists them all.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::PlaceholderPage</name>
    <message>
        <source>The %1 screen is not part of this build (gui/pages was not built).</source>
        <translation>The %1 screen is not part of this build (gui/pages was not built).</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::SettingsPage</name>
    <message>
        <source>Database location</source>
        <translation>Database location</translation>
    </message>
    <message>
        <source>Emulated bench file</source>
        <translation>Emulated bench file</translation>
    </message>
    <message>
        <source>Bench files (*.json)</source>
        <translation>Bench files (*.json)</translation>
    </message>
    <message>
        <source>Site saved: new sightings carry it.</source>
        <translation>Site saved: new sightings carry it.</translation>
    </message>
    <message>
        <source>Could not save the site: %1</source>
        <translation>Could not save the site: %1</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Station id:</source>
        <translation>Station id:</translation>
    </message>
    <message>
        <source>The key id of this station's signing key; it signs every sighting recorded here.</source>
        <translation>The key id of this station's signing key; it signs every sighting recorded here.</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Site:</translation>
    </message>
    <message>
        <source>e.g. Shenzhen DC2 intake</source>
        <translation>e.g. Shenzhen DC2 intake</translation>
    </message>
    <message>
        <source>Save site</source>
        <translation>Save site</translation>
    </message>
    <message>
        <source>Registry database</source>
        <translation>Registry database</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Location:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Use this location</source>
        <translation>Use this location</translation>
    </message>
    <message>
        <source>Where modules are read</source>
        <translation>Where modules are read</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <source>Bench file:</source>
        <translation>Bench file:</translation>
    </message>
    <message>
        <source>Adapter:</source>
        <translation>Adapter:</translation>
    </message>
    <message>
        <source>One SMBus adapter</source>
        <translation>One SMBus adapter</translation>
    </message>
    <message>
        <source>All local adapters</source>
        <translation>All local adapters</translation>
    </message>
    <message>
        <source>Use this source</source>
        <translation>Use this source</translation>
    </message>
    <message>
        <source>Language and sounds</source>
        <translation>Language and sounds</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>(no /dev node: load i2c-dev)</source>
        <translation>(no /dev node: load i2c-dev)</translation>
    </message>
    <message>
        <source>No SMBus adapter found</source>
        <translation>No SMBus adapter found</translation>
    </message>
    <message>
        <source>(no registry: no station key)</source>
        <translation>(no registry: no station key)</translation>
    </message>
    <message>
        <source>Registry ready. Trust valid until %1.</source>
        <translation>Registry ready. Trust valid until %1.</translation>
    </message>
    <message>
        <source>(no expiry)</source>
        <translation>(no expiry)</translation>
    </message>
    <message>
        <source>Database location set to %1</source>
        <translation>Database location set to %1</translation>
    </message>
    <message>
        <source>Source saved.</source>
        <translation>Source saved.</translation>
    </message>
    <message>
        <source>Labels file</source>
        <translation>Labels file</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Policy file</source>
        <translation>Policy file</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>dmidecode output</source>
        <translation>dmidecode output</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Event:</translation>
    </message>
    <message>
        <source>Extra context:</source>
        <translation>Extra context:</translation>
    </message>
    <message>
        <source>Labels file:</source>
        <translation>Labels file:</translation>
    </message>
    <message>
        <source>Policy file:</source>
        <translation>Policy file:</translation>
    </message>
    <message>
        <source>SMBIOS file:</source>
        <translation>SMBIOS file:</translation>
    </message>
    <message>
        <source>Intake (modules arriving)</source>
        <translation>Intake (modules arriving)</translation>
    </message>
    <message>
        <source>Bench (a technician's look)</source>
        <translation>Bench (a technician's look)</translation>
    </message>
    <message>
        <source>Burn-in (installed in a server)</source>
        <translation>Burn-in (installed in a server)</translation>
    </message>
    <message>
        <source>Ship (leaving for a customer)</source>
        <translation>Ship (leaving for a customer)</translation>
    </message>
    <message>
        <source>Return (coming back from a customer)</source>
        <translation>Return (coming back from a customer)</translation>
    </message>
    <message>
        <source>e.g. customer=ACME Cloud; server=SN1234</source>
        <translation>e.g. customer=ACME Cloud; server=SN1234</translation>
    </message>
    <message>
        <source>KEY=VALUE pairs recorded with every sighting, separated by ';' (as verify --context).</source>
        <translation>KEY=VALUE pairs recorded with every sighting, separated by ';' (as verify --context).</translation>
    </message>
    <message>
        <source>none: the label scanned at intake</source>
        <translation>none: the label scanned at intake</translation>
    </message>
    <message>
        <source>A CSV file of slot,label rows: one label per slot (as verify --labels).</source>
        <translation>A CSV file of slot,label rows: one label per slot (as verify --labels).</translation>
    </message>
    <message>
        <source>built-in policy</source>
        <translation>built-in policy</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Output of 'dmidecode -t 17' of the server the modules are in (burn-in; as verify --smbios).</source>
        <translation>Output of 'dmidecode -t 17' of the server the modules are in (burn-in; as verify --smbios).</translation>
    </message>
    <message>
        <source>Use these options</source>
        <translation>Use these options</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Extra context not saved: %1</source>
        <translation>Extra context not saved: %1</translation>
    </message>
    <message>
        <source>Inspection options not saved: %1</source>
        <translation>Inspection options not saved: %1</translation>
    </message>
    <message>
        <source>Inspection options saved: the next scan uses them.</source>
        <translation>Inspection options saved: the next scan uses them.</translation>
    </message>
    <message>
        <source>Move (re-lot inside this site)</source>
        <translation>Move (re-lot inside this site)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>No sound: %1</source>
        <translation>No sound: %1</translation>
    </message>
    <message>
        <source>Sound volume:</source>
        <translation>Sound volume:</translation>
    </message>
    <message>
        <source>Hear them:</source>
        <translation>Hear them:</translation>
    </message>
    <message>
        <source>0 is silent. One sound per scan: a chime for GENUINE, two beeps for SUSPECT or UNKNOWN, a long low alarm for COUNTERFEIT.</source>
        <translation>0 is silent. One sound per scan: a chime for GENUINE, two beeps for SUSPECT or UNKNOWN, a long low alarm for COUNTERFEIT.</translation>
    </message>
    <message>
        <source>GENUINE</source>
        <translation>GENUINE</translation>
    </message>
    <message>
        <source>SUSPECT</source>
        <translation>SUSPECT</translation>
    </message>
    <message>
        <source>COUNTERFEIT</source>
        <translation>COUNTERFEIT</translation>
    </message>
    <message>
        <source>Press a verdict to hear its sound.</source>
        <translation>Press a verdict to hear its sound.</translation>
    </message>
    <message>
        <source>Built without sound: COUNTERFEIT rings the system beep.</source>
        <translation>Built without sound: COUNTERFEIT rings the system beep.</translation>
    </message>
    <message>
        <source>Sounds play on this computer's sound output.</source>
        <translation>Sounds play on this computer's sound output.</translation>
    </message>
    <message>
        <source>Sounds play on the ALSA device "%1".</source>
        <translation>Sounds play on the ALSA device "%1".</translation>
    </message>
</context>
</TS>
