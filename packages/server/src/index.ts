/** @keyward/server — the license server. Its HTTP API lands with the server-core issue. */
export const SERVER_PACKAGE = "@keyward/server";
