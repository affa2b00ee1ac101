// SPDX-License-Identifier: GPL-3.0-or-later
// The cheapest process this machine can start: it returns at once. Linked as dimmguard is (a
// static PIE in release builds), so compare_decode_dimms.sh can show the fastest any command
// could be whatever it did (decode-dimms' time over this one's is the ratio no process beats).
int main() { return 0; }
