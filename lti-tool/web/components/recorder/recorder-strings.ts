/** What the recorder says, in the words of the page it is on (a trainee's rehearsal, a coach's model). */
export interface RecorderStrings {
  recordingHeading: string;
  recordingHint: (max: string) => string;
  record: string;
  recordAgain: string;
  stop: string;
  playBack: string;
  pause: string;
  discard: string;
  starting: string;
  recordingNow: (max: string) => string;
  elapsed: (elapsed: string, max: string) => string;
  recorded: (duration: string) => string;
  stoppedAtLimit: (max: string) => string;
  tooLarge: (megabytes: number) => string;
  unavailable: string;
  denied: string;
  noMicrophone: string;
  recorderFailed: string;
  frameTip: string;
}
