import type { JWTPayload } from 'jose';
import * as v from 'valibot';
import { ModuleIdSchema, SCORE_MAXIMUM } from '../../../shared/domain/coaching/module.ts';
import type { ModuleSummary } from '../../../shared/protocol/practice-api.ts';
import type { Activity } from '../../activities/catalogue.ts';
import { DL, LTI } from '../launch/claims.ts';
import type { DeepLinkingSettings } from '../launch/launch-context.ts';

export interface DeepLinkingRequest {
  issuer: string;
  clientId: string;
  deploymentId: string;
  settings: DeepLinkingSettings;
  /** Asked by a provider admin (who may also place providers-only activities); absent on older stored requests. */
  byProvider?: boolean;
}

/**
 * The picker's value for a module, `module:<id>` (also its line item's resourceId); other values
 * are catalogue activity ids. Not the `activity` a module's resource link stores
 * (practice/module-activity.ts), which happens to read the same.
 */
const MODULE_CHOICE_PREFIX = 'module:';
export const moduleChoice = (moduleId: string) => `${MODULE_CHOICE_PREFIX}${moduleId}`;

/** What one picked value names: a module (by a well-formed id) or a catalogue activity. */
export type Choice = { kind: 'module'; moduleId: string } | { kind: 'activity'; activityId: string };

/** Reads a picked value; a `module:` value whose id is not a module slug names nothing (null). */
export function parseChoice(value: string): Choice | null {
  if (!value.startsWith(MODULE_CHOICE_PREFIX)) return { kind: 'activity', activityId: value };
  const id = v.safeParse(ModuleIdSchema, value.slice(MODULE_CHOICE_PREFIX.length));
  return id.success ? { kind: 'module', moduleId: id.output } : null;
}

/** The LtiResourceLink content item for one activity; Moodle accepts only this type. */
export function contentItemFor(activity: Activity, launchUrl: string): Record<string, unknown> {
  return {
    type: 'ltiResourceLink',
    title: activity.title,
    text: activity.description,
    url: launchUrl,
    custom: { activity: activity.id },
    ...(activity.scoreMaximum !== null
      ? { lineItem: { scoreMaximum: activity.scoreMaximum, label: activity.title, resourceId: activity.id } }
      : {}),
  };
}

/**
 * The content item for a practice module: it launches the tool with the module id in its
 * custom parameters and asks the platform for a gradebook column out of SCORE_MAXIMUM.
 */
export function moduleContentItem(
  module: Pick<ModuleSummary, 'id' | 'title' | 'summary'>,
  launchUrl: string,
): Record<string, unknown> {
  return {
    type: 'ltiResourceLink',
    title: module.title,
    text: module.summary,
    url: launchUrl,
    custom: { activity: 'module', module: module.id },
    lineItem: { scoreMaximum: SCORE_MAXIMUM, label: module.title, resourceId: moduleChoice(module.id) },
  };
}

/**
 * The LtiDeepLinkingResponse claims: from the tool (iss = client_id) to the platform
 * (aud = its issuer), echoing `data`. A cancelled pick carries no items and an error
 * message under the spec's exact key (ltijs 5.9.9 wrote it with a trailing space).
 */
export function deepLinkingResponse(
  request: DeepLinkingRequest,
  outcome: { items: Record<string, unknown>[] } | { error: string },
  nonce: string,
): JWTPayload {
  return {
    iss: request.clientId,
    aud: request.issuer,
    nonce,
    [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
    [`${LTI}version`]: '1.3.0',
    [`${LTI}deployment_id`]: request.deploymentId,
    ...(request.settings.data !== null ? { [`${DL}data`]: request.settings.data } : {}),
    [`${DL}content_items`]: 'items' in outcome ? outcome.items : [],
    ...('error' in outcome ? { [`${DL}errormsg`]: outcome.error, [`${DL}errorlog`]: outcome.error } : {}),
  };
}
