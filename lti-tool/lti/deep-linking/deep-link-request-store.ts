import type { DeepLinkingRequest } from './deep-linking.ts';

/** How long an instructor may take between the deep-linking launch and their pick. */
export const DEEP_LINK_TTL_MS = 60 * 60 * 1000;

/** Deep-linking requests between the launch and the instructor's pick; each answered once. */
export interface DeepLinkRequestStore {
  open(request: DeepLinkingRequest): Promise<string>;
  /** The request, if still open, without answering it (the picker's search re-renders with it). */
  peek(token: string): Promise<DeepLinkingRequest | null>;
  /** The request, once; deleted as it is returned, so a pick cannot be replayed. */
  take(token: string): Promise<DeepLinkingRequest | null>;
}
