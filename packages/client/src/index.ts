/** @keyward/client — the typed client of the Keyward HTTP API, for Node (≥ 20.19) and browsers. */
export {
  createKeywardClient,
  type KeywardClient,
  type KeywardClientOptions,
  type KeywardMethod,
  type ListItem,
  type ListPath,
  type ResponseData,
} from "./client.js";
export {
  type ErrorBody,
  type ErrorDetail,
  KeywardApiError,
  KeywardNetworkError,
} from "./errors.js";
export type { components, paths } from "./generated/openapi.js";
