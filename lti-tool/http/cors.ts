import type { RequestHandler } from 'express';
import { API } from '../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';

/**
 * What the browser extension calls from its own origin. Nothing else is cross-origin: the LMS
 * pages call the API from the tool's origin, and launch, registration and demo pages take none.
 */
export const EXTENSION_ENDPOINTS = [
  API.pair,
  API.syncPull,
  API.syncPush,
  API.currentDevice,
  API.extensionFeedback,
  PRACTICE_API.checkIns,
] as const;

/**
 * Those endpoints authenticate with bearer tokens only (no cookies), so any origin may call
 * them: that is how the extension reaches a server without host permissions.
 */
export function extensionCors(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    res.setHeader('Access-Control-Max-Age', '600');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
