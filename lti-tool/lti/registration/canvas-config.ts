import type { RequestHandler } from 'express';
import { LTI_SCOPES } from '../services/scopes.ts';

/** Canvas "Enter URL" developer-key configuration: Admin → Developer Keys → + LTI Key → Enter URL. */
export function canvasConfiguration(publicUrl: string): RequestHandler {
  const launch = `${publicUrl}/lti/launch`;
  const body = {
    title: 'Action step coaching',
    description: 'Set, practise and see ONE coaching action step, in the LMS and beside lesson planning.',
    oidc_initiation_url: `${publicUrl}/lti/login`,
    target_link_uri: launch,
    public_jwk_url: `${publicUrl}/lti/keys`,
    scopes: Object.values(LTI_SCOPES),
    extensions: [
      {
        domain: new URL(publicUrl).host,
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          placements: [
            {
              placement: 'course_navigation',
              message_type: 'LtiResourceLinkRequest',
              target_link_uri: launch,
              text: 'Coaching',
            },
            {
              placement: 'assignment_selection',
              message_type: 'LtiDeepLinkingRequest',
              target_link_uri: launch,
            },
            { placement: 'link_selection', message_type: 'LtiDeepLinkingRequest', target_link_uri: launch },
          ],
        },
      },
    ],
  };
  return (_req, res) => {
    res.json(body);
  };
}
