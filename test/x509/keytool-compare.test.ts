import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { children, encoding, readTlv } from "../../src/binary/der.js";
import { toHex } from "../../src/binary/encoding.js";
import { decodeKeystore } from "../../src/formats/codec.js";
import { keyIdentifier, parseCertificateRequest, unlockKey, type PrivateKeyEntry } from "../../src/index.js";
import { createSelfSignedCertificate } from "../../src/x509/certificate-builder.js";
import { createCertificateRequest } from "../../src/x509/csr.js";
import { createSigner } from "../../src/x509/webcrypto-signer.js";
import { jdks, keytool } from "../helpers/java.js";

/**
 * Field by field against keytool: from the same key, -dname, -ext and -sigalg, keytool -genkeypair
 * and createSelfSignedCertificate must write the same version, signature algorithm, issuer,
 * subject, key and extensions (all but the serial, the dates and the signature); keytool -certreq
 * and createCertificateRequest the same CertificationRequestInfo, byte for byte.
 */

const CASES: { dname: string; ext: string[]; keyalg: string; sigalg?: string }[] = [
  { dname: "CN=Test, OU=Unit, O=Org, L=City, ST=State, C=US", ext: [], keyalg: "EC" },
  {
    dname: 'CN=Müller\\, Jörg + UID=jm, O="Example, Inc.", DC=example, DC=com, EMAIL=jm@example.com',
    ext: ["SAN=dns:a.example,dns:*.b.example,ip:127.0.0.1,ip:::1,ip:10.0.0.0/255.0.0.0,email:x@y.z,uri:urn:x:y,oid:1.2.3", "IAN=dns:i.example", "BC=2", "KU:c=dS,kCS,cRLSign,contentCommitment", "EKU=sA,clientAuth,codeSigning,OCSPSigning,1.2.3.4"],
    keyalg: "RSA",
    sigalg: "SHA512withRSA",
  },
  {
    dname: "CN=edge",
    ext: ["AIA=ocsp:uri:http://ocsp.example,caIssuers:uri:http://ca.example/ca.crt", "SIA=caRepository:uri:http://repo.example", "CRLDistributionPoints=uri:http://crl.example/ca.crl", "2.5.29.9=05:00", "1.2.3.4", "bc:critical=ca:false", "BC=ca:true,pathlen:0", "ExtendedKeyUsage:c=anyExtendedKeyUsage,timeStamping,emailProtection"],
    keyalg: "Ed25519",
  },
];

/** TBSCertificate parts: [version, serial, signature, issuer, validity, subject, spki, extensions]. */
function tbsParts(der: Uint8Array): Uint8Array[] {
  const tbs = children(readTlv(der, 0))[0]!;
  return children(tbs).map(encoding);
}

describe.skipIf(jdks.length === 0)("the same certificate and CSR as keytool", () => {
  for (const jdk of jdks) {
    it.each(CASES)(`${jdk.name}: $keyalg $dname`, async ({ dname, ext, keyalg, sigalg }) => {
      const dir = mkdtempSync(join(tmpdir(), "kk-x509-kt-"));
      const store = join(dir, "kt.p12");
      const extArgs = ext.flatMap((e) => ["-ext", e]);
      const sig = sigalg ? ["-sigalg", sigalg] : [];
      const made = keytool(jdk, ["-genkeypair", "-alias", "k", "-keyalg", keyalg, "-dname", dname, ...extArgs, ...sig, "-keystore", store, "-storetype", "PKCS12", "-storepass", "changeit"]);
      expect(made.status, made.output).toBe(0);
      const keystore = decodeKeystore(new Uint8Array(readFileSync(store)), { password: "changeit" });
      const entry = keystore.get("k") as PrivateKeyEntry;
      const theirs = entry.chain[0]!;
      const pkcs8 = unlockKey(entry, "changeit");
      const signer = await createSigner(pkcs8, sigalg ? { sigalg } : {});
      // keytool 17 and 25 pick different default signature algorithms: ask for keytool's choice.
      const algorithmOf = (der: Uint8Array) => toHex(tbsParts(der)[2]!);
      const ours = await createSelfSignedCertificate(await createSigner(pkcs8, { sigalg: signerName(algorithmOf(theirs.der)) ?? signer.algorithm }), { dname, extensions: ext });
      const [a, b] = [tbsParts(theirs.der), tbsParts(ours.der)];
      for (const index of [0, 2, 3, 5, 6, 7]) expect(toHex(b[index]!), `TBSCertificate field ${index}`).toBe(toHex(a[index]!));
      expect(toHex(keyIdentifier(ours.subjectPublicKeyInfo))).toBe(toHex(keyIdentifier(theirs.subjectPublicKeyInfo)));

      const csrFile = join(dir, "kt.csr");
      const requested = keytool(jdk, ["-certreq", "-alias", "k", "-file", csrFile, ...extArgs, ...sig, "-keystore", store, "-storepass", "changeit"]);
      expect(requested.status, requested.output).toBe(0);
      const theirCsr = parseCertificateRequest(readFileSync(csrFile, "utf8"));
      const csrAlgorithm = encoding(children(readTlv(theirCsr.der, 0))[1]!);
      const csrSigner = await createSigner(pkcs8, { sigalg: signerName(toHex(csrAlgorithm)) ?? signer.algorithm });
      const ourCsr = parseCertificateRequest(await createCertificateRequest(csrSigner, { certificate: theirs, extensions: ext }));
      expect(toHex(ourCsr.signedData)).toBe(toHex(theirCsr.signedData));
    });
  }
});

const ALGORITHM_IDS: Record<string, string> = {
  "300d06092a864886f70d01010b0500": "SHA256withRSA",
  "300d06092a864886f70d01010c0500": "SHA384withRSA",
  "300d06092a864886f70d01010d0500": "SHA512withRSA",
  "300a06082a8648ce3d040302": "SHA256withECDSA",
  "300a06082a8648ce3d040303": "SHA384withECDSA",
  "300a06082a8648ce3d040304": "SHA512withECDSA",
  "300506032b6570": "Ed25519",
};

function signerName(algorithmIdentifierHex: string): string | undefined {
  return ALGORITHM_IDS[algorithmIdentifierHex];
}
