/**
 * Prompts a leader of professional learning works through beside the programme view, written for
 * this product along the themes of the coaching evidence (../shared/seeds): sustained, structured
 * but flexible, trusting, tied to the school's priorities, skilfully facilitated, and its risks.
 * The figures can start these conversations; they cannot answer them.
 */
export interface ReflectionTheme {
  id: string;
  title: string;
  prompts: readonly string[];
}

export const REFLECTION_THEMES: readonly ReflectionTheme[] = [
  {
    id: 'sustained',
    title: 'Sustained over time',
    prompts: [
      'Where the days between conversations grow, what is getting in the way: timetables, cover, the coach’s own load?',
      'Which teachers have gone a month without a conversation, and does their coach know you have noticed the pattern (not the person)?',
    ],
  },
  {
    id: 'structured',
    title: 'Structured, but flexible',
    prompts: [
      'Are steps being secured, or set and left? What would help coaches check back before moving on?',
      'Where rounds go unreviewed for more than three days, is the practice still worth the teacher’s time?',
    ],
  },
  {
    id: 'trust',
    title: 'Trust and non-judgement',
    prompts: [
      'Would any teacher here believe these figures are used to judge them? What have you said, and done, that shows they are not?',
      'When you talk about this view with coaches, do you talk about the programme’s design or about individuals?',
    ],
  },
  {
    id: 'priorities',
    title: 'Embedded in school priorities',
    prompts: [
      'Do the modules teachers practise match what the school says matters most this term?',
      'What protected time does coaching have in the calendar, and is it kept when the week gets hard?',
    ],
  },
  {
    id: 'facilitation',
    title: 'Skilled facilitation',
    prompts: [
      'How are coaches themselves coached? When did each last rehearse giving feedback?',
      'Where a coach’s cadence strip is patchy, what support have they asked for, or not felt able to ask for?',
    ],
  },
  {
    id: 'risks',
    title: 'The common risks',
    prompts: [
      'Is volume being mistaken for impact? More rounds or minutes are not the aim; secured steps are.',
      'Has coaching drifted towards performance management anywhere? How would you know?',
    ],
  },
];
