import { readFileSync } from "node:fs";
import { createSecureContext, type SecureContextOptions } from "node:tls";
import { ConfigError } from "./config.js";

/** TLS 1.0 and 1.1 are refused (deprecated by RFC 8996); Node's default maximum is 1.3. */
export const TLS_MIN_VERSION = "TLSv1.2";

/** The PEM files `keyward serve` serves HTTPS with (KEYWARD_TLS_CERT, KEYWARD_TLS_KEY). */
export interface TlsFiles {
  cert: string;
  key: string;
}

/**
 * Reads the certificate chain and private key, and checks that they make a context (a key that
 * does not match the certificate fails here, at start or on SIGHUP, not at the first handshake).
 */
export function readTlsFiles(files: TlsFiles): SecureContextOptions {
  const options: SecureContextOptions = {
    cert: read(files.cert, "KEYWARD_TLS_CERT"),
    key: read(files.key, "KEYWARD_TLS_KEY"),
    minVersion: TLS_MIN_VERSION,
  };
  try {
    createSecureContext(options);
  } catch (error) {
    throw new ConfigError(
      `KEYWARD_TLS_CERT and KEYWARD_TLS_KEY do not make a TLS context: ${(error as Error).message}`,
    );
  }
  return options;
}

function read(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(
      `${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}
