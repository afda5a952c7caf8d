import { describe, expect, it } from 'vitest';
import {
  contentItemFor,
  deepLinkingResponse,
} from '../../../../../lti-tool/lti/deep-linking/deep-linking.ts';

const request = {
  issuer: 'https://moodle.example',
  clientId: 'client-1',
  deploymentId: '3',
  settings: {
    returnUrl: 'https://moodle.example/return',
    acceptTypes: ['ltiResourceLink'],
    acceptMultiple: true,
    data: null,
  },
};

describe('deep-linking content items', () => {
  it('carry a line item only for gradable activities', () => {
    const graded = contentItemFor(
      { id: 'practice', title: 'Practice', description: 'd', scoreMaximum: 3 },
      'https://t/lti/launch',
    );
    expect(graded.lineItem).toEqual({ scoreMaximum: 3, label: 'Practice', resourceId: 'practice' });
    const ungraded = contentItemFor(
      { id: 'step', title: 'Step', description: 'd', scoreMaximum: null },
      'https://t/lti/launch',
    );
    expect(ungraded).not.toHaveProperty('lineItem');
  });

  it('omit data when the platform sent none, and never emit a key with a trailing space', () => {
    const payload = deepLinkingResponse(request, { error: 'cancelled' }, 'n');
    expect(payload).not.toHaveProperty('https://purl.imsglobal.org/spec/lti-dl/claim/data');
    expect(Object.keys(payload).filter((key) => key !== key.trim())).toEqual([]);
    expect(payload.iss).toBe('client-1');
    expect(payload.aud).toBe('https://moodle.example');
  });
});
