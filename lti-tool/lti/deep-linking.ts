import type { JWTPayload } from 'jose';
import type { Activity } from '../activities/catalogue.ts';
import { DL, LTI } from './claims.ts';
import type { DeepLinkingSettings } from './launch-context.ts';

export interface DeepLinkingRequest {
  issuer: string;
  clientId: string;
  deploymentId: string;
  settings: DeepLinkingSettings;
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
