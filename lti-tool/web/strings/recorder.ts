/** What the microphone's controls say wherever the recorder is (components/recorder): the page adds its own words. */
export const recorderControls = {
  recordAgain: 'Record again',
  stop: 'Stop recording',
  playBack: 'Play back',
  pause: 'Pause playback',
  discard: 'Discard recording',
  starting: 'Starting the microphone…',
  recordingNow: (max: string) => `Recording… It stops by itself at ${max}.`,
  elapsed: (elapsed: string, max: string) => `${elapsed} of ${max}`,
  stoppedAtLimit: (max: string) => `Recording stopped at the ${max} limit.`,
};
