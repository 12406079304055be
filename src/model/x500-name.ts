/** Moved to src/x509/name.ts (names now live with the other X.509 pieces); kept so existing imports still work. */
export { nameToString } from "../x509/name.js";
