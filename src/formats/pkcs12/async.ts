import { DerivedKeys, pbkdf2RequestId, startPbkdf2, type Pbkdf2Request } from "../../crypto/pbkdf2.js";
import { pkcs12KdfFor, pkcs12KdfRequestId, type Pkcs12KdfRequest } from "../../crypto/pkcs12-kdf.js";
import type { Keystore } from "../../model/keystore.js";
import { resolveLimits } from "../../model/limits.js";
import { secureRandom } from "../../crypto/random.js";
import { checkLoadWork, decodePkcs12, pfxDerivations, type Pkcs12DecodeOptions } from "./decode.js";
import { resolveProfile, writePkcs12, type Pkcs12EncodeOptions } from "./encode.js";
import { macDataKeyRequest, macKeyRequest } from "./mac.js";
import { pbes2EncryptRequest, pbes2KeyRequest } from "./pbe.js";

/**
 * {@link decodePkcs12} with the PBKDF2 work of PBES2 safes and PBMAC1 done by WebCrypto's native
 * PBKDF2 (about five times faster than pure code), all derivations in parallel, before the sync
 * decoder runs. Same results and errors.
 *
 * The classic MAC's PKCS#12 KDF has no WebCrypto equivalent: it runs here, in JavaScript, while
 * WebCrypto derives the PBKDF2 keys on its own threads (Node, Deno and browsers start the work
 * when deriveBits is called), so a Java-default file costs about the longer of the two rather than
 * their sum.
 */
export async function decodePkcs12Async(bytes: Uint8Array, options: Pkcs12DecodeOptions = {}): Promise<Keystore> {
  const password = options.password;
  if (password === undefined) return decodePkcs12(bytes, options);
  const limits = resolveLimits(options.limits);
  const { maxIterations } = limits;
  const requests: Pbkdf2Request[] = [];
  let macKdf: Pkcs12KdfRequest | null = null;
  try {
    const { macData, safeAlgorithms } = pfxDerivations(bytes);
    checkLoadWork(macData, safeAlgorithms, password, limits);
    const macRequest = macData ? macDataKeyRequest(macData, password, maxIterations) : null;
    if (macRequest?.pbkdf2) requests.push(macRequest.pbkdf2);
    macKdf = macRequest?.pkcs12 ?? null;
    for (const algorithm of safeAlgorithms) {
      const request = pbes2KeyRequest(algorithm, password, maxIterations);
      if (request) requests.push(request);
    }
  } catch {
    // Malformed or over the limits: the sync decoder reports it with the right error, before any work.
    return decodePkcs12(bytes, options);
  }
  return decodePkcs12(bytes, { ...options, precomputed: await deriveTogether(requests, macKdf) });
}

/**
 * The PBKDF2 keys through WebCrypto, started first, and the PKCS#12 KDF key (which WebCrypto lacks)
 * derived here while they run: about the longer of the two instead of their sum.
 */
async function deriveTogether(pbkdf2Requests: readonly Pbkdf2Request[], kdfRequest: Pkcs12KdfRequest | null): Promise<DerivedKeys> {
  const keys = new DerivedKeys();
  const started = await Promise.all(pbkdf2Requests.map((request) => startPbkdf2(request)));
  if (kdfRequest) keys.set(pkcs12KdfRequestId(kdfRequest), pkcs12KdfFor(kdfRequest));
  const derived = await Promise.all(started.map((derivation) => derivation.result));
  pbkdf2Requests.forEach((request, i) => keys.set(pbkdf2RequestId(request), derived[i]!));
  return keys;
}

/**
 * encodePkcs12 with the certificate safe's PBKDF2 done by WebCrypto while the MAC's
 * PKCS#12 KDF runs here, as {@link decodePkcs12Async} does. Same output format; keys that must be
 * (re)encrypted are still protected synchronously, one by one.
 */
export async function encodePkcs12Async(store: Keystore, options: Pkcs12EncodeOptions): Promise<Uint8Array> {
  const profile = resolveProfile(options.profile, store);
  const random = options.random ?? secureRandom;
  const spec = profile.certificates;
  let certificates: { salt: Uint8Array; iv: Uint8Array; request: Pbkdf2Request } | null = null;
  if (spec?.scheme === "pbes2" && hasCertificates(store)) {
    const salt = random(spec.saltLength);
    const { request, ivLength } = pbes2EncryptRequest(spec, options.password, salt);
    certificates = { salt, iv: random(ivLength), request };
  }
  const mac = profile.mac ? { spec: profile.mac, salt: random(profile.mac.saltLength) } : null;
  const keys = await deriveTogether(certificates ? [certificates.request] : [], mac ? macKeyRequest(mac.spec, options.password, mac.salt) : null);
  return writePkcs12(store, options, {
    certificates: certificates ? { salt: certificates.salt, iv: certificates.iv, keys } : undefined,
    mac: mac ? { salt: mac.salt, keys } : undefined,
  });
}

/** Whether the file will have a certificate safe (any chain, trusted certificate or kept certificate). */
function hasCertificates(store: Keystore): boolean {
  if (store.untrustedCertificates.length > 0) return true;
  for (const entry of store) if (entry.type === "trustedCert" || (entry.type === "privateKey" && entry.chain.length > 0)) return true;
  return false;
}
