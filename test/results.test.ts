import { test } from "node:test";
import assert from "node:assert/strict";
import { formatNumber, toCsv, textTable } from "../src/index.js";

test("formatNumber rounds to 6 decimals, drops trailing zeros and never prints -0", () => {
  assert.equal(formatNumber(1.23456789), "1.234568");
  assert.equal(formatNumber(0.1 + 0.2), "0.3");
  assert.equal(formatNumber(-1e-12), "0");
  assert.equal(formatNumber(-2.5), "-2.5");
  assert.equal(formatNumber(1234567.0000004), "1234567");
  assert.equal(formatNumber(2.5, 0), "3");
});

test("toCsv quotes what needs quoting and keeps column order", () => {
  assert.equal(toCsv([{ a: "x,y", b: 1 }, { a: 'say "hi"', b: 0.5 }]), 'a,b\n"x,y",1\n"say ""hi""",0.5\n');
  assert.equal(toCsv([{ a: 1, b: 2 }], ["b", "a"]), "b,a\n2,1\n");
});

test("textTable aligns columns and prints whole-number columns without decimals", () => {
  const t = textTable([{ house: "g1h1", houses: 3, cost: 12.5 }, { house: "g10h2", houses: 12, cost: -3 }]);
  assert.equal(t, [
    "house  houses   cost",
    "-----  ------  -----",
    "g1h1        3  12.50",
    "g10h2      12  -3.00",
  ].join("\n"));
});
