/**
 * The demo LMS's side of `lti.frameResize` (served as /demo/frame-resize.js), as Canvas does it:
 * the tool in the launch frame asks for a height and the frame takes it, within bounds. Only the
 * tool's origin, from the frame the demo launched it in, is listened to. A new launch into the
 * frame starts again from the stylesheet's height.
 */
import { readFrameResize } from '../frame-resize.ts';

/** Canvas's smallest tool height. */
const MIN_HEIGHT = 450;
/** More than any page of the tool needs, on a phone too; a bigger ask is held here. */
const MAX_HEIGHT = 20_000;

function start(script: HTMLOrSVGScriptElement | null): void {
  const toolOrigin = script?.dataset.toolOrigin;
  const frameName = script?.dataset.frame;
  if (!toolOrigin || !frameName) return;
  const frameOf = () => document.querySelector<HTMLIFrameElement>(`iframe[name="${frameName}"]`);
  window.addEventListener('message', (event: MessageEvent) => {
    const frame = frameOf();
    if (event.origin !== toolOrigin || !frame || event.source !== frame.contentWindow) return;
    const height = readFrameResize(event.data);
    if (height === null) return;
    frame.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height))}px`;
  });
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (link?.target === frameName) frameOf()?.style.removeProperty('height');
  });
}

start(document.currentScript);
