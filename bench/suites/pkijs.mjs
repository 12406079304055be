// pkijs used directly (async: WebCrypto, so PBKDF2, AES and HMAC are native), PKCS#12 only.
// Load = PFX.fromBER → parseInternalValues({ password, checkIntegrity }) (MAC) → every SafeContents
// decrypted (EncryptedData.decrypt) and parsed into SafeBags (every certificate parsed into a
// pkijs Certificate). Keys stay encrypted until `decrypt-keys` (PKCS8ShroudedKeyBag.parseInternalValues).
//
// pkijs 4 + asn1js 4: asn1js.fromBER caps a parse at 10,000 ASN.1 nodes by default and pkijs's
// SafeContents.fromBER passes no option, so AuthenticatedSafe.parseInternalValues fails on every
// store here with more than ~100 certificates ("Data is not correct for 'SafeContents'"). This
// suite does what that method does, but parses each SafeContents with asn1js.fromBER(bytes,
// { maxNodes }) and new pkijs.SafeContents({ schema }). A password-less file has no MAC, where
// checkIntegrity: true throws ("Absent macData"): it is loaded with checkIntegrity: false.
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

export const name = "pkijs";
const DATA = "1.2.840.113549.1.7.1";
const ENCRYPTED_DATA = "1.2.840.113549.1.7.6";
const CERT_BAG = "1.2.840.113549.1.12.10.1.3";
const SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const FRIENDLY_NAME = "1.2.840.113549.1.9.20";

export function available() {
  if (!globalThis.crypto?.subtle) return "no WebCrypto in this runtime";
  pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: globalThis.crypto }));
  return true;
}

async function load(data, password) {
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const pfx = pkijs.PFX.fromBER(buffer);
  await pfx.parseInternalValues({ password, checkIntegrity: pfx.macData !== undefined });
  const safeContents = [];
  for (const contentInfo of pfx.parsedValue.authenticatedSafe.safeContents) {
    let bytes;
    if (contentInfo.contentType === DATA) bytes = contentInfo.content.getValue();
    else if (contentInfo.contentType === ENCRYPTED_DATA) bytes = await new pkijs.EncryptedData({ schema: contentInfo.content }).decrypt({ password });
    else throw new Error(`content type ${contentInfo.contentType}`);
    const parsed = asn1js.fromBER(bytes, { maxNodes: 50_000_000 });
    if (parsed.offset === -1) throw new Error(`SafeContents: ${parsed.result.error}`);
    safeContents.push(new pkijs.SafeContents({ schema: parsed.result }));
  }
  return safeContents;
}

/** Aliases (friendlyName) and SHA-256 (WebCrypto) of every certificate's DER. */
async function listing(safeContents) {
  const out = [];
  for (const contents of safeContents) {
    for (const bag of contents.safeBags) {
      if (bag.bagId !== CERT_BAG) continue;
      const name = bag.bagAttributes?.find((attribute) => attribute.type === FRIENDLY_NAME)?.values[0]?.valueBlock.value;
      const der = bag.bagValue.certValue.valueBlock.valueHexView;
      out.push(name, new Uint8Array(await crypto.subtle.digest("SHA-256", der)));
    }
  }
  return out;
}

async function decryptAll(safeContents, password) {
  const keys = [];
  for (const contents of safeContents) {
    for (const bag of contents.safeBags) {
      if (bag.bagId !== SHROUDED_KEY_BAG) continue;
      await bag.bagValue.parseInternalValues({ password });
      keys.push(bag.bagValue.parsedValue);
    }
  }
  return keys;
}

/**
 * Above this many entries pkijs is only run with --slow (then one timed run of load and list): its
 * parse costs ~5 ms per certificate bag (schema verification), so one load of the 10,000-entry
 * file takes ~50 s (51.2 s measured once on the 2-core machine).
 */
const FULL_MAX_ENTRIES = 1_000;

export function cases(input, { bytes, slow }) {
  if (input.format !== "PKCS12") return [];
  const data = new Uint8Array(bytes);
  const password = new TextEncoder().encode(input.password).buffer;
  const large = (input.entries ?? 0) > FULL_MAX_ENTRIES;
  if (large && !slow) {
    const skip = "one pkijs load of this file takes ~50 s (~5 ms per certificate bag, as on cacerts); run with --slow";
    return [{ op: "load", skip }, { op: "list", skip }];
  }
  const timing = large ? { warmupRuns: 0, minTimeMs: 0, minRuns: 1, maxRuns: 1 } : undefined;
  const list = [{ op: "load", async: true, fn: () => load(data, password), timing }];
  // list = load + WebCrypto SHA-256 per certificate (~1% more): timed on the cacerts-sized file only.
  if (input.name === "cacerts-p12" || slow) list.push({ op: "list", async: true, fn: async () => listing(await load(data, password)), timing });
  if (input.kind === "keys") list.push({ op: "decrypt-keys", async: true, setup: () => load(data, password), fn: (safeContents) => decryptAll(safeContents, password) });
  return list;
}
