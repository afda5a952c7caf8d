// Node has Web Crypto's CryptoKey (what jose's key functions return), but @types/node 20 only
// names it webcrypto.CryptoKey: the server code names it as browsers do.
import type { webcrypto } from 'node:crypto';

declare global {
  type CryptoKey = webcrypto.CryptoKey;
}
