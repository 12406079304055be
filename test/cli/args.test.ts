import { describe, expect, it } from "vitest";
import { UsageError, flag, optionValue, parseArgs, type OptionSpec } from "../../src/cli/args.js";

const SPECS: OptionSpec[] = [
  { name: "keystore", aliases: ["store"], takesValue: true },
  { name: "storepass", takesValue: true },
  { name: "json", takesValue: false },
  { name: "file", takesValue: true, repeatable: true },
];

describe("parseArgs", () => {
  it("accepts GNU (--opt value, --opt=value) and keytool (-opt value) spellings alike", () => {
    for (const argv of [
      ["--keystore", "a.jks", "--storepass", "p"],
      ["--keystore=a.jks", "--storepass=p"],
      ["-keystore", "a.jks", "-storepass", "p"],
      ["-store=a.jks", "-storepass", "p"],
    ]) {
      const args = parseArgs(argv, SPECS);
      expect(optionValue(args, "keystore")).toBe("a.jks");
      expect(optionValue(args, "storepass")).toBe("p");
      expect(args.given.has("storepass")).toBe(true);
    }
  });

  it("keeps positionals in order, flags as booleans, and everything after -- as positional", () => {
    const args = parseArgs(["list", "x.jks", "--json", "--", "--storepass"], SPECS);
    expect(args.positionals).toEqual(["list", "x.jks", "--storepass"]);
    expect(flag(args, "json")).toBe(true);
    expect(flag(args, "storepass")).toBe(false);
  });

  it("a value may contain = and may start with a dash", () => {
    expect(optionValue(parseArgs(["--storepass=a=b"], SPECS), "storepass")).toBe("a=b");
    expect(optionValue(parseArgs(["-storepass", "-secret-"], SPECS), "storepass")).toBe("-secret-");
  });

  it("collects repeatable options; rejects repeats of the others", () => {
    expect(parseArgs(["-file", "a", "--file=b"], SPECS).options.get("file")).toEqual(["a", "b"]);
    expect(() => parseArgs(["--storepass", "a", "--storepass", "b"], SPECS)).toThrow(UsageError);
  });

  it("unknown options, missing values and values on flags are usage errors", () => {
    expect(() => parseArgs(["--frobnicate"], SPECS)).toThrow(/unknown option --frobnicate/);
    expect(() => parseArgs(["--frob=1"], SPECS)).toThrow(/unknown option --frob$/);
    expect(() => parseArgs(["--storepass"], SPECS)).toThrow(/needs a value/);
    expect(() => parseArgs(["--json=yes"], SPECS)).toThrow(/takes no value/);
  });
});
