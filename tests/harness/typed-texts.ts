/**
 * Every piece of text a teacher or coach types in this fixture: the privacy test fails if any of
 * it appears in anything a leader or provider admin can fetch.
 */
export const TYPED = {
  target: 'TARGET-Zebra pupils start within a minute',
  praise: 'PRAISE-Quokka your countdown paused at three',
  probe: 'PROBE-Narwhal what did the back row do',
  model: 'MODEL-Axolotl I narrated the countdown',
  step: 'STEP-Pangolin name two pupils by three',
  criterion: 'CRITERION-Okapi two names by three',
  note: 'NOTE-Tapir three still talking at one',
  pupils: 'PUPILS-Ibex most started the quiz',
  script: 'SCRIPT-Marmot eyes on me in three two one',
  feedback: 'FEEDBACK-Wombat you named the behaviour',
  checkIn: 'CHECKIN-Lemur it worked with year 8',
  roundFeedback: 'ROUNDFB-Kiwi names came after one',
} as const;
