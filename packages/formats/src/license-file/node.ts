// License and machine files: the signing side (node:crypto).
export type { CreateLicenseFileOptions } from "./create.js";
export { createLicenseFile } from "./create.js";
