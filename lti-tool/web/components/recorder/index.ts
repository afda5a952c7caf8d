export { default as AudioRecorder } from './audio-recorder.svelte';
export {
  AudioRecorderState,
  browserTimer,
  isInFrame,
  type AudioRecorderDeps,
  type SetTimer,
} from './audio-recorder-state.svelte.ts';
export {
  createMediaRecorderPort,
  type Recording,
  type RecorderPort,
  type RecordingSession,
} from './recorder-port.ts';
export type { RecorderStrings } from './recorder-strings.ts';
