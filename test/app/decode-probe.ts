// Served beside the app in the tests (never part of dist-app/): the library's own decode, to time
// it in the same page as the app's open of the same bytes (test/app/scale.test.ts).
export { decodeKeystoreAsync } from "../../src/index.js";
