/** Data rights on the LTI pages (docs/privacy.md): the teacher's download, retention, erasure requests. */
export const privacyStrings = {
  download: {
    heading: 'Your data',
    intro:
      'Download everything this coaching tool holds about you at your school: your action steps, practice rounds with their feedback, observations and conversations about you, check-ins, reflections, drafts, connected browsers and your recordings.',
    format:
      'It is a ZIP file. Unzip it and open index.html to read it; data.json has the same for other programs.',
    button: 'Download my data',
    preparing: 'Preparing your download…',
    done: (fileName: string) => `Downloaded ${fileName}.`,
    failed: 'Your data could not be downloaded.',
  },
  retention: {
    /** Beside the recorder on the practice page. */
    kept: (days: number) =>
      `Recordings are kept for ${days} days, then deleted; your rounds keep everything else.`,
    /** Where a round's player was. */
    deleted: (days: number) => `Recording deleted after ${days} days.`,
  },
  erasure: {
    heading: 'Erase someone’s data',
    intro:
      'When a teacher or coach asks for their data to be erased, request it here. The tool’s operator runs the request: everything about the person at your institution is removed for good; feedback and conversations they gave others stay, marked “A former coach”.',
    userIdLabel: 'LMS user id',
    userIdHint: 'The person’s user id in your LMS (the id your LMS sends to tools, not their name or email).',
    request: 'Request erasure',
    needUserId: 'Enter the LMS user id of the person to erase.',
    confirmHeading: 'Erase this person’s data for good?',
    confirmBody: (userId: string) =>
      `Everything the coaching tool holds about LMS user ${userId} at your institution will be removed when the operator runs the request. It cannot be undone.`,
    confirm: 'Yes, request erasure',
    cancel: 'Cancel',
    sending: 'Sending…',
    requested: (id: string) =>
      `Erasure requested (reference ${id}). The tool’s operator runs it with: npm run lti -- erase --request ${id}`,
    failed: 'The request was not recorded.',
  },
};
