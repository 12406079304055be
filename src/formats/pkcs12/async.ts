import { Pbkdf2Results, pbkdf2Async, type Pbkdf2Request } from "../../crypto/pbkdf2.js";
import type { Keystore } from "../../model/keystore.js";
import { resolveLimits } from "../../model/limits.js";
import { decodePkcs12, pfxDerivations, type Pkcs12DecodeOptions } from "./decode.js";
import { pbmac1KeyRequest } from "./mac.js";
import { pbes2KeyRequest } from "./pbe.js";

/**
 * {@link decodePkcs12} with the PBKDF2 work of PBES2 safes and PBMAC1 done by WebCrypto's native
 * PBKDF2 (about five times faster than pure code), derived in parallel before the sync decoder
 * runs. Same results and errors. The classic MAC's PKCS#12 KDF has no WebCrypto equivalent and
 * stays pure.
 */
export async function decodePkcs12Async(bytes: Uint8Array, options: Pkcs12DecodeOptions = {}): Promise<Keystore> {
  const password = options.password;
  if (password === undefined) return decodePkcs12(bytes, options);
  const { maxIterations } = resolveLimits(options.limits);
  const requests: Pbkdf2Request[] = [];
  try {
    const { macData, safeAlgorithms } = pfxDerivations(bytes);
    const macRequest = macData ? pbmac1KeyRequest(macData, password, maxIterations) : null;
    if (macRequest) requests.push(macRequest);
    for (const algorithm of safeAlgorithms) {
      const request = pbes2KeyRequest(algorithm, password, maxIterations);
      if (request) requests.push(request);
    }
  } catch {
    // Malformed or over the limits: the sync decoder reports it with the right error.
    return decodePkcs12(bytes, options);
  }
  const precomputed = new Pbkdf2Results();
  const keys = await Promise.all(requests.map((request) => pbkdf2Async(request)));
  requests.forEach((request, i) => precomputed.set(request, keys[i]!));
  return decodePkcs12(bytes, { ...options, precomputed });
}
