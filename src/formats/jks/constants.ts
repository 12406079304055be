/** JKS magic number 0xFEEDFEED. */
export const JKS_MAGIC = 0xfeedfeed;
/** JCEKS magic number 0xCECECECE (same container layout as JKS). */
export const JCEKS_MAGIC = 0xcececece;
/** Entry tags shared by JKS and JCEKS. */
export const TAG_PRIVATE_KEY = 1;
export const TAG_TRUSTED_CERT = 2;
export const TAG_SECRET_KEY = 3;
/** OID of Sun's proprietary JKS key protector. */
export const JKS_KEY_PROTECTOR_OID = "1.3.6.1.4.1.42.2.17.1.1";
/** Size of the SHA-1 integrity digest that ends the file. */
export const DIGEST_LENGTH = 20;
