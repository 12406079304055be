/** Object identifiers of PKCS#12 (RFC 7292), PKCS#5 (RFC 8018) and Java's additions. */
export const OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  envelopedData: "1.2.840.113549.1.7.3",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  crlBag: "1.2.840.113549.1.12.10.1.4",
  secretBag: "1.2.840.113549.1.12.10.1.5",
  safeContentsBag: "1.2.840.113549.1.12.10.1.6",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  /** Oracle's "trusted key usage": the bag is a trusted certificate for Java. */
  javaTrustedKeyUsage: "2.16.840.1.113894.746875.1.1",
  anyExtendedKeyUsage: "2.5.29.37.0",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  pbmac1: "1.2.840.113549.1.5.14",
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  desEde3Cbc: "1.2.840.113549.3.7",
  desCbc: "1.3.14.3.2.7",
  pbeWithSha1And128BitRc4: "1.2.840.113549.1.12.1.1",
  pbeWithSha1And40BitRc4: "1.2.840.113549.1.12.1.2",
  pbeWithSha1And3KeyTripleDesCbc: "1.2.840.113549.1.12.1.3",
  pbeWithSha1And2KeyTripleDesCbc: "1.2.840.113549.1.12.1.4",
  pbeWithSha1And128BitRc2Cbc: "1.2.840.113549.1.12.1.5",
  pbeWithSha1And40BitRc2Cbc: "1.2.840.113549.1.12.1.6",
} as const;

/** Java names of secret-key algorithms and the OIDs Java writes for them in a secretBag. */
export const SECRET_KEY_OIDS: Readonly<Record<string, string>> = {
  AES: "2.16.840.1.101.3.4.1",
  // Java's KnownOIDs.DESede; 1.2.840.113549.3.7 is the DES-EDE3-CBC cipher, which Java reads as
  // "DESede/CBC/NoPadding" and whose key its DESede cipher then refuses.
  DESede: "1.3.14.3.2.17",
  DES: "1.3.14.3.2.7",
  HmacSHA1: "1.2.840.113549.2.7",
  HmacSHA224: "1.2.840.113549.2.8",
  HmacSHA256: "1.2.840.113549.2.9",
  HmacSHA384: "1.2.840.113549.2.10",
  HmacSHA512: "1.2.840.113549.2.11",
  // Java's KnownOIDs.PBKDF2WithHmacSHA1 (a password kept as a key; keytool -importkeystore copies one from JCEKS).
  PBKDF2WithHmacSHA1: "1.2.840.113549.1.5.12",
};

/** OIDs other writers use for a secret-key algorithm, read as that algorithm but never written. */
const SECRET_KEY_OID_ALIASES: Readonly<Record<string, string>> = {
  // DES-EDE3-CBC, which keystorekit 0.1 wrote for DESede keys (and some non-Java tools do).
  "1.2.840.113549.3.7": "DESede",
};

/** The Java algorithm name of a secretBag key OID (the OID itself when unknown). */
export function secretKeyAlgorithmName(oid: string): string {
  for (const [name, value] of Object.entries(SECRET_KEY_OIDS)) if (value === oid) return name;
  return SECRET_KEY_OID_ALIASES[oid] ?? oid;
}
