import { describe, expect, it } from 'vitest';
import { feedbackTemplate } from '../../../../lti-tool/web/pages/coach/feedback-templates.ts';

const criteria = ['Greet each pupil by name', 'Point to the do-now task', 'Start the timer by 9:05'];

describe('feedbackTemplate', () => {
  it('praises each secure criterion and probes the first one not yet secure', () => {
    expect(feedbackTemplate(criteria, ['secure', 'not-yet', 'secure'])).toEqual({
      praise:
        'You met “Greet each pupil by name”: [what you saw]\nYou met “Start the timer by 9:05”: [what you saw]',
      probe:
        'Looking at “Point to the do-now task”: what did you notice when you played it back, and what could you try differently?',
      nextStep: 'Rehearse it again, focusing on “Point to the do-now task”: [what to do differently]',
    });
  });

  it('moves on to using the step in class when every criterion is secure', () => {
    const template = feedbackTemplate(criteria, ['secure', 'secure', 'secure']);
    expect(template.praise.split('\n')).toHaveLength(3);
    expect(template.probe).toBe('Every criterion was secure. What will help this hold up with a real class?');
    expect(template.nextStep).toBe(
      'Use it in your next lesson, then check in on how it went: [what to do differently]',
    );
  });

  it('still finds something to praise when nothing is secure yet, and focuses on the first criterion', () => {
    const template = feedbackTemplate(criteria, ['not-yet', 'not-yet', 'not-yet']);
    expect(template.praise).toBe('You rehearsed the whole step. One moment that worked well: [what you saw]');
    expect(template.probe).toContain('“Greet each pupil by name”');
    expect(template.nextStep).toBe(
      'Rehearse it again, focusing on “Greet each pupil by name”: [what to do differently]',
    );
  });

  it('treats a criterion nobody judged yet as not yet secure', () => {
    const template = feedbackTemplate(criteria, ['secure', null]);
    expect(template.praise).toBe('You met “Greet each pupil by name”: [what you saw]');
    expect(template.probe).toContain('“Point to the do-now task”');
  });

  it('keeps criteria aligned with their judgements even when one is blank, and trims them', () => {
    const template = feedbackTemplate(
      ['  Pause before speaking  ', '', 'Scan the room'],
      ['secure', 'secure', 'not-yet'],
    );
    expect(template.praise).toBe('You met “Pause before speaking”: [what you saw]');
    expect(template.nextStep).toBe(
      'Rehearse it again, focusing on “Scan the room”: [what to do differently]',
    );
  });

  it('uses criterion text literally, markup included', () => {
    const template = feedbackTemplate(['<b>Loud</b> & clear'], ['not-yet']);
    expect(template.probe).toContain('“<b>Loud</b> & clear”');
  });
});
