import { TAG, children, content, decodeOid, decodeTime, encoding, expectTlv, readTlv, type Tlv } from "../binary/der.js";
import { toHex, toPem } from "../binary/encoding.js";
import { digestParts } from "../crypto/digest.js";
import { errors } from "./errors.js";
import { nameToString } from "../x509/name.js";

/** Java-style names of the public-key algorithms a keystore typically holds. */
const KEY_ALGORITHMS: Record<string, string> = {
  "1.2.840.113549.1.1.1": "RSA",
  "1.2.840.113549.1.1.10": "RSASSA-PSS",
  "1.2.840.10045.2.1": "EC",
  "1.2.840.10040.4.1": "DSA",
  "1.2.840.10046.2.1": "DH",
  "1.3.101.110": "X25519",
  "1.3.101.111": "X448",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
};

/** The Java name of a key algorithm OID (the OID itself when unknown). */
export function keyAlgorithmName(oid: string): string {
  return KEY_ALGORITHMS[oid] ?? oid;
}

/** Fields read out of the TBSCertificate, once, on first use. */
interface ParsedFields {
  serialNumber: string;
  issuer: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  publicKeyAlgorithm: string;
}

/**
 * Where the TBSCertificate's parts are: enough to match issuers and subjects (as a PKCS#12 load does
 * for every key's chain) without formatting names or reading dates.
 */
interface TbsLayout {
  serial: Tlv;
  issuer: Tlv;
  validity: Tlv;
  subject: Tlv;
  subjectPublicKeyInfo: Tlv;
  /** Views of the encodings, made once (chain building caches canonical names by these arrays). */
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  spkiDer: Uint8Array;
}

/**
 * A certificate as stored in a keystore: its type (always "X.509" in practice) and its DER bytes.
 * Nothing is parsed until a field is asked for, so loading a store of 50,000 certificates costs no
 * X.509 work at all; fingerprints and fields are computed once and cached.
 */
export class Certificate {
  /** The certificate type string the store records ("X.509"). */
  readonly type: string;
  /** The file the certificate was read from, and where in it; the view is made on first use. */
  private source: Uint8Array;
  private start: number;
  private end: number;
  private derView: Uint8Array | undefined;
  private tbsLayout?: TbsLayout;
  private fields?: ParsedFields;
  private sha256Hex?: string;
  private sha1Hex?: string;

  constructor(der: Uint8Array, type = "X.509") {
    this.type = type;
    this.source = der;
    this.start = 0;
    this.end = der.length;
    this.derView = der;
  }

  /**
   * The certificate at `source[start, end)`, without making a view yet: a 50,000-entry JKS load
   * then allocates one object per certificate instead of two. For decoders; bounds are the caller's.
   * @internal
   */
  static inRange(source: Uint8Array, start: number, end: number, type: string): Certificate {
    const certificate = new Certificate(source, type);
    certificate.start = start;
    certificate.end = end;
    certificate.derView = undefined;
    return certificate;
  }

  /** The encoded certificate, exactly as stored. */
  get der(): Uint8Array {
    return (this.derView ??= this.source.subarray(this.start, this.end));
  }

  /** SHA-256 fingerprint of the DER, lowercase hex without separators. */
  get sha256(): string {
    return (this.sha256Hex ??= toHex(digestParts("sha256", [this.der])));
  }

  /** SHA-1 fingerprint of the DER, lowercase hex without separators. */
  get sha1(): string {
    return (this.sha1Hex ??= toHex(digestParts("sha1", [this.der])));
  }

  /** Subject DN in RFC 2253 form, as Java's `getSubjectX500Principal().getName()` prints it. */
  get subject(): string {
    return this.parsed().subject;
  }

  /** Issuer DN in RFC 2253 form. */
  get issuer(): string {
    return this.parsed().issuer;
  }

  /** Serial number as lowercase hex (two's-complement bytes as encoded, leading zero bytes dropped). */
  get serialNumber(): string {
    return this.parsed().serialNumber;
  }

  /** Start of the validity period. */
  get notBefore(): Date {
    return this.parsed().notBefore;
  }

  /** End of the validity period (expiry). */
  get notAfter(): Date {
    return this.parsed().notAfter;
  }

  /** Java name of the subject public key's algorithm ("RSA", "EC", "Ed25519", …). */
  get publicKeyAlgorithm(): string {
    return this.parsed().publicKeyAlgorithm;
  }

  /** DER `SubjectPublicKeyInfo`. */
  get subjectPublicKeyInfo(): Uint8Array {
    return this.layout().spkiDer;
  }

  /** DER of the subject `Name` (for exact issuer/subject matching). */
  get subjectDer(): Uint8Array {
    return this.layout().subjectDer;
  }

  /** DER of the issuer `Name`. */
  get issuerDer(): Uint8Array {
    return this.layout().issuerDer;
  }

  /** True when the certificate is valid at `when` (default: now). */
  isValidAt(when: Date = new Date()): boolean {
    return when >= this.notBefore && when <= this.notAfter;
  }

  /** PEM text ("-----BEGIN CERTIFICATE-----" …). */
  toPem(): string {
    return toPem("CERTIFICATE", this.der);
  }

  private layout(): TbsLayout {
    return (this.tbsLayout ??= malformedUnlessParsed(() => readLayout(this.der)));
  }

  private parsed(): ParsedFields {
    return (this.fields ??= malformedUnlessParsed(() => readFields(this.der, this.layout())));
  }
}

/** Runs a parse step; anything but a KeystoreError becomes MALFORMED. */
function malformedUnlessParsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Error && "code" in error) throw error;
    throw errors.malformed(`certificate could not be parsed: ${String(error)}`);
  }
}

function readLayout(der: Uint8Array): TbsLayout {
  const certificate = expectTlv(der, 0, der.length, TAG.SEQUENCE, "certificate");
  const tbs = children(certificate)[0];
  if (!tbs || tbs.tag !== TAG.SEQUENCE) throw errors.malformed("certificate has no TBSCertificate");
  const parts = children(tbs);
  let i = parts[0]?.tag === 0xa0 ? 1 : 0; // optional [0] version
  const take = (what: string): Tlv => {
    const part = parts[i++];
    if (!part) throw errors.malformed(`certificate lacks its ${what}`);
    return part;
  };
  const serial = take("serial number");
  take("signature algorithm");
  const issuer = take("issuer");
  const validity = take("validity");
  const subject = take("subject");
  const subjectPublicKeyInfo = take("subject public key info");
  return {
    serial,
    issuer,
    validity,
    subject,
    subjectPublicKeyInfo,
    issuerDer: encoding(issuer),
    subjectDer: encoding(subject),
    spkiDer: encoding(subjectPublicKeyInfo),
  };
}

function readFields(der: Uint8Array, layout: TbsLayout): ParsedFields {
  const [notBefore, notAfter] = children(layout.validity);
  if (!notBefore || !notAfter) throw errors.malformed("certificate validity is incomplete");
  const spki = layout.subjectPublicKeyInfo;
  const algorithm = readTlv(der, spki.contentStart, spki.end);
  const algorithmOid = children(algorithm)[0];
  if (!algorithmOid || algorithmOid.tag !== TAG.OID) throw errors.malformed("certificate key algorithm");
  let serialBytes = content(layout.serial);
  while (serialBytes.length > 1 && serialBytes[0] === 0) serialBytes = serialBytes.subarray(1);
  return {
    serialNumber: toHex(serialBytes),
    issuer: nameToString(layout.issuer),
    subject: nameToString(layout.subject),
    notBefore: decodeTime(notBefore),
    notAfter: decodeTime(notAfter),
    publicKeyAlgorithm: keyAlgorithmName(decodeOid(content(algorithmOid))),
  };
}
